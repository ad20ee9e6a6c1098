// Expands the command's inputs (files, directories, `-` for stdin) into a stream of read items, one per
// profile, in a stable order. A path that cannot be read becomes an error item; it never stops the run.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { glob } from 'tinyglobby';
import type { Diagnostic, Lang, ReadItem } from '../types.js';
import { t } from '../i18n/index.js';
import { diagnosticLine } from '../errors.js';
import { forTerminal } from '../report/escape.js';
import { readDocumentText, type ReadOptions } from './read-document.js';
import { decodeText } from './decode.js';

export type InputFormat = 'yaml' | 'json' | 'csv' | 'tsv' | 'xlsx';
export const PROFILE_EXTENSIONS: Record<string, InputFormat> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.csv': 'csv',
  '.tsv': 'tsv',
  // v2 (issue 12): workbooks; .xls and .ods are listed so that a directory's are refused by name, not skipped
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.xls': 'xlsx',
  '.ods': 'xlsx',
};
/**
 * Larger YAML/JSON files are refused: a profile is a few kilobytes (512 KiB holds a portfolio of ~200 brands);
 * CSV is streamed and has no limit. The yaml parser needs up to ~1 GB and seconds per MB of hostile shapes
 * (a million aliases or flow items), so this bound is what keeps one hostile file from stalling a run.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024;

export interface InputOptions extends ReadOptions {
  inputFormat?: InputFormat;
  stdin?: NodeJS.ReadableStream;
  /** called with each CSV file's data-row count as it is known, for progress */
  onCsvProgress?: (rows: number) => void;
  /** called as a CSV file is read: bytes read of its size, rows so far (for the progress bar) */
  onProgress?: (progress: import('./csv.js').CsvProgress) => void;
  /** v2 (issue 12): --columns, the user's own headers mapped to field paths */
  columns?: import('../profile/headers.js').ColumnsMap;
  /** v2 (issue 12): --sheet, the .xlsx sheet to read (default: the first with a header row) */
  sheet?: string;
  /** v2 (issue 12): called with each spreadsheet's matched header -> field map (--verbose, the json report) */
  onHeaderMap?: (file: string, map: readonly import('../read/sheet-plan.js').HeaderMapEntry[], sheet?: string) => void;
}

const fileError = (file: string, message: string, extra: Partial<Diagnostic> = {}): ReadItem => ({
  kind: 'error',
  source: { file, row: null, document: null },
  brand: null,
  errors: [{ severity: 'error', file, message, ...extra }],
});

type Entry = { path: string } | ReadItem;

/**
 * The profile files of a directory, sorted, recursively. A symbolic link is followed like the file or folder it
 * points to (a linked dossier must not be skipped in silence, and a CI gate pass a turn-down); a broken link or a
 * link loop is that entry's error; a folder reached twice through links (a loop back to a parent) is listed once.
 */
async function listDirectory(dir: string, seen: Set<string>, lang: Lang): Promise<Entry[]> {
  const found: Entry[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // `~$prospects.xlsx` is the lock file Excel and Word leave beside a document while it is open (hidden on
    // Windows, a few bytes naming who opened it): never a profile, and no reason to fail a folder's run
    if (entry.name.startsWith('~$')) continue;
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const info = await stat(path);
        isDirectory = info.isDirectory();
        isFile = info.isFile();
        if (!isDirectory && !isFile && PROFILE_EXTENSIONS[extname(entry.name).toLowerCase()]) {
          found.push(fileError(path, t(lang, 'input.linkNotFile')));
          continue;
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why =
          code === 'ELOOP'
            ? t(lang, 'input.linkLoop')
            : code === 'ENOENT'
              ? t(lang, 'input.linkBroken')
              : t(lang, 'input.linkUnfollowed', { code: code ?? (e as Error).message });
        found.push(fileError(path, why));
        continue;
      }
    }
    if (isDirectory) {
      let real: string;
      try {
        real = await realpath(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        found.push(fileError(path, t(lang, 'input.cannotReadDirectory', { reason: code })));
        continue;
      }
      if (seen.has(real)) continue; // a link back to a folder already being listed: its files come once
      seen.add(real);
      // a sub-folder that cannot be listed is its own error; the rest of the input folder is still read
      try {
        found.push(...(await listDirectory(path, seen, lang)));
      } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        found.push(fileError(path, t(lang, 'input.cannotList', { reason })));
      }
    } else if (PROFILE_EXTENSIONS[extname(entry.name).toLowerCase()]) {
      // a FIFO, socket or device named like a profile is reported, not skipped in silence
      found.push(isFile ? { path } : fileError(path, t(lang, 'input.notRegularInFolder')));
    }
  }
  return found;
}

