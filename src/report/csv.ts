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
import type { CellValue, CsvDialect, Result, SheetRow, Summary } from '../types.js';
import { chooseDialect } from './csv-dialect.js';
import { inputCells, layoutHeader, layoutOf, neutralise, toolCells, type SheetLayout } from './sheet.js';
import type { Formatter, ReportContext, SettledSheet } from './types.js';

interface CsvRun {
  settled: SettledSheet;
  layout: SheetLayout;
  dialect: CsvDialect;
  /** the header line, with the BOM when the dialect has one */
  header: string;
}

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
    header: (dialect.bom ? '\ufeff' : '') + stringify([layoutHeader(layout).map(neutralise)], options),
  };
  runs.set(ctx, run);
  return run;
}

/** A cell as text in the dialect: numbers with its decimal mark, empty for unknown, text neutralised. */
export function csvCell(value: CellValue, dialect: CsvDialect): string {
  if (value === null) return '';
  if (typeof value === 'number') return dialect.decimalComma ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutralise(value);
}

/** The cells that must be quoted: they hold the delimiter, a quote, a CR or an LF (csv-stringify's rule). */
const NEEDS_QUOTES: Record<CsvDialect['delimiter'], RegExp> = { ',': /[",\r\n]/, ';': /[";\r\n]/, '\t': /["\t\r\n]/ };

/**
 * A cell as csv-stringify writes it with the header's options (test/report/csv-output.test.ts holds the two
 * alike): a row is a few cells, and csv-stringify's per-call set-up cost more than all of them.
 */
export function quoteCell(text: string, delimiter: CsvDialect['delimiter']): string {
  if (!NEEDS_QUOTES[delimiter].test(text)) return text;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/**
 * What in a row's input cells, joined by the delimiter, asks for a look cell by cell: a quote, CR, LF or NUL, or
 * a cell starting like a formula (a minus not starting a plain number; see neutralise).
 */
const SPECIAL = /["\r\n\0]/;
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
function inputText(cells: readonly CellValue[], dialect: CsvDialect): string {
  const { delimiter } = dialect;
  let text = true;
  for (let i = 0; i < cells.length && text; i++) text = typeof cells[i] === 'string';
  if (text) {
    const line = cells.join(delimiter);
    if (!SPECIAL.test(line) && !FORMULA_START[delimiter].test(line)) {
      let count = 0;
      for (let at = line.indexOf(delimiter); at !== -1; at = line.indexOf(delimiter, at + 1)) count++;
      if (count === cells.length - 1) return line;
    }
  }
  let line = '';
  for (let i = 0; i < cells.length; i++)
    line += (i === 0 ? '' : delimiter) + quoteCell(csvCell(cells[i]!, dialect), delimiter);
  return line;
}

function csvRecord(run: CsvRun, result: Result): string {
  const { cells, other } = inputCells(run.layout, result);
  const { dialect } = run;
  const { delimiter } = dialect;
  let line = cells.length > 0 ? inputText(cells, dialect) + delimiter : '';
  const tool = toolCells(run.layout, result, other);
  for (let i = 0; i < tool.length; i++)
    line += quoteCell(csvCell(tool[i]!, dialect), delimiter) + (i < tool.length - 1 ? delimiter : dialect.lineBreak);
  return line;
}

/** The encoding the run writes in (known once it has settled); UTF-8 before that. */
export function csvEncoding(ctx: ReportContext): CsvDialect['encoding'] {
  return runs.get(ctx)?.dialect.encoding ?? 'utf-8';
}

export const csv: Formatter = {
  streaming: true,
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
