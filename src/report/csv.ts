// `--format csv`: the spreadsheet handed back, one row per input profile, written as each one is assessed. The
// input's own columns first, unchanged, then the tool's (see sheet.ts), in the user's dialect (csv-dialect.ts):
// delimiter, line breaks and decimal comma here; the encoding and BOM are applied by the sink (write/encoded.ts),
// since a formatter returns text. Quoting is csv-stringify's, with any CR or LF in a cell quoted too (a bare CR
// left unquoted splits the row for Excel and Python), and formula-looking cells neutralised.
import { stringify } from 'csv-stringify/sync';
import type { CellValue, CsvDialect, Result, Summary } from '../types.js';
import { chooseDialect } from './csv-dialect.js';
import { inputCells, layoutHeader, neutralise, sheetLayout, toolCells, type SheetLayout } from './sheet.js';
import type { Formatter, ReportContext } from './types.js';

interface CsvRun {
  layout: SheetLayout;
  dialect: CsvDialect;
  options: Parameters<typeof stringify>[1];
}

// the layout and dialect are fixed by the first result of a run (its row's header and dialect); one run, one ctx
const runs = new WeakMap<ReportContext, CsvRun>();

function start(ctx: ReportContext, first: Result | undefined): { run: CsvRun; header: string } {
  // a copy: the reader may still learn the input's encoding after the first row (ASCII so far)
  const dialect = { ...chooseDialect(ctx.lang, ctx.sheet, first?.row?.dialect) };
  const layout = sheetLayout(first, ctx.lang, ctx.words);
  const options = {
    delimiter: dialect.delimiter,
    record_delimiter: dialect.lineBreak,
    quoted_match: /[\r\n]/,
    eof: true,
  };
  const run: CsvRun = { layout, dialect, options };
  runs.set(ctx, run);
  const bom = dialect.bom ? '\ufeff' : '';
  return { run, header: bom + stringify([layoutHeader(layout).map(neutralise)], options) };
}

/** A cell as text in the dialect: numbers with its decimal mark, empty for unknown, text neutralised. */
export function csvCell(value: CellValue, dialect: CsvDialect): string {
  if (value === null) return '';
  if (typeof value === 'number') return dialect.decimalComma ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutralise(value);
}

export function csvRecord(run: CsvRun, result: Result): string {
  const { cells, other } = inputCells(run.layout, result);
  const all = [...cells, ...toolCells(run.layout, result, other)];
  return stringify([all.map((c) => csvCell(c, run.dialect))], run.options);
}

/** The encoding the run writes in (known once the first result or the footer is out); UTF-8 before that. */
export function csvEncoding(ctx: ReportContext): CsvDialect['encoding'] {
  return runs.get(ctx)?.dialect.encoding ?? 'utf-8';
}

export const csv: Formatter = {
  streaming: true,
  // written with the first row, whose header and dialect it follows
  header: () => '',
  result(result, ctx) {
    const existing = runs.get(ctx);
    if (existing) return csvRecord(existing, result);
    const { run, header } = start(ctx, result);
    return header + csvRecord(run, result);
  },
  footer(ctx, _summary: Summary, kept: readonly Result[]) {
    if (runs.has(ctx)) return '';
    // nothing streamed: results kept in memory (the library), or no input at all
    const { run, header } = start(ctx, kept[0]);
    return header + kept.map((r) => csvRecord(run, r)).join('');
  },
};
