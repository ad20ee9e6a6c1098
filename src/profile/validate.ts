// Validates a profile given as nested data (from YAML, JSON or the interview) against the profile schema and
// normalises it into field slots. Diagnostics name the field path; the caller adds file and position.
import { validateProfile } from '../generated/profile-validator.js';
import { t } from '../i18n/index.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { pickErrors, type PickedError } from '../io/schema-errors.js';
import type { FieldValues, Lang, Waiver } from '../types.js';
import {
  CellError,
  compileConverter,
  normaliseEnum,
  notANameMessage,
  saysNameNotKnown,
  type CellConverter,
} from './convert.js';
import { countryFromText, suggestCountry } from './countries.js';
import { FIELDS, fieldDef, type FieldDef } from './fields.js';
import { isNoneWord } from './none-words.js';
import { quoteVisibly } from './invisible.js';
import { suggest } from './suggest.js';
import { saysNoItems, suggestValue, valueFromText, valuesShown } from './values.js';

// the sections too (company, localization...), so that a misspelt one (`localisation`, `compagny`), whose fields
// would all go unread, gets its "did you mean" like a misspelt field
const KNOWN_PATHS = [
  ...FIELDS.map((f) => f.path),
  ...new Set(FIELDS.map((f) => f.path.split('.')[0]!)),
  'waivers',
  '$schema',
];

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
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (typeof value === 'string') return quoteVisibly(value.length > 60 ? `${value.slice(0, 57)}...` : value);
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
    node = Object.prototype.hasOwnProperty.call(node, step)
      ? (node as Record<string | number, unknown>)[step]
      : undefined;
  }
  return node;
}

// one converter per field and language: their refusals are worded in the report's language
const converters = new Map<string, CellConverter>();
function converterOf(field: FieldDef, lang: Lang): CellConverter {
  const key = `${lang}:${field.path}`;
  let c = converters.get(key);
  // a YAML or JSON dossier is typed: a date where a year goes is refused there (test/hostile/date-as-year.yaml)
  if (!c) converters.set(key, (c = compileConverter(field, lang, false)));
  return c;
}

/**
 * A value written the way people write it in YAML rather than the way the schema types it: a quoted number
 * (`"38000000"`, `"45%"`, `"1 250 000"`), a boolean as `yes`, `oui` or `Y` (YAML 1.2 reads those as text),
 * an enum in another case (`Beauty`), a festival as a number (`[618, 1111]`), a list as one string
 * (`alipay`, `wechat, xiaohongshu`), a brand name that YAML read as a number (`name: 1664`). Each is read
 * exactly as the same text in a CSV cell is; what still does not fit returns the cell converter's message,
 * which says which forms are accepted.
 */
function coerce(field: FieldDef, value: unknown, lang: Lang): { value: unknown } | { error: string } {
  switch (field.type) {
    case 'string': {
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      // v2 (issue 12): `tmallPartner: none` (or aucun, -, 0, false) is no partner, not a partner named "none"
      if (field.noneIsAnswer && (value === false || (typeof text === 'string' && isNoneWord(text))))
        return { value: '' };
      // `tmallPartner: "?"` or `à définir` is no partner's name, as in a spreadsheet cell
      if (field.noneIsAnswer && typeof text === 'string' && saysNameNotKnown(text))
        return { error: notANameMessage(text, lang) };
      return { value: text };
    }
    case 'country': {
      if (typeof value !== 'string') return { value };
      // a code in any case, an alpha-3 code or a name (`France`, `Italie`, `法国`); an unknown one keeps its
      // spelling, so that the message quotes what was written
      return { value: countryFromText(value) ?? value };
    }
    case 'list': {
      // a list written as one string is read as the same text in a CSV cell: `socialChannels: aucun` is none
      if (typeof value === 'string' && saysNoItems(field, value.trim())) return { value: [] };
      const items =
        typeof value === 'string'
          ? value
              .split(/[,|;]/)
              .map((s) => s.trim())
              .filter((s) => s !== '')
          : value;
      if (!Array.isArray(items)) return { value };
      const values = field.values ?? [];
      return {
        value: items.map((item) => {
          if (typeof item === 'number' && Number.isFinite(item)) return String(item);
          return typeof item === 'string'
            ? (normaliseEnum(item, values) ?? valueFromText(field, item.trim()) ?? item)
            : item;
        }),
      };
    }
    case 'boolean':
    case 'number':
    case 'integer':
    case 'enum':
    case 'version': {
      const text =
        typeof value === 'string'
          ? value.trim()
          : field.type === 'boolean' && (value === 0 || value === 1)
            ? String(value)
            : null;
      if (text === null || text === '') return { value };
      const converted = converterOf(field, lang)(text);
      return converted instanceof CellError ? { error: converted.message } : { value: converted };
    }
  }
}

