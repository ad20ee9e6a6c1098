// What csv and xlsx share: the spreadsheet handed back. The input's own columns come first, unchanged and in
// their order (from the row the result was read from), then the tool's columns, headed in --lang. The layout
// is fixed by the first result of a run: later rows from another file are placed by header, and what has no
// column there goes to an "other columns" cell rather than being lost.
import { formatDiagnosticIn, formatSource } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import { matchHeader } from '../profile/headers.js';
import {
  LANGS,
  type CellValue,
  type DecidedBy,
  type Lang,
  type Result,
  type SheetRow,
  type Verdict,
} from '../types.js';
import { decidedByOf, firstStepWords } from './finding-words.js';
import type { Words } from './words.js';

export type ToolColumn =
  | 'brand'
  | 'verdict'
  | 'decision'
  | 'decidedBy'
  | 'score'
  | 'threshold'
  | 'completeness'
  | 'knockOuts'
  | 'reasons'
  | 'firstStep'
  | 'errors'
  | 'source'
  | 'otherColumns';

export interface SheetLayout {
  /** the input's header, as the first spreadsheet row of the run had it (empty for YAML/JSON inputs) */
  readonly input: readonly string[];
  readonly tool: readonly ToolColumn[];
  readonly lang: Lang;
  /** the rules' words in the report's language */
  readonly words: Words;
}

const TOOL_COLUMNS: readonly ToolColumn[] = [
  'verdict',
  'decision',
  'decidedBy',
  'score',
  'threshold',
  'completeness',
  'knockOuts',
  'reasons',
  'firstStep',
  'errors',
  'source',
];

/** A run whose first result has no row (YAML, JSON) names the brand in a column of its own. */
export function sheetLayout(first: Result | undefined, lang: Lang, words: Words): SheetLayout {
  return layoutOf(first?.row?.header ?? [], lang, words);
}

/** The layout of a run whose input header is known (empty: the run starts with a YAML or JSON profile). */
export function layoutOf(input: readonly string[], lang: Lang, words: Words): SheetLayout {
  const tool: ToolColumn[] = [...(input.length === 0 ? ['brand' as const] : []), ...TOOL_COLUMNS];
  // always there, though mostly empty: a ragged row's surplus cells, or another file's columns, are never lost
  tool.push('otherColumns');
  return { input, tool, lang, words };
}

export function toolHeader(column: ToolColumn, lang: Lang): string {
  return t(lang, `sheet.column.${column}`);
}

export function layoutHeader(layout: SheetLayout): string[] {
  return [...layout.input, ...layout.tool.map((c) => toolHeader(c, layout.lang))];
}

/** The input's cells in the layout's columns; a row with another header is placed by header name. */
export function inputCells(layout: SheetLayout, result: Result): { cells: readonly CellValue[]; other: string } {
  const row = result.row;
  if (!row) {
    // a YAML or JSON profile in a run that began with a spreadsheet: its name in the brand's column, so that
    // the row still says which brand it is
    const cells: CellValue[] = layout.input.map(() => null);
    const at = result.brand === null ? -1 : columnOfField(layout, 'brand.name');
    if (at !== -1) cells[at] = result.brand;
    return { cells, other: '' };
  }
  if (sameColumns(layout, row)) {
    // a ragged row (fewer or more cells than the header) keeps the tool's columns in place: padded, or its
    // surplus cells moved to "other columns" by their position
    const width = layout.input.length;
    if (row.cells.length === width) return { cells: row.cells, other: '' };
    const cells = Array.from({ length: width }, (_, i) => row.cells[i] ?? null);
    // an empty surplus cell (a delimiter at the end of a row) is nothing to hand back
    const other = row.cells
      .slice(width)
      .flatMap((v, i) => (v === null || v === '' ? [] : [`${columnName(width + i + 1)}: ${String(v)}`]))
      .join(' | ');
    return { cells, other };
  }
  const cells: CellValue[] = layout.input.map(() => null);
  const other: string[] = [];
  row.header.forEach((name, i) => {
    const value = row.cells[i] ?? null;
    let at = layout.input.indexOf(name);
    // another file's header for the same field (`Brand` where the first file had `Marque`) is that column
    if (at === -1) {
      const field = matchHeader(name)?.field.path;
      if (field !== undefined) at = columnOfField(layout, field);
    }
    if (at !== -1 && cells[at] === null) cells[at] = value;
    else if (value !== null && value !== '') other.push(`${name}: ${String(value)}`);
  });
  return { cells, other: other.join(' | ') };
}

