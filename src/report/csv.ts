// `--format csv`: the spreadsheet handed back, one row per input profile, written as each one is assessed. The
// input's own columns first, unchanged, then the tool's (see sheet.ts), in the user's dialect (csv-dialect.ts):
// delimiter, line breaks and decimal comma here; the encoding and BOM are applied by the sink (write/encoded.ts),
// since a formatter returns text. Quoting is csv-stringify's, with any CR or LF in a cell quoted too (a bare CR
// left unquoted splits the row for Excel and Python), and formula-looking cells neutralised.
//
// The columns and dialect are settled once per run, by its first result, or ahead of it by the pipeline (from
// the first spreadsheet's header and dialect) so that slices formatted on worker threads write the same rows:
// `result()` then depends on nothing but its arguments and that plain setting (ReportContext.sheet.settled).
import { stringify } from 'csv-stringify/sync';
import { CELL_WORDS, cellEnd, cellStart, ROW_HEAD } from '../read/csv-scan.js';
import { cellCount } from '../read/sheet-plan.js';
import type { CellValue, CsvDialect, Lang, Result, SheetRow, Summary } from '../types.js';
import { chooseDialect } from './csv-dialect.js';
import {
  inputCells,
  layoutHeader,
  layoutOf,
  neutralise,
  sameColumns,
  toolCells,
  type SheetLayout,
  type ToolColumn,
} from './sheet.js';
import type { Formatter, ReportContext, SettledSheet } from './types.js';

interface CsvRun {
  settled: SettledSheet;
  layout: SheetLayout;
  dialect: CsvDialect;
  /** the header line, with the BOM when the dialect has one */
  header: string;
  /** 1 for each tool column in FEW_VALUES, in the layout's order */
  few: Uint8Array;
  /** those columns' cells as written, by value (the same value writes the same cell in every such column) */
  written: Map<CellValue, string>;
  /** the same for a number of one decimal from 0 to 100 (a score, a completeness), by ten times its value */
  tenths: { values: Float64Array; cells: (string | undefined)[] };
  /** the same for the first few texts (a verdict, its words, what decided it), looked through in order */
  texts: { values: string[]; cells: string[] };
  /** how a yes/no cell of an .xlsx input is written, in the report's language */
  yesNo: YesNo;
}

/** A yes/no cell's text: [yes, no]. */
type YesNo = readonly [string, string];

/**
 * An .xlsx input's yes/no cell in the report's language: French Excel shows `true` as text, and a French reader
 * writes oui/non; each pair is one the tool reads back as the same boolean (profile/convert.ts BOOLEANS).
 */
const YES_NO: Record<Lang, YesNo> = { en: ['true', 'false'], fr: ['oui', 'non'], zh: ['是', '否'] };

const runs = new WeakMap<ReportContext, CsvRun>();

/**
 * The run's columns and dialect: settled already (by an earlier result, or by the pipeline in the setup), else
 * now from `first`, the spreadsheet row the run's first result comes from (none for YAML, JSON, a file's error).
 */
export function settleCsv(ctx: ReportContext, first: Pick<SheetRow, 'header' | 'dialect'> | undefined): SettledSheet {
  return runOf(ctx, first).settled;
}

function runOf(ctx: ReportContext, first: Pick<SheetRow, 'header' | 'dialect'> | undefined): CsvRun {
  const existing = runs.get(ctx);
  if (existing) return existing;
  const settled: SettledSheet = ctx.sheet?.settled ?? {
    input: first?.header ?? [],
    // a copy: the reader may still learn the input's encoding after the first row (ASCII so far)
    dialect: { ...chooseDialect(ctx.lang, ctx.sheet, first?.dialect) },
  };
  const { dialect } = settled;
  const layout = layoutOf(settled.input, ctx.lang, ctx.words);
  const options = {
    delimiter: dialect.delimiter,
    record_delimiter: dialect.lineBreak,
    quoted_match: /[\r\n]/,
    eof: true,
  };
  const run: CsvRun = {
    settled,
    layout,
    dialect,
    header:
      (dialect.bom ? '\ufeff' : '') +
      // Excel's hint naming the delimiter, written back where the input had it: without it, an Excel whose
      // locale has another list separator opens the report in one column
      (dialect.sepLine ? `sep=${dialect.delimiter}${dialect.lineBreak}` : '') +
      stringify([layoutHeader(layout).map(neutralise)], options),
    few: Uint8Array.from(layout.tool, (column) => (FEW_VALUES.has(column) ? 1 : 0)),
    written: new Map(),
    tenths: { values: new Float64Array(TENTHS), cells: new Array<string | undefined>(TENTHS) },
    texts: { values: [], cells: [] },
    yesNo: YES_NO[ctx.lang],
  };
  runs.set(ctx, run);
  return run;
}