/**
 * Null leaves mean "unknown", like absent ones; country codes are compared in upper case; values written as
 * people write them are read (see coerce). Returns the messages of values that could not be read, by path.
 */
function tidy(data: Record<string, unknown>, lang: Lang): Map<string, string> {
  const unreadable = new Map<string, string>();
  for (const field of FIELDS) {
    const parts = field.path.split('.');
    const parent = getIn(data, parts.slice(0, -1));
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
    const leaf = parts[parts.length - 1]!;
    if (!Object.prototype.hasOwnProperty.call(parent, leaf)) continue;
    const record = parent as Record<string, unknown>;
    if (record[leaf] === null) {
      delete record[leaf];
      continue;
    }
    const result = coerce(field, record[leaf], lang);
    if ('error' in result) unreadable.set(field.path, result.error);
    else record[leaf] = result.value;
  }
  for (const section of ['brand', 'company', 'ip', 'productRange', 'localization', 'pricing', 'partners', 'market']) {
    if (data[section] === null) delete data[section];
  }
  return unreadable;
}

function scalarText(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
}

const TYPE_KEYS: Record<string, MessageKey> = {
  integer: 'type.integer',
  number: 'type.number',
  boolean: 'type.boolean',
  string: 'type.string',
  array: 'type.array',
  object: 'type.object',
};
function typeName(type: string, lang: Lang): string {
  const key = TYPE_KEYS[type];
  return key ? t(lang, key) : type;
}

function describe(
  err: PickedError,
  data: unknown,
  lang: Lang,
): { field: string; message: string; path: (string | number)[] } {
  const fieldPath = err.path.filter((s) => typeof s === 'string').join('.');
  const actual = show(getIn(data, err.path));
  switch (err.keyword) {
    case 'required': {
      const field = fieldPath
        ? `${fieldPath}.${String(err.params.missingProperty)}`
        : String(err.params.missingProperty);
      return { field, message: t(lang, 'schema.required'), path: err.path };
    }
    case 'enum': {
      const def = fieldDef(fieldPath);
      const values = (err.params.allowedValues as unknown[]).map(String);
      // only scalars get a suggestion: String() of a mapping can throw (a `toString` key that is not a function)
      const written = scalarText(getIn(data, err.path));
      const hint = written
        ? def && def.type !== 'country'
          ? suggestValue(def, written, lang)
          : suggest(written, values)
        : undefined;
      const list = def?.values ? valuesShown(def, lang) : values.join(', ');
      const country = def?.type === 'country' && written ? suggestCountry(written) : undefined;
      const suggestion = def?.type === 'country' ? country : hint;
      return {
        field: fieldPath,
        message:
          (def?.type === 'country'
            ? t(lang, 'schema.country', { actual })
            : t(lang, 'schema.enum', { actual, values: list })) +
          (suggestion ? t(lang, 'schema.didYouMean', { suggestion }) : ''),
        path: err.path,
      };
    }
    case 'type': {
      const def = fieldDef(fieldPath);
      const type =
        def?.type === 'list'
          ? t(lang, 'type.list', { values: def.values!.join(', ') })
          : def?.type === 'integer'
            ? t(lang, 'type.integer')
            : typeName(String(err.params.type), lang);
      return { field: fieldPath, message: t(lang, 'schema.type', { type, actual }), path: err.path };
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        field: fieldPath,
        message: t(lang, 'schema.minimum', { actual, limit: err.params.limit }),
        path: err.path,
      };
    case 'maximum':
      return {
        field: fieldPath,
        message: t(lang, 'schema.maximum', { actual, limit: err.params.limit }),
        path: err.path,
      };
    case 'const':
      return {
        field: fieldPath,
        message: t(lang, 'schema.const', { value: JSON.stringify(err.params.allowedValue) }),
        path: err.path,
      };
    case 'uniqueItems':
      return {
        field: fieldPath,
        message: t(lang, 'schema.uniqueItems', {
          actual: show((getIn(data, err.path) as unknown[])[err.params.i as number]),
        }),
        path: err.path,
      };
    case 'pattern':
      return {
        field: fieldPath,
        message: t(lang, 'schema.pattern', { actual }) + (fieldPath.endsWith('expires') ? ' (YYYY-MM-DD)' : ''),
        path: err.path,
      };
    default:
      return { field: fieldPath, message: t(lang, 'schema.other', { message: err.message }), path: err.path };
  }
}

