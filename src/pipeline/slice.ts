// A slice of a CSV file's rows, as the one reader scanned them (src/io/csv.ts, src/read/csv-scan.ts), turned
// into its report bytes: each row into an item, through the one per-row function (row.ts), through the
// ordinary formatter. What a worker thread does with each job, and what the main thread does with the slices
// it keeps: the same function, so the same bytes.
import { compileCsvHeader, rowItems, type CsvPlan } from '../io/csv.js';
import type { SheetOptions } from '../read/sheet-plan.js';
import type { MarkRun } from '../read/look-ahead.js';
import { sheetItems, type SheetRowCells } from '../read/sheet-plan.js';
import { CELL_WORDS, ROW_HEAD } from '../read/csv-scan.js';
import type { ReadItem } from '../types.js';
import { SummaryBuilder, type SummaryPart } from '../engine/summary.js';
import { assessItem } from './row.js';
import type { RowEnv } from './setup.js';

export interface SliceJob {
  id: number;
  /** the file's number in this run: a runner compiles each file's header once */
  fileId: number;
  file: string;
  /** the file's header cells and line: sent with a worker's first slice of the file, then left out */
  header?: string[];
  headerLine?: number;
  /** how the header was compiled on the main thread (--strict, --columns, the file's dialect) */
  headerOptions?: SheetOptions;
  bytes: Uint8Array;
  rows: Int32Array;
  /** v2 (issue 12): the decimal marks of the rows, as the main thread's look-ahead settled them */
  marks?: MarkRun[];
  /** v2 (issue 12): an .xlsx slice: its rows' cells as the main thread read them (then bytes and rows are empty) */
  sheetRows?: SheetRowCells[];
  /** the index of the slice's first row in the whole report (json writes a comma before every result but the first) */
  firstIndex: number;
  /** an output buffer of an earlier slice, written and free again, to encode this slice's output into */
  out?: ArrayBuffer;
}

export interface SliceAnswer {
  id: number;
  /** the formatter's output for the slice's rows, UTF-8 */
  bytes: Uint8Array;
  /** the rows' stderr lines, in order */
  diagnostics: string;
  /**
   * the slice's results summed (SummaryBuilder.merge adds them to the run's): an object per result sent back, or
   * even a few packed numbers per result to be summed again on the main thread, cost it 7% of its time at 200,000
   * rows (packing and unpacking them, 0.23 s of CPU, most of it on the threads' busiest, the main one)
   */
  summary: SummaryPart;
}

export type SliceRunner = (job: SliceJob) => SliceAnswer;

/** At least this much for a new output buffer: buffers go round (see run.ts), so a few serve the whole run. */
const OUT_MIN_BYTES = 1 << 20;

/**
 * The slice's output, UTF-8, written result by result into `spare` (or a new buffer, grown when a result would
 * not fit): each result's text is encoded as soon as it is made and dies young, where a slice's text joined
 * into one string first cost a rope of a few megabytes to flatten, promoted to the old generation, and more than
 * the serialising itself. A new buffer is never a slab shared with other small buffers, since it may be handed to
 * another thread. Buffers are reused rather than allocated per slice (see run.ts): megabytes freed and allocated
 * again at each slice left the allocator's heap fragmented and RSS at 400 MB for a 3,000-row batch.
 */
class Output {
  private buf: Buffer;
  private at = 0;

  constructor(spare: ArrayBuffer | undefined) {
    this.buf = spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(OUT_MIN_BYTES);
  }

  add(text: string): void {
    // a UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4)
    if (this.buf.length - this.at < text.length * 3) this.grow(text.length * 3);
    this.at += this.buf.write(text, this.at);
  }

  /** bytes[from, to), UTF-8 already */
  addBytes(bytes: Buffer, from: number, to: number): void {
    if (this.buf.length - this.at < to - from) this.grow(to - from);
    this.at += bytes.copy(this.buf, this.at, from, to);
  }

  private grow(more: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(Math.ceil(this.buf.length * 1.5), this.at + more));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

export function sliceRunner(env: RowEnv): SliceRunner {
  const plans = new Map<number, CsvPlan>();
  const planOf = (job: SliceJob): CsvPlan => {
    let plan = plans.get(job.fileId);
    if (!plan) {
      if (!job.header) throw new Error(`slice of ${job.file} came before its header`);
      const compiled = compileCsvHeader(job.file, job.header, job.headerLine ?? 1, env.setup.lang, job.headerOptions);
      // the main thread compiled the same header already; a failure here is a bug, not a user error
      if ('errors' in compiled) throw new Error(`header of ${job.file} does not compile twice alike`);
      // the file's own warnings (its extra columns) are said once, by the main thread that read its header
      compiled.warnings = [];
      plans.set(job.fileId, (plan = compiled));
    }
    return plan;
  };
  return (job) => {
    const plan = planOf(job);
    const out = new Output(job.out);
    let diagnostics = '';
    const summary = new SummaryBuilder(job.firstIndex);
    let index = job.firstIndex;
    const log = (lines: string): void => {
      diagnostics += lines;
    };
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    // csv: each item comes from the next scanned row (one item a row, in order), whose bytes the writer may copy
    const writer = job.sheetRows ? undefined : env.scannedRow;
    const scanned = { bytes, rows: job.rows, at: 0 };
    const each = (item: ReadItem): void => {
      const result = assessItem(env, item, true, log);
      if (writer) {
        writer(result, index++, scanned, out);
        scanned.at += ROW_HEAD + CELL_WORDS * job.rows[scanned.at + 5]!;
      } else out.add(env.formatter.result(result, env.ctx, index++));
      summary.add(result);
    };
    if (job.sheetRows) sheetItems(plan, job.sheetRows, job.marks ?? [], each);
    else rowItems(plan, { bytes, rows: job.rows }, each, job.marks);
    return { id: job.id, bytes: out.bytes(), diagnostics, summary: summary.part() };
  };
}
