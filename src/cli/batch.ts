// `assess --format ndjson` (or csv) on large CSV files, on every core. The main thread reads bytes and cuts them
// into slices that start and end on row boundaries (a line break outside quotes); each slice is parsed,
// converted, evaluated and serialised (batch-slice.ts) by a worker thread (batch-worker.ts) or, when the
// workers have enough queued, by the main thread itself, which writes the slices' bytes in file order. A CSV on
// stdin goes the same way. Everything else (YAML, JSON, CSV files under 256 KB) goes through the usual reader,
// item by item.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Parser } from 'csv-parse';
import {
  compileCsvHeader, CsvFileError, fileItem, lineEndOf, parserCore, parserOptionsFor, sepLine, utf8Chunks, type CsvProgress,
} from '../io/csv.js';
import { expandInputs, readInputs, PROFILE_EXTENSIONS, type InputOptions } from '../io/inputs.js';
import type { Sink } from '../io/atomic-writer.js';
import { packageRoot } from '../rules/locate.js';
import type { FindingsMode } from '../report/json-shape.js';
import type { CompiledPack } from '../rules/types.js';
import { csvRowFormatter, settleBufferDetaching, sliceRunner, type SliceRunner } from './batch-slice.js';
import type { Lang, ReadItem, Summary } from '../types.js';
import { t } from '../i18n/index.js';

/**
 * Below this a file goes through the usual loop, result by result. Above it, the slices' path is faster even
 * before a worker is ready (it writes results as bytes from cached findings): a 1.9 MB file of 7,000 rows took
 * 1.55 s the usual way and takes 0.46 s this way; a worker costs some 80 ms to start, on the other core.
 */
const PARALLEL_MIN_BYTES = 256 << 10;
/** Bytes of CSV per slice: ~100 rows, ~3 MB of ndjson out, so memory stays flat with a few slices in flight. */
const SLICE_BYTES = 32 << 10;
/**
 * Bytes per read: a read of 32 KB costs about as much CPU as one of 1 MB (220 ms of the main thread's CPU
 * for a 56 MB file against 50 ms), and the main thread shares the two cores with the workers.
 */
const READ_BYTES = 1 << 20;
/** Slices queued at each worker: enough that it never waits while the main thread assesses a slice of its own. */
const IN_FLIGHT_PER_WORKER = 3;
/** Slices assessed and not yet written, at most: their output waits for an older slice still at a worker. */
const QUEUED_MAX = 8;

export interface BatchSetup {
  /** the report format, one whose rows stand alone: ndjson, or csv (its header is written by the usual loop) */
  format: 'ndjson' | 'csv';
  pack: string;
  lang: Lang;
  threshold: number;
  today: string;
  findings: FindingsMode;
}

export type SliceParserOptions = Omit<ConstructorParameters<typeof Parser>[0] & object, 'on_skip' | 'on_record' | 'cast'>;

export interface BatchJob {
  id: number;
  /** the file's number in this run: a worker keeps its compiled header and parser options by it */
  fileId: number;
  file: string;
  /** the file's header and parser options: sent with a worker's first slice of the file, then left out */
  header?: string[];
  parserOptions?: SliceParserOptions;
  startLine: number;
  bytes: Uint8Array;
  /** an output buffer of an earlier slice, written and free again, for the worker to write into */
  out?: ArrayBuffer;
}

type Counts = { total: number; approve: number; turnDown: number; error: number };

export interface BatchAnswer {
  id: number;
  bytes: Uint8Array;
  diagnostics: string;
  counts: Counts;
}

export interface BatchContext extends BatchSetup {
  sink: Sink & { drain?: () => Promise<void> };
  /** the pack, compiled: the main thread assesses slices too */
  compiled: CompiledPack;
}

/**
 * Worker threads beside the main thread: one fewer than the cores, since the main thread assesses slices itself
 * whenever the workers have enough queued (on two cores, one worker and the main thread: a third thread on two
 * cores only adds switching, and a slice assessed where it is read is neither copied nor sent).
 */
