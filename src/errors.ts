// Errors a user can fix print as one line each, never with a stack trace (unless --debug). Anything else
// is a bug in market-ready and is reported as such.
import type { Diagnostic } from './types.js';

export class UserError extends Error {
  constructor(message: string, readonly diagnostics: Diagnostic[] = []) {
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

export function formatLocation(d: Pick<Diagnostic, 'file' | 'row' | 'line' | 'column'>): string {
  if (d.line !== undefined) return `${d.file}:${d.line}:${d.column ?? 1}`;
  if (d.row !== undefined && d.row !== null) return `${d.file}:${d.row}`;
  return d.file;
}

/** `file:line:column field: message`, the one-line form of every diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d);
  return d.field ? `${where} ${d.field}: ${d.message}` : `${where}: ${d.message}`;
}
