// The assess pipeline: read -> validate -> assess -> explain -> format -> write, for every input of a run.
// Every item goes through the one per-row function (row.ts) and the ordinary formatter; the rows of a CSV file
// come from the one reader in slices (src/io/csv.ts), and a slice is formatted by the same runner wherever it
// runs (slice.ts): on the main thread, or on a worker thread when the file is large enough for that to pay
// (route, below: the one place that decides). Results are written in input order.
import { availableParallelism, tmpdir } from 'node:os';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SummaryBuilder } from '../engine/summary.js';
import { UserError } from '../errors.js';
import { t } from '../i18n/index.js';
import { fileSink, stdoutSink, type Sink } from '../io/atomic-writer.js';
import { readCsvPieces, rowItems, type CsvProgress } from '../io/csv.js';
import {
  expandInputs,
  formatOf,
  PROFILE_EXTENSIONS,
  readInputs,
  type InputFormat,
  type InputOptions,
} from '../io/inputs.js';
import { Spool } from '../io/spool.js';
import type { Format } from '../report/index.js';
import type { ReadItem, Result, Summary } from '../types.js';
import type { SpreadsheetInfo, WorkbookRun } from '../report/types.js';
import { assessItem, diagnosticLines } from './row.js';
import { prepare, type RowEnv, type RunSetup } from './setup.js';
import { sliceRunner, type SliceAnswer, type SliceJob, type SliceRunner } from './slice.js';
import type { Pool } from './pool.js';
import type { CompiledPack } from '../rules/types.js';
import type { SheetPiece } from '../read/xlsx.js';

export interface RunOptions {
  output?: string;
  strict: boolean;
  /** v2 (issue 12): --columns, --sheet and the header maps' listener, for the readers */
  read?: Pick<InputOptions, 'columns' | 'sheet' | 'onHeaderMap'>;
  /** issue 15: files the run reads besides its inputs (the --columns map): -o must not replace one of them either */
  alsoRead?: readonly string[];
  /** v2 (issue 12): the header maps the readers report, which the json report prints */
  spreadsheets?: SpreadsheetInfo[];
  inputFormat?: InputFormat;
  stdin?: NodeJS.ReadableStream;
  onProgress?: (progress: CsvProgress) => void;
  /** github: the job summary file (GITHUB_STEP_SUMMARY) that the run's markdown report is appended to */
  stepSummary?: string;
}

/**
 * Formats whose `result(result, ctx, index)` depends on nothing else (no state across results): their slices
 * can be formatted on another thread. sarif counts what it has written; html, markdown and junit spool.
 */
// csv is among them since its columns and dialect are settled before the first slice leaves (see readCsv)
const THREAD_SAFE_FORMATS: ReadonlySet<Format> = new Set<Format>(['ndjson', 'json', 'csv']);
/**
 * Below this a CSV file's slices stay on the main thread: a worker costs some 100 ms to start (it loads the
 * pack) and about 0.6 s of CPU to compile and warm up the same code again, which a small file does not win back.
 */
const WORKERS_MIN_BYTES = 1 << 20;
/**
 * csv's rows are cheap (about 22 µs each against json's 100 or more), so a worker pays back later: at 20,000 bench
 * rows (6 MB) the main thread alone took 0.72 s wall and 0.84 s CPU against 0.82 s and 1.33 s with a worker; at
 * 50,000 rows (15 MB) 1.3 s CPU against 2.0 s. At 200,000 rows the worker wins the wall time (3.0 s against 4.7).
 */
const CSV_WORKERS_MIN_BYTES = 8 << 20;

/**
 * MARKET_READY_WORKERS_MIN_BYTES sets one threshold for every format: the tests use it to run the worker path of
 * csv on files of a few MB, and a user can tune it to a machine.
 */
function workersMinBytes(format: Format): number {
  const set = process.env.MARKET_READY_WORKERS_MIN_BYTES;
  if (set !== undefined && /^\d+$/.test(set)) return Number(set);
  return format === 'csv' ? CSV_WORKERS_MIN_BYTES : WORKERS_MIN_BYTES;
}
/**
 * Bytes of CSV per slice: ~110 rows of the bench's file, about 1.2 MB of ndjson, so memory stays flat with a
 * few slices in flight (64 KB slices made 4 MB output buffers, and some 20 MB more of peak RSS)
 */
