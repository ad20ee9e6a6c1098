// v2 (issue 12): `--columns map.yaml`, a user's map from a spreadsheet's own headers (a CRM export's
// `Account Name`, `Acct_Country`) to field paths. It is checked like a rule pack, before any row is read: a
// path that is no field is an error at its line and column, with the closest path.
import { readSmallFile, SmallFileError } from '../io/small-file.js';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { FIELDS } from '../profile/fields.js';
import type { ColumnsMap } from '../profile/headers.js';
import { suggest } from '../profile/suggest.js';
import { textKey } from '../profile/text-key.js';
import type { Diagnostic } from '../types.js';

const PATHS = FIELDS.map((f) => f.path);
const MAX_BYTES = 256 * 1024;

/** Reads and checks a --columns file; throws a UserError naming every problem. */
export async function loadColumnsMap(file: string): Promise<ColumnsMap> {
  let text: string;
  try {
    // bounded, and a FIFO or a device refused at once rather than read for ever (src/io/small-file.ts)
    text = readSmallFile(file, MAX_BYTES)
      .toString('utf8')
      .replace(/^\ufeff/, '');
  } catch (e) {
    if (e instanceof SmallFileError && e.code === 'EFBIG') {
      throw new UserError(
        `${file}: a --columns file is a short YAML map of headers to field paths; this one is ${e.size} bytes`,
      );
    }
    const reason = e instanceof SmallFileError && e.message !== e.code ? e.message : (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the --columns file (${reason ?? (e as Error).message})`);
  }
  return parseColumnsMap(file, text);
}

/** Checks the text of a --columns file: a mapping of header -> field path. */
export function parseColumnsMap(file: string, text: string): ColumnsMap {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const at = (offset: number | undefined): { line: number; column: number } => {
    const p = lines.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  const problems: Diagnostic[] = [];
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const message = `YAML syntax: ${e.message.split('\n')[0]}`;
    throw new UserError(message, [{ severity: 'error', file, ...at(e.pos[0]), message }]);
  }
  const contents = doc.contents;
  if (!isMap(contents)) {
    const message = 'expected a map of spreadsheet headers to field paths, such as "Account Name: brand.name"';
    throw new UserError(message, [{ severity: 'error', file, line: 1, column: 1, message }]);
  }
  const map = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? pair.key : null;
    const value = isScalar(pair.value) ? pair.value : null;
    const where = at(key?.range?.[0]);
    if (!key || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
      problems.push({ severity: 'error', file, ...where, message: 'a header is a text, such as "Account Name"' });
      continue;
    }
    const header = String(key.value).trim();
    const valueWhere = at(value?.range?.[0] ?? key.range?.[0]);
    if (!value || typeof value.value !== 'string') {
      const message = `${JSON.stringify(header)}: expected a field path, such as brand.name`;
      problems.push({ severity: 'error', file, ...valueWhere, message });
      continue;
    }
    const path = value.value.trim();
    const known = PATHS.find((p) => p.toLowerCase() === path.toLowerCase());
    if (!known) {
      const hint = suggest(path, PATHS);
      const message = `${JSON.stringify(path)} is not a profile field${hint ? ` (did you mean ${hint}?)` : ''}`;
      problems.push({ severity: 'error', file, ...valueWhere, message });
      continue;
    }
    const before = seen.get(textKey(header));
    if (before !== undefined) {
      const message = `${JSON.stringify(header)} is mapped twice (first on line ${before})`;
      problems.push({ severity: 'error', file, ...where, message });
      continue;
    }
    seen.set(textKey(header), where.line);
    map.set(header, known);
    map.set(textKey(header), known);
  }
  if (problems.length > 0) throw new UserError(problems.map((p) => p.message).join('; '), problems);
  return map;
}
