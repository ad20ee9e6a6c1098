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
// (short of the header's cells, or swallowing whole rows: a line inside it with a full row's delimiters) is a
// stray quote, not a cell with line breaks: those lines are read again one row each, so six rows give six
// outputs, never three. A row with more cells than the header, its quotes closed, is one row (one error).

import { isUtf8 } from 'node:buffer';
import { utf8Break } from '../io/decode.js';
import type { Position } from '../types.js';

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
 * then `start, end` per cell: offsets into `bytes`, `start` written `~start` (negative) when the cell holds a byte
 * over 0x7F, `end` written `~end` when it holds a doubled quote (two words a cell, not four with the flags: a
 * 47-cell row is written and sent to a worker with half the words).
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
/** Words per cell in ScannedRows.rows: start, end (see cellEnd). */
export const CELL_WORDS = 2;

/** A cell's start offset from its word in ScannedRows.rows (negative: the cell is not ASCII). */
export function cellStart(word: number): number {
  return word < 0 ? ~word : word;
}

/** A cell's end offset from its word in ScannedRows.rows (negative: the cell holds a doubled quote). */
export function cellEnd(word: number): number {
  return word < 0 ? ~word : word;
}
/** The most words one row takes in ScannedRows.rows (the cells past MAX_CELLS are not kept). */
const ROW_WORDS_MAX = ROW_HEAD + CELL_WORDS * MAX_CELLS;

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
  const first = at + ROW_HEAD;
  const next = first + CELL_WORDS * n;
  const cells = new Array<string>(n);
  into.cells = cells;
  if (n === 0) return next;
  // one decode for the row, cells as slices of its text: one call into the runtime a row instead of one a cell.
  // ASCII reads the same in latin1 and UTF-8, and byte offsets are then character offsets
  const from = cellStart(rows[first]!);
  const to = cellEnd(rows[next - 1]!);
  const text = bytes.toString('latin1', from, to);
  if (ascii) {
    for (let k = first, c = 0; k < next; k += CELL_WORDS, c++) {
      const end = rows[k + 1]!;
      cells[c] = end >= 0 ? text.slice(rows[k]! - from, end - from) : unquote(text.slice(rows[k]! - from, ~end - from));
    }
    return next;
  }
  if (isUtf8(bytes.subarray(from, to))) {
    // the cells that are not ASCII (a brand's accents, its Chinese name) are decoded on their own, the others
    // sliced from the row's latin1 text
    for (let k = first, c = 0; k < next; k += CELL_WORDS, c++) {
      const start = rows[k]!;
      const end = rows[k + 1]!;
      const cell =
        start >= 0 ? text.slice(start - from, cellEnd(end) - from) : bytes.toString('utf8', ~start, cellEnd(end));
      cells[c] = end >= 0 ? cell : unquote(cell);
    }
    return next;
  }
  // every byte the scanner sees is UTF-8 (other encodings are decoded before): one that is not is the row's error,
  // never a U+FFFD in silence
  for (let k = first, c = 0; k < next; k += CELL_WORDS, c++) {
    const start = cellStart(rows[k]!);
    const end = rows[k + 1]!;
    const stop = cellEnd(end);
    if (into.problem === RowProblem.None) {
      const bad = utf8Break(bytes.subarray(start, stop)).offset;
      if (bad >= 0) {
        into.problem = RowProblem.NotUtf8;
        into.arg = c + 1;
        into.byte = bytes[start + bad]!;
      }
    }
    const cell = bytes.toString('utf8', start, stop);
    cells[c] = end >= 0 ? cell : unquote(cell);
  }
  return next;
}

/**
 * Where cell `c` (0-based) of the scanned row at `at` starts in the file, as an editor or a problem matcher counts:
 * the line its first character is on (a quoted cell over lines above it moves it down) and the 1-based column of
 * that character on its line, in UTF-16 units (as SARIF's columnKind and editors count), a quoted cell's at its
 * opening quote. A `c` past the row's last cell is just after that cell (where a missing one would be). Only for a
 * row that has an error: the bytes are walked here, when it is worded, so a row without one pays nothing for it.
 */
