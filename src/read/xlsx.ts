// v2 (issue 12): .xlsx workbooks, streamed with exceljs' WorkbookReader: rows come one at a time and the
// workbook never sits in memory. Before a byte is inflated, the zip's central directory is read (yauzl) to
// refuse what is no workbook (.xls, .ods, a password-protected file) and what would inflate past bounds
// (a zip bomb, a shared-strings table of a gigabyte). Cells keep their types: a number cell is a number
// whatever its display format, a formula gives its cached value, a date where a year is expected its year.
// Every data row yields exactly one item, as in a CSV file.
import { open as openFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import yauzl from 'yauzl';
import { t } from '../i18n/index.js';
import { columnLetter } from '../profile/headers.js';
import type { CellValue, Diagnostic, Lang, ReadItem } from '../types.js';
import type { ColumnsMap } from '../profile/headers.js';
import type { HeaderMapEntry } from './sheet-plan.js';
import { compileCsvHeader, isBlank, rowError, RowQueue, type CsvPlan } from './sheet-plan.js';

/** The largest inflated size read from one part of the workbook; a sheet of 1,000,000 rows is about 200 MB. */
export const MAX_PART_BYTES = 2 * 1024 ** 3;
/** The shared-strings table is held in memory whole (exceljs caches it): bounded much lower. */
export const MAX_SHARED_STRINGS_BYTES = 256 * 1024 ** 2;
/** Past this many columns (Excel's own limit), a sheet is hostile, not a prospect list. */
export const MAX_COLUMNS = 16_384;
/** Inflating more than this many times over, on parts over 64 MB, is what zip bombs do (real sheets: 5-50). */
const MAX_RATIO = 1000;
const RATIO_FLOOR = 64 * 1024 ** 2;
/** A header row is looked for in the first rows of a sheet, below a title or a blank row. */
const HEADER_SEARCH_ROWS = 10;

export class WorkbookError extends Error {}

const MB = (n: number): string => String(Math.round(n / 1024 ** 2));

/** What the first bytes say the file is, before it is opened as a zip. */
async function sniff(path: string, lang: Lang): Promise<void> {
  const handle = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
      // an OLE2 compound file: an old .xls, or an .xlsx encrypted with a password (its EncryptedPackage stream)
      const size = (await handle.stat()).size;
      const sample = Buffer.alloc(Math.min(size, 1024 * 1024));
      await handle.read(sample, 0, sample.length, 0);
      const encrypted = sample.includes(Buffer.from('EncryptedPackage', 'utf16le'));
      throw new WorkbookError(t(lang, encrypted ? 'xlsx.encrypted' : 'xlsx.oldExcel'));
    }
    if (bytesRead < 4 || head.readUInt32BE(0) !== 0x504b0304) throw new WorkbookError(t(lang, 'xlsx.notZip'));
  } finally {
    await handle.close();
  }
}

const openZip = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

interface PartInfo {
  name: string;
  compressed: number;
  size: number;
}

/** Reads the zip's central directory: the parts, their declared sizes, and whether any is encrypted. */
async function directory(path: string, lang: Lang): Promise<PartInfo[]> {
  const zip = await openZip(path, { lazyEntries: true, autoClose: true, strictFileNames: false });
  const parts: PartInfo[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.isEncrypted()) {
        zip.close();
        reject(new WorkbookError(t(lang, 'xlsx.encrypted')));
        return;
      }
      parts.push({ name: entry.fileName, compressed: entry.compressedSize, size: entry.uncompressedSize });
      if (parts.length > 100_000) {
        zip.close();
        reject(new WorkbookError(t(lang, 'xlsx.notWorkbook')));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (e: Error) => reject(new WorkbookError(t(lang, 'xlsx.unreadable', { message: e.message }))));
    zip.readEntry();
  });
  return parts;
}

