// v2 (issue 12): one spreadsheet row reader for CSV, TSV and .xlsx. The header row is compiled once into a
// plan (for each column its field, slot and converter, or that it is kept as the user's own column), so that
// each data row is one loop over its cells. Cells come as text (CSV) or typed (.xlsx: numbers, booleans);
// numbers are read with the decimal mark the file settles (profile/numbers.ts). Every data row yields exactly
// one item: a profile, or an error naming the row, the column and what was expected.
import { toolHeaders } from '../report/sheet.js';
import {
  CellError,
  compileConverter,
  compileReader,
  compileScaledReader,
  isTextReader,
  NOT_READ,
  readCell,
  readCellBytes,
  readTextCell,
  type CellConverter,
  type CellReader,
} from '../profile/convert.js';
import { FIELDS, FIELD_INDEX, STRING_MAX, type FieldDef } from '../profile/fields.js';
import { trimCell } from '../profile/invisible.js';
import {
  columnLetter,
  headerUnit,
  matchHeader,
  suggestHeader,
  type ColumnsMap,
  type HeaderMatchKind,
} from '../profile/headers.js';
import { DecimalMarks, type DecimalMark } from '../profile/numbers.js';
import { MarkSettler, marksAt, type MarkRun } from './look-ahead.js';
import {
  CELL_WORDS,
  cellEnd,
  cellPosition,
  cellStart,
  readRow,
  ROW_HEAD,
  RowProblem,
  unquote,
  type ScannedRow,
} from './csv-scan.js';
import { isUtf8 } from 'node:buffer';
import { t } from '../i18n/index.js';
import type {
  CellPlace,
  CellValue,
  CsvDialect,
  Diagnostic,
  FieldValues,
  InputProfile,
  Lang,
  Position,
  ReadItem,
  SheetRow,
  Source,
} from '../types.js';

const REQUIRED = ['brand.name', 'brand.country', 'brand.category'] as const;
const VERSION_SLOT = FIELD_INDEX.get('schemaVersion')!;
/** extra columns named in the once-per-file warning; the rest are counted */
const LISTED_EXTRAS = 12;

export interface SheetOptions {
  /** extra columns are an error for the file, not a warning */
  strict?: boolean;
  columns?: ColumnsMap;
  /** the .xlsx sheet's name */
  sheet?: string;
  /** the CSV file's dialect, shared by its rows (its decimal mark is filled in once the file settles it) */
  dialect?: CsvDialect;
  /**
   * v2 (issue 12, second pass): .xlsx columns (0-based) whose header cell is blank under a merged title spanning
   * them; the header then holds that title. Such a column is kept as the user's own under the title, never read
   * as the title's field, which is the merged range's first column.
   */
  covered?: readonly number[];
}

/** A column the header matched to a field, and how: what --verbose and the json report show. */
export interface HeaderMapEntry {
  column: string;
  header: string;
  field: string;
  how: HeaderMatchKind;
  /** the column's numbers are read times this: a header in thousands or millions of euros (`CA annuel (k€)`) */
  scale?: number;
}

/** The header compiled once per file: for each column its field, slot and converter. */
export interface CsvPlan {
  readonly file: string;
  /** per column: its field's path, or its header as written for a column that is no field */
  readonly headers: readonly string[];
  /** the header row exactly as the file has it (SheetRow.header) */
  readonly header: readonly string[];
  /** per column; undefined for a column that is no field */
  readonly fields: readonly (FieldDef | undefined)[];
  /** per column: the field's slot, or -1 */
  readonly slots: Int32Array;
  readonly converters: readonly CellConverter[];
  /** per column: its field's reader (see readCell), or undefined for a column that is no field */
  readonly readers: readonly (CellReader | undefined)[];
  /** column of brand.name, to name the brand in a row's errors */
  readonly nameColumn: number;
  /** required fields, as [slot, path] pairs, to check once the cells are converted */
  readonly required: readonly (readonly [number, string])[];
  readonly lang: Lang;
  /** the columns that are no field, with the name their cells go under in Source.columns */
  readonly extras: readonly (readonly [number, string])[];
  /** per column, where a message names it: its letter, and its header when that is not the field's path */
  readonly places: readonly CellPlace[];
  readonly marks: DecimalMarks;
  readonly headerMap: readonly HeaderMapEntry[];
  /** the file's warnings (its extra columns), given with its first row */
  warnings: Diagnostic[];
  readonly sheet?: string;
  readonly dialect?: CsvDialect;
}

