// Text cells (CSV columns, interview answers) converted into typed profile values. The rules mirror the
// profile JSON Schema built from the same field catalogue (src/profile/schema.ts): a value accepted here is
// one the schema accepts, and a value refused here gets the same wording the schema errors get.
// Converters are compiled once per field so a million-row CSV runs each cell through one small closure.
import { t } from '../i18n/index.js';
import type { Lang } from '../types.js';
import { COUNTRY_CODES } from './countries.js';
import { STRING_MAX, type FieldDef } from './fields.js';
import { suggest } from './suggest.js';

/** What a converter returns for a cell it refuses; a class so the hot loop tests it with `instanceof`. */
export class CellError {
  constructor(readonly message: string) {}
}

/** Converts one trimmed, non-empty cell; returns the value or a CellError. */
export type CellConverter = (text: string) => unknown;

const LIST_MAX = 50;
const COUNTRIES = new Set(COUNTRY_CODES);

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true], ['false', false], ['yes', true], ['no', false], ['oui', true], ['non', false], ['1', true], ['0', false],
  // French Excel writes its own booleans as VRAI / FAUX; Y / N columns are common in CRM exports
  ['vrai', true], ['faux', false], ['y', true], ['n', false],
]);

/**
 * The allowed value an enum cell means when it differs only in case, spaces or underscores
 * (`Beauty`, `Brand Owner`, `bonded_warehouse`); undefined when it means none of them.
 */
export function normaliseEnum(text: string, values: readonly string[]): string | undefined {
  const key = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
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

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

const SIMPLE = /^\d+(?:\.\d+)?$/;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));
// A plain number (the JSON/YAML form, or with a decimal comma).
const PLAIN = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
// Thousands separated by spaces (regular, no-break U+00A0, narrow no-break U+202F) or apostrophes (Swiss),
// with a decimal comma or point: `1 250 000,50`, `1'250'000.50`.
const SPACED = /^[+-]?\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?$/;
// Several commas are thousands separators (`1,250,000.50`); several points too (`1.250.000,50`).
const COMMA_GROUPS = /^[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^[+-]?\d{1,3}(?:,\d{3})+\.\d+$/;
const POINT_GROUPS = /^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/;

/**
 * Reads a number as spreadsheets write it; NaN if it is not one. Spreadsheet exports also leave a trailing
 * `%` on percentages and `€` on amounts, and a typographic minus sign; those are accepted too.
 */
export function parseNumber(raw: string): number {
  let text = raw;
  // most cells are plain digits: Number() reads them, and the patterns below are for everything else
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57 && text.length < 16) {
    // digits with at most one point, read digit by digit: under 16 characters the digits make an integer below
    // 2^53 and the point a power of ten that doubles hold exactly, so one division gives the double nearest the
    // decimal, which is what Number() gives
    let digits = 0;
    let decimals = -1;
    let i = 0;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d >= 48 && d <= 57) {
        digits = digits * 10 + (d - 48);
        if (decimals >= 0) decimals++;
      } else if (d === 46 && decimals < 0) decimals = 0;
      else break;
    }
    if (i === text.length && decimals !== 0) return decimals < 0 ? digits : digits / POWERS_OF_TEN[decimals]!;
    if (SIMPLE.test(text)) return Number(text);
  }
  if (PLAIN.test(text)) return Number(text.replace(',', '.'));
  text = text.replace(/\s*[%€]$/, '').replace(/^[−–]/, '-').trim();
  if (PLAIN.test(text)) return Number(text.replace(',', '.'));
  if (SPACED.test(text)) return Number(text.replace(/[ \u00a0\u202f'’]/g, '').replace(',', '.'));
  if (COMMA_GROUPS.test(text)) return Number(text.replace(/,/g, ''));
  if (POINT_GROUPS.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  return Number.NaN;
}

function numberConverter(field: FieldDef, lang: Lang): CellConverter {
  const integer = field.type === 'integer';
  const type = t(lang, integer ? 'type.integer' : 'type.number');
  const { min, max } = field;
  return (text) => {
    const n = parseNumber(text);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return new CellError(t(lang, 'schema.type', { type, actual: show(text) }) + shorthandHint(text, lang));
    if (min !== undefined && n < min) return new CellError(t(lang, 'schema.minimum', { actual: text, limit: min }));
    if (max !== undefined && n > max) return new CellError(t(lang, 'schema.maximum', { actual: text, limit: max }));
    // -0 from "-0" would print as 0 in JSON anyway; normalising keeps comparisons in rules plain
    return n === 0 ? 0 : n;
  };
}

function enumMessage(lang: Lang, text: string, values: readonly string[]): string {
  const hint = suggest(text, values);
  return t(lang, 'schema.enum', { actual: show(text), values: values.join(', ') }) + (hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '');
}

/** Compiles the converter of one field. Callers pass the cell trimmed and non-empty; empty means unknown. */
export function compileConverter(field: FieldDef, lang: Lang = 'en'): CellConverter {
  switch (field.type) {
    case 'version':
      return (text) => (parseNumber(text) === 1 ? 1 : new CellError(t(lang, 'schema.const', { value: '1' })));
    case 'string':
      return (text) => (text.length > STRING_MAX ? new CellError(t(lang, 'schema.tooLong', { max: STRING_MAX })) : text);
    case 'country':
      return (text) => {
        const code = text.toUpperCase();
        return COUNTRIES.has(code) ? code : new CellError(t(lang, 'schema.enum', { actual: show(text), values: t(lang, 'type.countryCodes') }));
      };
    case 'boolean':
      return (text) => {
        if (text === 'true') return true;
        if (text === 'false') return false;
        const value = BOOLEANS.get(text.toLowerCase());
        return value ?? new CellError(t(lang, 'schema.type', { type: t(lang, 'type.boolean'), actual: show(text) }));
      };
    case 'enum': {
      const values = field.values ?? [];
      const allowed = new Set(values);
      return (text) => ((allowed.has(text) ? text : undefined) ?? normaliseEnum(text, values) ?? new CellError(enumMessage(lang, text, values)));
    }
    case 'list': {
      const values = field.values ?? [];
      const allowed = new Set(values);
      return (text) => {
        const items: string[] = [];
        for (const part of text.split('|')) {
          let item = part.trim();
          if (item === '') continue;
          if (!allowed.has(item)) item = normaliseEnum(item, values) ?? item;
          if (!allowed.has(item)) {
            const message = enumMessage(lang, item, values);
            // the usual slip in a spreadsheet is a comma or semicolon between items
            return new CellError(/[,;]/.test(item) ? message + t(lang, 'schema.listSeparator') : message);
          }
          if (items.includes(item)) return new CellError(t(lang, 'schema.uniqueItems', { actual: show(item) }));
          items.push(item);
        }
        if (items.length > LIST_MAX) return new CellError(t(lang, 'schema.tooManyItems', { max: LIST_MAX }));
        return items;
      };
    }
    case 'integer':
    case 'number':
      return numberConverter(field, lang);
  }
}

/**
 * Converts one raw cell of a field: `{ value }` (undefined for an empty cell, which means unknown) or
 * `{ error }` saying what was expected. For one-off conversions (the interview); batch readers compile.
 */
export function convertCell(field: FieldDef, raw: string, lang: Lang = 'en'): { value: unknown } | { error: string } {
  const text = raw.trim();
  if (text === '') return { value: undefined };
  const value = compileConverter(field, lang)(text);
  return value instanceof CellError ? { error: value.message } : { value };
}
