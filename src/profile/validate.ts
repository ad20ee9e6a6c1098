// Validates a profile given as nested data (from YAML, JSON or the interview) against the profile schema and
// normalises it into field slots. Diagnostics name the field path; the caller adds file and position.
import { validateProfile } from '../generated/profile-validator.js';
import { t } from '../i18n/index.js';
import { pickErrors, type PickedError } from '../io/schema-errors.js';
import type { FieldValues, Lang, Waiver } from '../types.js';
import { FIELDS, fieldDef } from './fields.js';
import { suggest } from './suggest.js';

const KNOWN_PATHS = [...FIELDS.map((f) => f.path), 'waivers', '$schema'];

export interface ProfileProblem {
  severity: 'error' | 'warning';
  /** dotted field path, e.g. brand.category */
  field: string;
  /** where to point in the document: path segments */
  path: (string | number)[];
  /** point at the key rather than the value */
  atKey: boolean;
  message: string;
}

export interface ValidatedProfile {
  values: FieldValues | null;
  waivers: Waiver[];
  problems: ProfileProblem[];
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  // JSON.stringify turns YAML's .nan and .inf into null, which would read "expected a number, got null"
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function getIn(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.prototype.hasOwnProperty.call(node, step) ? (node as Record<string | number, unknown>)[step] : undefined;
  }
  return node;
}

/** Null leaves mean "unknown", like absent ones; country codes are compared in upper case. */
function tidy(data: Record<string, unknown>): void {
  for (const field of FIELDS) {
    const parts = field.path.split('.');
    const parent = getIn(data, parts.slice(0, -1));
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
    const leaf = parts[parts.length - 1]!;
    if (!Object.prototype.hasOwnProperty.call(parent, leaf)) continue;
    const record = parent as Record<string, unknown>;
    if (record[leaf] === null) delete record[leaf];
    else if (field.type === 'country' && typeof record[leaf] === 'string') record[leaf] = (record[leaf] as string).toUpperCase();
  }
  for (const section of ['brand', 'company', 'ip', 'productRange', 'localization', 'pricing', 'partners', 'market']) {
    if (data[section] === null) delete data[section];
  }
}

function describe(err: PickedError, data: unknown, lang: Lang): { field: string; message: string; path: (string | number)[] } {
  const fieldPath = err.path.filter((s) => typeof s === 'string').join('.');
  const actual = show(getIn(data, err.path));
  switch (err.keyword) {
    case 'required': {
      const field = fieldPath ? `${fieldPath}.${String(err.params.missingProperty)}` : String(err.params.missingProperty);
      return { field, message: t(lang, 'schema.required'), path: err.path };
    }
    case 'enum': {
      const def = fieldDef(fieldPath);
      const values = (err.params.allowedValues as unknown[]).map(String);
      const hint = suggest(String(getIn(data, err.path)), values);
      const list = def?.type === 'country' ? 'the ISO 3166-1 alpha-2 codes (FR, IT, DE...)' : values.join(', ');
      return { field: fieldPath, message: t(lang, 'schema.enum', { actual, values: list }) + (hint && def?.type !== 'country' ? t(lang, 'schema.didYouMean', { suggestion: hint }) : ''), path: err.path };
    }
    case 'type': {
      const def = fieldDef(fieldPath);
      const type = def?.type === 'list' ? `a list of ${def.values!.join(', ')}` : def?.type === 'integer' ? 'a whole number' : `a ${String(err.params.type)}`;
      return { field: fieldPath, message: t(lang, 'schema.type', { type, actual }), path: err.path };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return { field: fieldPath, message: t(lang, 'schema.minimum', { actual, limit: err.params.limit }), path: err.path };
    case 'maximum':
      return { field: fieldPath, message: t(lang, 'schema.maximum', { actual, limit: err.params.limit }), path: err.path };
    case 'const':
      return { field: fieldPath, message: t(lang, 'schema.const', { value: JSON.stringify(err.params.allowedValue) }), path: err.path };
    case 'uniqueItems':
      return { field: fieldPath, message: t(lang, 'schema.uniqueItems', { actual: show((getIn(data, err.path) as unknown[])[err.params.i as number]) }), path: err.path };
    case 'pattern':
      return { field: fieldPath, message: t(lang, 'schema.pattern', { actual }) + (fieldPath.endsWith('expires') ? ' (YYYY-MM-DD)' : ''), path: err.path };
    default:
      return { field: fieldPath, message: t(lang, 'schema.other', { message: err.message }), path: err.path };
  }
}

/** Validates nested profile data (mutates it: nulls removed, country upper-cased) and fills the field slots. */
export function validateProfileData(data: unknown, options: { strict?: boolean; lang?: Lang } = {}): ValidatedProfile {
  const lang = options.lang ?? 'en';
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      values: null,
      waivers: [],
      problems: [{ severity: 'error', field: '', path: [], atKey: false, message: `a profile is a mapping of fields (schemaVersion, brand, company...), not ${Array.isArray(data) ? 'a list' : show(data)}` }],
    };
  }
  const record = data as Record<string, unknown>;
  tidy(record);
  const problems: ProfileProblem[] = [];
  if (!validateProfile(record)) {
    for (const err of pickErrors(validateProfile.errors)) {
      if (err.keyword === 'additionalProperties') {
        const field = err.path.join('.');
        const hint = suggest(field, KNOWN_PATHS.filter((p) => p.split('.').length === err.path.length || p.startsWith(`${err.path.slice(0, -1).join('.')}.`)));
        problems.push({
          severity: options.strict ? 'error' : 'warning',
          field,
          path: err.path,
          atKey: true,
          message: t(lang, 'schema.unknownField', { hint: hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '' }),
        });
        continue;
      }
      const d = describe(err, record, lang);
      problems.push({ severity: 'error', field: d.field, path: d.path, atKey: false, message: d.message });
    }
  }
  if (problems.some((p) => p.severity === 'error')) return { values: null, waivers: [], problems };
  const values: FieldValues = new Array(FIELDS.length);
  for (let i = 0; i < FIELDS.length; i++) values[i] = getIn(record, FIELDS[i]!.path.split('.'));
  const waivers = Array.isArray(record.waivers) ? (record.waivers as Waiver[]) : [];
  return { values, waivers, problems };
}