/** Every header of the tool's own columns, in every language (see report/sheet.ts): made on first use. */
let ownColumns: ReadonlySet<string> | undefined;

function ownColumnsWarning(
  plan: { file: string; lang: Lang; sheet?: string },
  own: string[],
  line: number,
): Diagnostic {
  return {
    severity: 'warning',
    file: plan.file,
    line,
    column: 1,
    ...(plan.sheet !== undefined ? { cell: { sheet: plan.sheet, row: line } } : {}),
    message: t(plan.lang, 'sheet.ownColumns', { count: own.length, columns: own.join(', ') }),
  };
}

function extrasWarning(
  plan: { file: string; lang: Lang; sheet?: string },
  listed: string[],
  count: number,
  line: number,
  strict: boolean,
): Diagnostic {
  const more = count > LISTED_EXTRAS ? t(plan.lang, 'sheet.andMore', { count: count - LISTED_EXTRAS }) : '';
  const shown = listed.slice(0, LISTED_EXTRAS).join(', ') + more;
  const key = strict ? 'sheet.extraColumnsStrict' : count === 1 ? 'sheet.extraColumns.one' : 'sheet.extraColumns.many';
  return {
    severity: strict ? 'error' : 'warning',
    file: plan.file,
    line,
    column: 1,
    ...(plan.sheet !== undefined ? { cell: { sheet: plan.sheet, row: line } } : {}),
    message: t(plan.lang, key, { count, columns: shown }),
  };
}

/** The dialects whose decimal mark a plan already writes back (see compileCsvHeader). */
const dialectsRead = new WeakSet<CsvDialect>();

