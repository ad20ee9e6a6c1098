// Errors a user can fix print as one line each, never with a stack trace (unless --debug). Anything else
// is a bug in market-ready and is reported as such.
import { t } from './i18n/index.js';
import type { CellPlace, Diagnostic, Lang } from './types.js';

export class UserError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A rule pack that failed validation: every problem found, each with file, line:column and path. */
export class PackError extends UserError {
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'), diagnostics);
    this.name = 'PackError';
  }
}

export function formatLocation(
  d: Pick<Diagnostic, 'file' | 'row' | 'line' | 'column' | 'cell'>,
  lang: Lang = 'en',
): string {
  if (d.cell) return formatCellPlace(d, lang);
  if (d.line !== undefined) return `${d.file}:${d.line}:${d.column ?? 1}`;
  if (d.row !== undefined && d.row !== null) return `${d.file}:${d.row}`;
  return d.file;
}

/**
 * v2 (issue 12): a spreadsheet's cell in its own terms. An .xlsx cell: `prospects.xlsx [Feuil1] row 23, column X
 * (CA annuel (€))`. A CSV cell keeps the file's line:column (editors and CI jump to it) while the row as Excel
 * numbers it is that line, then the column's letter and header: `prospects.csv:23:24 (column X "CA annuel (€)")`;
 * where a quoted cell over lines (or a `sep=` line) makes them differ, the row comes first and the line beside
 * it: `prospects.csv row 23 (line 25), column X "CA annuel (€)"`. The words are the run's language.
 */
function formatCellPlace(d: Pick<Diagnostic, 'file' | 'line' | 'column' | 'cell'>, lang: Lang): string {
  const cell = d.cell!;
  if (cell.sheet !== undefined) return `${d.file} ${sheetCellWords(cell, cell.sheet, lang)}`;
  const header = csvColumnWords(cell, lang);
  if (cell.row !== undefined && d.line !== undefined && cell.row !== d.line) {
    const row = t(lang, 'place.rowLine', { row: cell.row, line: d.line });
    return `${d.file} ${row}${header ? `${t(lang, 'place.separator')}${header}` : ''}`;
  }
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  return header ? `${where} (${header})` : where;
}

/** An .xlsx cell in its sheet's terms: `[Feuil1] row 23, column X (CA annuel (€))`, the words in `lang`. */
function sheetCellWords(cell: CellPlace, sheet: string, lang: Lang): string {
  const column = cell.column ? t(lang, 'place.column', { column: cell.column }) : '';
  const parts = [
    cell.row !== undefined ? t(lang, 'place.row', { row: cell.row }) : '',
    column ? `${column}${cell.header ? ` (${cell.header})` : ''}` : '',
  ].filter((p) => p !== '');
  return `[${sheet}]${parts.length > 0 ? ` ${parts.join(t(lang, 'place.separator'))}` : ''}`;
}

/** A CSV cell's column by its letter and header: `column X "CA annuel (€)"`, or '' when it has no column. */
function csvColumnWords(cell: CellPlace, lang: Lang): string {
  if (!cell.column) return '';
  const column = t(lang, 'place.column', { column: cell.column });
  return cell.header ? `${column} ${JSON.stringify(cell.header)}` : column;
}

/**
 * Where a profile is, for the line that names a result: `file:23` for a spreadsheet row (or the line of a CSV
 * row, the same), `file row 23 (line 25)` where a CSV row's line is not its row, `file #2` for a YAML document.
 */
export function formatSource(
  source: { file: string; row: number | null; document: number | null; line?: number },
  lang: Lang = 'en',
): string {
  if (source.row !== null) {
    if (source.line !== undefined && source.line !== source.row)
      return `${source.file} ${t(lang, 'place.rowLine', { row: source.row, line: source.line })}`;
    return `${source.file}:${source.row}`;
  }
  if (source.document) return `${source.file} #${source.document + 1}`;
  return source.file;
}

/** `file:line:column field: message`, the one-line form of every diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  return formatDiagnosticIn(d, 'en');
}

/** formatDiagnostic with the place's words (row, line, column) in the run's language, as its message is. */
export function formatDiagnosticIn(d: Diagnostic, lang: Lang): string {
  const where = formatLocation(d, lang);
  const message = shortened(d.message);
  return d.field ? `${where} ${d.field}: ${message}` : `${where}: ${message}`;
}

/**
 * The line a diagnostic prints on stderr (and junit repeats), in the form GCC prints and problem matchers read (VS
 * Code's `$gcc`, Jenkins' warnings-ng, Emacs, vim's quickfix): `file:line:column: error: field: message`, the
 * severity word in English whatever the language, as gcc's. A spreadsheet's cell is named after the field, where
 * the matcher takes it as part of the message: `prospects.csv:4:13: error: brand.country (row 2, column C): ...`
 * (the row only where it is not the line). With no line:column to give (an .xlsx cell, a file that cannot be read
 * at all), `file: error: ...`, which no matcher mistakes for a line.
 */
export function diagnosticLine(d: Diagnostic, lang: Lang): string {
  const severity = d.severity === 'warning' ? 'warning' : 'error';
  const at = d.line !== undefined && d.cell?.sheet === undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const place = placeWords(d, lang);
  const about = d.field ? (place ? `${d.field} (${place})` : d.field) : place;
  return `${at}: ${severity}: ${about ? `${about}: ` : ''}${shortened(d.message)}`;
}

/** What diagnosticLine says of a place beside its line:column: the sheet, row and column a person looks for. */
function placeWords(d: Diagnostic, lang: Lang): string {
  const cell = d.cell;
  const rowWords = (row: number | null | undefined): string =>
    row !== undefined && row !== null ? t(lang, 'place.row', { row }) : '';
  if (!cell) return d.line === undefined ? rowWords(d.row) : '';
  if (cell.sheet !== undefined) return sheetCellWords(cell, cell.sheet, lang);
  const header = csvColumnWords(cell, lang);
  // the row as the spreadsheet numbers it, where the line does not say it (a quoted cell over lines above)
  const row = d.line === undefined || cell.row !== d.line ? rowWords(cell.row) : '';
  return [row, header].filter((p) => p !== '').join(t(lang, 'place.separator'));
}

/**
 * A message on one line is for a person: one quoting a megabyte header or value (which the json report still
 * carries whole) is cut to its first MAX_MESSAGE_CHARS characters and says how many more there were, rather than
 * flooding a terminal or a CI log with one line of a megabyte.
 */
export const MAX_MESSAGE_CHARS = 1000;
function shortened(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  // never half of a surrogate pair
  const end = /[\ud800-\udbff]/.test(message[MAX_MESSAGE_CHARS - 1]!) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
  return `${message.slice(0, end)}… (${message.length - end} more characters)`;
}