export function cellPosition(scanned: { bytes: Buffer; rows: Int32Array }, at: number, c: number): Position {
  const { bytes, rows } = scanned;
  const n = rows[at + 5]!;
  const first = at + ROW_HEAD;
  if (n === 0) return { line: rows[at]!, column: 1 };
  const rowStart = openingQuote(bytes, cellStart(rows[first]!));
  let target: number;
  if (c < n) target = openingQuote(bytes, cellStart(rows[first + CELL_WORDS * c]!));
  else {
    const last = first + CELL_WORDS * (n - 1);
    const end = cellEnd(rows[last + 1]!);
    const quoted = openingQuote(bytes, cellStart(rows[last]!)) !== cellStart(rows[last]!);
    target = quoted ? end + 1 : end;
  }
  let line = rows[at]!;
  let lineStart = rowStart;
  // line breaks are only inside quoted cells before the target; CRLF is one
  for (let i = rowStart; i < target; i++) {
    const byte = bytes[i];
    if (byte === LF || byte === CR) {
      if (byte === CR && bytes[i + 1] === LF && i + 1 < target) i++;
      line++;
      lineStart = i + 1;
    }
  }
  // UTF-16 units, as the YAML and JSON readers' positions, SARIF's declared columnKind and editors count: a
  // character outside the Basic Multilingual Plane (a 4-byte UTF-8 sequence, an emoji) is two
  let column = 1;
  for (let i = lineStart; i < target; i++) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) !== 0x80) column += byte >= 0xf0 ? 2 : 1;
  }
  return { line, column };
}

/** A cell's first byte: its opening quote for a quoted one (an unquoted cell follows a delimiter or a line end). */
function openingQuote(bytes: Buffer, start: number): number {
  return start > 0 && bytes[start - 1] === QUOTE ? start - 1 : start;
}

/** A quoted cell's text with its doubled quotes made single. */
export function unquote(text: string): string {
  return text.replaceAll('""', '"');
}

/** Chunk by chunk; a row cut by a chunk's end waits for the next chunk. */
export class RowScanner {
  /** the line where the next row starts */
  line: number;
  /** the record number (Excel's row) of the next row */
  record: number;
  /** the header's width once known: a multi-line row of fewer cells is a stray quote (see the file's top) */
  width = 0;
  private pending: Buffer | null = null;
  /** inside an over-long line: bytes are dropped until its end */
  private skipping = false;
  /** the previous chunk ended with a CR that ended a row: an LF first in this one belongs to it */
  private afterCr = false;
  /** the rows scanned so far, as in ScannedRows.rows: `len` words of it (reused from scan to scan, grown) */
  private out = new Int32Array(2 * ROW_WORDS_MAX);
  private len = 0;
  private count = 0;
  private readonly plain: Uint8Array;
  private readonly inQuotes: Uint8Array;