/** One line on stderr by default; the caller may collect it instead. */
export type WarningSink = (diagnostic: Diagnostic) => void;
const printWarning: WarningSink = (d) => {
  // an input's warning names a file and no cell: no place words to put in the run's language
  process.stderr.write(`${forTerminal(diagnosticLine(d, 'en'))}\n`);
};

/**
 * Every input file in order: directories expanded (sorted, recursively), `-` kept as stdin. A file named twice
 * (`F ./F dir/` where dir holds F, or through a link) is read once, where it first comes, with a warning: it is
 * one profile, and counting it twice would skew the totals.
 */
export async function* expandInputs(
  inputs: readonly string[],
  onWarning: WarningSink = printWarning,
  lang: Lang = 'en',
): AsyncGenerator<Entry> {
  const firstPath = new Map<string, string>();
  const once = async function* (entries: Entry[]): AsyncGenerator<Entry> {
    for (const entry of entries) {
      if ('kind' in entry || entry.path === '-') {
        yield entry;
        continue;
      }
      let id: string;
      try {
        const info = await stat(entry.path);
        id = `${info.dev}:${info.ino}`;
      } catch {
        yield entry; // the reader says why it cannot be read
        continue;
      }
      const first = firstPath.get(id);
      if (first !== undefined) {
        const message = first === entry.path ? t(lang, 'input.givenTwice') : t(lang, 'input.sameFileAs', { first });
        onWarning({ severity: 'warning', file: entry.path, message });
        continue;
      }
      firstPath.set(id, entry.path);
      yield entry;
    }
  };
  let stdinRead = false;
  for (const input of inputs) {
    if (input.trim() === '') {
      // `assess "$DOSSIER"` with the variable unset: said as such, not as a file named nothing that is missing
      yield fileError(JSON.stringify(input), t(lang, 'input.emptyName'));
      continue;
    }
    if (input === '-') {
      // stdin can be read once: a second `-` would be an empty, failing profile
      const message = t(lang, 'input.stdinTwice');
      if (stdinRead) onWarning({ severity: 'warning', file: '<stdin>', message });
      else yield { path: '-' };
      stdinRead = true;
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && isPattern(input)) {
        yield* once(await patternEntries(input, lang));
        continue;
      }
      yield fileError(
        input,
        code === 'ENOENT'
          ? t(lang, 'input.missing')
          : code === 'EACCES'
            ? t(lang, 'input.permissionDenied')
            : code === 'ELOOP'
              ? t(lang, 'input.loopGiven')
              : t(lang, 'input.cannotRead', { reason: code ?? (e as Error).message }),
      );
      continue;
    }
    if (info.isDirectory()) {
      let files: Entry[];
      try {
        files = await listDirectory(input, new Set([await realpath(input)]), lang);
      } catch (e) {
        yield fileError(
          input,
          t(lang, 'input.cannotList', { reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }),
        );
        continue;
      }
      if (files.length === 0) yield fileError(input, t(lang, 'input.emptyFolder'));
      yield* once(files);
    } else if (!info.isFile()) {
      yield fileError(input, t(lang, 'input.notRegular'));
    } else {
      yield* once([{ path: input }]);
    }
  }
}

