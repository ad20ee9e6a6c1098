// The one CSV row scanner: every path that reads a CSV (the usual reader, the batch slices on the main thread
// and at the workers, `validate`, the library) cuts rows here, so `source.row` and the messages about a bad
// row are the same whichever way a file goes. It scans UTF-8 bytes once and records, for each row, its line and
// where each cell is (byte offsets); the cells become strings only where the row is converted (see cellsOf),
// which may be another thread: offsets and bytes cross threads without copying a string.
//
// What it reads, as spreadsheets write CSV: cells split by one delimiter byte; a cell that starts with `"` is
// quoted (`""` is a quote, line breaks inside are text); a quote elsewhere is text (`5" screen`). Rows end at
// LF, CRLF or CR, mixed in one file; each counts as one line. What it refuses, each as that row's error with
// every other row still read: a quote that is never closed on the row's line, text after a closing quote, a NUL
// byte, a row over MAX_ROW_BYTES or MAX_CELLS. A quoted cell that runs over lines and leaves its row malformed
// (or swallows whole rows: a line inside it with a full row's delimiters) is a stray quote, not a cell with line
// breaks: those lines are read again one row each, so six rows give six outputs, never three.

import { isUtf8 } from 'node:buffer';
import { utf8Break } from '../io/decode.js';

/**
 * Bytes of one row at most: a profile row is a few kilobytes (cells up to 500 characters); a 700 MB line is that
 * row's error, not a crash.
 */
export const MAX_ROW_BYTES = 4 << 20;
/** Cells of one row (and columns of the header) at most: Excel's own limit, 16,384 columns. */
export const MAX_CELLS = 16_384;

/** Why a row could not be cut into cells; 0 for none. */
export const enum RowProblem {
  None = 0,
  /** a quote opens a cell and the line ends (or the input does) before it closes */
  UnclosedQuote = 1,
  /** something other than a delimiter or a line end follows a closing quote; arg: the cell's column */
  TextAfterQuote = 2,
  /** the row is longer than MAX_ROW_BYTES */
  TooLong = 3,
  /** the row has more than MAX_CELLS cells */
  TooManyCells = 4,
  /** a NUL byte; arg: the cell's column */
  Nul = 5,
  /**
   * a byte that is not UTF-8 in a file read as UTF-8 (one pasted from Windows-1252); arg: the cell's column. Found
   * where cells are decoded (readRow), on every path, since the scanner only sees UTF-8 bytes otherwise.
   */
  NotUtf8 = 6,
}

/**
 * The rows of one scanned piece, flat in an Int32Array: for each row `line, record, problem, arg, flags, cells`,
 * then `start, end, quoted` per cell (offsets into `bytes`; quoted 2 when the cell holds a doubled quote).
 * `line` is the file's line where the row starts, `record` the row as Excel numbers it (the first record after a
 * `sep=` line is 1; a blank row counts, as Excel shows it; a quoted cell over lines does not start a new one).
 * flags bit 0: every byte of the row is ASCII. Blank rows (only spaces and tabs) are left out.
 */
export interface ScannedRows {
  bytes: Buffer;
  rows: Int32Array;
  /** rows in `rows` */
  count: number;
  /** the line after the last row: where the next piece starts */
  nextLine: number;
}

/** Words per row before its cells in ScannedRows.rows. */
export const ROW_HEAD = 6;

const EMPTY = Buffer.alloc(0);
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export interface ScannedRow {
  line: number;
  /** the row as Excel numbers it (see ScannedRows) */
  record: number;
  problem: RowProblem;
  arg: number;
  cells: string[];
  /** NotUtf8: the byte */
  byte?: number;
}

