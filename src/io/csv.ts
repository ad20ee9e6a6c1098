// CSV and TSV profile files (contract section 2), streamed: a million-row CRM export never sits in memory.
// Bytes are decoded as they arrive (UTF-8, UTF-16 with BOM, Windows-1252 as French Excel writes it), the
// delimiter is taken from the header line, and the one row scanner (src/read/csv-scan.ts) cuts the rows. The header is
// compiled
// once into one converter per column, so each row is a loop over cells with no per-row object building.
// Every data row yields exactly one item: a profile, or an error naming the row and the column.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import {
  compileCsvHeader,
  convertRow,
  convertScanned,
  rowError,
  type CsvPlan,
  type HeaderMapEntry,
} from '../read/sheet-plan.js';
import { BatchLookAhead, marksAt, type MarkRun } from '../read/look-ahead.js';
import type { ColumnsMap } from '../profile/headers.js';
import { t } from '../i18n/index.js';
import type { CsvDialect, Diagnostic, Lang, Position, ReadItem } from '../types.js';
import { decoderFor, detectEncoding, hasMultibyteSequence, utf8OrWin1252, type Encoding } from './decode.js';
import {
  CELL_WORDS,
  cellEnd,
  cellPosition,
  cellStart,
  MAX_CELLS,
  MAX_ROW_BYTES,
  readRow,
  ROW_HEAD,
  RowProblem,
  RowScanner,
  type ScannedRow,
  type ScannedRows,
  unquote,
} from '../read/csv-scan.js';

export type Delimiter = ',' | ';' | '\t';

// the header compile and the row conversion are shared with the .xlsx reader (src/read/sheet-plan.ts)
export { compileCsvHeader, convertRow, isBlank, rowError, type CsvPlan } from '../read/sheet-plan.js';

/** Picks the delimiter that splits the header line most (outside quotes); ties go to the comma. */
export function detectDelimiter(headerLine: string): Delimiter {
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 59) semicolon++;
    else if (c === 9) tab++;
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

/**
 * Decodes a byte stream into UTF-8 buffers. The encoding comes from a BOM, else from the first non-ASCII
 * bytes: while everything is ASCII, UTF-8 and Windows-1252 read the same, so the choice waits for the first
 * accented letter rather than guessing from a header line that has none.
 */
export async function* utf8Chunks(
  stream: AsyncIterable<unknown>,
  onBytes: (n: number) => void,
  lang: Lang = 'en',
  onEncoding?: (encoding: Encoding | 'ascii', bom: boolean) => void,
  /** issue 15: a UTF-16 input ends in the middle of a character (an odd byte count): it was cut short */
  onCutShort?: () => void,
): AsyncGenerator<Buffer> {
  let total = 0;
  let encoding: Encoding | 'ascii' | undefined;
  let decoder: ReturnType<typeof decoderFor> | undefined;
  let head: Buffer | undefined;
  for await (const piece of stream) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
    onBytes(chunk.length);
    total += chunk.length;
    if (encoding === undefined) {
      // a BOM needs up to three bytes; a pipe may deliver fewer first
      head = head ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < 3) continue;
      chunk = head;
      head = undefined;
      // a NUL byte in the first line is binary (or UTF-16 without a BOM); one in a later row is that row's
      // error (the scanner's), in a small file as in a large one
      let sample = chunk.subarray(0, 64 * 1024);
      const nul = sample.indexOf(0);
      const firstLineEnd = lineEndOf(sample);
      if (nul !== -1 && firstLineEnd !== -1 && nul > firstLineEnd) sample = sample.subarray(0, nul);
      const found = detectEncoding(sample);
      if (typeof found !== 'string') throw new CsvFileError(t(lang, 'file.binary'));
      // issue 13: the csv output follows the input's encoding and BOM
      const bom =
        (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) ||
        (found.startsWith('utf16') && (chunk[0] === 0xff || chunk[0] === 0xfe));
      if (found === 'utf8' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        encoding = 'utf8';
        chunk = chunk.subarray(3);
      } else if (found === 'utf8') {
        // the sample may be all ASCII where the chunk (a whole small file, read at once) is not further down: the
        // chunk's first accents decide then, as they do in a later chunk, not the sample's ASCII
        encoding = isAscii(chunk) ? 'ascii' : isAscii(sample) ? utf8OrWin1252(chunk) : 'utf8';
      } else encoding = found;
      if (encoding !== 'utf8' && encoding !== 'ascii') decoder = decoderFor(encoding);
      onEncoding?.(encoding, bom);
    } else if (encoding === 'ascii' && !isAscii(chunk)) {
      encoding = utf8OrWin1252(chunk);
      if (encoding === 'win1252') decoder = decoderFor('win1252');
      onEncoding?.(encoding, false);
    } else if (encoding === 'win1252' && hasMultibyteSequence(chunk)) {
      // decided on a first piece whose only non-ASCII bytes were Windows-1252 ones (a UTF-8 file with one pasted
      // byte early on), the file now holds UTF-8: from here on it is read as UTF-8, so its accents are not turned
      // into mojibake in silence, and a Windows-1252 byte after this point is its row's error (the scanner's)
      encoding = 'utf8';
      decoder = undefined;
    }
    if (decoder) {
      const text = decoder.write(chunk);
      if (text.length > 0) yield Buffer.from(text);
    } else if (chunk.length > 0) yield chunk;
  }
  if (head) {
    // a file of one or two bytes
    yield head;
  }
  if (decoder) {
    const rest = decoder.end();
    if (rest) yield Buffer.from(rest);
  }
  if ((encoding === 'utf16le' || encoding === 'utf16be') && total % 2 === 1) onCutShort?.();
}