export function formatOf(path: string, options: InputOptions): InputFormat | undefined {
  if (path === '-') return options.inputFormat ?? 'yaml';
  return PROFILE_EXTENSIONS[extname(path).toLowerCase()] ?? options.inputFormat;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_DOCUMENT_BYTES)
      throw new Error(
        `more than ${MAX_DOCUMENT_BYTES} bytes; a profile file is limited to ${MAX_DOCUMENT_BYTES} bytes`,
      );
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** A header line of delimited names (`brand.name,brand.country` or `Marque;Pays;Catégorie`), not YAML or JSON. */
function looksLikeCsv(text: string): boolean {
  const first = text
    .replace(/^\ufeff/, '')
    .split(/\r?\n|\r/, 1)[0]!
    .trim();
  if (first === '' || /^[{[#-]/.test(first) || /:\s|:$/.test(first)) return false;
  return first.split(/[,;\t]/).length >= 3;
}

/** Reads one YAML or JSON file (or stdin) into items. */
export async function readDocumentInput(
  path: string,
  format: 'yaml' | 'json',
  options: InputOptions,
): Promise<ReadItem[]> {
  const display = path === '-' ? '<stdin>' : path;
  const lang = options.lang ?? 'en';
  let bytes: Buffer;
  try {
    if (path === '-') bytes = await readAll(options.stdin ?? process.stdin);
    else {
      const info = await stat(path);
      if (info.size > MAX_DOCUMENT_BYTES)
        return [
          fileError(
            display,
            t(lang, 'input.tooLarge', { size: info.size, format: format.toUpperCase(), max: MAX_DOCUMENT_BYTES }),
          ),
        ];
      bytes = await readFile(path);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return [
      fileError(
        display,
        code === 'EACCES'
          ? t(lang, 'input.permissionDenied')
          : code === 'EISDIR'
            ? t(lang, 'input.isDirectory')
            : t(lang, 'input.cannotRead', { reason: code ?? (e as Error).message }),
      ),
    ];
  }
  const decoded = decodeText(bytes, options.lang);
  if ('error' in decoded) {
    const at = decoded.line !== undefined ? { line: decoded.line, column: decoded.column ?? 1 } : {};
    return [fileError(display, decoded.error, at)];
  }
  // issue 12: a spreadsheet piped in without --input-format would be read as YAML, one long text
  if (path === '-' && !options.inputFormat && looksLikeCsv(decoded.text)) {
    return [fileError(display, t(options.lang ?? 'en', 'input.stdinLooksCsv'))];
  }
  return readDocumentText(display, decoded.text, options, format);
}

/** All read items of all inputs, in order, each profile exactly once. */
export async function* readInputs(inputs: readonly string[], options: InputOptions = {}): AsyncGenerator<ReadItem> {
  for await (const entry of expandInputs(inputs, undefined, options.lang)) {
    if ('kind' in entry) {
      yield entry;
      continue;
    }
    const format = formatOf(entry.path, options);
    if (!format) {
      yield fileError(
        entry.path,
        t(options.lang ?? 'en', 'input.unknownType', { ext: JSON.stringify(extname(entry.path)) }),
      );
      continue;
    }
    if (format === 'xlsx') {
      if (entry.path === '-') {
        yield fileError('<stdin>', t(options.lang ?? 'en', 'input.xlsxFromStdin'));
        continue;
      }
      const { readXlsxInput } = await import('../read/xlsx.js');
      yield* readXlsxInput(entry.path, options);
      continue;
    }
    if (format === 'csv' || format === 'tsv') {
      const { readCsvInput } = await import('./csv.js');
      yield* readCsvInput(entry.path, format, options);
      continue;
    }
    yield* await readDocumentInput(entry.path, format, options);
  }
}

// A pattern the shell did not expand: quoted in a CI script (`assess "dossiers/**/*.yaml"`), or given where no
// shell expands one (Windows, an npm script). A name that exists as written is never taken for a pattern.
function isPattern(input: string): boolean {
  return input.includes('*') || input.includes('?') || /\{[^{}]*,[^{}]*\}/.test(input);
}

/**
 * The profiles a pattern matches, sorted, as bash with `globstar` would give them (`**` crosses folders, a dot
 * file is left out): only the types a folder's listing reads, so `dossiers/*` skips the README beside them. None
 * is one error naming the pattern, as a missing file is.
 */
async function patternEntries(pattern: string, lang: Lang): Promise<Entry[]> {
  const paths = await glob(pattern, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(pattern) });
  const profiles = paths.filter((path) => PROFILE_EXTENSIONS[extname(path).toLowerCase()]).sort();
  if (profiles.length === 0)
    return [fileError(pattern, t(lang, paths.length === 0 ? 'input.patternNoMatch' : 'input.patternNoProfile'))];
  return profiles.map((path) => ({ path }));
}
