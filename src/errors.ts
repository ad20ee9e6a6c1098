// Errors a user can fix print as one line each, never with a stack trace (unless --debug). Anything else
// is a bug in market-ready and is reported as such.
import type { Diagnostic } from './types.js';

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

export function formatLocation(d: Pick<Diagnostic, 'file' | 'row' | 'line' | 'column' | 'cell'>): string {
  if (d.cell) return formatCellPlace(d);
  if (d.line !== undefined) return `${d.file}:${d.line}:${d.column ?? 1}`;
  if (d.row !== undefined && d.row !== null) return `${d.file}:${d.row}`;
  return d.file;
}

/**
 * v2 (issue 12): a spreadsheet's cell in its own terms. An .xlsx cell: `prospects.xlsx [Feuil1] row 23, column X
 * (CA annuel (€))`. A CSV cell keeps the file's line:column (editors and CI jump to it), followed by the row as
 * Excel numbers it when a quoted cell spanning lines makes the two differ, and the column's letter and header.
 */
function formatCellPlace(d: Pick<Diagnostic, 'file' | 'line' | 'column' | 'cell'>): string {
  const cell = d.cell!;
  const column = cell.column ? `column ${cell.column}` : '';
  if (cell.sheet !== undefined) {
    const parts = [
      cell.row !== undefined ? `row ${cell.row}` : '',
      column ? `${column}${cell.header ? ` (${cell.header})` : ''}` : '',
    ].filter((p) => p !== '');
    return `${d.file} [${cell.sheet}]${parts.length > 0 ? ` ${parts.join(', ')}` : ''}`;
  }
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const parts = [
    cell.row !== undefined && cell.row !== d.line ? `row ${cell.row}` : '',
    column ? `${column}${cell.header ? ` ${JSON.stringify(cell.header)}` : ''}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? `${where} (${parts.join(', ')})` : where;
}

/** `file:line:column field: message`, the one-line form of every diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d);
  const message = shortened(d.message);
  return d.field ? `${where} ${d.field}: ${message}` : `${where}: ${message}`;
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