export class CsvFileError extends Error {}

/** Where the first line ends: the index of its CR or LF, or -1. */
export function lineEndOf(head: Buffer): number {
  const lf = head.indexOf(0x0a);
  const cr = head.indexOf(0x0d);
  return cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
}

/** Lines a CSV header may span: Excel quotes a header cell typed with Alt+Enter over two lines or more. */
const MAX_HEADER_LINES = 20;

/**
 * Where the first row of `head` ends: the index of the CR or LF after it that is outside quotes, or -1 while `head`
 * does not hold all of it. A header cell over several lines (`"Chiffre d'affaires\n(€)"`) is part of the header's
 * row, so its delimiters and line break are the header's own, not those of its first line. A quote still open after
 * MAX_HEADER_LINES lines is a stray one: the first line's end then, whose row the scanner reports.
 */
export function rowEndOf(head: Buffer): number {
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a || c === 0x0d) {
      if (!quoted) return i;
      if (c === 0x0d && head[i + 1] === 0x0a) i++;
      if (++lines >= MAX_HEADER_LINES) return lineEndOf(head);
    }
  }
  return -1;
}

/** Lines above a CSV header passed over at most: a title, a date, a blank line or two. */
const MAX_LINES_ABOVE_HEADER = 10;

/**
 * The blank and title lines at the start of `head`, above its header: lines with no quote and at most one cell
 * that is not blank, split at their most frequent delimiter (`,` `;` or a tab; only a tab in a .tsv file): a title
 * alone, or the title and the empty cells Excel pads it with to the sheet's width (`Export CRM du 02/12/2026;;;;`),
 * when a line below them, among the first ten, has two cells or more: how many, and the byte where the header
 * starts. No header has a single cell (it needs the brand's name, country and category). Null while `head` does not
 * show it yet (more bytes are needed). None when the first line has two cells, or a quote (a header cell over two
 * lines), or no line of the first ten has two (a file of one column: its header's own error).
 */
export function linesAboveHeader(head: Buffer, tsv: boolean): { lines: number; start: number } | null {
  let start = 0;
  for (let lines = 0; lines < MAX_LINES_ABOVE_HEADER; lines++) {
    const rest = head.subarray(start);
    const end = lineEndOf(rest);
    // the line must be whole (and a CR at the end may be half of a CRLF) to be told from a header
    if (end === -1 || end === rest.length - 1) return null;
    // a quote: a header cell over two lines, so the header starts on this line, below the titles passed over
    if (rest.subarray(0, end).includes(0x22)) return { lines, start };
    if (cellsWithText(rest.toString('latin1', 0, end), tsv) > 1) return { lines, start };
    start += end + (rest[end] === 0x0d && rest[end + 1] === 0x0a ? 2 : 1);
  }
  return { lines: 0, start: 0 };
}

