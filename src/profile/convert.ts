// Text cells (CSV columns, interview answers) converted into typed profile values. The rules mirror the
// profile JSON Schema built from the same field catalogue (src/profile/schema.ts): a value accepted here is
// one the schema accepts, and a value refused here gets the same wording the schema errors get.
// Converters are compiled once per field so a million-row CSV runs each cell through one small closure.
import { t } from '../i18n/index.js';
import type { Lang } from '../types.js';
import { countryFromText, countryOfCapitals, suggestCountry } from './countries.js';
import { STRING_MAX, type FieldDef } from './fields.js';
import { isNoneWord } from './none-words.js';
import { quoteVisibly, trimCell } from './invisible.js';
import { AmbiguousNumber, readNumber, type DecimalMark } from './numbers.js';
import { saysNoItems, suggestValue, valueFromText, valuesShown } from './values.js';

/** What a converter returns for a cell it refuses; a class so the hot loop tests it with `instanceof`. */
export class CellError {
  constructor(readonly message: string) {}
}

/**
 * Converts one trimmed, non-empty cell; returns the value or a CellError. `mark` is the decimal mark of the
 * cell's column when its file settles one (see numbers.ts); number converters alone read it.
 */
export type CellConverter = (text: string, mark?: DecimalMark | null) => unknown;

const LIST_MAX = 50;

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['oui', true],
  ['non', false],
  ['1', true],
  ['0', false],
  // French Excel writes its own booleans as VRAI / FAUX; Y / N columns are common in CRM exports, and O / N
  // (oui / non) in French ones: N alone read as no while O was refused
  ['vrai', true],
  ['faux', false],
  ['y', true],
  ['n', false],
  ['o', true],
  // v2 (issue 12): Chinese yes/no, and "has / has not"
  ['是', true],
  ['否', false],
  ['有', true],
  ['无', false],
  ['沒有', false],
  ['没有', false],
  ['对', true],
  ['不是', false],
]);

/**
 * The allowed value an enum cell means when it differs only in case, spaces or underscores
 * (`Beauty`, `Brand Owner`, `bonded_warehouse`); undefined when it means none of them.
 */
export function normaliseEnum(text: string, values: readonly string[]): string | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return values.includes(key) ? key : undefined;
}

const SUFFIXED = /^([+-]?\d+(?:[.,]\d+)?)\s*([kKmM])(?:€|\s*EUR)?$/;

/** `2M`, `150k`: amounts people write in shorthand; the hint gives the number in full. */
function shorthandHint(text: string, lang: Lang): string {
  const m = SUFFIXED.exec(text.trim());
  if (!m) return '';
  const n = Number(m[1]!.replace(',', '.')) * (m[2]!.toLowerCase() === 'k' ? 1_000 : 1_000_000);
  return Number.isFinite(n) ? t(lang, 'schema.shorthand', { number: Math.round(n * 100) / 100 }) : '';
}

/** What people write in a cell for "not known" (`N/A`, `n.c.` for non communiqué, `?`, `TBD`), lower case. */
const UNKNOWN_WORDS = new Set([
  'n/a',
  'na',
  'n.a.',
  'n.a',
  'n.c.',
  'n.c',
  'nc',
  'n/c',
  'nr',
  'n.r.',
  'nd',
  'n.d.',
  'n/d',
  '?',
  '??',
  '-',
  '--',
  'tbd',
  'tbc',
  'unknown',
  'inconnu',
  'inconnue',
  'à définir',
  'a definir',
  'à confirmer',
  'non communiqué',
  'non renseigné',
  '未知',
  '不详',
]);

/**
 * Words that say a name is not known or not settled (`?`, `NC`, `à définir`, `en cours`), lower case: in a text field
 * whose absence is a real answer (the Tmall Partner) they were taken for a name, and passed the knock-out "someone
 * to run the store"; they are refused there instead, as they are in a number column. None-words go first (`n/a`).
 */
const NOT_A_NAME: ReadonlySet<string> = new Set([
  ...UNKNOWN_WORDS,
  'en cours',
  'en discussion',
  'en négociation',
  'en negociation',
  'à venir',
  'a venir',
  'en recherche',
  'à trouver',
  'pending',
  'in progress',
  'to be confirmed',
  '待定',
  '洽谈中',
]);