/** The cells of the row at `at` in `rows` (see ScannedRows); returns the index of the next row. */
export function readRow(scanned: { bytes: Buffer; rows: Int32Array }, at: number, into: ScannedRow): number {
  const { bytes, rows } = scanned;
  into.line = rows[at]!;
  into.record = rows[at + 1]!;
  into.problem = rows[at + 2]! as RowProblem;
  into.arg = rows[at + 3]!;
  const ascii = (rows[at + 4]! & 1) === 1;
  const n = rows[at + 5]!;
  let k = at + ROW_HEAD;
  const cells = new Array<string>(n);
  if (n > 0 && ascii) {
    // one string for the row, cells as slices of it: for ASCII, byte offsets are character offsets
    const from = rows[k]!;
    const text = bytes.toString('latin1', from, rows[k + 3 * (n - 1) + 1]!);
    for (let c = 0; c < n; c++, k += 3) {
      const cell = text.slice(rows[k]! - from, rows[k + 1]! - from);
      cells[c] = rows[k + 2] === 2 ? cell.replaceAll('""', '"') : cell;
    }
  } else {
    // every byte the scanner sees is UTF-8 (other encodings are decoded before): one that is not is the row's error,
    // never a U+FFFD in silence
    const whole = n > 0 && isUtf8(bytes.subarray(rows[k]!, rows[k + 3 * (n - 1) + 1]!));
    for (let c = 0; c < n; c++, k += 3) {
      if (!whole && into.problem === RowProblem.None) {
        const bad = utf8Break(bytes.subarray(rows[k]!, rows[k + 1]!)).offset;
        if (bad >= 0) {
          into.problem = RowProblem.NotUtf8;
          into.arg = c + 1;
          into.byte = bytes[rows[k]! + bad]!;
        }
      }
      const cell = bytes.toString('utf8', rows[k]!, rows[k + 1]!);
      cells[c] = rows[k + 2] === 2 ? cell.replaceAll('""', '"') : cell;
    }
  }
  into.cells = cells;
  return k;
}

/** Chunk by chunk; a row cut by a chunk's end waits for the next chunk. */
export class RowScanner {
  /** the line where the next row starts */
  line: number;
  /** the record number (Excel's row) of the next row */
  record: number;
  /** the header's width once known: a multi-line row of another width is a stray quote (see the file's top) */
  width = 0;
  private pending: Buffer | null = null;
  /** inside an over-long line: bytes are dropped until its end */
  private skipping = false;
  /** the previous chunk ended with a CR that ended a row: an LF first in this one belongs to it */
  private afterCr = false;
  private out: number[] = [];
  private count = 0;

  constructor(
    private readonly delimiter: number,
    line: number,
    record = 1,
  ) {
    this.line = line;
    this.record = record;
  }

  /**
   * Scans a chunk: the complete rows of what was held and the chunk, at most `limit` of them, stopping after
   * the row that passes `bytes` bytes (the rest is held: `held` says how much, for the caller to scan on).
   */
  push(chunk: Buffer, limit = Infinity, bytes = Infinity): ScannedRows {
    return this.scan(chunk, false, limit, bytes);
  }

  /** The rows left at the end of the input, at most `bytes` of them (call again while `held` > 0). */
  end(bytes = Infinity, limit = Infinity): ScannedRows {
    return this.scan(EMPTY, true, limit, bytes);
  }

  /** bytes held, not yet scanned into rows */
  get held(): number {
    return this.pending?.length ?? 0;
  }