const PACK_KEYS = ['rules', 'include', 'extends', 'overrides', 'categories', 'threshold', 'cases', 'base'];

/**
 * A document with neither schemaVersion nor brand is some other file (a rule pack, its tests, another tool's
 * YAML): one error saying so, instead of a "required" error and a warning for each of its keys.
 */
function notAProfile(record: Record<string, unknown>, lang: Lang): string | null {
  if ('schemaVersion' in record || 'brand' in record) return null;
  const keys = Object.keys(record);
  // a --format json report saved beside the profiles in a dossier folder
  if ('results' in record && ('summary' in record || 'tool' in record || 'pack' in record))
    return t(lang, 'input.reportNotProfile');
  if (keys.some((k) => PACK_KEYS.includes(k))) return t(lang, 'document.packFile');
  const shown = keys
    .slice(0, 5)
    .map((k) => JSON.stringify(k.length > 30 ? `${k.slice(0, 27)}...` : k))
    .join(', ');
  return keys.length > 0
    ? t(lang, 'document.notProfileKeys', { keys: `${shown}${keys.length > 5 ? ', ...' : ''}` })
    : t(lang, 'document.notProfile');
}

/**
 * Lone UTF-16 surrogates (a JSON `"\ud800"` escape) become U+FFFD, in keys and values: written back out they
 * would make the JSON report unreadable to jq and other strict parsers.
 */
function wellFormed(data: unknown): unknown {
  if (typeof data === 'string') return LONE_SURROGATE.test(data) ? data.replace(LONE_SURROGATE_G, '\ufffd') : data;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) data[i] = wellFormed(data[i]);
    return data;
  }
  if (data === null || typeof data !== 'object' || data instanceof Uint8Array) return data;
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = wellFormed(record[key]);
    const fixed = wellFormed(key) as string;
    if (fixed !== key) {
      delete record[key];
      record[fixed] = value;
    } else record[key] = value;
  }
  return record;
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, 'g');

/** Validates nested profile data (mutates it: nulls removed, country upper-cased) and fills the field slots. */
/**
 * Top-level keys with which other tools' YAML pulls in another file (a dossier written as `extends: base.yaml`):
 * a profile reads none, so its unknown-field warning says what does share a block (an anchor and a merge key).
 */
const INCLUDE_KEYS: ReadonlySet<string> = new Set(['extends', 'include', 'includes', 'import', 'imports', '$ref']);