/** Checks the header row and compiles it; errors are for the whole file (nothing below can be read right). */
export function compileCsvHeader(
  file: string,
  cells: readonly CellValue[],
  line: number,
  lang: Lang,
  options: SheetOptions = {},
): CsvPlan | { errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const header = cells.map((c) => (c === null ? '' : String(c)));
  const headers = header.map(trimCell);
  const seen = new Map<string, number>();
  const fields: (FieldDef | undefined)[] = new Array(headers.length);
  const slots = new Int32Array(headers.length).fill(-1);
  const converters: CellConverter[] = [];
  const readers: (CellReader | undefined)[] = new Array(headers.length).fill(undefined);
  const extras: [number, string][] = [];
  const extraNames = new Set<string>();
  const listed: string[] = [];
  const places: CellPlace[] = [];
  const headerMap: HeaderMapEntry[] = [];
  const numberColumns: number[] = [];
  const moneyColumns: number[] = [];
  const sheetPlace = options.sheet !== undefined ? { sheet: options.sheet } : {};
  const unused = (): CellError => new CellError('');
  const own: string[] = [];
  const covered = new Set(options.covered ?? []);
  headers.forEach((name, i) => {
    const column = i + 1;
    const letter = columnLetter(column);
    converters[i] = unused;
    const found = covered.has(i) ? undefined : matchHeader(name, options.columns);
    // a unit in the header other than the field's (`Revenue (USD)`): the column is not that field's, and is kept as
    // the user's own, the warning saying why; in thousands of euros (`CA annuel (k€)`), it is read times 1000
    const unit = found ? headerUnit(name, found.field, found.how === 'columns') : undefined;
    const conflict = unit && 'conflict' in unit ? unit.conflict : undefined;
    const match = conflict === undefined ? found : undefined;
    places[i] = {
      column: letter,
      ...(name !== '' && name !== match?.field.path ? { header: name } : {}),
      ...sheetPlace,
    };
    if (!match && (ownColumns ??= toolHeaders()).has(name)) {
      // a column market-ready wrote itself (a Verdicts sheet or csv report assessed again): last run's verdict,
      // not the brand's data, so it is set aside rather than carried with the row
      own.push(`${letter} ${JSON.stringify(name)}`);
      return;
    }
    if (!match) {
      // a column that is no field is the user's own (notes, a CRM id): kept with the row under its header
      let key = name === '' ? t(lang, 'sheet.columnKey', { letter }) : name;
      for (let n = 2; extraNames.has(key); n++) key = `${name} (${n})`;
      extraNames.add(key);
      extras.push([i, key]);
      if (name !== '' && covered.has(i)) listed.push(`${letter} ${JSON.stringify(name)}`);
      else if (conflict !== undefined) {
        const fieldUnit = t(lang, `sheet.unit.${found!.field.unit!}`);
        listed.push(
          `${letter} ${JSON.stringify(name)}` +
            t(lang, 'sheet.unitConflict', { unit: conflict, field: found!.field.path, fieldUnit }),
        );
      } else if (name !== '') {
        const hint = suggestHeader(name);
        listed.push(
          `${letter} ${JSON.stringify(name)}${hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : ''}`,
        );
      }
      return;
    }
    const field = match.field;
    headers[i] = field.path;
    const first = seen.get(field.path);
    if (first !== undefined) {
      const where = (c: number): string => `${columnLetter(c)} ${JSON.stringify(header[c - 1]!.trim())}`;
      const message = t(lang, 'sheet.sameField', { first: where(first), second: where(column), field: field.path });
      errors.push({ severity: 'error', file, line, column, field: field.path, message });
      return;
    }
    seen.set(field.path, column);
    const scale = unit && 'scale' in unit ? unit.scale : undefined;
    headerMap.push({
      column: letter,
      header: name,
      field: field.path,
      how: match.how,
      ...(scale !== undefined ? { scale } : {}),
    });
    fields[i] = field;
    slots[i] = FIELD_INDEX.get(field.path)!;
    if (scale !== undefined) {
      const reader = compileScaledReader(field, lang, scale);
      converters[i] = reader.convert;
      readers[i] = reader;
    } else {
      converters[i] = compileConverter(field, lang);
      readers[i] = compileReader(field, lang);
    }
    if (field.type === 'number' || field.type === 'integer') numberColumns.push(i);
    // a column scaled by its header (k€, M€) is money too: its numbers are thousands or millions of euros
    if (field.unit === 'eur') moneyColumns.push(i);
  });
  for (const path of REQUIRED) {
    if (seen.has(path)) continue;
    errors.push({
      severity: 'error',
      file,
      line,
      column: 1,
      field: path,
      message: t(lang, 'csv.missingColumn', { field: path }),
    });
  }
  const count = listed.length;
  if (count > 0 && options.strict) errors.push(extrasWarning({ file, lang, ...sheetPlace }, listed, count, line, true));
  if (errors.length > 0) return { errors };
  const dialect = options.dialect;
  // a `;`-delimited file is written by an Excel whose decimal mark is the comma (French, German, Italian...)
  const prior: DecimalMark | null = dialect?.delimiter === ';' ? ',' : null;
  // the dialect's decimal mark, written back by csv output, is the file's as its cells settle it (a tab file from
  // a French Excel has decimal commas; a `;` file may show points): the prior until they show one
  // only by the plan that reads the file (the first compiled with its dialect): a slice's plan, compiled again on
  // this thread from the same header and dialect, learns nothing and must not reset what the cells settled
  const reads = dialect !== undefined && !dialectsRead.has(dialect);
  const writeBack = reads ? (mark: DecimalMark | null) => (dialect.decimalComma = mark === ',') : undefined;
  if (reads) dialectsRead.add(dialect);
  writeBack?.(prior);
  return {
    file,
    headers,
    header,
    fields,
    slots,
    converters,
    readers,
    nameColumn: seen.get('brand.name')! - 1,
    required: REQUIRED.map((p) => [FIELD_INDEX.get(p)!, p] as const),
    lang,
    extras,
    places,
    marks: new DecimalMarks(numberColumns, headers.length, prior, moneyColumns, writeBack),
    headerMap,
    warnings: [
      ...(own.length > 0 ? [ownColumnsWarning({ file, lang, ...sheetPlace }, own, line)] : []),
      ...(count > 0 ? [extrasWarning({ file, lang, ...sheetPlace }, listed, count, line, false)] : []),
    ],
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(dialect ? { dialect } : {}),
  };
}