const SLICE_BYTES = 32 << 10;
/**
 * csv's slices are larger: its rows are cheap, so what a slice costs whatever its size (the job and its answer
 * sent between the threads, a summary, an output buffer, a write) weighs more. At 200,000 rows, 5.2 s of CPU
 * with 32 KB slices, 5.0 with 64 KB, 4.9 with 128 KB. 128 KB slices cut from the file's 1 MB read chunks took the
 * peak RSS from 137 to 157-174 MB at 200,000 rows (and 190 MB at 1,000,000): it was the main thread's garbage
 * ArrayBuffers (28 -> 58 MB at the peak; the worker's heap stayed at 18 MB), the read chunks and the slices' row
 * offsets, which a young generation of 16 MB semi-spaces collects late. Read in chunks of the slice's size
 * (CSV_CHUNK_BYTES), the same slices peak at 128-138 MB.
 */
const CSV_SLICE_BYTES = 128 << 10;
/** the read chunks of csv's batches: see CSV_SLICE_BYTES (256 KB chunks: 147-149 MB; 64 KB: like 128 KB) */
const CSV_CHUNK_BYTES = 128 << 10;
/** Slices queued at each worker: enough that it never waits while the main thread runs a slice of its own. */
const IN_FLIGHT_PER_WORKER = 3;
/**
 * Slices run and not yet written, at most: their output waits for an older slice still at a worker. With 6, the
 * main thread (three slices of its own past the worker's three) waited 84 ms for the worker at 200,000 rows; with
 * 12, 10 ms: it runs on, and its slices' buffers (some 1 MB each) are the few megabytes this costs
 */
const QUEUED_MAX = 12;

/** How a CSV file's slices are run: the one place that decides. */
export function route(format: Format, bytes: number | null, cores = availableParallelism()): 'workers' | 'here' {
  if (!THREAD_SAFE_FORMATS.has(format) || cores < 2) return 'here';
  // stdin's size is not known: a piped CRM export may be large, so it gets the workers
  return bytes === null || bytes >= workersMinBytes(format) ? 'workers' : 'here';
}

/** Worker threads beside the main thread, which runs slices too: one fewer than the cores, at most three. */
function workerCount(): number {
  return Math.max(1, Math.min(3, availableParallelism() - 1));
}