/** Refuses a workbook that is not one, or whose parts would inflate past the bounds. */
export async function checkWorkbook(path: string, lang: Lang): Promise<void> {
  await sniff(path, lang);
  let parts: PartInfo[];
  try {
    parts = await directory(path, lang);
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError(t(lang, 'xlsx.unreadable', { message: (e as Error).message }));
  }
  const names = new Set(parts.map((p) => p.name));
  if (names.has('mimetype') && names.has('content.xml')) throw new WorkbookError(t(lang, 'xlsx.ods'));
  if (names.has('EncryptedPackage') || names.has('EncryptionInfo')) throw new WorkbookError(t(lang, 'xlsx.encrypted'));
  if (!names.has('xl/workbook.xml')) throw new WorkbookError(t(lang, 'xlsx.notWorkbook'));
  for (const part of parts) {
    const limit = part.name === 'xl/sharedStrings.xml' ? MAX_SHARED_STRINGS_BYTES : MAX_PART_BYTES;
    if (part.size > limit) {
      throw new WorkbookError(t(lang, 'xlsx.tooLarge', { part: part.name, size: MB(part.size), limit: MB(limit) }));
    }
    if (part.size > RATIO_FLOOR && part.size > part.compressed * MAX_RATIO) {
      const ratio = Math.round(part.size / Math.max(1, part.compressed));
      throw new WorkbookError(
        t(lang, 'xlsx.ratio', {
          part: part.name,
          ratio,
          size: MB(part.size),
          packed: Math.round(part.compressed / 1024),
        }),
      );
    }
  }
  // the sizes above are what the archive declares; the shared strings, which are held in memory, are inflated
  // once through yauzl, which stops at the declared size, so a table that lies about its size is caught here
  if (names.has('xl/sharedStrings.xml')) await verifyPart(path, 'xl/sharedStrings.xml', lang);
}

async function verifyPart(path: string, name: string, lang: Lang): Promise<void> {
  const zip = await openZip(path, {
    lazyEntries: true,
    autoClose: true,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error): void => {
      zip.close();
      reject(new WorkbookError(t(lang, 'xlsx.unreadable', { message: `${name}: ${e.message}` })));
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== name) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        stream.on('data', () => {});
        stream.on('error', fail);
        stream.on('end', () => {
          zip.close();
          resolve();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', fail);
    zip.readEntry();
  });
}

type ExcelCell = unknown;

/** A cell as exceljs gives it, as the tool reads it: text, number, boolean or null; a formula's cached value. */
function cellValue(value: ExcelCell, yearWanted: boolean): CellValue | { error: string } {
  if (value === null || value === undefined) return null;
  // exceljs reads a formula's cached error (`<v>#DIV/0!</v>`) as a number that is not one
  if (typeof value === 'number' && !Number.isFinite(value)) return { error: '#DIV/0!, #N/A, #VALUE!...' };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    // a date where a year is expected (a "Founded" column formatted as a date) is that year; elsewhere its ISO day
    if (Number.isNaN(value.getTime())) return null;
    return yearWanted ? value.getUTCFullYear() : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    const v = value as {
      result?: unknown;
      richText?: { text: string }[];
      error?: string;
      text?: unknown;
      formula?: string;
      sharedFormula?: string;
    };
    if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? null : cellValue(v.result, yearWanted);
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (typeof v.error === 'string') return { error: v.error };
    if (typeof v.text === 'string') return v.text;
  }
  return null;
}

interface ExcelRow {
  number: number;
  values: unknown[] | Record<string, unknown>;
  cellCount: number;
}
interface ExcelSheet extends AsyncIterable<ExcelRow> {
  name: string;
  state?: string;
}

/** The cells of a row, 0-based, with their values read; a formula error is kept as its own marker. */
function rowCells(row: ExcelRow, yearColumns: ReadonlySet<number>, errors: Map<number, string>): CellValue[] {
  const values = Array.isArray(row.values) ? row.values : [];
  const cells: CellValue[] = new Array(Math.max(0, values.length - 1)).fill(null);
  for (let i = 1; i < values.length; i++) {
    const v = cellValue(values[i], yearColumns.has(i - 1));
    if (v !== null && typeof v === 'object') {
      errors.set(i - 1, v.error);
      cells[i - 1] = v.error;
    } else cells[i - 1] = v;
  }
  return cells;
}

function fileItem(file: string, message: string): ReadItem {
  const errors: Diagnostic[] = [{ severity: 'error', file, message }];
  return { kind: 'error', source: { file, row: null, document: null }, brand: null, errors };
}

/** Reads one .xlsx file into items, one per data row of the sheet it reads. */
/** What the reader takes of the run's input options (io/inputs.ts passes its own, which hold these). */
export interface XlsxReadOptions {
  lang?: Lang;
  strict?: boolean;
  columns?: ColumnsMap;
  sheet?: string;
  onHeaderMap?: (file: string, map: readonly HeaderMapEntry[], sheet?: string) => void;
}