  constructor(
    private readonly delimiter: number,
    line: number,
    record = 1,
  ) {
    this.line = line;
    this.record = record;
    ({ plain: this.plain, inQuotes: this.inQuotes } = byteKinds(delimiter));
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
    /** the chunk's bytes after its first line, when only the row held and that line are joined (see below) */
    let rest: Buffer | null = null;
    if (this.pending && pos >= b.length) {
      b = this.pending;
      pos = 0;
      this.pending = null;
    } else if (this.pending) {
      // the row cut by the last chunk's end most often ends at the new chunk's first line break: the held bytes
      // and that line are scanned as one piece, and the rest of the chunk as it is, rather than a copy of the
      // whole chunk (a megabyte from a file) behind the held bytes. Only when more than a piece of the chunk is
      // left, so that the caller scans on at once (a row piped in is never kept waiting for the next chunk).
      const lf = b.length - pos > bytes ? b.indexOf(LF, pos) : -1;
      const cut = lf + 1;
      if (lf !== -1 && b.length - cut > bytes && this.pending.length + cut - pos < MAX_ROW_BYTES) {
        rest = b.subarray(cut);
        b = Buffer.concat([this.pending, b.subarray(pos, cut)]);
      } else b = pos === 0 ? Buffer.concat([this.pending, b]) : Buffer.concat([this.pending, b.subarray(pos)]);
      pos = 0;
      this.pending = null;
    }
    this.len = 0;
    this.count = 0;
    let n = b.length;
    for (;;) {
      // with `rest`, the joined bytes are read to their end (at most a piece and a line)
      if (pos >= n || (rest === null && pos >= bytes) || this.count >= limit || this.skipping) {
        // the joined bytes held no row (blank lines): the rest is scanned on, as one with them
        if (rest !== null && pos >= n && this.count === 0 && pos < bytes && this.count < limit) {
          b = Buffer.concat([b, rest]);
          n = b.length;
          rest = null;
          continue;
        }
        break;
      }
      const at = this.len;
      const countBefore = this.count;
      const lineBefore = this.line;
      const recordBefore = this.record;
      const end = this.row(b, pos, final, true);
      if (end === -1 && rest !== null) {
        // the row runs on past the joined line (a quoted cell over lines): the rest is scanned on, as one with
        // the joined bytes, whose rows keep their offsets
        b = Buffer.concat([b, rest]);
        n = b.length;
        rest = null;
        continue;
      }
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
        this.len = at;
        this.count = countBefore;
        this.line = lineBefore;
        this.record = recordBefore;
        this.oneLineEach(b, pos, end);
      } else if (end - pos > MAX_ROW_BYTES) {
        this.len = at;
        this.count = countBefore;
        this.problemRow(lineBefore, recordBefore, RowProblem.TooLong, 0);
      }
      pos = end;
    }
    if (rest !== null) this.pending = pos < n ? Buffer.concat([b.subarray(pos), rest]) : rest;
    else if (pos < n && !this.skipping) this.pending = b.subarray(pos);
    const rows = this.out.slice(0, this.len);
    // the bytes of these rows only (offsets count from b's start): a slice sent to a worker is copied whole
    return { bytes: b.subarray(0, pos), rows, count: this.count, nextLine: this.line };
  }

  /** the row just cut (at `at` in out) cannot be what the file meant: a problem, a swallowed row, a wrong width */
  private malformed(at: number, countBefore: number): boolean {
    if (this.count === countBefore) return false;
    if (this.out[at + 2] !== RowProblem.None || this.swallowed) return true;
    // more cells than the header, every quote closed and no row swallowed: a row with surplus cells (a note over
    // lines past the last column), one row and its one error; read one line each it would be two and more
    return this.width > 0 && this.out[at + 5]! < this.width;
  }

  /** set by row(): a line inside a quoted cell held a whole row's delimiters */
  private swallowed = false;
  /** set by row(): line breaks inside its quoted cells */
  private innerBreaks = 0;

  /** Reads [from, to) one line per row, quotes closing at the line's end (a stray quote's lines). */
  private oneLineEach(b: Buffer, from: number, to: number): void {
    let pos = from;
    while (pos < to) {
      const at = this.len;
      const countBefore = this.count;
      const lineBefore = this.line;
      const recordBefore = this.record;
      const end = this.row(b, pos, true, false, to);
      if (end - pos > MAX_ROW_BYTES) {
        this.len = at;
        this.count = countBefore;
        this.problemRow(lineBefore, recordBefore, RowProblem.TooLong, 0);
      }
      pos = end;
    }
  }

  private problemRow(line: number, record: number, problem: RowProblem, arg: number): void {
    const at = this.len;
    const o = at + ROW_HEAD > this.out.length ? this.grow(at + ROW_HEAD) : this.out;
    o[at] = line;
    o[at + 1] = record;
    o[at + 2] = problem;
    o[at + 3] = arg;
    o[at + 4] = 0;
    o[at + 5] = 0;
    this.len = at + ROW_HEAD;
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
   * bytes end there (oneLineEach). Nothing is written past `len` until the row is whole, so giving up on a row
   * is leaving `len` as it was.
   */
  private row(b: Buffer, from: number, final: boolean, span: boolean, limit = b.length): number {
    const d = this.delimiter;
    const plain = this.plain;
    const inQuotes = this.inQuotes;
    const at = this.len;
    const o = at + ROW_WORDS_MAX > this.out.length ? this.grow(at + ROW_WORDS_MAX) : this.out;
    let w = at + ROW_HEAD;
    const n = limit;
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
      /** a quoted cell with a doubled quote in it */
      let doubled = false;
      /** a byte over 0x7F in the cell */
      let high = false;
      if (i < n && b[i] === QUOTE) {
        start = i + 1;
        let j = start;
        let delimiters = 0;
        for (;;) {
          // the bytes that are only text, in one tight loop: the others are looked at one by one below
          while (j < n && inQuotes[b[j]!] === 0) j++;
          if (j >= n) {
            if (!final) return -1;
            break;
          }
          const c = b[j]!;
          const kind = inQuotes[c]!;
          if (kind === Q_QUOTE) {
            if (j + 1 >= n && !final) return -1;
            if (j + 1 < n && b[j + 1] === QUOTE) {
              doubled = true;
              j += 2;
              continue;
            }
            break;
          }
          if (kind === Q_BREAK) {
            if (!span) break;
            if (c === CR) {
              if (j + 1 >= n && !final) return -1;
              if (j + 1 < n && b[j + 1] === LF) j++;
            }
            lines++;
            this.innerBreaks++;
            if (delimiters >= wide) this.swallowed = true;
            delimiters = 0;
          } else if (kind === Q_DELIMITER) delimiters++;
          else if (kind === HIGH) {
            ascii = false;
            high = true;
          } else if (problem === RowProblem.None) {
            // a NUL byte
            problem = RowProblem.Nul;
            arg = cells + 1;
          }
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
          if (i < n && !endsCell(plain[b[i]!]!)) {
            if (problem === RowProblem.None) {
              problem = RowProblem.TextAfterQuote;
              arg = cells + 1;
            }
            // the rest of the cell, up to the next delimiter or line end, is passed over
            while (i < n && !endsCell(plain[b[i]!]!)) i++;
            if (i >= n && !final) return -1;
          }
        }
      } else {
        start = i;
        let j = i;
        for (;;) {
          let kind = 0;
          while (j < n && (kind = plain[b[j]!]!) === 0) j++;
          if (j >= n) break;
          if (kind === END) break;
          if (kind === DELIMITER) {
            // the usual case, a delimiter with a cell that is not quoted on each side (in a row known not to be
            // blank): the cell is kept and the next one read on here, without the round of the loop above
            if (!blank && cells < MAX_CELLS - 1 && j + 1 < n && b[j + 1] !== QUOTE) {
              o[w] = high ? ~start : start;
              o[w + 1] = j;
              w += CELL_WORDS;
              cells++;
              start = ++j;
              high = false;
              continue;
            }
            break;
          }
          if (kind === HIGH) {
            ascii = false;
            high = true;
          } else if (problem === RowProblem.None) {
            // a NUL byte
            problem = RowProblem.Nul;
            arg = cells + 1;
          }
          j++;
        }
        if (j >= n && !final) return -1;
        stop = j;
        i = j;
      }
      // a row of spaces and tabs only is blank (the quotes around a cell do not count): once one cell has
      // anything else, the others are not looked at
      if (blank && stop > start) blank = onlySpaces(b, start, stop);
      if (cells < MAX_CELLS) {
        o[w] = high ? ~start : start;
        o[w + 1] = doubled ? ~stop : stop;
        w += CELL_WORDS;
      }
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
        if (i + 1 >= n && !final && n === b.length) return -1;
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
      this.problemRow(this.line - lines, record, problem, arg);
      return end;
    }
    if (blank) return end;
    o[at] = this.line - lines;
    o[at + 1] = record;
    o[at + 2] = RowProblem.None;
    o[at + 3] = 0;
    o[at + 4] = ascii ? 1 : 0;
    o[at + 5] = cells;
    this.len = w;
    this.count++;
    return end;
  }

  /** Makes `out` hold at least `words`, keeping what it holds; returns it. */
  private grow(words: number): Int32Array {
    const next = new Int32Array(Math.max(words, this.out.length * 2));
    next.set(this.out.subarray(0, this.len));
    this.out = next;
    return next;
  }
}

