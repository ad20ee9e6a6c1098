// Places results and findings in their input files, for the formats that annotate files (github, sarif, junit).
// Done only for those formats: a CSV profile builds its field positions on demand, and a million-row batch in
// json or ndjson should never pay for maps nobody reads.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Position, ReadItem, Result } from '../types.js';

const FIRST_LINE: Position = { line: 1, column: 1 };

/**
 * Sets `result.location` (the document or row) and each finding's `location` (its field's line and column, or
 * the document's when the field is absent from the file). Returns the same result.
 */
export function locateResult(result: Result, item: ReadItem): Result {
  if (item.kind === 'error') {
    const first = item.errors.find((e) => e.line !== undefined);
    result.location =
      item.position ??
      (first
        ? { line: first.line!, column: first.column ?? 1 }
        : item.source.row !== null
          ? { line: item.source.row, column: 1 }
          : FIRST_LINE);
    return result;
  }
  const profile = item.profile;
  const where =
    profile.position ?? (profile.source.row !== null ? { line: profile.source.row, column: 1 } : FIRST_LINE);
  result.location = where;
  const positions = profile.positions;
  for (const finding of result.findings) finding.location = positions?.get(finding.field) ?? where;
  return result;
}

/**
 * The file as CI tools want it: relative to `base`, the repository's root the CLI found (src/io/repository-root.ts;
 * the working directory when there is none)
 * with `/` separators, so that a run from a sub-folder (`working-directory: dossiers`, `assess ../dossiers`) names
 * the same file GitHub's annotations and code scanning look for. A file outside that folder stays as it was given
 * (absolute, or relative to the working directory); `<stdin>` stays as it is.
 */
export function reportPath(file: string, base?: string, cwd: string = process.cwd()): string {
  if (file === '<stdin>') return file;
  const root = base ?? cwd;
  const rel = relative(root, resolve(cwd, file));
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return file.split(sep).join('/').replace(/^\.\//, '');
}