/**
 * A cell as text in the dialect: numbers with its decimal mark, empty for unknown, yes/no in the report's words,
 * text neutralised.
 */
export function csvCell(value: CellValue, dialect: CsvDialect, yesNo: YesNo = YES_NO.en): string {
  if (value === null) return '';
  if (typeof value === 'number') return dialect.decimalComma ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'boolean') return value ? yesNo[0] : yesNo[1];
  return neutralise(value);
}

/**
 * A cell as csv-stringify writes it with the header's options (test/report/csv-output.test.ts holds the two
 * alike): a row is a few cells, and csv-stringify's per-call set-up cost more than all of them.
 */
export function quoteCell(text: string, delimiter: CsvDialect['delimiter']): string {
  // the cells that must be quoted hold the delimiter, a quote, a CR or an LF (csv-stringify's rule). Four native
  // searches for one character each: ≈ 3x faster than a class like /[",\r\n]/ on a reasons cell (190
  // characters: 115 ns against 260-320 ns), and the tool's text cells are checked on every row
  if (!text.includes('"') && !text.includes(delimiter) && !text.includes('\n') && !text.includes('\r')) return text;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/**
 * What in a row's input cells, joined by the delimiter, asks for a look cell by cell: a quote, CR, LF or NUL, or
 * a cell starting like a formula (a minus not starting a plain number; see neutralise).
 */
const FORMULA_START: Record<CsvDialect['delimiter'], RegExp> = {
  ',': /(?:^|,)(?:[=+@\t]|-(?!\d+(?:[.,]\d+)?(?:,|$)))/,
  ';': /(?:^|;)(?:[=+@\t]|-(?!\d+(?:[.,]\d+)?(?:;|$)))/,
  '\t': /(?:^|\t)(?:[=+@\t]|-(?!\d+(?:[.,]\d+)?(?:\t|$)))/,
};

/**
 * A row's input cells as written: at once when they are all plain text (the usual row of a csv input), checked
 * by two native regexes and a count of the delimiters (one more than expected is a delimiter inside a cell);
 * otherwise cell by cell.
 */
function inputText(cells: readonly CellValue[], dialect: CsvDialect, yesNo: YesNo): string {
  const { delimiter } = dialect;
  let text = true;
  for (let i = 0; i < cells.length && text; i++) text = typeof cells[i] === 'string';
  if (text) {
    const line = cells.join(delimiter);
    // four native searches for one character each, ≈ 3x faster than a class /["\r\n\0]/ on a long text
    const special = line.includes('"') || line.includes('\n') || line.includes('\r') || line.includes('\0');
    if (!special && !FORMULA_START[delimiter].test(line)) {
      let count = 0;
      for (let at = line.indexOf(delimiter); at !== -1; at = line.indexOf(delimiter, at + 1)) count++;
      if (count === cells.length - 1) return line;
    }
  }
  let line = '';
  for (let i = 0; i < cells.length; i++)
    line += (i === 0 ? '' : delimiter) + quoteCell(csvCell(cells[i]!, dialect, yesNo), delimiter);
  return line;
}

function csvRecord(run: CsvRun, result: Result): string {
  const { cells, other } = inputCells(run.layout, result);
  const { delimiter } = run.dialect;
  return toolText(run, result, other, cells.length > 0 ? inputText(cells, run.dialect, run.yesNo) + delimiter : '');
}

/**
 * The tool's columns whose cells come from a few values (a verdict and its words, what decided it, the score,
 * the threshold, the completeness): each value's written cell is made once and kept (see CsvRun.written).
 */
const FEW_VALUES: ReadonlySet<ToolColumn> = new Set<ToolColumn>([
  'verdict',
  'decision',
  'decidedBy',
  'score',
  'threshold',
  'completeness',
]);
/** Written cells kept per run, at most: scores and completenesses with one decimal are about 2,000 values. */
const WRITTEN_MAX = 4096;
/** The numbers of one decimal kept apart (CsvRun.tenths): 0, 0.1, ... 100. */
const TENTHS = 1001;
/** The texts kept apart (CsvRun.texts): the verdicts, their words and what decided them are nine in a language. */
const TEXTS_MAX = 16;

/**
 * A few-valued column's cell as written (see FEW_VALUES): a score or a completeness found by ten times its value
 * in an array, a verdict and its words among a few texts (the same string each row, compared at once), rather
 * than in the Map, whose search for the six cells of a row (a number hashed each time) was 30 of the worker's
 * 1,670 samples in a profile at 200,000 rows
 */
function fewCell(run: CsvRun, value: CellValue): string {
  // no value (what decided the verdict of a profile that could not be read): an empty cell, as csvCell writes it
  if (value === null) return '';
  if (typeof value === 'string') {
    const { values, cells } = run.texts;
    for (let i = 0; i < values.length; i++) if (values[i] === value) return cells[i]!;
    if (values.length < TEXTS_MAX) {
      const cell = quoteCell(csvCell(value, run.dialect, run.yesNo), run.dialect.delimiter);
      values.push(value);
      cells.push(cell);
      return cell;
    }
  } else if (typeof value === 'number') {
    const tenth = value * 10;
    // the value itself is compared too: two numbers whose tenfold rounds alike do not share a cell
    if (tenth >= 0 && tenth < TENTHS && Number.isInteger(tenth)) {
      const { values, cells } = run.tenths;
      const kept = cells[tenth];
      if (kept !== undefined && values[tenth] === value) return kept;
      const cell = quoteCell(csvCell(value, run.dialect, run.yesNo), run.dialect.delimiter);
      values[tenth] = value;
      cells[tenth] = cell;
      return cell;
    }
  }
  let cell = run.written.get(value);
  if (cell === undefined) {
    cell = quoteCell(csvCell(value, run.dialect, run.yesNo), run.dialect.delimiter);
    if (run.written.size < WRITTEN_MAX) run.written.set(value, cell);
  }
  return cell;
}

/** `lead` followed by the tool's cells of a result and the line break: one string, written at once. */
function toolText(run: CsvRun, result: Result, other: string, lead: string): string {
  const { dialect, few, yesNo } = run;
  const { delimiter } = dialect;
  const tool = toolCells(run.layout, result, other);
  let line = lead;
  for (let i = 0; i < tool.length; i++) {
    const value = tool[i]!;
    const cell = few[i] === 1 ? fewCell(run, value) : quoteCell(csvCell(value, dialect, yesNo), delimiter);
    line += cell + (i < tool.length - 1 ? delimiter : dialect.lineBreak);
  }
  return line;
}

/** Where a slice's csv rows are written: text, and runs of the input's own bytes (UTF-8, as the scanner had them). */
export interface CsvOut {
  add(text: string): void;
  addBytes(bytes: Buffer, from: number, to: number): void;
}

/** A row as the one CSV scanner left it (src/read/csv-scan.ts): the piece's bytes and rows, and where it is. */
export interface ScannedAt {
  bytes: Buffer;
  rows: Int32Array;
  at: number;
}

/** The first bytes of a cell that neutralise looks at: = + - @ TAB CR. */
const FORMULA_BYTES = new Uint8Array(256);
for (const c of [61, 43, 45, 64, 9, 13]) FORMULA_BYTES[c] = 1;

/** Whether bytes[start, end) are neutralise's plain negative number, `-\d+(?:[.,]\d+)?` (left as it is). */
function plainNegative(bytes: Buffer, start: number, end: number): boolean {
  let i = start + 1;
  while (i < end && isDigit(bytes[i]!)) i++;
  if (i === start + 1) return false;
  if (i === end) return true;
  if (bytes[i] !== 0x2c && bytes[i] !== 0x2e) return false;
  const fraction = ++i;
  while (i < end && isDigit(bytes[i]!)) i++;
  return i > fraction && i === end;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Writes the slices' csv rows, each as `csv.result` writes it. A row's input cells go out as the input's own
 * bytes, copied, when they would be written the same: no string is joined, checked and encoded again for the
 * usual row of a csv input. That is when its file's delimiter is the run's, it has the layout's columns, it is
 * valid UTF-8, no cell starts like a formula (see neutralise) and no byte of it or around it is a quote: an
 * unquoted cell then holds no delimiter, CR, LF or NUL (the scanner would have cut or refused it), so csvCell
 * and quoteCell give it back unchanged. Any other row is written by csv.result.
 */
export function csvRowWriter(
  ctx: ReportContext,
): (result: Result, index: number, from: ScannedAt, out: CsvOut) => void {
  /** the first quote at or after `quoteFrom` in `quoteIn` (-1: none): looked for again only once a row passes it */
  let quoteIn: Buffer | null = null;
  let quoteFrom = 0;
  let quoteAt = -1;
  const hasQuote = (bytes: Buffer, from: number, to: number): boolean => {
    if (bytes !== quoteIn || from < quoteFrom || (quoteAt !== -1 && quoteAt < from)) {
      quoteIn = bytes;
      quoteFrom = from;
      quoteAt = bytes.indexOf(0x22, from);
    }
    return quoteAt !== -1 && quoteAt < to;
  };
  return (result, index, { bytes, rows, at }, out) => {
    const run = runOf(ctx, result.row);
    const head = index === 0 ? run.header : '';
    const row = result.row;
    const n = rows[at + 5]!;
    const width = run.layout.input.length;
    if (
      row === undefined ||
      n === 0 ||
      n !== width ||
      // the count, not the cells: a scanned row's cells are decoded only when read (see read/sheet-plan.ts)
      cellCount(row) !== n ||
      row.dialect?.delimiter !== run.dialect.delimiter ||
      !sameColumns(run.layout, row)
    ) {
      out.add(head + csvRecord(run, result));
      return;
    }
    const first = at + ROW_HEAD;
    const last = first + CELL_WORDS * (n - 1);
    const from = cellStart(rows[first]!);
    const to = cellEnd(rows[last + 1]!);
    // a quoted first or last cell has its quote just outside [from, to). A row that is not all ASCII is valid
    // UTF-8 when its result is no error: readRow checks these same bytes, and a row that is not is its error
    let plain =
      !hasQuote(bytes, from > 0 ? from - 1 : 0, to + 1) && ((rows[at + 4]! & 1) === 1 || result.verdict !== 'error');
    for (let k = first; plain && k <= last; k += CELL_WORDS) {
      const start = rows[k]!;
      if (start < 0) {
        // not ASCII: its first byte is then no formula's
        if (FORMULA_BYTES[bytes[~start]!] === 1) plain = false;
        continue;
      }
      const c = bytes[start]!;
      if (FORMULA_BYTES[c] === 1 && start < rows[k + 1]!) plain = c === 45 && plainNegative(bytes, start, rows[k + 1]!);
    }
    if (!plain) {
      out.add(head + csvRecord(run, result));
      return;
    }
    if (head !== '') out.add(head);
    out.addBytes(bytes, from, to);
    out.add(toolText(run, result, '', run.dialect.delimiter));
  };
}

/** The encoding the run writes in (known once it has settled); UTF-8 before that. */
export function csvEncoding(ctx: ReportContext): CsvDialect['encoding'] {
  return runs.get(ctx)?.dialect.encoding ?? 'utf-8';
}

export const csv: Formatter = {
  streaming: true,
  needs: 'sheet',
  // written with the first row (the report's index 0, whichever thread formats it), whose header it follows
  header: () => '',
  result(result, ctx, index) {
    const run = runOf(ctx, result.row);
    return (index === 0 ? run.header : '') + csvRecord(run, result);
  },
  footer(ctx, summary: Summary, kept: readonly Result[]) {
    // every result streamed (the first with the header)
    if (kept.length === 0 && summary.total > 0) return '';
    // results kept in memory (the library), or no input at all
    const run = runOf(ctx, kept[0]?.row);
    return run.header + kept.map((r) => csvRecord(run, r)).join('');
  },
};