const NO_WAIVERS: readonly never[] = Object.freeze([]);

/**
 * A CSV or sheet row read into a profile. Where each field is, is built only when asked (CI annotations),
 * since a batch of a million rows would otherwise build a million maps nobody reads.
 */
class SheetProfile implements InputProfile {
  /** a row has no waivers: one empty array for them all (frozen, so that none is added to every row's at once) */
  readonly waivers = NO_WAIVERS as unknown as [];
  private cachedPositions: Map<string, Position> | undefined;
  constructor(
    readonly source: Source,
    readonly values: FieldValues,
    private readonly plan: CsvPlan,
    readonly warnings: Diagnostic[],
    readonly row: SheetRow,
    private readonly line: number,
    /** where a CSV cell starts (its line and character), as the row's errors are placed; an .xlsx has none */
    private readonly locate?: CellLocator,
  ) {}

  /** the row's own position, made when asked (the CI formats), not for every row */
  get position(): Position {
    return { line: this.line, column: 1 };
  }

  get positions(): Map<string, Position> {
    if (!this.cachedPositions) {
      const { line, locate } = this;
      this.cachedPositions = new Map();
      // a CSV field at the line and character its cell starts on, as its errors are, so that an annotation of a
      // failed criterion and an editor's jump land on the cell; an .xlsx field at its column's number
      this.plan.fields.forEach((f, i) => {
        if (f) this.cachedPositions!.set(f.path, locate ? locate(i) : { line, column: i + 1 });
      });
    }
    return this.cachedPositions;
  }
}

function sheetRow(plan: CsvPlan, cells: readonly CellValue[]): SheetRow {
  // literals of one shape per kind of file, rather than spreads, which cost a row two objects and a copy
  const { header, sheet, dialect } = plan;
  if (sheet === undefined) return dialect ? { header, cells, dialect } : { header, cells };
  return dialect ? { header, cells, sheet, dialect } : { header, cells, sheet };
}

/** The user's own columns of a row, by header (empty cells as null), or undefined when the file has none. */
function extraColumns(plan: CsvPlan, cells: readonly CellValue[]): Record<string, CellValue> | undefined {
  const width = plan.headers.length;
  if (plan.extras.length === 0 && cells.length <= width) return undefined;
  let columns: Record<string, CellValue> | undefined;
  // an .xlsx row may go on past the header's last column (a note typed to the right): kept under its letter
  for (let c = width; c < cells.length; c++) {
    const cell = cells[c];
    if (cell !== null && cell !== undefined && cell !== '')
      (columns ??= {})[t(plan.lang, 'sheet.columnKey', { letter: columnLetter(c + 1) })] = cell;
  }
  for (const [c, key] of plan.extras) {
    const cell = cells[c] ?? null;
    // a column with no header at all is listed only where it holds something
    if (cell === '' || cell === null) {
      if (plan.header[c]!.trim() === '') continue;
      (columns ??= {})[key] = null;
    } else (columns ??= {})[key] = cell;
  }
  return columns;
}

