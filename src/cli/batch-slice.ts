// One slice of a large CSV file (see batch.ts), parsed, converted, evaluated and serialised: what a worker
// thread of the parallel batch does with each job (batch-worker.ts only carries the messages). Kept apart
// from the worker so that tests and profiles can run it in-process.
import { compileCsvHeader, convertRow, countNewlines, isBlank, parserCore, rowError, unclosedQuoteMessage, type CsvPlan } from '../io/csv.js';
import { formatDiagnostic } from '../errors.js';
import { ndjson } from '../report/ndjson.js';
import type { ReportContext } from '../report/types.js';
import { wordsFor } from '../report/words.js';
import { assessProfile } from '../engine/assess.js';
import type { CompiledPack } from '../rules/types.js';
import type { CsvError } from 'csv-parse';
import type { ReadItem, Result } from '../types.js';
import { errorResult } from './assess.js';
import type { BatchJob, BatchSetup, BatchAnswer, SliceParserOptions } from './batch.js';

/** Output of one slice, UTF-8, written row by row into a buffer that goes back to the main thread. */
const OUT_BYTES = 4 << 20;

/** A growable UTF-8 output buffer. */
class SliceOut {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  utf8(s: string): void {
    if (this.pos + s.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + s.length * 3));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    this.pos += this.buf.write(s, this.pos);
  }
}

/**
 * Where the record that starts at `from` ends: just after the first line break outside quotes, by the quoting
 * rules RowCutter (batch.ts) follows to cut slices; the buffer's length when there is none.
 */
export function nextRowEnd(b: Buffer, from: number, delimiter: number, lineBreak: number): number {
  let quoting = false;
  let i = from;
  for (;;) {
    const q = b.indexOf(0x22, i);
    const end = q === -1 ? b.length : q;
    if (!quoting) {
      const nl = b.indexOf(lineBreak, i);
      if (nl !== -1 && nl < end) return nl + 1;
    }
    if (q === -1) return b.length;
    if (!quoting) {
      // a quote opens a quoted cell only at the start of a cell; elsewhere csv-parse (relax_quotes) keeps it as text
      const before = q === from ? lineBreak : b[q - 1];
      if (before === delimiter || before === 0x0a || before === 0x0d) quoting = true;
      i = q + 1;
    } else {
      if (q + 1 >= b.length) return b.length;
      i = b[q + 1] === 0x22 ? q + 2 : q + 1;
      if (b[q + 1] !== 0x22) quoting = false;
    }
  }
}

/**
 * The cells of one line whose quotes are all plain quoted cells (`"a, b"`, `"say ""hi"""`, quotes opening a cell
 * and closing just before a delimiter or the line's end), as csv-parse reads them; null for anything else (a
 * quote inside an unquoted cell, text after a closing quote, a quote left open), which is left to csv-parse.
 */
export function splitQuoted(line: string, delimiter: string): string[] | null {
  const cells: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 0x22) {
      let cell = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q === -1) return null;
        if (line.charCodeAt(q + 1) === 0x22) {
          cell += line.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        cells.push(cell + line.slice(from, q));
        i = q + 1;
        break;
      }
      if (i === n) return cells;
      if (line[i] !== delimiter) return null;
      i++;
    } else {
      const next = line.indexOf(delimiter, i);
      const cellEnd = next === -1 ? n : next;
      const quote = line.indexOf('"', i);
      if (quote !== -1 && quote < cellEnd) return null;
      cells.push(line.slice(i, cellEnd));
      if (next === -1) return cells;
      i = next + 1;
    }
  }
}

export type SliceRunner = (job: BatchJob) => BatchAnswer;

/**
 * Detaches a throwaway ArrayBuffer. V8 compiles typed-array code on the assumption that no ArrayBuffer has ever
 * been detached, and the first transfer of a slice's bytes between threads breaks it: every optimised function
 * that touches a buffer (the whole result writer, the CSV reader) is thrown away and compiled again, some
 * 0.3 s of the optimising compiler per thread in the middle of a batch. Done before the first slice, it costs nothing.
 */