function workerCount(): number {
  // none on one core: the main thread assesses every slice, still faster than the usual loop
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/**
 * Cuts a stream of chunks into slices of whole rows: a slice ends just after the last line break outside quotes,
 * quotes read as csv-parse reads them. Each byte is scanned once and a slice's chunks are joined once:
 * rescanning and re-joining the held bytes on every chunk made a row as long as a hostile 60 MB cell cost
 * some 40 seconds (quadratic); now it costs the time to read it.
 */
export class RowCutter {
  private chunks: Buffer[] = [];
  private held = 0;
  private quoting = false;
  /** inside quotes, the held bytes end with a quote: the next byte says whether it was "" or the closing one */
  private quoteAtEnd = false;
  /** the byte before the next one to scan; a row starts as if after a line break */
  private previous: number;
  /** end of the last complete row in the held bytes; 0 when none */
  private cut = 0;

  constructor(private readonly delimiter: number, private readonly lineBreak: number) {
    this.previous = lineBreak;
  }

  /** Takes a chunk; returns the held bytes up to the last row end (and keeps the rest), or null. */
  push(chunk: Buffer): Buffer | null {
    if (chunk.length === 0) return null;
    this.scan(chunk, this.held);
    this.chunks.push(chunk);
    this.held += chunk.length;
    if (this.cut === 0) return null;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    const rows = all.subarray(0, this.cut);
    const rest = all.subarray(this.cut);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.held = rest.length;
    this.cut = 0;
    return rows;
  }

  /** The bytes after the last row end, at the end of the input. */
  rest(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
  }

  private scan(b: Buffer, offset: number): void {
    let i = 0;
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (b[0] === 0x22) i = 1; // "" inside quotes: still quoting
      else this.quoting = false;
    }
    for (;;) {
      const q = b.indexOf(0x22, i);
      const end = q === -1 ? b.length : q;
      if (!this.quoting && end > i) {
        const nl = b.lastIndexOf(this.lineBreak, end - 1);
        if (nl >= i) this.cut = offset + nl + 1;
      }
      if (q === -1) break;
      if (!this.quoting) {
        // a quote opens a quoted cell only at the start of a cell; elsewhere csv-parse (relax_quotes) keeps it as text
        const before = q === 0 ? this.previous : b[q - 1];
        if (before === this.delimiter || before === 0x0a || before === 0x0d) this.quoting = true;
        i = q + 1;
      } else if (q + 1 >= b.length) {
        // inside quotes: "" is a quote, any other quote ends the quoted part (the cell goes on as text if
        // something other than a delimiter follows; csv-parse does the same with relax_quotes)
        this.quoteAtEnd = true;
        break;
      } else if (b[q + 1] === 0x22) {
        i = q + 2;
      } else {
        this.quoting = false;
        i = q + 1;
      }
    }
    this.previous = b[b.length - 1]!;
  }
}

/** The chunks cut into pieces of at most `size` bytes (views, not copies). */
async function* piecesOf(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    if (chunk.length <= size) yield chunk;
    else for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}

function countByte(buf: Uint8Array, byte: number): number {
  let n = 0;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = b.indexOf(byte); i !== -1; i = b.indexOf(byte, i + 1)) n++;
  return n;
}

class Pool {
  private readonly workers: Worker[] = [];
  /** the file each worker last received the header of (see BatchJob.header) */
  private readonly told: number[] = [];
  private readonly waiting = new Map<number, { resolve: (a: BatchAnswer) => void; reject: (e: Error) => void }>();
  /** the workers that have loaded the pack, in the order they did: slices go to them only */
  private readonly started: number[] = [];
  private next = 0;
  private failure: Error | undefined;

