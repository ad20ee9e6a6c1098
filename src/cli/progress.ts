// The progress bar of a long batch, on stderr: rows done, rows per second, and an ETA from the bytes read
// of the file's size. Shown only on a terminal, never with --quiet, and only once a batch is worth watching
// (a CSV over 1 MB, or one still running after 2 s), so small runs and pipes see nothing.
import { createRequire } from 'node:module';
import type { CsvProgress } from '../io/csv.js';
import { onInterrupt, stderrIsTerminal } from '../io/atomic-writer.js';
import { fill, t } from '../i18n/index.js';
import type { Lang } from '../types.js';

const LARGE_BYTES = 1 << 20;
const SLOW_MS = 2000;

type Bar = import('cli-progress').SingleBar;

export interface Progress {
  update(progress: CsvProgress): void;
  stop(): void;
}

/** How many terminal columns a text takes: CJK and full-width characters take two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return n;
}

/**
 * The bar's line in the run's language, its bar as wide as the terminal leaves room for (10 to 40 cells): the
 * line of a 40-cell bar was 90 columns, cut on an 80-column terminal before its ETA.
 */
function lineFormat(lang: Lang, file: string, total: boolean, columns: number): { format: string; barsize: number } {
  const format = t(lang, total ? 'progress.line' : 'progress.lineNoTotal');
  // the other placeholders at their usual widths: 100%, a million rows, 100,000 rows/s, an ETA of 1h30m
  const rest = fill(format, {
    file,
    bar: '',
    percentage: '100',
    rows: '1000000',
    speed: '100000',
    eta_formatted: '1h30m',
  });
  return { format, barsize: Math.max(10, Math.min(40, columns - 1 - width(rest))) };
}

export function createProgress(
  options: { quiet?: boolean; lang?: Lang },
  given?: NodeJS.WriteStream,
): Progress | undefined {
  if (options.quiet) return undefined;
  // stderr by default, created only when it may be a terminal (a stream on a pipe costs a cold start ~3 ms)
  const stream = given ?? (stderrIsTerminal() ? process.stderr : undefined);
  if (!stream?.isTTY) return undefined;
  const started = Date.now();
  let bar: Bar | undefined;
  let file: string | undefined;
  let rowsBefore = 0;
  let rows = 0;
  /** while a bar is shown: cli-progress hides the cursor and turns line wrapping off until it stops */
  let release: (() => void) | undefined;
  return {
    update(p) {
      if (!bar) {
        if ((p.bytesTotal ?? 0) < LARGE_BYTES && Date.now() - started < SLOW_MS) return;
        // loaded only when a bar is shown, so short runs do not pay for it at start-up
        const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
        const { format, barsize } = lineFormat(
          options.lang ?? 'en',
          p.file,
          p.bytesTotal !== null,
          stream.columns > 0 ? stream.columns : 80,
        );
        bar = new SingleBar(
          {
            stream,
            format,
            barsize,
            hideCursor: true,
            etaBuffer: 50,
            fps: 5,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        );
        bar.start(p.bytesTotal ?? 1, 0, { file: p.file, rows: 0, speed: 0 });
        // Ctrl-C exits before stop(): the bar is stopped first, or the shell is left with no cursor and no wrap
        const shown = bar;
        release = onInterrupt(() => void shown.stop());
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
      release?.();
      release = undefined;
    },
  };
}