/** Whether a text says a name is not known or not settled (see NOT_A_NAME). */
export function saysNameNotKnown(text: string): boolean {
  return text.length <= 24 && NOT_A_NAME.has(text.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** The refusal of such a text, in `lang`. */
export function notANameMessage(text: string, lang: Lang): string {
  return t(lang, 'schema.notAName', { actual: show(text) });
}

/**
 * `1?250?000`: groups of three digits apart by a `?` (or U+FFFD), where a narrow or plain no-break space had no
 * byte in the encoding the file was converted to (Windows-1252 has none for U+202F), and an optional unit.
 */
const LOST_SEPARATOR = /^([+-]?)(\d{1,3}(?:[?\ufffd]\d{3})+)([.,]\d+)?\s*(?:%|€|eur|euros?)?$/i;

/** The hint for a number whose thousands separator was lost in a conversion: the number written two ways. */
function lostSeparatorHint(text: string, lang: Lang): string {
  const m = LOST_SEPARATOR.exec(text);
  if (!m) return '';
  const [, sign, groups, fraction = ''] = m as unknown as [string, string, string, string | undefined];
  const digits = groups.split(/[?\ufffd]/);
  return t(lang, 'schema.lostCharacter', {
    plain: sign + digits.join('') + fraction,
    spaced: sign + digits.join(' ') + fraction,
  });
}

/** The hint for such a word where a value is expected: an empty cell is how "unknown" is written. */
function unknownHint(text: string, lang: Lang, key: 'schema.unknownNumber' | 'schema.unknownValue'): string {
  return text.length <= 16 && UNKNOWN_WORDS.has(text.trim().toLowerCase()) ? t(lang, key) : '';
}

function show(text: string): string {
  return quoteVisibly(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/**
 * Reads a number as spreadsheets write it; NaN if it is not one, or if it reads two ways (`450,000`) and no
 * decimal mark is given. Spreadsheet exports also leave a trailing `%` on percentages and `€` on amounts, and a
 * typographic minus sign; those are accepted too.
 */
export function parseNumber(raw: string, mark: DecimalMark | null = null): number {
  const n = plainNumber(raw) ?? readNumber(raw, mark);
  return n instanceof AmbiguousNumber ? Number.NaN : n;
}

/**
 * Most cells are plain digits, perhaps with a minus sign and a decimal point: read digit by digit, without the
 * patterns of readNumber. Under 16 digits they make an integer below 2^53 and the point a power of ten that
 * doubles hold exactly, so one division gives the double nearest the decimal, which is what Number() gives (and
 * the sign, which readNumber multiplies in, changes no digit). A point followed by exactly three digits
 * (`450.000`) is left to readNumber: it may group thousands.
 */
function plainNumber(text: string): number | undefined {
  const from = text.charCodeAt(0) === 45 ? 1 : 0;
  const c = text.charCodeAt(from);
  if (!(c >= 48 && c <= 57) || text.length - from >= 16) return undefined;
  let digits = 0;
  let decimals = -1;
  let point = -1;
  for (let i = from; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d >= 48 && d <= 57) {
      digits = digits * 10 + (d - 48);
      if (decimals >= 0) decimals++;
    } else if (d === 46 && decimals < 0) {
      decimals = 0;
      point = i - from;
    } else return undefined;
  }
  if (decimals === 0 || (decimals === 3 && point <= 3 && c !== 48)) return undefined;
  const n = decimals < 0 ? digits : digits / POWERS_OF_TEN[decimals]!;
  return from === 0 ? n : -n;
}

/** A day written as spreadsheets export it: 01/02/1998, 1/2/1998, 01.02.1998, 1998-02-01, a time after it. */
const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const YEAR_FIRST = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * The year of a date written as text, whichever of day and month comes first (the year is the same either way);
 * undefined for anything else, or for a day or month out of range.
 */
export function yearOfDate(text: string): number | undefined {
  const dayFirst = DAY_FIRST.exec(text);
  const yearFirst = dayFirst ? null : YEAR_FIRST.exec(text);
  if (!dayFirst && !yearFirst) return undefined;
  // the two numbers beside the year, day and month in either order
  const [a, b, year] = dayFirst
    ? [Number(dayFirst[1]), Number(dayFirst[3]), Number(dayFirst[4])]
    : [Number(yearFirst![3]), Number(yearFirst![4]), Number(yearFirst![1])];
  if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) return undefined;
  return year;
}

/** What a number that reads two ways is told, naming both readings and how to write each (cells, interview). */
export function ambiguousMessage(n: AmbiguousNumber, lang: Lang): string {
  return t(lang, 'number.ambiguous', {
    actual: n.text,
    thousands: String(n.thousands),
    decimal: String(n.decimal),
    decimalWritten: n.decimalWritten,
  });
}

function numberConverter(field: FieldDef, lang: Lang, yearOfDateText: boolean): CellConverter {
  const integer = field.type === 'integer';
  // a spreadsheet's year field (brand.foundedYear) takes a date's year, as the .xlsx reader does for a date cell
  const yearWanted = yearOfDateText && integer && field.year === true;
  const type = t(lang, integer ? 'type.integer' : 'type.number');
  const { min, max } = field;
  return (text, mark) => {
    let n = plainNumber(text) ?? readNumber(text, mark ?? null);
    if (n instanceof AmbiguousNumber) return new CellError(ambiguousMessage(n, lang));
    // a CRM's "Date de création" column exported as text: the date's year, as an .xlsx date cell gives it
    if (yearWanted && !Number.isFinite(n)) n = yearOfDate(text) ?? n;
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
      return new CellError(
        t(lang, 'schema.type', { type, actual: show(text) }) +
          (shorthandHint(text, lang) ||
            lostSeparatorHint(text, lang) ||
            unknownHint(text, lang, 'schema.unknownNumber')),
      );
    if (min !== undefined && n < min) return new CellError(t(lang, 'schema.minimum', { actual: text, limit: min }));
    if (max !== undefined && n > max) return new CellError(t(lang, 'schema.maximum', { actual: text, limit: max }));
    // -0 from "-0" would print as 0 in JSON anyway; normalising keeps comparisons in rules plain
    return n === 0 ? 0 : n;
  };
}

/** An enum or list item refused: the allowed values as labels in the language, and the closest one. */
export function enumMessage(lang: Lang, text: string, field: FieldDef): string {
  const hint = suggestValue(field, text, lang);
  return (
    t(lang, 'schema.enum', { actual: show(text), values: valuesShown(field, lang) }) +
    (hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '')
  );
}

/** A country refused, with the closest name's code when the text looks like a misspelt name. */
export function countryMessage(lang: Lang, text: string): string {
  const hint = suggestCountry(text);
  return (
    t(lang, 'schema.country', { actual: show(text) }) + (hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '')
  );
}

/**
 * A field's values by their length: a cell is matched by comparing it with the few values of its own length,
 * which for a cell just read is cheaper than the hash of its text a Map lookup has to compute first (an enum cell
 * cost about 25 ns that way, most of a row's enum columns).
 */
function codesByLength(values: readonly string[]): readonly (readonly string[] | undefined)[] {
  const byLength: string[][] = [];
  for (const v of values) (byLength[v.length] ??= []).push(v);
  return byLength;
}

/** The value `text` is exactly (the catalogue's own string), or undefined. */
function codeOf(codes: readonly (readonly string[] | undefined)[], text: string): string | undefined {
  const same = codes[text.length];
  if (same !== undefined) for (let i = 0; i < same.length; i++) if (same[i] === text) return same[i];
  return undefined;
}

/**
 * Compiles the converter of one field. Callers pass the cell trimmed and non-empty; empty means unknown.
 * `yearOfDateText`: a year field reads a date written as text as its year (a spreadsheet cell; not a YAML value).
 */
export function compileConverter(field: FieldDef, lang: Lang = 'en', yearOfDateText = true): CellConverter {
  switch (field.type) {
    case 'version':
      return (text) => (parseNumber(text) === 1 ? 1 : new CellError(t(lang, 'schema.const', { value: '1' })));
    case 'string': {
      const tooLong = (text: string): unknown =>
        text.length > STRING_MAX ? new CellError(t(lang, 'schema.tooLong', { max: STRING_MAX })) : text;
      // `none`, `aucun`, `-` in the Tmall Partner column mean no partner (an empty text), not a partner's name
      if (!field.noneIsAnswer) return tooLong;
      return (text) =>
        isNoneWord(text) ? '' : saysNameNotKnown(text) ? new CellError(notANameMessage(text, lang)) : tooLong(text);
    }
    case 'country':
      return (text) => {
        const code = countryFromText(text);
        return code !== undefined ? code : new CellError(countryMessage(lang, text));
      };
    case 'boolean':
      return (text) => {
        if (text === 'true') return true;
        if (text === 'false') return false;
        const value = BOOLEANS.get(text.toLowerCase());
        return (
          value ??
          new CellError(
            t(lang, 'schema.type', { type: t(lang, 'type.boolean'), actual: show(text) }) +
              unknownHint(text, lang, 'schema.unknownValue'),
          )
        );
      };
    case 'enum': {
      const values = field.values ?? [];
      const codes = codesByLength(values);
      // `néant`, `-`, `n/a` in a column whose values include `none` (a trademark status, the logistics) are that
      // answer, as they are in the Tmall Partner column; a field with no `none` value refuses them, listing its values
      const none = values.includes('none') ? 'none' : undefined;
      return (text) =>
        codeOf(codes, text) ??
        valueFromText(field, text) ??
        (isNoneWord(text)
          ? (none ?? new CellError(enumMessage(lang, text, field) + t(lang, 'schema.noNoneValue')))
          : new CellError(enumMessage(lang, text, field)));
    }
    case 'list': {
      const values = field.values ?? [];
      const allowed = new Set(values);
      const anyList = (text: string): unknown => {
        // the whole cell a word for none (`aucun`, `néant`, `-`, `无`): no social channels, no payment method; a
        // none-word beside items (`wechat|aucun`) is refused below, as any other unknown item is
        if (saysNoItems(field, text)) return [];
        const items: string[] = [];
        // items are separated by `|`; a list written with commas or semicolons (`WeChat, Weibo`) is read too
        // when every item is a known value, since no value holds either
        let parts = text.split('|');
        if (parts.length === 1 && /[,;]/.test(text) && valueFromText(field, text.trim()) === undefined) {
          const split = text.split(/[,;]/);
          if (split.every((p) => p.trim() === '' || valueFromText(field, p.trim()) !== undefined)) parts = split;
        }
        for (const part of parts) {
          let item = trimCell(part);
          if (item === '') continue;
          if (!allowed.has(item)) item = valueFromText(field, item) ?? item;
          if (!allowed.has(item)) {
            const message = enumMessage(lang, item, field);
            // the usual slip in a spreadsheet is a comma or semicolon between items
            if (/[,;]/.test(item)) return new CellError(message + t(lang, 'schema.listSeparator'));
            // `wechat|aucun`: none and items at once, which is neither
            return new CellError(isNoneWord(item) ? message + t(lang, 'schema.noneAmongItems') : message);
          }
          if (items.includes(item)) return new CellError(t(lang, 'schema.uniqueItems', { actual: show(item) }));
          items.push(item);
        }
        if (items.length > LIST_MAX) return new CellError(t(lang, 'schema.tooManyItems', { max: LIST_MAX }));
        return items;
      };
      return anyList;
    }
    case 'integer':
    case 'number':
      return numberConverter(field, lang, yearOfDateText);
  }
}

/**
 * Converts one raw cell of a field: `{ value }` (undefined for an empty cell, which means unknown) or
 * `{ error }` saying what was expected. For one-off conversions (the interview); batch readers compile.
 */
export function convertCell(
  field: FieldDef,
  raw: string,
  lang: Lang = 'en',
  mark: DecimalMark | null = null,
): { value: unknown } | { error: string } {
  const text = trimCell(raw);
  if (text === '') return { value: undefined };
  const value = compileConverter(field, lang)(text, mark);
  return value instanceof CellError ? { error: value.message } : { value };
}

// The usual cell of each kind, read in the batch readers' loop (readCell) without a call to its field's converter,
// nor a trim: `true`, an enum's own code, codes between `|`, a plain number within bounds, a text within bounds. A row
// of the bench's 47 columns made 40 converter calls and 40 trims, over a third of its conversion's cost. Every fast
// path takes only a cell that has nothing to trim and that its converter reads to the same value; the converter
// reads everything else, so the value or the message of a cell is the converter's in every case.
const OTHER = 0;
const BOOLEAN = 1;
const CODE = 2;
const NUMBER = 3;
const TEXT = 4;
const LIST = 5;
// read from bytes only (readCellBytes); readCell leaves them to their converter
const COUNTRY = 6;
const VERSION = 7;
/** a text in which a none-word means none (partners.tmallPartner) */
const NONE_TEXT = 8;

/** A column's field compiled for readCell: one shape for every field, so that the loop reads it monomorphically. */
export interface CellReader {
  readonly kind: number;
  /** an enum's or a list's values by length (see codesByLength); empty for the other kinds */
  readonly codes: readonly (readonly string[] | undefined)[];
  /**
   * `codes` for readCellBytes, by length and first character (`128 * length + code`): those values' characters
   * end to end as bytes, and the values (see codeAt)
   */
  readonly codeRuns: readonly (Uint8Array | undefined)[];
  readonly codeNames: readonly (readonly string[] | undefined)[];
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** the field's converter, for what the fast paths leave */
  readonly convert: CellConverter;
}

/** Compiles the reader of one field (see CellReader); `lang` words its messages. */
export function compileReader(field: FieldDef, lang: Lang = 'en'): CellReader {
  const kind =
    field.type === 'boolean'
      ? BOOLEAN
      : field.type === 'enum'
        ? CODE
        : field.type === 'list'
          ? LIST
          : field.type === 'number' || field.type === 'integer'
            ? NUMBER
            : field.type === 'string'
              ? field.noneIsAnswer
                ? NONE_TEXT
                : TEXT
              : field.type === 'country'
                ? COUNTRY
                : field.type === 'version'
                  ? VERSION
                  : OTHER;
  // a cell is taken for a code only when it is the code exactly, which it can be only for a code that holds
  // nothing the converter trims or (in a list) splits at: none does
  const exact = (field.values ?? []).filter((v) => v !== '' && v === v.trim() && !/[|,;]/.test(v));
  const codes = kind === CODE || kind === LIST ? codesByLength(exact) : [];
  return {
    kind,
    codes,
    ...codeRuns(exact.filter(() => kind === CODE || kind === LIST)),
    integer: field.type === 'integer',
    min: field.min ?? -Infinity,
    max: field.max ?? Infinity,
    convert: compileConverter(field, lang),
  };
}

/**
 * The reader of a money column headed in thousands or millions of euros (`CA annuel (k€)`, see headerUnit): its
 * numbers times `scale`, through its converter (no fast path reads such a cell), so that a typed .xlsx cell and a
 * CSV cell read alike. Rounded to 15 digits, so that 1,1 M€ is 1100000, not 1100000.0000000002.
 */
export function compileScaledReader(field: FieldDef, lang: Lang, scale: number): CellReader {
  const unscaled = compileConverter(field, lang);
  const convert: CellConverter = (text, mark) => {
    const value = unscaled(text, mark);
    return typeof value === 'number' ? Number((value * scale).toPrecision(15)) : value;
  };
  return { ...compileReader(field, lang), kind: OTHER, convert };
}

/**
 * One non-empty cell, as it is written, read by its column's reader: the value, a CellError (as the converter
 * says), or undefined for a cell of spaces only (unknown, like an empty one).
 */
export function readCell(reader: CellReader, raw: string, mark: DecimalMark | null | undefined): unknown {
  switch (reader.kind) {
    case BOOLEAN:
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      break;
    case CODE: {
      const code = codeOf(reader.codes, raw);
      if (code !== undefined) return code;
      break;
    }
    case NUMBER: {
      // digits, a minus sign and a point: nothing to trim
      const n = plainNumber(raw);
      if (n !== undefined && n >= reader.min && n <= reader.max && (!reader.integer || Number.isInteger(n)))
        return n === 0 ? 0 : n;
      break;
    }
    case TEXT: {
      // it starts and ends with a character no trim removes (no control or space, below U+00A0)
      const first = raw.charCodeAt(0);
      const last = raw.charCodeAt(raw.length - 1);
      if (first > 32 && first < 0xa0 && last > 32 && last < 0xa0 && raw.length <= STRING_MAX) return raw;
      break;
    }
    case LIST: {
      const items = listOfCodes(reader.codes, raw);
      if (items !== undefined) return items;
      break;
    }
  }
  const text = trimCell(raw);
  return text === '' ? undefined : reader.convert(text, mark);
}

/** What readCellBytes gives for a cell none of its fast paths reads: the cell is then read as text, by readCell. */
export const NOT_READ: unique symbol = Symbol('not read');

/**
 * readCell's fast paths read straight from a CSV row's bytes (see read/csv-scan.ts), for a non-empty cell of ASCII
 * bytes with no doubled quote: no string is made for a cell that is a boolean, a code or a number, most of a
 * bench row's 47 cells. Each path takes exactly the cells readCell's takes (for ASCII, a byte is its character's
 * code) and gives the same value; any other cell gives NOT_READ, and the caller reads its text with readCell.
 */
export function readCellBytes(reader: CellReader, bytes: Buffer, start: number, end: number): unknown {
  // a switch of calls, each kind in a function of its own: kept under V8's inlining limit (460 bytes of
  // bytecode), so that the row's loop inlines it, which it did not when the kinds were written out here
  switch (reader.kind) {
    case BOOLEAN:
      return booleanAt(bytes, start, end);
    case CODE:
      return codeAt(reader, bytes, start, end) ?? NOT_READ;
    case NUMBER:
      return numberAt(reader, bytes, start, end);
    case LIST:
      return listOfCodesAt(reader, bytes, start, end) ?? NOT_READ;
    case COUNTRY:
      // two capitals, countryFromText's own first look-up (any other text goes through its converter)
      return (end - start === 2 && countryOfCapitals(bytes[start]!, bytes[start + 1]!)) || NOT_READ;
    case VERSION:
      // `1`, which parseNumber reads as 1
      return end - start === 1 && bytes[start] === 49 ? 1 : NOT_READ;
  }
  return NOT_READ;
}

/** `true` or `false` exactly, as readCell takes them; NOT_READ for any other cell. */
function booleanAt(bytes: Buffer, start: number, end: number): unknown {
  const n = end - start;
  if (n === 4 && bytes[start] === 116 && bytes[start + 1] === 114 && bytes[start + 2] === 117)
    return bytes[start + 3] === 101 ? true : NOT_READ;
  if (n === 5 && bytes[start] === 102 && bytes[start + 1] === 97 && bytes[start + 2] === 108)
    return bytes[start + 3] === 115 && bytes[start + 4] === 101 ? false : NOT_READ;
  return NOT_READ;
}

/** A plain number within the field's bounds, as readCell takes it; NOT_READ for any other cell. */
function numberAt(reader: CellReader, bytes: Buffer, start: number, end: number): unknown {
  const n = plainNumberAt(bytes, start, end);
  if (n !== undefined && n >= reader.min && n <= reader.max && (!reader.integer || Number.isInteger(n)))
    return n === 0 ? 0 : n;
  return NOT_READ;
}

/**
 * A text cell's value from its string (the ASCII cell's own characters, decoded by the caller): for TEXT and
 * NONE_TEXT the value readCell gives, or NOT_READ. Apart from readCellBytes, so that the caller decodes a string
 * only for the cells that are text.
 */
export function readTextCell(reader: CellReader, text: string): unknown {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  // ASCII: a character no trim removes is over 32 (readCell's upper bound, U+00A0, is past ASCII)
  if (first <= 32 || last <= 32 || text.length > STRING_MAX) return NOT_READ;
  if (reader.kind === TEXT) return text;
  // the none-word converter, on a text with nothing to trim
  // a word for "not known" goes to the converter, which refuses it
  if (reader.kind === NONE_TEXT) return isNoneWord(text) ? '' : saysNameNotKnown(text) ? NOT_READ : text;
  return NOT_READ;
}

/** Whether readCellBytes leaves the reader's cells to readTextCell: a text, whose value is its string. */
export function isTextReader(reader: CellReader): boolean {
  return reader.kind === TEXT || reader.kind === NONE_TEXT;
}

/**
 * The values by length and first character, each group as one run of bytes (a character past ASCII as 0x80,
 * which no ASCII cell holds), for codeAt.
 */
function codeRuns(values: readonly string[]): Pick<CellReader, 'codeRuns' | 'codeNames'> {
  // filled in full, not by sparse indices, which would leave the arrays as dictionaries (a look-up 3 times slower)
  const size = 128 * (Math.max(0, ...values.map((v) => v.length)) + 1);
  const names = new Array<string[] | undefined>(size).fill(undefined);
  for (const v of values) if (v.charCodeAt(0) < 128) (names[128 * v.length + v.charCodeAt(0)] ??= []).push(v);
  const runs = names.map((same) => {
    if (same === undefined) return undefined;
    const run = new Uint8Array(same.length * same[0]!.length);
    let at = 0;
    for (const v of same) for (let i = 0; i < v.length; i++) run[at++] = Math.min(v.charCodeAt(i), 0x80);
    return run;
  });
  return { codeRuns: runs, codeNames: names };
}

/** codeOf for the ASCII cell bytes[start, end), compared byte to byte: the catalogue's own string, or undefined. */
function codeAt(reader: CellReader, bytes: Uint8Array, start: number, end: number): string | undefined {
  const length = end - start;
  const key = 128 * length + bytes[start]!;
  const run = reader.codeRuns[key];
  if (run === undefined) return undefined;
  // the first character is the key's: the others are compared
  for (let base = 0, i = 0; base < run.length; base += length, i++) {
    let k = 1;
    while (k < length && run[base + k] === bytes[start + k]) k++;
    if (k === length) return reader.codeNames[key]![i];
  }
  return undefined;
}

/** plainNumber for the ASCII cell bytes[start, end), digit by digit alike. */
function plainNumberAt(bytes: Uint8Array, start: number, end: number): number | undefined {
  const from = bytes[start] === 45 ? start + 1 : start;
  const c = from < end ? bytes[from]! : 0;
  if (!(c >= 48 && c <= 57) || end - from >= 16) return undefined;
  let digits = 0;
  let decimals = -1;
  let point = -1;
  for (let i = from; i < end; i++) {
    const d = bytes[i]!;
    if (d >= 48 && d <= 57) {
      digits = digits * 10 + (d - 48);
      if (decimals >= 0) decimals++;
    } else if (d === 46 && decimals < 0) {
      decimals = 0;
      point = i - from;
    } else return undefined;
  }
  if (decimals === 0 || (decimals === 3 && point <= 3 && c !== 48)) return undefined;
  const n = decimals < 0 ? digits : digits / POWERS_OF_TEN[decimals]!;
  return from === start ? n : -n;
}

/** listOfCodes for the ASCII cell bytes[start, end): its items, or undefined for a cell the converter reads. */
function listOfCodesAt(reader: CellReader, bytes: Uint8Array, start: number, end: number): string[] | undefined {
  // the first three items are held apart and the array made at the end, of its size: a list grown by push has
  // room for 16 items, some 150 bytes a cell where most lists have one to three
  let a: string | undefined;
  let b: string | undefined;
  let c: string | undefined;
  let more: string[] | undefined;
  for (let from = start; from <= end;) {
    let to = from;
    while (to < end && bytes[to] !== 0x7c) to++;
    if (to > from) {
      const item = codeAt(reader, bytes, from, to);
      if (item === undefined || item === a || item === b || item === c || more?.includes(item)) return undefined;
      if (a === undefined) a = item;
      else if (b === undefined) b = item;
      else if (c === undefined) c = item;
      else (more ??= []).push(item);
    }
    from = to + 1;
  }
  if (a === undefined) return [];
  if (b === undefined) return [a];
  if (c === undefined) return [a, b];
  if (more === undefined) return [a, b, c];
  return 3 + more.length > LIST_MAX ? undefined : [a, b, c, ...more];
}

/**
 * A list cell that is codes exactly, between `|` (`alipay|wechat-pay`), none repeated: its items, read without a
 * split, a trim or a pattern; undefined for any other cell (a comma or semicolon, spaces, a label), which the
 * list's converter reads. Where this gives items, the converter gives the same.
 */
function listOfCodes(codes: readonly (readonly string[] | undefined)[], text: string): string[] | undefined {
  // no code holds a `,` or `;` (see compileReader): a cell written with them is no code, and is left to the
  // converter, which tries them as separators
  const bar = text.indexOf('|');
  if (bar === -1) {
    const item = codeOf(codes, text);
    return item === undefined ? undefined : [item];
  }
  const items: string[] = [];
  for (let start = 0, end = bar; ;) {
    if (end > start) {
      const item = codeOf(codes, text.slice(start, end));
      if (item === undefined || items.includes(item)) return undefined;
      items.push(item);
    }
    if (end === text.length) break;
    start = end + 1;
    end = text.indexOf('|', start);
    if (end === -1) end = text.length;
  }
  return items.length > LIST_MAX ? undefined : items;
}