/** The place of a row in its sheet, for an error about the whole row. */
function rowPlace(plan: CsvPlan, record: number): CellPlace {
  return { row: record, ...(plan.sheet !== undefined ? { sheet: plan.sheet } : {}) };
}

/** A row's source: its record as Excel numbers it, and its line only where that differs (see Source.line). */
function sourceOf(plan: CsvPlan, line: number, record: number, cells?: readonly CellValue[]): Source {
  const columns = cells ? extraColumns(plan, cells) : undefined;
  const file = plan.file;
  if (line === record)
    return columns ? { file, row: record, document: null, columns } : { file, row: record, document: null };
  return columns ? { file, row: record, document: null, line, columns } : { file, row: record, document: null, line };
}

/** A row's error item. `line`: the file's line where it starts; `record`: the row as Excel numbers it. */
/**
 * The brand a row names, even when the row is refused; a name past the schema's bound (the row is then an error
 * for it) is cut, so that a hostile cell is not copied whole into every report.
 */
export function rowBrand(plan: CsvPlan, cells: readonly CellValue[]): string | null {
  const nameValue = cells[plan.nameColumn];
  const nameCell = nameValue === null || nameValue === undefined ? undefined : trimCell(String(nameValue));
  return nameCell ? (nameCell.length > STRING_MAX ? `${nameCell.slice(0, STRING_MAX - 1)}…` : nameCell) : null;
}

export const rowError = (
  plan: CsvPlan,
  line: number,
  brand: string | null,
  errors: Diagnostic[],
  cells?: readonly CellValue[],
  record: number = line,
): ReadItem => ({
  kind: 'error',
  source: sourceOf(plan, line, record, cells),
  brand,
  position: { line, column: 1 },
  errors,
  ...(cells ? { row: sheetRow(plan, cells) } : {}),
});

/** The warnings of the file, given once, with its first row. */
function takeWarnings(plan: CsvPlan): Diagnostic[] {
  if (plan.warnings.length === 0) return plan.warnings;
  const warnings = plan.warnings;
  plan.warnings = [];
  return warnings;
}

/**
 * Where a CSV row's cell starts in its file (see csv-scan.ts cellPosition), for the row's errors: given by the reader
 * that has the row's bytes, and asked only for a row that has an error.
 */
export type CellLocator = (cell: number) => Position;

/**
 * A row's error about its column `c` (0-based), placed as the spreadsheet names it (`cell`) and, where `locate`
 * says it, at the line and character the cell starts on (else the row's line and the column's number, an .xlsx's).
 */
function cellError(
  plan: CsvPlan,
  record: number,
  line: number,
  c: number,
  field: string,
  message: string,
  locate: CellLocator | undefined,
): Diagnostic {
  const cell: CellPlace = { ...plan.places[c]!, row: record };
  const at = locate ? locate(c) : { line, column: c + 1 };
  return { severity: 'error', file: plan.file, row: record, ...at, field, message, cell };
}

/**
 * Whether a CSV row has more cells than its header only by empty ones at its end: a CRM that ends every data row
 * with a delimiter, but not its header. Nothing can have shifted out of its column then, so the row is read; a
 * surplus cell holding anything is still the row's error.
 */
function onlyEmptyPast(cells: readonly CellValue[], width: number): boolean {
  if (cells.length < width) return false;
  for (let c = width; c < cells.length; c++) if (cells[c] !== '' && cells[c] !== null) return false;
  return true;
}

/**
 * One data row into one item. `line` is the file's 1-based line number where the row starts (an .xlsx row's
 * number); `record` the row as Excel numbers it (the same but where a quoted CSV cell spans lines). `decimal`: the
 * decimal mark of each column, as the file's look-ahead settled it for this row (see MarkSettler); conversion
 * learns nothing, so that a row reads the same on whichever thread it is converted.
 */