export function validateProfileData(data: unknown, options: { strict?: boolean; lang?: Lang } = {}): ValidatedProfile {
  const lang = options.lang ?? 'en';
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      values: null,
      waivers: [],
      problems: [
        {
          severity: 'error',
          field: '',
          path: [],
          atKey: false,
          message: t(lang, 'document.notMapping', {
            what: Array.isArray(data) ? t(lang, 'document.aList') : show(data),
          }),
        },
      ],
    };
  }
  const record = wellFormed(data) as Record<string, unknown>;
  const notProfile = notAProfile(record, lang);
  if (notProfile)
    return {
      values: null,
      waivers: [],
      problems: [{ severity: 'error', field: '', path: [], atKey: false, message: notProfile }],
    };
  const unreadable = tidy(record, lang);
  const problems: ProfileProblem[] = [];
  if (!validateProfile(record)) {
    const picked = pickErrors(validateProfile.errors);
    // `brand.categroy` for brand.category: one error at the misspelt key, rather than "brand.category is
    // required" at the top of the section and a warning about an unknown field further down
    const misspelt = new Map<string, string>();
    for (const err of picked) {
      if (err.keyword !== 'additionalProperties') continue;
      const field = err.path.join('.');
      const hint = suggest(
        field,
        KNOWN_PATHS.filter((p) => p.startsWith(`${err.path.slice(0, -1).join('.')}.`)),
      );
      if (
        hint &&
        picked.some((e) => e.keyword === 'required' && [...e.path, e.params.missingProperty].join('.') === hint)
      )
        misspelt.set(hint, field);
    }
    for (const err of picked) {
      if (err.keyword === 'required' && misspelt.has([...err.path, err.params.missingProperty].join('.'))) continue;
      if (err.keyword === 'additionalProperties' && [...misspelt.values()].includes(err.path.join('.'))) {
        const field = err.path.join('.');
        const intended = [...misspelt].find(([, typo]) => typo === field)![0];
        problems.push({
          severity: 'error',
          field,
          path: err.path,
          atKey: true,
          message: t(lang, 'schema.misspeltRequired', { field: intended }),
        });
        continue;
      }
      const fieldPath = err.path.filter((s) => typeof s === 'string').join('.');
      const cellMessage = unreadable.get(fieldPath);
      if (cellMessage !== undefined && err.path.every((s) => typeof s === 'string')) {
        if (!problems.some((p) => p.field === fieldPath && p.severity === 'error'))
          problems.push({ severity: 'error', field: fieldPath, path: err.path, atKey: false, message: cellMessage });
        continue;
      }
      if (err.keyword === 'additionalProperties') {
        const field = err.path.join('.');
        const hint = suggest(
          field,
          KNOWN_PATHS.filter(
            (p) => p.split('.').length === err.path.length || p.startsWith(`${err.path.slice(0, -1).join('.')}.`),
          ),
        );
        problems.push({
          severity: options.strict ? 'error' : 'warning',
          field,
          path: err.path,
          atKey: true,
          message: t(lang, 'schema.unknownField', {
            hint: hint
              ? t(lang, 'schema.didYouMean', { suggestion: hint })
              : err.path.length === 1 && INCLUDE_KEYS.has(field)
                ? t(lang, 'schema.noInclude')
                : '',
          }),
        });
        continue;
      }
      const d = describe(err, record, lang);
      problems.push({ severity: 'error', field: d.field, path: d.path, atKey: false, message: d.message });
    }
  }
  // a value the schema takes but its reading refuses (`tmallPartner: "?"`, a text yet no name): its own error
  for (const [fieldPath, message] of unreadable)
    if (
      fieldDef(fieldPath)?.type === 'string' &&
      !problems.some((p) => p.field === fieldPath && p.severity === 'error')
    )
      problems.push({ severity: 'error', field: fieldPath, path: fieldPath.split('.'), atKey: false, message });
  if (problems.some((p) => p.severity === 'error')) return { values: null, waivers: [], problems };
  const values: FieldValues = new Array(FIELDS.length);
  for (let i = 0; i < FIELDS.length; i++) values[i] = getIn(record, FIELDS[i]!.path.split('.'));
  const waivers = Array.isArray(record.waivers) ? (record.waivers as Waiver[]) : [];
  return { values, waivers, problems };
}