  private scan(chunk: Buffer, final: boolean, limit: number, bytes: number): ScannedRows {
    let b = chunk;
    let pos = 0;
    if (this.afterCr) {
      if (b.length > 0) {
        this.afterCr = false;
        if (b[0] === LF) pos = 1;
      }
    }
    if (this.skipping) pos = this.skip(b, pos);
    if (this.pending && pos >= b.length) {
      b = this.pending;
      pos = 0;
      this.pending = null;
    } else if (this.pending) {
      b = pos === 0 ? Buffer.concat([this.pending, b]) : Buffer.concat([this.pending, b.subarray(pos)]);
      pos = 0;
      this.pending = null;
    }
    this.out = [];
    this.count = 0;
    const n = b.length;
    while (pos < n && pos < bytes && this.count < limit && !this.skipping) {
      const at = this.out.length;
      const countBefore = this.count;
      const lineBefore = this.line;
      const recordBefore = this.record;
      const end = this.row(b, pos, final, true);
      if (end === -1) {
        if (n - pos <= MAX_ROW_BYTES) break;
        // too long and not ended: inside quotes over several lines, a stray quote (read those lines one by one);
        // on one line, that row's error, and the rest of the line is dropped as it comes
        const lastBreak = lastLineEnd(b, pos);
        if (lastBreak > pos) {
          this.oneLineEach(b, pos, lastBreak);
          pos = lastBreak;
          continue;
        }
        this.problemRow(this.line, this.record++, RowProblem.TooLong, 0);
        this.skipping = true;
        pos = n;
        break;
      }
      if (this.innerBreaks > 0 && this.malformed(at, countBefore)) {
        this.out.length = at;
        this.count = countBefore;
        this.line = lineBefore;
        this.record = recordBefore;
        this.oneLineEach(b, pos, end);
      } else if (end - pos > MAX_ROW_BYTES) {
        this.out.length = at;
        this.count = countBefore;
        this.problemRow(lineBefore, recordBefore, RowProblem.TooLong, 0);
      }
      pos = end;
    }
    if (pos < n && !this.skipping) this.pending = b.subarray(pos);
    const rows = new Int32Array(this.out);
    // the bytes of these rows only (offsets count from b's start): a slice sent to a worker is copied whole
    return { bytes: b.subarray(0, pos), rows, count: this.count, nextLine: this.line };
  }

  /** the row just cut (at `at` in out) cannot be what the file meant: a problem, a swallowed row, a wrong width */
  private malformed(at: number, countBefore: number): boolean {
    if (this.count === countBefore) return false;
    if (this.out[at + 2] !== RowProblem.None || this.swallowed) return true;
    return this.width > 0 && this.out[at + 5] !== this.width;
  }

  /** set by row(): a line inside a quoted cell held a whole row's delimiters */
  private swallowed = false;
  /** set by row(): line breaks inside its quoted cells */
  private innerBreaks = 0;

  /** Reads [from, to) one line per row, quotes closing at the line's end (a stray quote's lines). */
  private oneLineEach(b: Buffer, from: number, to: number): void {
    let pos = from;
    while (pos < to) {
      const at = this.out.length;
      const countBefore = this.count;
      const lineBefore = this.line;
      const recordBefore = this.record;
      const end = this.row(b, pos, true, false, to);
      if (end - pos > MAX_ROW_BYTES) {
        this.out.length = at;
        this.count = countBefore;
        this.problemRow(lineBefore, recordBefore, RowProblem.TooLong, 0);
      }
      pos = end;
    }
  }

  private problemRow(line: number, record: number, problem: RowProblem, arg: number): void {
    this.out.push(line, record, problem, arg, 0, 0);
    this.count++;
  }

  /** Drops bytes up to the end of the current line; returns where the next row starts (or n). */
  private skip(b: Buffer, from: number): number {
    for (let i = from; i < b.length; i++) {
      const c = b[i];
      if (c === LF || c === CR) {
        this.skipping = false;
        this.line++;
        if (c === CR) {
          if (i + 1 < b.length) return b[i + 1] === LF ? i + 2 : i + 1;
          this.afterCr = true;
        }
        return i + 1;
      }
    }
    return b.length;
  }