export function convertRow(
  plan: CsvPlan,
  cells: readonly CellValue[],
  line: number,
  record: number = line,
  decimal: readonly (DecimalMark | null)[] = plan.marks.marks,
  locate?: CellLocator,
  formulaErrors?: readonly (readonly [number, string])[],
): ReadItem {
  const width = plan.headers.length;
  const failed = formulaErrors ? new Map(formulaErrors) : undefined;
  // the row keeps its brand's name in its errors, unless the name is a cell in error
  const brand = failed?.has(plan.nameColumn) ? null : rowBrand(plan, cells);
  // a CSV row with another cell count than the header is cut or shifted; an .xlsx row simply ends at its last
  // cell (and what it holds past the header's last column is kept, see extraColumns)
  if (plan.sheet === undefined && cells.length !== width && !onlyEmptyPast(cells, width)) {
    const place = rowPlace(plan, record);
    return rowError(
      plan,
      line,
      brand,
      [
        {
          severity: 'error',
          file: plan.file,
          row: record,
          // the first cell too many, or just after the last where one is missing
          ...(locate ? locate(Math.min(cells.length, width)) : { line, column: Math.min(cells.length, width) + 1 }),
          cell: place,
          message: t(plan.lang, cells.length === 1 ? 'csv.cellCount.one' : 'csv.cellCount.many', {
            count: cells.length,
            width,
          }),
        },
      ],
      cells,
      record,
    );
  }
  const values: FieldValues = new Array(FIELDS.length);
  values[VERSION_SLOT] = 1;
  let errors: Diagnostic[] | undefined;
  const { converters, readers, slots } = plan;
  const end = Math.min(width, cells.length);
  for (let c = 0; c < end; c++) {
    const slot = slots[c]!;
    if (slot < 0) continue;
    const raw = cells[c];
    let value: unknown;
    const formulaError = failed?.get(c);
    if (formulaError !== undefined) {
      const message = t(plan.lang, 'xlsx.cellError', { error: formulaError });
      (errors ??= []).push(cellError(plan, record, line, c, plan.headers[c]!, message, locate));
      continue;
    }
    if (typeof raw === 'string') {
      if (raw === '') continue;
      value = readCell(readers[c]!, raw, decimal[c]);
      if (value === undefined) continue;
    } else if (raw === null || raw === undefined) continue;
    else if (typeof raw === 'boolean' && plan.fields[c]!.type === 'boolean') value = raw;
    else {
      // a typed .xlsx cell: a number is exact whatever its display format, so its digits read with a point
      value = converters[c]!(String(raw), '.');
    }
    if (value instanceof CellError)
      (errors ??= []).push(cellError(plan, record, line, c, plan.headers[c]!, value.message, locate));
    else {
      values[slot] = value;
    }
  }
  const required = plan.required;
  for (let r = 0; r < required.length; r++) {
    const [slot, path] = required[r]!;
    if (values[slot] === undefined && !errors?.some((e) => e.field === path)) {
      (errors ??= []).push(
        cellError(plan, record, line, plan.headers.indexOf(path), path, t(plan.lang, 'schema.required'), locate),
      );
    }
  }
  const warnings = takeWarnings(plan);
  if (errors)
    return rowError(plan, line, brand, warnings.length > 0 ? [...warnings, ...errors] : errors, cells, record);
  const source = sourceOf(plan, line, record, cells);
  // the row's line, which is its source's line, or its row where they are the same
  const profile = new SheetProfile(source, values, plan, warnings, sheetRow(plan, cells), line, locate);
  return { kind: 'profile', profile };
}

/** A piece's bytes and rows as the CSV scanner left them (see read/csv-scan.ts ScannedRows). */
export interface ScannedPiece {
  bytes: Buffer;
  rows: Int32Array;
}

/**
 * A CSV row's SheetRow whose cells are decoded from the scanned bytes when first read, not before: csv -o copies
 * the row's own bytes back and json reads none of them, so most rows never need their cells as strings (47 of
 * them a bench row). Once read, they are what readRow gives, as for any other row.
 */