/** The cells of a line that hold more than spaces, split at its most frequent delimiter (a tab only in a .tsv). */
function cellsWithText(line: string, tsv: boolean): number {
  let delimiter = '\t';
  let most = line.split('\t').length;
  if (!tsv)
    for (const d of [',', ';']) {
      const count = line.split(d).length;
      if (count > most) [delimiter, most] = [d, count];
    }
  return line.split(delimiter).filter((cell) => cell.trim() !== '').length;
}

export function fileItem(file: string, message: string, extra: Partial<Diagnostic> = {}): ReadItem {
  return {
    kind: 'error',
    source: { file, row: null, document: null },
    brand: null,
    errors: [{ severity: 'error', file, message, ...extra }],
  };
}

const DELIMITERS: readonly string[] = [',', ';', '\t'];

/**
 * Excel can start a CSV file with a `sep=;` line naming the delimiter: returns that delimiter and where the
 * next line starts, or null.
 */
export function sepLine(head: Buffer, lineEnd: number): { delimiter: string; next: number } | null {
  if (lineEnd !== 5 || head.toString('latin1', 0, 4).toLowerCase() !== 'sep=') return null;
  return {
    delimiter: String.fromCharCode(head[4]!),
    next: head[lineEnd] === 0x0d && head[lineEnd + 1] === 0x0a ? lineEnd + 2 : lineEnd + 1,
  };
}

/**
 * What reading a CSV takes (a part of io/inputs.ts's InputOptions, named here so that the two do not import each
 * other).
 */
export interface CsvReadOptions {
  lang?: Lang;
  /** v2 (issue 12): columns that are no field are an error for the file, not a warning */
  strict?: boolean;
  /** v2 (issue 12): --columns, a map of the file's own headers to field paths */
  columns?: ColumnsMap;
  /** v2 (issue 12): told which column was read as which field (--verbose, the json report) */
  onHeaderMap?: (file: string, map: readonly HeaderMapEntry[]) => void;
  stdin?: NodeJS.ReadableStream;
  /** called as a CSV file is read: bytes read of its size, rows so far (for the progress bar) */
  onProgress?: (progress: CsvProgress) => void;
}

export interface CsvProgress {
  file: string;
  bytesRead: number;
  /** the file's size; null for stdin */
  bytesTotal: number | null;
  rows: number;
}

/** Header errors past this many are one line: 100,000 repeated columns are one mistake, not 100,000 lines. */
const HEADER_ERRORS_SHOWN = 10;
const EMPTY = Buffer.alloc(0);

/** What reading a CSV gives: pieces of scanned rows under their file's compiled header, or an item for the file. */
export type CsvPiece = RowsPiece | { kind: 'item'; item: ReadItem };

export interface RowsPiece {
  kind: 'rows';
  plan: CsvPlan;
  header: string[];
  headerLine: number;
  scanned: ScannedRows;
  /** the decimal marks each row is read with, as the file's look-ahead settled them (see read/look-ahead.ts) */
  marks: MarkRun[];
}

/** The message of a row the scanner could not cut into cells. */
function problemMessage(row: ScannedRow, lang: Lang): string {
  switch (row.problem) {
    case RowProblem.UnclosedQuote:
      return t(lang, 'csv.rowUnclosedQuote', { column: row.arg });
    case RowProblem.TextAfterQuote:
      return t(lang, 'csv.textAfterQuote', { column: row.arg });
    case RowProblem.TooLong:
      return t(lang, 'csv.rowTooLong', { max: MAX_ROW_BYTES });
    case RowProblem.TooManyCells:
      return t(lang, 'csv.tooManyCells', { max: MAX_CELLS });
    case RowProblem.NotUtf8:
      return t(lang, 'csv.notUtf8', { column: row.arg, byte: (row.byte ?? 0).toString(16).toUpperCase() });
    default:
      return t(lang, 'csv.nulByte', { column: row.arg });
  }
}

/**
 * One item per scanned row, in order: a profile or that row's error (every path converts rows here, on the main
 * thread or a worker). `marks`: the decimal marks the file's look-ahead gave each row (RowsPiece.marks); without
 * them, what the plan knows now.
 */