export async function runPipeline(
  inputs: readonly string[],
  setup: RunSetup,
  options: RunOptions,
  pack: CompiledPack,
): Promise<Summary> {
  const env = await prepare(setup, pack);
  if (options.spreadsheets) env.ctx.spreadsheets = options.spreadsheets;
  const { formatter, ctx } = env;
  const summary = new SummaryBuilder();
  const kept: Result[] = [];
  let sink: Sink & { drain?: () => Promise<void> };
  // the one output writer decides how -o is written (a regular file atomically, a device or FIFO through) and
  // refuses an input; `-o -` is stdout, as for most tools; `-o ''` is refused rather than taken for no -o at all
  const toFile = options.output !== undefined && options.output !== '-';
  if (toFile) {
    // every file the run reads is an input the report must not replace: the profiles, the --columns map, the
    // --baseline report, and the rule pack's own files (a user's pack folder)
    const packFiles = [
      ...pack.resolved.files,
      ...pack.resolved.rules.map((r) => r.origin.file),
      ...pack.resolved.tests.map((t) => t.file),
      ...(pack.resolved.tables ?? []).map((t) => t.origin.file),
    ];
    sink = fileSink(options.output!, {
      inputs: [
        ...inputs,
        ...(options.alsoRead ?? []),
        ...(setup.baseline ? [setup.baseline] : []),
        ...new Set(packFiles),
      ],
      inputExtensions: Object.keys(PROFILE_EXTENSIONS),
      lang: setup.lang,
    });
  } else {
    // the text report neutralises every text it prints itself, before adding its colours (src/report/text.ts)
    sink = stdoutSink(undefined, setup.lang, { neutralised: setup.format === 'text' });
  }
  // a workbook is binary: not for a terminal (piped or redirected, it goes to stdout as the other formats do)
  if (formatter.binary && !options.output && process.stdout.isTTY) {
    throw new UserError(t(setup.lang, 'output.binaryOnTerminal', { format: setup.format }));
  }
  if (setup.format === 'csv') {
    // csv is written in the spreadsheet's own encoding (or the one --lang implies)
    const { csvEncoding } = await import('../report/csv.js');
    const { encodedSink } = await import('../write/encoded.js');
    sink = encodedSink(
      sink,
      () => csvEncoding(ctx),
      () => {
        const path = options.output ?? t(setup.lang, 'csv.theReport');
        process.stderr.write(`warning: ${t(setup.lang, 'csv.win1252Lossy', { path })}\n`);
      },
    );
  }
  // formats that open with totals write each result to temporary files beside the report (or in the system's
  // temporary directory for stdout) and put the document together at the end: nothing is held per result
  const spooled = formatter.spooled?.(ctx);
  const spools: Spool[] = [];
  const stepSummary = await startStepSummary(options.stepSummary, setup, pack);
  const abort = (): void => {
    for (const spool of spools) spool.close();
    sink.abort();
  };
  // SIGINT, SIGTERM and SIGHUP: the writer removes its temporary file, or says the report on a pipe is incomplete
  // (see atomic-writer.ts); the spools are already unlinked. No write blocks (pipes and FIFOs are written
  // asynchronously), so the signal is seen at the next drain.
  let pool: Pool | undefined;
  let workbook: WorkbookRun | undefined;
  /** results of a workbook waiting to be added (adding one waits for the zip stream) */
  const forWorkbook: Result[] = [];
  // slices are formatted by the slice runner only for the formats whose results stand alone (THREAD_SAFE_FORMATS);
  // the others take each row's item through the usual function, on this thread
  const sliced = formatter.streaming && !spooled && !formatter.workbook && THREAD_SAFE_FORMATS.has(setup.format);
  const local: SliceRunner | null = sliced ? sliceRunner(env) : null;
  /** the index of the next result in the report */
  let next = 0;
  const log = (lines: string): void => {
    process.stderr.write(lines);
  };

  /** One item through the per-row function, into the report. */
  const take = (item: ReadItem): void => {
    const index = next++;
    const result = assessItem(env, item, !spooled || spooled.detailed(index), log);
    stepSummary?.add(item);
    summary.add(result);
    if (formatter.workbook) forWorkbook.push(result);
    else if (spooled) spooled.add(result, index).forEach((piece, i) => spools[i]!.append(piece));
    else if (formatter.streaming) sink.write(formatter.result(result, ctx, index));
    else kept.push(result);
  };

  // slices in input order, answered (by this thread or a worker) or still at a worker
  const queue: { answer: SliceAnswer | null; promise: Promise<SliceAnswer> | null; spares: ArrayBuffer[] }[] = [];
  // output buffers go round between the threads and the sink rather than being dropped (see slice.ts), kept
  // apart for this thread and for the workers: one written last on the same core is still in its cache
  const spares: { here: ArrayBuffer[]; workers: ArrayBuffer[] } = { here: [], workers: [] };
  const flush = async (): Promise<void> => {
    while (queue.length > 0 && queue[0]!.answer !== null) {
      const { answer: done, spares: back } = queue.shift()!;
      const answer = done!;
      // a slice's diagnostics before its results, as a row's come before its result
      if (answer.diagnostics) process.stderr.write(answer.diagnostics);
      const buffer = answer.bytes.buffer as ArrayBuffer;
      sink.write(answer.bytes, () => {
        if (back.length < QUEUED_MAX) back.push(buffer);
      });
      summary.merge(answer.summary);
      if (sink.drain) await sink.drain();
    }
  };
  const toWorkbook = async (): Promise<void> => {
    if (workbook) for (const result of forWorkbook.splice(0)) await workbook.add(result);
  };
  const settle = async (): Promise<void> => {
    while (queue.length > 0) {
      await queue[0]!.promise;
      await flush();
    }
  };
  let fileId = 0;
  let jobId = 0;

  /** Runs a slice here or at a worker, in input order (see route); `forWorker`: what to do before it is sent. */
  const dispatch = async (job: SliceJob, forWorker?: () => void): Promise<void> => {
    // the workers have enough to do (or there are none): this thread runs the slice, then lets their
    // answers in (they arrive as events, which a run of slices here would hold back)
    if (!pool || pool.ready === 0 || pool.pending >= pool.ready * IN_FLIGHT_PER_WORKER) {
      const out = spares.here.pop();
      if (out) job.out = out;
      queue.push({ answer: local!(job), promise: null, spares: spares.here });
      if (pool) await new Promise(setImmediate);
    } else {
      const out = spares.workers.pop();
      if (out) job.out = out;
      forWorker?.();
      const entry: (typeof queue)[number] = { answer: null, promise: null, spares: spares.workers };
      entry.promise = pool.run(job).then((answer) => (entry.answer = answer));
      queue.push(entry);
    }
    await flush();
    while (queue.length >= QUEUED_MAX) {
      await queue[0]!.promise;
      await flush();
    }
  };
  /** v2 (issue 12): a batch of an .xlsx sheet's rows as a slice: its cells, read on this thread, go along */
  const sheetSlice = async (piece: SheetPiece, id: number): Promise<void> => {
    if (piece.plan.warnings.length > 0) {
      if (!setup.quiet) log(diagnosticLines(piece.plan.warnings, setup.lang));
      piece.plan.warnings = [];
    }
    const job: SliceJob = {
      id: jobId++,
      fileId: id,
      file: piece.plan.file,
      header: piece.header,
      headerLine: piece.headerLine,
      headerOptions: piece.headerOptions,
      // none: the rows are the cells (a new empty buffer each time, since a worker's job hands its buffer over)
      bytes: new Uint8Array(0),
      rows: new Int32Array(0),
      sheetRows: piece.rows,
      marks: piece.marks,
      firstIndex: next,
    };
    next += piece.rows.length;
    await dispatch(job);
  };

  // v2 (issue 12): an .xlsx sheet's rows come in batches of cells read on this thread (exceljs), as slices too
  const readCsv = async (path: string, format: 'csv' | 'tsv' | 'xlsx'): Promise<void> => {
    const bytes =
      path === '-'
        ? null
        : await stat(path).then(
            (s) => s.size,
            () => 0,
          );
    const where = local ? route(setup.format, bytes) : 'here';
    const id = fileId++;
    const csvOptions = {
      lang: setup.lang,
      strict: options.strict,
      ...(options.read?.columns ? { columns: options.read.columns } : {}),
      ...(options.read?.onHeaderMap ? { onHeaderMap: options.read.onHeaderMap } : {}),
      pieceBytes: local && setup.format === 'csv' ? CSV_SLICE_BYTES : SLICE_BYTES,
      ...(local && setup.format === 'csv' ? { chunkBytes: CSV_CHUNK_BYTES } : {}),
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    const pieces =
      format === 'xlsx'
        ? (await import('../read/xlsx.js')).readXlsxPieces(path, {
            ...csvOptions,
            ...(options.read?.sheet !== undefined ? { sheet: options.read.sheet } : {}),
          })
        : readCsvPieces(path, format, csvOptions);
    for await (const piece of pieces) {
      if (piece.kind === 'item') {
        await settle();
        take(piece.item);
        await toWorkbook();
        continue;
      }
      if (piece.kind === 'sheet-rows') {
        if (local) await sheetSlice(piece, id);
        continue;
      }
      if (!local) {
        rowItems(piece.plan, piece.scanned, take, piece.marks);
        await toWorkbook();
        // after every piece (a few thousand rows): a reader that stops reading holds the run here, in bounded memory,
        // and a signal is handled here (a loop of awaits alone never lets the event loop see it)
        if (sink.drain) await sink.drain();
        continue;
      }
      if (piece.plan.warnings.length > 0) {
        // the slices' plans say nothing of the file as a whole: its warnings (extra columns) are said here, once
        if (!setup.quiet) log(diagnosticLines(piece.plan.warnings, setup.lang));
        piece.plan.warnings = [];
      }
      if (where === 'workers' && !pool) {
        // csv: the run's columns and dialect, settled here (by this file's header unless an earlier result has
        // settled them) and given to the workers in their setup, so that every thread writes the same rows
        const sheet =
          setup.format === 'csv'
            ? {
                ...setup.sheet,
                singleInput: setup.sheet?.singleInput ?? false,
                settled: (await import('../report/csv.js')).settleCsv(ctx, piece.plan),
              }
            : setup.sheet;
        const { Pool } = await import('./pool.js');
        pool = new Pool(workerCount(), { ...setup, ...(sheet ? { sheet } : {}) });
      }
      const { scanned } = piece;
      const job: SliceJob = {
        id: jobId++,
        fileId: id,
        file: piece.plan.file,
        header: piece.header,
        headerLine: piece.headerLine,
        headerOptions: {
          strict: options.strict,
          ...(options.read?.columns ? { columns: options.read.columns } : {}),
          ...(piece.plan.dialect ? { dialect: piece.plan.dialect } : {}),
        },
        bytes: scanned.bytes,
        rows: scanned.rows,
        marks: piece.marks,
        firstIndex: next,
      };
      next += scanned.count;
      // copied out of the read buffer for a worker, so that it can be handed over without a second copy
      await dispatch(job, () => (job.bytes = new Uint8Array(scanned.bytes)));
    }
    await settle();
  };

  try {
    if (formatter.workbook) {
      const { sinkStream } = await import('../report/xlsx.js');
      const target = sink;
      const spoolDir = options.output ? dirname(resolve(options.output)) : tmpdir();
      workbook = await formatter.workbook(
        ctx,
        sinkStream((bytes, done) => target.write(bytes, done)),
        spoolDir,
      );
    }
    sink.write(formatter.header(ctx));
    if (spooled) {
      const dir = options.output ? dirname(resolve(options.output)) : tmpdir();
      for (let i = 0; i < spooled.spools; i++) spools.push(new Spool(dir));
    }
    const readOptions = {
      lang: setup.lang,
      strict: options.strict,
      ...options.read,
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}),
    };
    for await (const entry of expandInputs(inputs, undefined, setup.lang)) {
      if ('kind' in entry) {
        take(entry);
        await toWorkbook();
        continue;
      }
      const format = formatOf(entry.path, readOptions);
      if (format === 'csv' || format === 'tsv') await readCsv(entry.path, format);
      // v2 (issue 12): a workbook's rows as slices for the formats that run them (its cells read here)
      else if (format === 'xlsx' && local && entry.path !== '-') await readCsv(entry.path, format);
      else {
        for await (const item of readInputs([entry.path], readOptions)) {
          take(item);
          await toWorkbook();
          // a workbook's rows come as fast as exceljs reads them: the writes wait for a slow reader of stdout
          if (sink.drain && (next & 255) === 0) await sink.drain();
        }
      }
      if (sink.drain) await sink.drain();
    }
    const totals = summary.build();
    if (workbook) await workbook.finish(totals);
    else if (spooled) {
      for (const part of spooled.finish(totals)) {
        if (typeof part === 'string') sink.write(part);
        else {
          for (const chunk of spools[part]!.chunks()) {
            sink.write(chunk);
            if (sink.drain) await sink.drain();
          }
        }
      }
      for (const spool of spools) spool.close();
    } else sink.write(formatter.footer(ctx, totals, kept));
    sink.commit();
    if (sink.drain) await sink.drain();
    const unwritten = await stepSummary?.finish();
    if (unwritten) process.stderr.write(`warning: ${unwritten}\n`);
    return totals;
  } catch (e) {
    stepSummary?.close();
    for (const entry of queue.splice(0)) await entry.promise?.catch(() => undefined);
    workbook?.abort();
    abort();
    throw e;
  } finally {
    await pool?.close();
  }
}

/** github: the job summary's markdown report, when GitHub names a file for it; a failure to start is a warning. */
async function startStepSummary(
  path: string | undefined,
  setup: RunSetup,
  pack: CompiledPack,
): Promise<import('./step-summary.js').StepSummary | null> {
  if (!path || setup.format !== 'github') return null;
  const { StepSummary } = await import('./step-summary.js');
  try {
    return await StepSummary.start(path, setup, pack);
  } catch (e) {
    process.stderr.write(`warning: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
}

export type { RowEnv };