class ScannedSheetRow implements SheetRow {
  private decoded: string[] | undefined;
  constructor(
    readonly header: readonly string[],
    readonly dialect: CsvDialect | undefined,
    /** the piece the cells are decoded from; let go once they are, so a kept row does not hold both */
    private scanned: ScannedPiece | null,
    private readonly at: number,
    /** the row's cell count, known without decoding them */
    readonly count: number,
  ) {}

  get cells(): readonly CellValue[] {
    if (this.decoded === undefined) {
      const row: ScannedRow = { line: 0, record: 0, problem: RowProblem.None, arg: 0, cells: [] };
      readRow(this.scanned!, this.at, row);
      this.decoded = row.cells;
      this.scanned = null;
    }
    return this.decoded;
  }
}

/** A row's cell count, without decoding a scanned row's cells. */
export function cellCount(row: SheetRow): number {
  return row instanceof ScannedSheetRow ? row.count : row.cells.length;
}

/**
 * The row at `at` of a scanned CSV piece into its profile, read from its bytes (readCellBytes), with no string made
 * for a cell but its text fields'. Only for a row the scanner cut without a problem. Returns undefined for a row
 * that is not the usual one: another cell count than the header, a byte that is not UTF-8, a cell refused or a
 * required one missing; the caller then reads it through readRow and convertRow, which say what is wrong, so the
 * item is the same either way.
 */
export function convertScanned(
  plan: CsvPlan,
  scanned: ScannedPiece,
  at: number,
  decimal: readonly (DecimalMark | null)[],
  /** the piece's bytes are known to be UTF-8, all of them: a row's then are (it starts and ends beside ASCII) */
  utf8 = false,
): ReadItem | undefined {
  const { bytes, rows } = scanned;
  const n = rows[at + 5]!;
  const width = plan.headers.length;
  if (n !== width || plan.sheet !== undefined) return undefined;
  const first = at + ROW_HEAD;
  const next = first + CELL_WORDS * n;
  const from = cellStart(rows[first]!);
  const to = cellEnd(rows[next - 1]!);
  // as readRow: a row with a byte over 0x7F is read only if all of it is UTF-8 (else it is the row's error)
  if ((rows[at + 4]! & 1) === 0 && !utf8 && !isUtf8(bytes.subarray(from, to))) return undefined;
  /** the row's bytes as latin1, where its ASCII cells are sliced from (one decode a row, as readRow) */
  let text: string | undefined;
  const values: FieldValues = new Array(FIELDS.length);
  values[VERSION_SLOT] = 1;
  const { readers, slots } = plan;
  for (let c = 0, k = first; c < width; c++, k += CELL_WORDS) {
    const slot = slots[c]!;
    if (slot < 0) continue;
    const reader = readers[c]!;
    const startWord = rows[k]!;
    const endWord = rows[k + 1]!;
    let value: unknown;
    if (startWord >= 0 && endWord >= 0) {
      // ASCII, no doubled quote: a code, a number or a boolean is read from the bytes, without a string
      if (startWord === endWord) continue;
      if (isTextReader(reader)) {
        const cell = (text ??= bytes.toString('latin1', from, to)).slice(startWord - from, endWord - from);
        value = readTextCell(reader, cell);
        if (value === NOT_READ) value = readCell(reader, cell, decimal[c]);
      } else {
        value = readCellBytes(reader, bytes, startWord, endWord);
        if (value === NOT_READ)
          value = readCell(
            reader,
            (text ??= bytes.toString('latin1', from, to)).slice(startWord - from, endWord - from),
            decimal[c],
          );
      }
    } else {
      const start = cellStart(startWord);
      const end = cellEnd(endWord);
      if (start === end) continue;
      const cell =
        startWord < 0
          ? bytes.toString('utf8', start, end)
          : (text ??= bytes.toString('latin1', from, to)).slice(start - from, end - from);
      value = readCell(reader, endWord < 0 ? unquote(cell) : cell, decimal[c]);
    }
    if (value === undefined) continue;
    if (value instanceof CellError) return undefined;
    values[slot] = value;
  }
  const required = plan.required;
  for (let r = 0; r < required.length; r++) if (values[required[r]![0]] === undefined) return undefined;
  const line = rows[at]!;
  const row = new ScannedSheetRow(plan.header, plan.dialect, scanned, at, n);
  // the user's own columns go into Source.columns: their cells alone are decoded (extraColumns reads no other)
  let own: CellValue[] | undefined;
  const extras = plan.extras;
  if (extras.length > 0) {
    own = new Array<CellValue>(n);
    for (let e = 0; e < extras.length; e++) {
      const c = extras[e]![0];
      const startWord = rows[first + CELL_WORDS * c]!;
      const endWord = rows[first + CELL_WORDS * c + 1]!;
      const start = cellStart(startWord);
      const end = cellEnd(endWord);
      // as readRow decodes it: UTF-8 where the cell is not ASCII, its doubled quotes made single
      const cell = bytes.toString(startWord < 0 ? 'utf8' : 'latin1', start, end);
      own[c] = endWord < 0 ? unquote(cell) : cell;
    }
  }
  const source = sourceOf(plan, line, rows[at + 1]!, own);
  // the cells' places are worked out only if a CI format asks for them (SheetProfile.positions)
  const locate = (c: number): Position => cellPosition(scanned, at, c);
  return { kind: 'profile', profile: new SheetProfile(source, values, plan, takeWarnings(plan), row, line, locate) };
}