export function rowItems(
  plan: CsvPlan,
  scanned: { bytes: Buffer; rows: Int32Array },
  each: (item: ReadItem) => void,
  marks?: readonly MarkRun[],
): void {
  const row: ScannedRow = { line: 0, record: 0, problem: RowProblem.None, arg: 0, cells: [] };
  const run = { run: 0 };
  const rows = scanned.rows;
  /** whether the piece's bytes are all UTF-8: looked at once, at its first row that is not ASCII */
  let utf8: boolean | undefined;
  for (let at = 0, index = 0; at < rows.length; index++) {
    if (rows[at + 2] === RowProblem.None) {
      const decimal = marks && marks.length > 0 ? marksAt(marks, index, run) : plan.marks.marks;
      if ((rows[at + 4]! & 1) === 0) utf8 ??= isUtf8(scanned.bytes);
      // the usual row is read from its bytes; any other through its cells as text, which say what is wrong
      const item = convertScanned(plan, scanned, at, decimal, utf8 === true);
      if (item !== undefined) {
        each(item);
        at += ROW_HEAD + CELL_WORDS * rows[at + 5]!;
        continue;
      }
      const rowAt = at;
      at = readRow(scanned, at, row);
      // a row that is not the usual one has an error: its cells are placed at their line and character
      const locate = (c: number): Position => cellPosition(scanned, rowAt, c);
      if (row.problem === RowProblem.None) {
        each(convertRow(plan, row.cells, row.line, row.record, decimal, locate));
        continue;
      }
      // a cell that is not UTF-8 (the only problem readRow finds, so its row has cells): at that cell
      if (row.problem === RowProblem.NotUtf8) {
        each(
          rowError(plan, row.line, null, [problemDiagnostic(plan, row, locate(row.arg - 1))], row.cells, row.record),
        );
        continue;
      }
    } else at = readRow(scanned, at, row);
    // a row the scanner could not cut keeps no cells: at its line, the cell named by its number
    const column = row.problem === RowProblem.TooLong || row.problem === RowProblem.TooManyCells ? 1 : row.arg;
    each(
      rowError(plan, row.line, null, [problemDiagnostic(plan, row, { line: row.line, column })], row.cells, row.record),
    );
  }
}

/** The error of a row the scanner could not read (see problemMessage), at `at`. */
function problemDiagnostic(plan: CsvPlan, row: ScannedRow, at: Position): Diagnostic {
  return {
    severity: 'error',
    file: plan.file,
    row: row.record,
    ...at,
    cell: { row: row.record },
    message: problemMessage(row, plan.lang),
  };
}

/**
 * The file's look-ahead over its scanned pieces (see read/look-ahead.ts). It reads only the cells that may teach
 * something: those of the number columns not yet settled that hold a `,` or a `.`, decoded from the bytes.
 */
class PieceLookAhead {
  private readonly batches: BatchLookAhead<RowsPiece>;
  constructor(private readonly plan: CsvPlan) {
    this.batches = new BatchLookAhead(plan.marks);
  }

  /** Takes a piece; returns the pieces whose rows all have their marks, in order. */
  add(piece: RowsPiece): RowsPiece[] {
    const { rows, bytes, count } = piece.scanned;
    const width = this.plan.headers.length;
    return this.batches.add(piece, count, (watching, each) => {
      for (let at = 0, index = 0; index < count; index++) {
        const n = rows[at + 5]!;
        // null when no watched cell holds a mark: such a row teaches nothing and reads one way, as a row the
        // scanner could not cut (see MarkSettler.push), and costs no array
        let cells: string[] | null = null;
        if (rows[at + 2] === RowProblem.None && n === width) {
          for (let w = 0; w < watching.length; w++) {
            const c = watching[w]!;
            const k = at + ROW_HEAD + CELL_WORDS * c;
            const start = cellStart(rows[k]!);
            const end = cellEnd(rows[k + 1]!);
            if (end - start < 3 || !hasMark(bytes, start, end)) continue;
            const text = bytes.toString('utf8', start, end);
            cells ??= [];
            cells[c] = rows[k + 1]! < 0 ? unquote(text) : text;
          }
        }
        each(cells);
        at += ROW_HEAD + CELL_WORDS * n;
      }
    });
  }