export async function* readXlsxInput(path: string, options: XlsxReadOptions): AsyncGenerator<ReadItem> {
  const file = path;
  const lang = options.lang ?? 'en';
  try {
    await stat(path);
    await checkWorkbook(path, lang);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    yield fileItem(file, e instanceof WorkbookError ? e.message : `cannot read (${reason})`);
    return;
  }
  // loaded through require: the CLI bundle runs from V8's code cache, where import() of a package is refused
  const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const out: ReadItem[] = [];
  const sheetNames: string[] = [];
  let firstErrors: Diagnostic[] | undefined;
  let done = false;
  let rows = 0;
  let active: RowQueue | undefined;
  let current = '';
  try {
    for await (const sheet of reader as unknown as AsyncIterable<ExcelSheet>) {
      sheetNames.push(sheet.name);
      current = sheet.name;
      if (done || (options.sheet !== undefined && sheet.name !== options.sheet)) {
        // exceljs reads the zip in order: a sheet not read is still drained
        for await (const _ of sheet) void _;
        continue;
      }
      let plan: CsvPlan | undefined;
      let queue: RowQueue | undefined;
      let yearColumns = new Set<number>();
      let searched = 0;
      const errors = new Map<number, string>();
      for await (const row of sheet) {
        const width = Math.max(row.cellCount, Array.isArray(row.values) ? row.values.length - 1 : 0);
        if (width > MAX_COLUMNS) {
          const column = columnLetter(width);
          throw new WorkbookError(
            t(lang, 'xlsx.tooManyColumns', { sheet: JSON.stringify(sheet.name), column, limit: MAX_COLUMNS }),
          );
        }
        if (!plan) {
          const cells = rowCells(row, yearColumns, errors);
          if (isBlank(cells)) continue;
          const compiled = compileCsvHeader(
            file,
            cells.map((c) => (c === null ? '' : String(c))),
            row.number,
            lang,
            {
              strict: options.strict ?? false,
              sheet: sheet.name,
              ...(options.columns ? { columns: options.columns } : {}),
            },
          );
          if ('errors' in compiled) {
            // a title above the header, or another table: look a few rows further, then in the next sheet
            firstErrors ??= compiled.errors.map((e) => ({ ...e, cell: { sheet: sheet.name, row: row.number } }));
            if (++searched < HEADER_SEARCH_ROWS) continue;
            break;
          }
          plan = compiled;
          // a date cell where a year is expected gives its year (brand.foundedYear)
          yearColumns = new Set(
            plan.fields.flatMap((f, i) => (f?.type === 'integer' && /Year$/.test(f.path) ? [i] : [])),
          );
          options.onHeaderMap?.(file, plan.headerMap, plan.sheet);
          queue = active = new RowQueue(plan, (item) => out.push(item));
          continue;
        }
        errors.clear();
        const cells = rowCells(row, yearColumns, errors);
        if (isBlank(cells)) continue;
        rows++;
        const errorColumn = [...errors.keys()].find((c) => plan!.fields[c] !== undefined);
        if (errorColumn !== undefined) {
          // `#N/A` or `#DIV/0!` where a value was computed: never a name or a number
          queue!.flush();
          out.push(
            rowError(
              plan,
              row.number,
              null,
              [
                {
                  severity: 'error',
                  file,
                  row: row.number,
                  line: row.number,
                  column: errorColumn + 1,
                  field: plan.headers[errorColumn]!,
                  cell: { ...plan.places[errorColumn]!, row: row.number },
                  message: t(lang, 'xlsx.cellError', { error: errors.get(errorColumn)! }),
                },
              ],
              cells,
            ),
          );
        } else queue!.push(cells, row.number, row.number);
        if (out.length >= 256) yield* out.splice(0);
      }
      if (plan) {
        queue!.flush();
        yield* out.splice(0);
        if (rows === 0) yield fileItem(file, t(lang, 'csv.noRows'));
        done = true;
      }
    }
  } catch (e) {
    // the rows read before the failure are still each one item
    active?.flush();
    yield* out.splice(0);
    // exceljs refuses a cell past Excel's last column itself
    const outOfBounds = /Invalid column letter: ([A-Z]+)/.exec((e as Error).message);
    const message =
      e instanceof WorkbookError
        ? e.message
        : outOfBounds
          ? t(lang, 'xlsx.tooManyColumns', {
              sheet: JSON.stringify(current),
              column: outOfBounds[1]!,
              limit: MAX_COLUMNS,
            })
          : t(lang, 'xlsx.unreadable', { message: (e as Error).message });
    yield fileItem(file, message);
    return;
  }
  if (done) return;
  if (options.sheet !== undefined && !sheetNames.includes(options.sheet)) {
    const sheets = sheetNames.map((n) => JSON.stringify(n)).join(', ');
    yield fileItem(file, t(lang, 'xlsx.sheetNotFound', { name: JSON.stringify(options.sheet), sheets }));
    return;
  }
  if (firstErrors && firstErrors.length > 0) {
    yield { kind: 'error', source: { file, row: null, document: null }, brand: null, errors: firstErrors };
    return;
  }
  yield fileItem(file, t(lang, 'xlsx.noSheet'));
}