/** Whether b[from, to) holds only spaces and tabs. */
function onlySpaces(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** What a byte is to the scanner, in a cell (see byteKinds); 0: only text. */
const END = 1;
const HIGH = 2;
const NUL = 3;
const Q_QUOTE = 4;
const Q_BREAK = 5;
const Q_DELIMITER = 6;
/**
 * the delimiter, in a cell that is not quoted (END there: a line break): a kind of its own, so that a cell's end is
 * told from the table alone, without comparing the byte with the delimiter (the scan at 200,000 bench rows, one
 * thread: 1.31 -> 1.21 µs a row, medians of 9 alternated runs)
 */
const DELIMITER = 7;

/** Whether a byte of this kind ends a cell that is not quoted. */
function endsCell(kind: number): boolean {
  return kind === END || kind === DELIMITER;
}

/**
 * The scanner's two byte tables for a delimiter: in a cell that is not quoted (DELIMITER; END: CR or LF) and
 * inside quotes (a quote, a line break, the delimiter). In both, HIGH: a byte over 0x7F (the row is not ASCII),
 * NUL: the row's error. One look-up a byte instead of five comparisons.
 */
function byteKinds(delimiter: number): { plain: Uint8Array; inQuotes: Uint8Array } {
  const plain = new Uint8Array(256);
  const inQuotes = new Uint8Array(256);
  plain.fill(HIGH, 0x80);
  inQuotes.fill(HIGH, 0x80);
  plain[0] = NUL;
  inQuotes[0] = NUL;
  plain[delimiter] = DELIMITER;
  plain[LF] = END;
  plain[CR] = END;
  inQuotes[QUOTE] = Q_QUOTE;
  inQuotes[LF] = Q_BREAK;
  inQuotes[CR] = Q_BREAK;
  inQuotes[delimiter] = Q_DELIMITER;
  return { plain, inQuotes };
}

/** Just after the last line break in b[from..]; `from` when there is none. */
function lastLineEnd(b: Buffer, from: number): number {
  const lf = b.lastIndexOf(LF);
  const cr = b.lastIndexOf(CR);
  const last = Math.max(lf, cr);
  if (last < from) return from;
  return last === cr && b[last + 1] === LF ? last + 2 : last + 1;
}
