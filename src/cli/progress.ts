// The progress bar of a long batch, on stderr: rows done, rows per second, and an ETA from the bytes read
// of the file's size. Shown only on a terminal, never with --quiet, and only once a batch is worth watching
// (a CSV over 1 MB, or one still running after 2 s), so small runs and pipes see nothing.
import { createRequire } from 'node:module';
import type { CsvProgress } from '../io/csv.js';
import { stderrIsTerminal } from '../io/atomic-writer.js';

const LARGE_BYTES = 1 << 20;
const SLOW_MS = 2000;

type Bar = import('cli-progress').SingleBar;

export interface Progress {
  update(progress: CsvProgress): void;
  stop(): void;
}

export function createProgress(options: { quiet?: boolean }, given?: NodeJS.WriteStream): Progress | undefined {
  if (options.quiet) return undefined;
  // stderr by default, created only when it may be a terminal (a stream on a pipe costs a cold start ~3 ms)
  const stream = given ?? (stderrIsTerminal() ? process.stderr : undefined);
  if (!stream?.isTTY) return undefined;
  const started = Date.now();
  let bar: Bar | undefined;
  let file: string | undefined;
  let rowsBefore = 0;
  let rows = 0;
  return {
    update(p) {
      if (!bar) {
        if ((p.bytesTotal ?? 0) < LARGE_BYTES && Date.now() - started < SLOW_MS) return;
        // loaded only when a bar is shown, so short runs do not pay for it at start-up
        const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
        bar = new SingleBar(
          {
            stream,
            format:
              p.bytesTotal === null
                ? '{file} | {rows} rows | {speed} rows/s'
                : '{file} {bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}',
            hideCursor: true,
            etaBuffer: 50,
            fps: 5,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        );
        bar.start(p.bytesTotal ?? 1, 0, { file: p.file, rows: 0, speed: 0 });
      }
      if (p.file !== file) {
        if (file !== undefined) rowsBefore = rows;
        file = p.file;
        bar.setTotal(p.bytesTotal ?? 1);
      }
      rows = rowsBefore + p.rows;
      const seconds = (Date.now() - started) / 1000;
      bar.update(p.bytesTotal === null ? 0 : p.bytesRead, {
        file: p.file,
        rows,
        speed: seconds > 0 ? Math.round(rows / seconds) : 0,
      });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