  constructor(size: number, setup: BatchSetup) {
    const script = join(packageRoot(), 'dist', 'cli', 'batch-worker.js');
    for (let i = 0; i < size; i++) {
      // a small young generation: each row's garbage dies at once, and RSS stays flat with two heaps
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      worker.on('message', (answer: BatchAnswer | { ready: true }) => {
        if ('ready' in answer) {
          this.started.push(i);
          return;
        }
        const w = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        w?.resolve(answer);
      });
      worker.on('error', (e) => {
        this.failure = e;
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      this.workers.push(worker);
      this.told.push(-1);
    }
  }

  run(job: BatchJob): Promise<BatchAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    const index = this.started[this.next++ % this.started.length]!;
    const worker = this.workers[index]!;
    // the header and the parser options go to each worker once per file: cloning them with every slice cost
    // the main thread more than the slice's bytes
    if (this.told[index] === job.fileId) {
      delete job.header;
      delete job.parserOptions;
    } else this.told[index] = job.fileId;
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      worker.postMessage(job, job.out ? [job.bytes.buffer as ArrayBuffer, job.out] : [job.bytes.buffer as ArrayBuffer]);
    });
  }

  /**
   * workers ready for slices: a worker takes some 100 ms to load, and slices queued at it before then would hold
   * up the ordered output while the main thread could have assessed them
   */
  get ready(): number {
    return this.started.length;
  }

  /** slices sent and not answered yet */
  get pending(): number {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

let nextFileId = 0;

/**
 * Assesses one large CSV file on the pool, writing its ndjson to the sink in file order. Returns the counts,
 * a read item for a problem with the whole file (unreadable, bad header, no data rows), or the bytes read when
 * the file has no complete header line (left to the in-process reader).
 */
async function assessFile(path: string, format: 'csv' | 'tsv', bytesTotal: number | null, pool: Pool, local: SliceRunner, ctx: BatchContext, options: InputOptions): Promise<Counts | ReadItem | { unread: Buffer }> {
  // what results and messages call the input: stdin is `<stdin>`, as in the usual reader
  const file = path === '-' ? '<stdin>' : path;
  const counts: Counts = { total: 0, approve: 0, turnDown: 0, error: 0 };
  const progress: CsvProgress = { file, bytesRead: 0, bytesTotal, rows: 0 };
  // the bytes read before the header line is complete, for the usual reader if it never is
  const beforeHeader: Buffer[] = [];
  // slices in file order, assessed (answer) or still at a worker (promise)
  const queue: { answer: BatchAnswer | null; promise: Promise<BatchAnswer> | null; spares: ArrayBuffer[] }[] = [];
  // spare output buffers, kept apart for this thread and for the workers: one written last on the same core is
  // still in its cache
  const free: { local: ArrayBuffer[]; worker: ArrayBuffer[] } = { local: [], worker: [] };
  let head: Buffer | undefined;
  let header: string[] | undefined;
  let parserOptions: SliceParserOptions | undefined;
  const fileId = nextFileId++;
  let delimiter = 0x2c;
  let lineBreak = 0x0a;
  let line = 1;
  let id = 0;
  let cutter: RowCutter | undefined;
  let sep: ReturnType<typeof sepLine> | undefined;
  let headerLine = 1;

  /** Writes the answers at the head of the queue, in file order, as far as they are in. */
  const flush = async (): Promise<void> => {
    while (queue.length > 0 && queue[0]!.answer !== null) {
      const { answer: done, spares } = queue.shift()!;
      const answer = done!;
      // output buffers go round between the threads and the sink rather than being dropped: each is 4 MB outside
      // the JavaScript heap, which the garbage collector would give back late, and RSS would grow with the batch
      const buffer = answer.bytes.buffer as ArrayBuffer;
      // a slice's diagnostics before its results, as the usual loop prints a row's before its result
      if (answer.diagnostics) process.stderr.write(answer.diagnostics);
      ctx.sink.write(answer.bytes, () => { if (spares.length < QUEUED_MAX) spares.push(buffer); });
      counts.total += answer.counts.total;
      counts.approve += answer.counts.approve;
      counts.turnDown += answer.counts.turnDown;
      counts.error += answer.counts.error;
      progress.rows = counts.total;
      options.onProgress?.(progress);
      if (ctx.sink.drain) await ctx.sink.drain();
    }
  };
  /** Waits for the oldest slice and writes what is in. */
  const settle = async (): Promise<void> => {
    await queue[0]!.promise;
    await flush();
  };
  const dispatch = async (slice: Buffer): Promise<void> => {
    const here = pool.pending >= pool.ready * IN_FLIGHT_PER_WORKER;
    const spares = here ? free.local : free.worker;
    const out = spares.pop();
    const job: BatchJob = { id: id++, fileId, file, header: header!, parserOptions: parserOptions!, startLine: line, bytes: slice, ...(out ? { out } : {}) };
    line += countByte(slice, lineBreak);
    if (here) {
      // the workers have enough to do: this thread takes the slice, then lets their answers in (they arrive as
      // events, which a run of slices assessed here would hold back, leaving the workers idle)
      queue.push({ answer: local(job), promise: null, spares });
      await new Promise(setImmediate);
    } else {
      // copied out of the read buffer so that it can be handed over to the worker without a second copy
      job.bytes = new Uint8Array(slice.length);
      job.bytes.set(slice);
      const entry: (typeof queue)[number] = { answer: null, promise: null, spares };
      entry.promise = pool.run(job).then((answer) => (entry.answer = answer));
      queue.push(entry);
    }
    await flush();
    while (queue.length >= QUEUED_MAX) await settle();
  };

  try {
    const input = path === '-' ? (options.stdin ?? process.stdin) : createReadStream(path, { highWaterMark: READ_BYTES });
    const reads = utf8Chunks(input, (n) => { progress.bytesRead += n; }, ctx.lang);
    for await (const chunk of piecesOf(reads, SLICE_BYTES)) {
      if (!header) {
        beforeHeader.push(chunk);
        head = head ? Buffer.concat([head, chunk]) : chunk;
        let lineEnd = lineEndOf(head);
        if (lineEnd === -1 || lineEnd === head.length - 1) continue;
        if (sep === undefined) {
          sep = sepLine(head, lineEnd);
          if (sep) {
            head = head.subarray(sep.next);
            headerLine = 2;
            lineEnd = lineEndOf(head);
            if (lineEnd === -1 || lineEnd === head.length - 1) continue;
          }
        }
        const chosen = parserOptionsFor(head, lineEnd, format, sep?.delimiter);
        lineBreak = chosen.lineBreak;
        parserOptions = chosen.options;
        delimiter = String(chosen.options.delimiter).charCodeAt(0);
        const afterHeader = head[lineEnd] === 0x0d && head[lineEnd + 1] === 0x0a ? lineEnd + 2 : lineEnd + 1;
        let cells: string[] | undefined;
        parserCore({ ...parserOptions }).parse(head.subarray(0, afterHeader), true, (record) => { cells ??= record; }, () => {});
        const plan = compileCsvHeader(file, cells ?? [], headerLine, ctx.lang);
        if ('errors' in plan) return { kind: 'error', source: { file, row: headerLine, document: null }, brand: null, errors: plan.errors };
        header = cells!;
        line = headerLine + 1;
        cutter = new RowCutter(delimiter, lineBreak);
        const rows = cutter.push(head.subarray(afterHeader));
        head = undefined;
        if (rows) await dispatch(rows);
      } else {
        const rows = cutter!.push(chunk);
        if (rows) await dispatch(rows);
      }
    }
    // one line and nothing else: the in-process reader says what is wrong with it, in its words
    if (!header) return { unread: Buffer.concat(beforeHeader) };
    const rest = cutter!.rest();
    if (rest.length > 0) await dispatch(rest);
    while (queue.length > 0) await settle();
  } catch (e) {
    for (const entry of queue.splice(0)) await entry.promise?.catch(() => undefined);
    if (e instanceof CsvFileError) return fileItem(file, e.message);
    throw e;
  }
  if (counts.total === 0) return fileItem(file, t(ctx.lang, 'csv.noRows'), { line, column: 1 });
  return counts;
}

/**
 * The read items of `inputs` for the usual loop, except that large CSV files are assessed right here on the
 * worker pool, their ndjson or csv rows written to the sink in order; `totals` then adds their counts to the summary.
 */
export function parallelNdjson(ctx: BatchContext): {
  read: (inputs: readonly string[], options: InputOptions) => AsyncGenerator<ReadItem>;
  totals: (summary: Summary) => Summary;
} {
  const counts: Counts = { total: 0, approve: 0, turnDown: 0, error: 0 };
  let pool: Pool | undefined;
  let local: SliceRunner | undefined;
  async function* read(inputs: readonly string[], options: InputOptions): AsyncGenerator<ReadItem> {
    try {
      for await (const entry of expandInputs(inputs)) {
        if ('kind' in entry) {
          yield entry;
          continue;
        }
        // a CSV on stdin may be a whole CRM export: its size is not known, so it always takes the slices' path
        const stdin = entry.path === '-';
        const format = stdin ? options.inputFormat : PROFILE_EXTENSIONS[extname(entry.path).toLowerCase()];
        if (format !== 'csv' && format !== 'tsv') {
          yield* readInputs([entry.path], options);
          continue;
        }
        const size = stdin ? null : await stat(entry.path).then((s) => s.size, () => 0);
        if (size !== null && size < PARALLEL_MIN_BYTES) {
          yield* readInputs([entry.path], options);
          continue;
        }
        const setup: BatchSetup = { format: ctx.format, pack: ctx.pack, lang: ctx.lang, threshold: ctx.threshold, today: ctx.today, findings: ctx.findings };
        if (!pool) {
          settleBufferDetaching();
          pool = new Pool(workerCount(), setup);
        }
        // --format csv rows come from the csv formatter itself, as in the workers
        local ??= sliceRunner(setup, ctx.compiled, ctx.format === 'csv' ? await csvRowFormatter() : null);
        const outcome = await assessFile(entry.path, format, size, pool, local, ctx, options);
        // no complete header line: the usual reader says what is wrong, from the bytes already read off stdin
        if ('unread' in outcome) yield* readInputs([entry.path], stdin ? { ...options, stdin: Readable.from([outcome.unread]) } : options);
        else if ('kind' in outcome) yield outcome;
        else {
          counts.total += outcome.total;
          counts.approve += outcome.approve;
          counts.turnDown += outcome.turnDown;
          counts.error += outcome.error;
        }
      }
    } finally {
      await pool?.close();
    }
  }
  return {
    read,
    totals: (summary) => ({
      ...summary,
      total: summary.total + counts.total,
      approve: summary.approve + counts.approve,
      turnDown: summary.turnDown + counts.turnDown,
      error: summary.error + counts.error,
    }),
  };
}