  /** At the end of the file: every piece, the rows held read with what is known. */
  end(): RowsPiece[] {
    return this.batches.end();
  }
}

/** Whether bytes[start, end) hold a comma or a point. */
function hasMark(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === 0x2c || c === 0x2e) return true;
  }
  return false;
}

/**
 * Reads a CSV or TSV file (or stdin) into pieces of scanned rows, a few tens of kilobytes each, as the bytes
 * arrive: the one CSV reader (readCsvInput turns the pieces into items; the batch pipeline sends them to
 * worker threads). Problems with the whole file (unreadable, binary, a bad header, no rows) come as items.
 */
export async function* readCsvPieces(
  path: string,
  format: 'csv' | 'tsv',
  options: CsvReadOptions & { pieceBytes?: number; chunkBytes?: number },
): AsyncGenerator<CsvPiece> {
  const file = path === '-' ? '<stdin>' : path;
  const lang = options.lang ?? 'en';
  const pieceBytes = options.pieceBytes ?? 64 << 10;
  let bytesTotal: number | null = null;
  let stream: AsyncIterable<unknown>;
  if (path === '-') stream = options.stdin ?? process.stdin;
  else {
    try {
      bytesTotal = (await stat(path)).size;
    } catch (e) {
      yield {
        kind: 'item',
        item: fileItem(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`),
      };
      return;
    }
    stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  }
  const progress: CsvProgress = { file, bytesRead: 0, bytesTotal, rows: 0 };
  const fail = (message: string, extra: Partial<Diagnostic> = {}): CsvPiece => ({
    kind: 'item',
    item: fileItem(file, message, extra),
  });
  let head: Buffer | undefined;
  let headerLine = 1;
  /** the header's row as Excel numbers it: a `sep=` line is none, a blank or title line above it is one */
  let headerRecord = 1;
  /** whether the lines above the header were looked at (see linesAboveHeader) */
  let titlesLooked = false;
  /** the delimiter a `sep=` first line names */
  let sepDelimiter: string | undefined;
  let scanner: RowScanner | undefined;
  let plan: CsvPlan | undefined;
  let header: string[] = [];
  let rows = 0;
  const sheet = newSheetState();
  let lookAhead: PieceLookAhead | undefined;
  /** the pieces of `scanned` whose marks are settled, in order (none while the look-ahead holds its rows) */
  const piece = (scanned: ScannedRows): RowsPiece[] => {
    if (scanned.count === 0) return [];
    rows += scanned.count;
    progress.rows = rows;
    options.onProgress?.(progress);
    lookAhead ??= new PieceLookAhead(plan!);
    return lookAhead.add({ kind: 'rows', plan: plan!, header, headerLine, scanned, marks: [] });
  };
  /** The header row once scanned, compiled; a piece (an item) when the file cannot be read on. */
  const takeHeader = (scanned: ScannedRows): CsvPiece | null => {
    const row: ScannedRow = { line: 0, record: 0, problem: RowProblem.None, arg: 0, cells: [] };
    readRow(scanned, 0, row);
    const at = { line: row.line, column: 1 };
    if (row.problem === RowProblem.TooManyCells) return fail(t(lang, 'csv.headerTooWide', { max: MAX_CELLS }), at);
    if (row.problem === RowProblem.TooLong) return fail(t(lang, 'csv.headerTooLong', { max: MAX_ROW_BYTES }), at);
    if (row.problem !== RowProblem.None)
      return fail(t(lang, 'csv.unreadableHeader', { message: problemMessage(row, lang) }), at);
    const compiled = compileCsvHeader(file, row.cells, row.line, lang, {
      strict: options.strict ?? false,
      dialect: sheet.dialect,
      ...(options.columns ? { columns: options.columns } : {}),
    });
    if ('errors' in compiled) {
      const errors =
        compiled.errors.length <= HEADER_ERRORS_SHOWN + 1
          ? compiled.errors
          : [
              ...compiled.errors.slice(0, HEADER_ERRORS_SHOWN),
              {
                severity: 'error' as const,
                file,
                line: row.line,
                column: 1,
                message: t(lang, 'csv.moreHeaderErrors', { count: compiled.errors.length - HEADER_ERRORS_SHOWN }),
              },
            ];
      return {
        kind: 'item',
        item: { kind: 'error', source: { file, row: row.record, document: null }, brand: null, errors },
      };
    }
    plan = compiled;
    options.onHeaderMap?.(file, compiled.headerMap);
    header = row.cells;
    scanner!.width = header.length;
    return null;
  };
  /** The rows of what the scanner holds and `chunk`, in pieces of about pieceBytes. */
  function* drain(chunk: Buffer): Generator<CsvPiece> {
    let scanned = scanner!.push(chunk, Infinity, pieceBytes);
    for (;;) {
      if (scanned.count === 0) return;
      yield* piece(scanned);
      if (scanner!.held <= pieceBytes) return;
      scanned = scanner!.push(EMPTY, Infinity, pieceBytes);
    }
  }
  try {
    const onEncoding = (e: Encoding | 'ascii', bom: boolean): void => sheetEncoding(sheet, e, bom);
    let cutShort = false;
    for await (const chunk of utf8Chunks(
      stream,
      (n) => {
        progress.bytesRead += n;
      },
      lang,
      onEncoding,
      () => (cutShort = true),
    )) {
      if (!scanner) {
        // the header line decides the delimiter: wait for all of it (bounded: a header is a row)
        head = head ? Buffer.concat([head, chunk]) : chunk;
        let lineEnd = lineEndOf(head);
        if (lineEnd === -1 || lineEnd === head.length - 1) {
          if (head.length > MAX_ROW_BYTES)
            return yield fail(t(lang, 'csv.headerTooLong', { max: MAX_ROW_BYTES }), { line: headerLine, column: 1 });
          continue;
        }
        const sep = headerLine === 1 && !titlesLooked ? sepLine(head, lineEnd) : null;
        if (sep) {
          if (!DELIMITERS.includes(sep.delimiter))
            return yield fail(t(lang, 'csv.unsupportedSep', { sep: JSON.stringify(`sep=${sep.delimiter}`) }), {
              line: 1,
              column: 5,
            });
          head = head.subarray(sep.next);
          headerLine = 2;
          sepDelimiter = sep.delimiter;
          sheet.dialect.sepLine = true;
          lineEnd = lineEndOf(head);
          if (lineEnd === -1 || lineEnd === head.length - 1) continue;
        }
        if (!titlesLooked) {
          // blank lines and a title above the header (a report's name, the export's date) are rows of the sheet
          // as Excel shows them, passed over: the header's own line decides the delimiter
          const above = linesAboveHeader(head, format === 'tsv');
          if (above === null) {
            if (head.length > MAX_ROW_BYTES)
              return yield fail(t(lang, 'csv.headerTooLong', { max: MAX_ROW_BYTES }), { line: headerLine, column: 1 });
            continue;
          }
          titlesLooked = true;
          if (above.lines > 0) {
            head = head.subarray(above.start);
            headerLine += above.lines;
            headerRecord += above.lines;
            lineEnd = lineEndOf(head);
            if (lineEnd === -1 || lineEnd === head.length - 1) continue;
          }
        }
        // the header's whole row, which goes on past its first line where a quoted cell holds a line break
        const headerEnd = rowEndOf(head);
        if (headerEnd === -1 || headerEnd === head.length - 1) {
          if (head.length > MAX_ROW_BYTES)
            return yield fail(t(lang, 'csv.headerTooLong', { max: MAX_ROW_BYTES }), { line: headerLine, column: 1 });
          continue;
        }
        const delimiter =
          sepDelimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(head.toString('utf8', 0, headerEnd)));
        sheetLayoutOf(sheet, delimiter, head, headerEnd);
        scanner = new RowScanner(delimiter.charCodeAt(0), headerLine, headerRecord);
        const first = scanner.push(head, 1);
        head = undefined;
        if (first.count === 0) continue;
        const stop = takeHeader(first);
        if (stop) return yield stop;
        yield* drain(EMPTY);
        continue;
      }
      if (!plan) {
        const first = scanner.push(chunk, 1);
        if (first.count === 0) continue;
        const stop = takeHeader(first);
        if (stop) return yield stop;
        yield* drain(EMPTY);
        continue;
      }
      // each chunk as it comes (a row piped in slowly is assessed at once), in pieces of about pieceBytes
      yield* drain(chunk);
    }
    if (!scanner && head) {
      // the input ended within its header's row, or just after it
      const rowEnd = rowEndOf(head);
      const lineEnd = rowEnd !== -1 ? rowEnd : lineEndOf(head);
      scanner = new RowScanner(
        (format === 'tsv'
          ? '\t'
          : detectDelimiter(head.toString('utf8', 0, lineEnd === -1 ? head.length : lineEnd))
        ).charCodeAt(0),
        headerLine,
        headerRecord,
      );
      scanner.push(head, 0);
    }
    if (scanner && !plan) {
      const first = scanner.end(Infinity, 1);
      if (first.count > 0) {
        const stop = takeHeader(first);
        if (stop) return yield stop;
      }
    }
    if (scanner && plan) {
      // the last rows, in pieces too (at the end of the input, every scan moves on)
      while (scanner.held > 0) yield* piece(scanner.end(pieceBytes));
    }
    if (lookAhead) yield* lookAhead.end();
    // after every row read: what the file lost at its end is said, not dropped in silence
    if (cutShort) yield fail(t(lang, 'csv.cutShort'), { line: scanner?.line ?? 1, column: 1 });
  } catch (e) {
    // the rows read before the failure are still each one item
    if (lookAhead) yield* lookAhead.end();
    if (e instanceof CsvFileError) return yield fail(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    return yield fail(
      code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot read (${code ?? (e as Error).message})`,
    );
  } finally {
    if ('destroy' in stream && typeof stream.destroy === 'function' && path !== '-')
      (stream as { destroy(): void }).destroy();
  }
  if (!plan) yield fail(t(lang, 'csv.empty'), { line: 1, column: 1 });
  else if (rows === 0) yield fail(t(lang, 'csv.noRows'), { line: scanner!.line, column: 1 });
}

/** Every data row of a CSV or TSV file as one item, in order. */
export async function* readCsvInput(
  path: string,
  format: 'csv' | 'tsv',
  options: CsvReadOptions,
): AsyncGenerator<ReadItem> {
  const items: ReadItem[] = [];
  for await (const piece of readCsvPieces(path, format, options)) {
    if (piece.kind === 'item') yield piece.item;
    else {
      rowItems(piece.plan, piece.scanned, (item) => items.push(item), piece.marks);
      yield* items.splice(0);
    }
  }
}

// The file's dialect as it is read (encoding, BOM, delimiter, line break), so that csv output can follow it.
interface SheetState {
  dialect: CsvDialect;
  /** the encoding is still unknown while every byte so far is ASCII */
  ascii: boolean;
}

function newSheetState(): SheetState {
  return {
    dialect: { delimiter: ',', encoding: 'utf-8', bom: false, lineBreak: '\n', decimalComma: false },
    ascii: false,
  };
}

function sheetEncoding(sheet: SheetState, encoding: Encoding | 'ascii', bom: boolean): void {
  sheet.ascii = encoding === 'ascii';
  sheet.dialect.bom = bom;
  if (encoding === 'win1252') sheet.dialect.encoding = 'windows-1252';
  else if (encoding === 'utf16le' || encoding === 'utf16be') sheet.dialect.encoding = 'utf-16le';
  else sheet.dialect.encoding = 'utf-8';
  // all ASCII so far and `;`-separated: French Excel's "CSV (point-virgule)", which is Windows-1252
  if (sheet.ascii && !bom && sheet.dialect.delimiter === ';') sheet.dialect.encoding = 'windows-1252';
}

function sheetLayoutOf(sheet: SheetState, delimiter: string, head: Buffer, lineEnd: number): void {
  const d = sheet.dialect;
  d.delimiter = delimiter === ';' || delimiter === '\t' ? delimiter : ',';
  d.lineBreak = head[lineEnd] === 0x0d ? (head[lineEnd + 1] === 0x0a ? '\r\n' : '\r') : '\n';
  d.decimalComma = d.delimiter === ';';
  if (sheet.ascii && !d.bom && d.delimiter === ';') d.encoding = 'windows-1252';
}