/** Each layout's input columns by the field their header names (as the reader matched them), built once. */
const fieldColumns = new WeakMap<SheetLayout, ReadonlyMap<string, number>>();

/** The input column whose header names `path` (the first such), or -1. */
function columnOfField(layout: SheetLayout, path: string): number {
  let byField = fieldColumns.get(layout);
  if (!byField) {
    const map = new Map<string, number>();
    layout.input.forEach((name, i) => {
      const field = matchHeader(name)?.field.path;
      if (field !== undefined && !map.has(field)) map.set(field, i);
    });
    fieldColumns.set(layout, map);
    byField = map;
  }
  return byField.get(path) ?? -1;
}

/** A spreadsheet's column letter (1 is A, 27 is AA). */
export function columnName(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** Whether a row has the layout's input columns, in their order (its file's header is the layout's). */
export function sameColumns(layout: SheetLayout, row: SheetRow): boolean {
  return row.header === layout.input || sameHeader(row.header, layout.input, layout);
}

/** The last header found equal to each layout's: every row of a file shares its header array, compared once. */
const sameAsLayout = new WeakMap<SheetLayout, readonly string[]>();

function sameHeader(a: readonly string[], b: readonly string[], layout: SheetLayout): boolean {
  if (sameAsLayout.get(layout) === a) return true;
  const same = a.length === b.length && a.every((name, i) => name === b[i]);
  if (same) sameAsLayout.set(layout, a);
  return same;
}

/** The knock-outs a result failed or left unknown, by title: the costly findings of blocking rules. */
function knockOutTitles(result: Result, words: Words): string {
  let out = '';
  for (const f of result.findings) {
    if (!f.blocker || (f.status !== 'fail' && f.status !== 'missing') || !(f.points < f.maxPoints)) continue;
    out += (out === '' ? '' : ' | ') + words.title(f.ruleId);
  }
  return out;
}

/** The verdict's first `max` reasons (Words.reasons, worded only as far as the cell shows them). */
function mainReasons(result: Result, words: Words, max: number): string {
  let out = '';
  let shown = 0;
  const { findings } = result;
  for (const id of result.decisive) {
    let f: Result['findings'][number] | undefined;
    for (let i = 0; i < findings.length; i++) {
      if (findings[i]!.ruleId === id) {
        f = findings[i];
        break;
      }
    }
    if (!f) continue;
    out += (shown === 0 ? '' : ' | ') + words.message(f);
    if (++shown === max) break;
  }
  return out;
}

/**
 * The words of the verdict and decided-by columns, by language: looked up once rather than by a key made for
 * every row.
 */
const cellWords = new Map<Lang, Map<MessageKey, string>>();
function cellWord(lang: Lang, key: MessageKey): string {
  let byKey = cellWords.get(lang);
  if (!byKey) cellWords.set(lang, (byKey = new Map()));
  let word = byKey.get(key);
  if (word === undefined) byKey.set(key, (word = t(lang, key)));
  return word;
}
const VERDICT_KEYS: Record<Verdict, MessageKey> = {
  approve: 'verdict.approve',
  'turn-down': 'verdict.turn-down',
  error: 'verdict.error',
};
const DECIDED_BY_KEYS: Record<DecidedBy, MessageKey> = {
  'knock-out': 'sheet.decidedBy.knock-out',
  score: 'sheet.decidedBy.score',
  'missing-data': 'sheet.decidedBy.missing-data',
};

function sourceOf(result: Result, lang: Lang): string {
  const { file, row, document } = result.source;
  if (row !== null) return formatSource(result.source, lang);
  if (document !== null && document > 0) return `${file}#${document + 1}`;
  return file;
}

/** The tool's cells of a result, typed: numbers stay numbers (each format writes them its own way). */
export function toolCells(layout: SheetLayout, result: Result, other: string): CellValue[] {
  const { lang, tool } = layout;
  // a loop into an array of the right length rather than map's callback: this runs for every row of csv and xlsx
  const cells = new Array<CellValue>(tool.length);
  for (let i = 0; i < tool.length; i++) cells[i] = toolCell(tool[i]!, layout, result, other, lang);
  return cells;
}

function toolCell(column: ToolColumn, layout: SheetLayout, result: Result, other: string, lang: Lang): CellValue {
  switch (column) {
    case 'brand':
      return result.brand;
    case 'verdict':
      return result.verdict;
    case 'decision':
      return cellWord(lang, VERDICT_KEYS[result.verdict]);
    case 'decidedBy': {
      const by = decidedByOf(result);
      return by ? cellWord(lang, DECIDED_BY_KEYS[by as DecidedBy]) : null;
    }
    case 'score':
      return result.score;
    case 'threshold':
      return result.threshold;
    case 'completeness':
      return result.completeness;
    case 'knockOuts':
      return knockOutTitles(result, layout.words);
    case 'reasons':
      return mainReasons(result, layout.words, 3);
    case 'firstStep':
      return firstStepWords(result, layout.words);
    case 'errors':
      return result.errors.length === 0 ? '' : result.errors.map((d) => formatDiagnosticIn(d, lang)).join(' | ');
    case 'source':
      return sourceOf(result, lang);
    case 'otherColumns':
      return other;
  }
}

/** `-`, or a minus and then a number: digits, thousands separators, a decimal mark, a unit; no letter, no operator. */
const PLAIN_NEGATIVE = /^-(?:\d[\d \u00a0\u202f'.,]*(?: ?[%€])?)?$/;

/**
 * OWASP's advice against formula injection: a cell a spreadsheet would read as a formula (starting with =, +,
 * -, @, a tab or a CR) gets a leading apostrophe, so that a brand name from a scraped list stays text. A plain
 * negative number as the tool reads numbers (-12, -3,5, -12,5 %, -1 250 000) and a lone `-` (a French list's
 * "none") are left as they are: no spreadsheet runs them, and with an apostrophe they no longer read back as the
 * value they were (a report assessed again took `'-` for a Tmall Partner's name, `'-12,5 %` for no number).
 */
export function neutralise(text: string): string {
  if (text === '') return text;
  const c = text.charCodeAt(0);
  // issue 15: a NUL (a JSON profile's "\u0000", a pack's text) stops Python's csv reader ("line contains NUL") and
  // has no place in the xlsx XML: it is shown as U+FFFD, as the terminal shows it. (A NUL is no formula's start,
  // so the first character is looked at first: most cells start with none of = + - @ TAB CR.)
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13)
    return text.includes('\0') ? text.replaceAll('\0', '\ufffd') : text;
  if (text.includes('\0')) text = text.replaceAll('\0', '\ufffd');
  if (c === 45 && PLAIN_NEGATIVE.test(text)) return text;
  return `'${text}`;
}

/**
 * Gives a result the spreadsheet row it came from: an ordinary property, set the same way on every result of a
 * run, so they keep one shape. A non-enumerable one (Object.defineProperty) cost some 1.5 µs a row on every
 * path, a WeakMap beside the results as much. json and ndjson never print it: they write the fields they name
 * (jsonResult), not the result object.
 */
export function attachRow(result: Result, row: SheetRow | undefined): void {
  if (row) result.row = row;
}

/**
 * Every header the tool's own columns can have, in every language (the xlsx link column too): what a reader
 * of a spreadsheet the tool wrote can set aside, so that assessing a Verdicts sheet again reads the input's
 * columns alone.
 */
export function toolHeaders(): ReadonlySet<string> {
  // not `brand`: read back, that column is the brand's name (and its French header is the label of brand.name)
  const columns: ToolColumn[] = [...TOOL_COLUMNS, 'otherColumns'];
  return new Set(
    LANGS.flatMap((lang) => [...columns.map((c) => toolHeader(c, lang)), t(lang, 'sheet.column.findings')]),
  );
}
