// v2 (issue 12): `--columns map.yaml`, a user's map from a spreadsheet's own headers (a CRM export's
// `Account Name`, `Acct_Country`) to field paths. It is checked like a rule pack, before any row is read: a
// path that is no field is an error at its line and column, with the closest path.
import { decodeText } from '../io/decode.js';
import { readSmallFile, SmallFileError } from '../io/small-file.js';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { FIELDS } from '../profile/fields.js';
import type { ColumnsMap } from '../profile/headers.js';
import { suggest } from '../profile/suggest.js';
import { textKey } from '../profile/text-key.js';
import { t } from '../i18n/index.js';
import type { Diagnostic, Lang } from '../types.js';

const PATHS = FIELDS.map((f) => f.path);
const MAX_BYTES = 256 * 1024;

/** Reads and checks a --columns file; throws a UserError naming every problem, in the run's language. */
export async function loadColumnsMap(file: string, lang: Lang = 'en'): Promise<ColumnsMap> {
  let bytes: Buffer;
  try {
    // bounded, and a FIFO or a device refused at once rather than read for ever (src/io/small-file.ts)
    bytes = readSmallFile(file, MAX_BYTES);
  } catch (e) {
    if (e instanceof SmallFileError && e.code === 'EFBIG') {
      throw new UserError(t(lang, 'columns.tooLarge', { file, bytes: e.size }));
    }
    const code = (e as NodeJS.ErrnoException).code;
    // the words a user reads for a missing or forbidden file, as for an input, not the bare errno code
    const reason =
      e instanceof SmallFileError && e.message !== e.code
        ? e.message
        : code === 'ENOENT'
          ? t(lang, 'input.missing')
          : code === 'EACCES'
            ? t(lang, 'input.permissionDenied')
            : code;
    // a diagnostic naming the file, so that its line is `file: error: ...` as an input's is
    const message = t(lang, 'columns.unreadable', { reason: reason ?? (e as Error).message });
    throw new UserError(`${file}: ${message}`, [{ severity: 'error', file, message }]);
  }
  // in the encodings a CSV is read in: a map written in Notepad on a French office's PC is Windows-1252 or UTF-16,
  // whose accented headers read as UTF-8 became U+FFFD and then matched no column of the file it maps
  const decoded = decodeText(bytes, lang);
  if ('error' in decoded) {
    const where = decoded.line !== undefined ? { line: decoded.line, column: decoded.column ?? 1 } : {};
    throw new UserError(`${file}: ${decoded.error}`, [{ severity: 'error', file, ...where, message: decoded.error }]);
  }
  return parseColumnsMap(file, decoded.text, lang);
}

/** Checks the text of a --columns file: a mapping of header -> field path. */
export function parseColumnsMap(file: string, text: string, lang: Lang = 'en'): ColumnsMap {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const at = (offset: number | undefined): { line: number; column: number } => {
    const p = lines.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  const problems: Diagnostic[] = [];
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const message = t(lang, 'columns.syntax', { message: e.message.split('\n')[0] });
    throw new UserError(message, [{ severity: 'error', file, ...at(e.pos[0]), message }]);
  }
  const contents = doc.contents;
  if (!isMap(contents)) {
    const message = t(lang, 'columns.notMap');
    throw new UserError(message, [{ severity: 'error', file, line: 1, column: 1, message }]);
  }
  const map = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? pair.key : null;
    const value = isScalar(pair.value) ? pair.value : null;
    const where = at(key?.range?.[0]);
    if (!key || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
      problems.push({ severity: 'error', file, ...where, message: t(lang, 'columns.headerText') });
      continue;
    }
    const header = String(key.value).trim();
    const valueWhere = at(value?.range?.[0] ?? key.range?.[0]);
    if (!value || typeof value.value !== 'string') {
      const message = t(lang, 'columns.expectedPath', { header: JSON.stringify(header) });
      problems.push({ severity: 'error', file, ...valueWhere, message });
      continue;
    }
    const path = value.value.trim();
    const known = PATHS.find((p) => p.toLowerCase() === path.toLowerCase());
    if (!known) {
      const hint = suggest(path, PATHS);
      const message = t(lang, 'columns.unknownPath', {
        path: JSON.stringify(path),
        hint: hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '',
      });
      problems.push({ severity: 'error', file, ...valueWhere, message });
      continue;
    }
    const before = seen.get(textKey(header));
    if (before !== undefined) {
      const message = t(lang, 'columns.twice', { header: JSON.stringify(header), line: before });
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