/** A row with nothing in any cell is a blank line (spreadsheets leave `;;;;` rows at the end), not a profile. */
export function isBlank(cells: readonly CellValue[]): boolean {
  for (const c of cells) {
    if (c !== '' && c !== null && c !== undefined && (typeof c !== 'string' || c.trim() !== '')) return false;
  }
  return true;
}

export { LOOKAHEAD_ROWS } from './look-ahead.js';

/**
 * Converts rows in order, holding them back (at most LOOKAHEAD_ROWS) from the first one with a number that
 * reads two ways (`450,000`) while nothing in the file has settled the decimal mark: a later `1,250,000` or
 * `62,50` in the same column settles it for every row held (see look-ahead.ts). For the readers that have the
 * rows' cells at hand where they read them (.xlsx, tests); CSV pieces are settled by their bytes (io/csv.ts).
 */
export class RowQueue {
  private readonly settler: MarkSettler<{ cells: readonly CellValue[]; line: number; record: number | undefined }>;
  constructor(plan: CsvPlan, emit: (item: ReadItem) => void) {
    this.settler = new MarkSettler(plan.marks, (r, marks) => emit(convertRow(plan, r.cells, r.line, r.record, marks)));
  }

  push(cells: readonly CellValue[], line: number, record?: number): void {
    this.settler.push({ cells, line, record }, cells);
  }

  /** Converts every row held with what is known now (at the end of the file, or of the look-ahead). */
  flush(): void {
    this.settler.flush();
  }
}

/** One data row of a sheet: its cells, read (a date where a year is expected already its year), and its number. */
export interface SheetRowCells {
  cells: CellValue[];
  line: number;
  /** an .xlsx row's cells that hold a formula's error (`#N/A`), as [column, error]: each that cell's error */
  formulaErrors?: [number, string][];
}

/** One item per row of a batch, in order (the rows' marks as the look-ahead gave them). */
export function sheetItems(
  plan: CsvPlan,
  rows: readonly SheetRowCells[],
  marks: readonly MarkRun[],
  each: (item: ReadItem) => void,
): void {
  const at = { run: 0 };
  rows.forEach((row, i) =>
    each(
      convertRow(
        plan,
        row.cells,
        row.line,
        row.line,
        marks.length > 0 ? marksAt(marks, i, at) : undefined,
        undefined,
        row.formulaErrors,
      ),
    ),
  );
}