export function settleBufferDetaching(): void {
  const throwaway = new ArrayBuffer(8);
  structuredClone(throwaway, { transfer: [throwaway] });
}

/** The csv formatter's row of a result, for --format csv: both paths (and the usual loop) then write the same bytes. */
export async function csvRowFormatter(): Promise<(result: Result, ctx: ReportContext) => string> {
  const { csv } = await import('../report/csv.js');
  return (result, ctx) => csv.result(result, ctx, 0);
}

/** csvRow: the csv formatter's row, for --format csv (both paths then write the same bytes); null for ndjson. */
/** fastPath: false reads every line with csv-parse (tests compare both). */
export function sliceRunner(setup: BatchSetup, pack: CompiledPack, csvRow: ((result: Result, ctx: ReportContext) => string) | null, fastPath = true): SliceRunner {
  const assessOptions = { lang: setup.lang, threshold: setup.threshold, today: setup.today };
  // the ndjson and csv formatters read only the words and the findings mode of their context
  const ctx = { lang: setup.lang, threshold: setup.threshold, findings: setup.findings, words: wordsFor(pack, setup.lang) } as ReportContext;
  const formatRow = (result: Result): string => (csvRow ? csvRow(result, ctx) : ndjson.result(result, ctx, 0));
  const out = new SliceOut();
  const files = new Map<number, { plan: CsvPlan; parserOptions: SliceParserOptions }>();

  /** the compiled header and parser options of the job's file: they come with a worker's first slice of it */
  function fileOf(job: BatchJob): { plan: CsvPlan; parserOptions: SliceParserOptions } {
    let known = files.get(job.fileId);
    if (!known) {
      if (!job.header || !job.parserOptions) throw new Error(`slice of ${job.file} came before its header`);
      const compiled = compileCsvHeader(job.file, job.header, 1, setup.lang);
      // the main thread checked the header already; a failure here would be a bug, not a user error
      if ('errors' in compiled) throw new Error(`header of ${job.file} does not compile in the worker`);
      known = { plan: compiled, parserOptions: job.parserOptions };
      files.set(job.fileId, known);
    }
    return known;
  }

  return (job) => {
    const { plan, parserOptions } = fileOf(job);
    out.buf = job.out ? Buffer.from(job.out) : Buffer.allocUnsafeSlow(OUT_BYTES);
    out.pos = 0;
    let diagnostics = '';
    const counts = { total: 0, approve: 0, turnDown: 0, error: 0 };
    let nextLine = job.startLine;
    let stopped = false;
    const delimiter = String(parserOptions.delimiter);
    const delimiterByte = delimiter.charCodeAt(0);
    const recordDelimiters = ([] as unknown[]).concat(parserOptions.record_delimiter ?? []);
    const lineBreak = recordDelimiters.length === 1 && recordDelimiters[0] === '\r' ? 0x0d : 0x0a;
    const crlf = recordDelimiters.includes('\r\n');
    const emit = (item: ReadItem): void => {
      counts.total++;
      if (item.kind === 'error') {
        counts.error++;
        for (const d of item.errors) diagnostics += `${d.severity === 'warning' ? 'warning' : 'error'}: ${formatDiagnostic(d)}\n`;
        out.utf8(formatRow(errorResult(item, assessOptions.threshold)));
        return;
      }
      const result = assessProfile(pack, item.profile, assessOptions);
      out.utf8(formatRow(result));
      const verdict = result.verdict;
      if (verdict === 'approve') counts.approve++;
      else counts.turnDown++;
    };
    const buf = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    // csv-parse's own count of lines read since the slice start (it counts a CR inside a cell as one): the
    // rows it cannot read are numbered from it, as when it reads the whole slice
    let csvLines = 0;

    /** csv-parse on the rest of the slice from `from`: the general path, and what the fast one falls back to */
    const parseRest = (from: number): void => {
      const base = job.startLine + csvLines;
      let parserLines = 0;
      const core = parserCore({
        ...parserOptions,
        on_skip: (err: CsvError | undefined): undefined => {
          if (!err || stopped) return;
          if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
            // only the file's last slice can end inside quotes: the main thread cuts slices outside them
            stopped = true;
            emit(rowError(plan, nextLine, null, [{ severity: 'error', file: plan.file, row: nextLine, line: nextLine, column: 1, message: unclosedQuoteMessage(nextLine, plan.lang) }]));
            return;
          }
          const line = nextLine;
          nextLine = Math.max(nextLine + 1, base + core.info.lines);
          parserLines = core.info.lines;
          emit(rowError(plan, line, null, [{ severity: 'error', file: plan.file, row: line, line, column: 1, message: `cannot read the row: ${err.message}` }]));
        },
      });
      const onRecord = (cells: string[]): void => {
        if (stopped) return;
        const end = core.info.lines;
        const start = nextLine;
        nextLine += end === parserLines + 1 ? 1 : 1 + countNewlines(cells);
        parserLines = end;
        if (isBlank(cells)) return;
        emit(convertRow(plan, cells, start));
      };
      const err = core.parse(from === 0 ? buf : buf.subarray(from), true, onRecord, () => {});
      if (err) throw err;
    };

    /**
     * One record with quotes, [from, end), read by csv-parse alone; false (nothing emitted) when csv-parse does
     * not read it as exactly one clean record, and the rest of the slice is then left to parseRest.
     */
    const parseOne = (from: number, end: number): boolean => {
      let bad = false;
      let cells: string[] | undefined;
      let count = 0;
      let lines = 0;
      const core = parserCore({ ...parserOptions, on_skip: (): undefined => { bad = true; } });
      const err = core.parse(buf.subarray(from, end), true, (record) => { count++; cells = record; lines = core.info.lines; }, () => {});
      if (err || bad || count !== 1) return false;
      const start = nextLine;
      nextLine += lines === 1 ? 1 : 1 + countNewlines(cells!);
      csvLines += lines;
      if (!isBlank(cells!)) emit(convertRow(plan, cells!, start));
      return true;
    };

    if (!fastPath || delimiter.length !== 1) parseRest(0);
    else {
      // Most lines have no quote and no stray CR: split on the delimiter directly, which is what csv-parse
      // would read (no trimming, no comments, one-character delimiter), at a fraction of its cost. A line with
      // a quote or a CR that does not end it goes to csv-parse as one record; so does the slice's last line
      // when it has no line break (the file's end).
      const len = buf.length;
      const stripCr = lineBreak === 0x0a && crlf;
      const other = lineBreak === 0x0a ? 0x0d : 0x0a;
      let quoteAt = buf.indexOf(0x22);
      let parsedAlone = 0;
      let otherAt = buf.indexOf(other);
      let pos = 0;
      while (pos < len) {
        const nl = buf.indexOf(lineBreak, pos);
        if (nl === -1) break;
        if (quoteAt !== -1 && quoteAt < pos) quoteAt = buf.indexOf(0x22, pos);
        if (otherAt !== -1 && otherAt < pos) otherAt = buf.indexOf(other, pos);
        const end = stripCr && nl > pos && buf[nl - 1] === 0x0d ? nl - 1 : nl;
        if (otherAt === -1 || otherAt >= end) {
          // one line: split as it is, or, with quotes, when they are plain quoted cells
          const text = buf.toString('utf8', pos, end);
          const cells = quoteAt === -1 || quoteAt > nl ? text.split(delimiter) : splitQuoted(text, delimiter);
          if (cells !== null) {
            csvLines++;
            const start = nextLine++;
            pos = nl + 1;
            if (!isBlank(cells)) emit(convertRow(plan, cells, start));
            continue;
          }
        }
        // a new csv-parse parser costs as much as some twenty rows: past a few such records, it reads the rest
        if (++parsedAlone > 4) break;
        const recordEnd = nextRowEnd(buf, pos, delimiterByte, lineBreak);
        if (!parseOne(pos, recordEnd)) break;
        pos = recordEnd;
      }
      if (pos < len) parseRest(pos);
    }
    // the output buffer goes to the main thread (moved, not copied), which hands it back with a later slice
    const bytes = new Uint8Array(out.buf.buffer, out.buf.byteOffset, out.pos);
    return { id: job.id, bytes, diagnostics, counts };
  };
}