  /**
   * Cuts one row starting at `from`: appends it to `out` (unless blank) and returns where the next row starts,
   * or -1 when the bytes end first and more may come. `span`: quoted cells may run over lines. `limit`: the
   * bytes end there (oneLineEach).
   */
  private row(b: Buffer, from: number, final: boolean, span: boolean, limit = b.length): number {
    const d = this.delimiter;
    const out = this.out;
    const at = out.length;
    const n = limit;
    out.push(this.line, this.record, 0, 0, 0, 0);
    let cells = 0;
    let lines = 0;
    let problem = RowProblem.None;
    let arg = 0;
    let ascii = true;
    let blank = true;
    let i = from;
    let end: number;
    this.swallowed = false;
    this.innerBreaks = 0;
    const wide = this.width > 2 ? this.width - 1 : 2;
    for (;;) {
      // at the start of a cell
      let start: number;
      let stop: number;
      let quoted = 0;
      if (i < n && b[i] === QUOTE) {
        quoted = 1;
        start = i + 1;
        let j = start;
        let delimiters = 0;
        for (;;) {
          if (j >= n) {
            if (!final) {
              out.length = at;
              return -1;
            }
            break;
          }
          const c = b[j]!;
          if (c === QUOTE) {
            if (j + 1 >= n && !final) {
              out.length = at;
              return -1;
            }
            if (j + 1 < n && b[j + 1] === QUOTE) {
              quoted = 2;
              blank = false;
              j += 2;
              continue;
            }
            break;
          }
          if (c === LF || c === CR) {
            if (!span) break;
            if (c === CR) {
              if (j + 1 >= n && !final) {
                out.length = at;
                return -1;
              }
              if (j + 1 < n && b[j + 1] === LF) j++;
            }
            lines++;
            this.innerBreaks++;
            if (delimiters >= wide) this.swallowed = true;
            delimiters = 0;
          } else if (c === d) delimiters++;
          else if (c >= 0x80) ascii = false;
          else if (c === 0) {
            if (problem === RowProblem.None) {
              problem = RowProblem.Nul;
              arg = cells + 1;
            }
          }
          if (blank && c !== 0x20 && c !== 0x09) blank = false;
          j++;
        }
        if (delimiters >= wide && lines > 0) this.swallowed = true;
        stop = j;
        if (j >= n || b[j] !== QUOTE) {
          // the line or the input ended inside the quotes
          if (problem === RowProblem.None || problem === RowProblem.Nul) {
            problem = RowProblem.UnclosedQuote;
            arg = cells + 1;
          }
          i = j;
        } else {
          i = j + 1;
          if (i < n && b[i] !== d && b[i] !== LF && b[i] !== CR) {
            if (problem === RowProblem.None) {
              problem = RowProblem.TextAfterQuote;
              arg = cells + 1;
            }
            // the rest of the cell, up to the next delimiter or line end, is passed over
            while (i < n && b[i] !== d && b[i] !== LF && b[i] !== CR) i++;
            if (i >= n && !final) {
              out.length = at;
              return -1;
            }
          }
        }
      } else {
        start = i;
        let j = i;
        for (; j < n; j++) {
          const c = b[j]!;
          if (c === d || c === LF || c === CR) break;
          if (c >= 0x80) ascii = false;
          else if (c === 0) {
            if (problem === RowProblem.None) {
              problem = RowProblem.Nul;
              arg = cells + 1;
            }
          }
          if (blank && c !== 0x20 && c !== 0x09) blank = false;
        }
        if (j >= n && !final) {
          out.length = at;
          return -1;
        }
        stop = j;
        i = j;
      }
      if (cells < MAX_CELLS) out.push(start, stop, quoted);
      cells++;
      if (i >= n) {
        end = n;
        break;
      }
      const c = b[i];
      if (c === d) {
        i++;
        continue;
      }
      // a line end (or, reading one line each, a break left inside an unclosed quote)
      if (c === CR) {
        if (i + 1 >= n && !final && n === b.length) {
          out.length = at;
          return -1;
        }
        end = i + 1 < n && b[i + 1] === LF ? i + 2 : i + 1;
      } else end = i + 1;
      lines++;
      break;
    }
    if (lines === 0) lines = 1;
    this.line += lines;
    const record = this.record++;
    if (cells > MAX_CELLS && problem === RowProblem.None) problem = RowProblem.TooManyCells;
    if (problem !== RowProblem.None) {
      // a row that cannot be cut right keeps no cells: only its line and what is wrong
      out.length = at;
      this.problemRow(this.line - lines, record, problem, arg);
      return end;
    }
    if (blank) {
      out.length = at;
      return end;
    }
    out[at + 4] = ascii ? 1 : 0;
    out[at + 5] = cells;
    this.count++;
    return end;
  }
}

/** Just after the last line break in b[from..]; `from` when there is none. */
function lastLineEnd(b: Buffer, from: number): number {
  const lf = b.lastIndexOf(LF);
  const cr = b.lastIndexOf(CR);
  const last = Math.max(lf, cr);
  if (last < from) return from;
  return last === cr && b[last + 1] === LF ? last + 2 : last + 1;
}
