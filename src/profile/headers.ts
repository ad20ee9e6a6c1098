// v2 (issue 12): spreadsheet headers as people write them. A column is a field when its header is the field's
// path (`brand.name`, any case), its label in en/fr/zh (`Marque`, `CA annuel (€)`, `品牌名称`), one of its
// synonyms (`Chiffre d'affaires`, `Revenue (EUR)`), or a name the user mapped with --columns; compared
// ignoring case, accents, spaces, punctuation and, failing that, units in brackets. Other columns are no
// field: they are kept with the row, never refused.
import { FIELDS, type FieldDef } from './fields.js';
import { suggest } from './suggest.js';
import { textKey, textKeyWithoutBrackets } from './text-key.js';

/** How a column was recognised, for the header map shown under --verbose and in the json report. */
export type HeaderMatchKind = 'path' | 'label' | 'synonym' | 'columns';

export interface ColumnMatch {
  readonly field: FieldDef;
  readonly how: HeaderMatchKind;
}

/** A user's --columns map: header as written in the spreadsheet -> field path (already checked). */
export type ColumnsMap = ReadonlyMap<string, string>;

interface KeyTables {
  full: Map<string, ColumnMatch>;
  /** keys with what stood in brackets removed, kept only when one field claims them */
  bare: Map<string, ColumnMatch | null>;
}

let tables: KeyTables | undefined;

// `annualRevenueEur` -> `annual revenue eur`, so that a header written from the leaf alone matches
function splitCamel(leaf: string): string {
  return leaf.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

function keyTables(): KeyTables {
  if (tables) return tables;
  const full = new Map<string, ColumnMatch>();
  const bare = new Map<string, ColumnMatch | null>();
  const add = (text: string, match: ColumnMatch): void => {
    const key = textKey(text);
    if (key !== '' && !full.has(key)) full.set(key, match);
    const stripped = textKeyWithoutBrackets(text);
    if (stripped === '') return;
    const before = bare.get(stripped);
    if (before === undefined) bare.set(stripped, match);
    else if (before !== null && before.field !== match.field) bare.set(stripped, null);
  };
  // paths first, then labels, then synonyms: a synonym never takes another field's label
  for (const field of FIELDS) {
    add(field.path, { field, how: 'path' });
    add(splitCamel(field.path.split('.').pop()!), { field, how: 'path' });
  }
  for (const field of FIELDS) {
    for (const text of field.label ? [field.label.en, field.label.fr, field.label.zh] : [])
      if (text) add(text, { field, how: 'label' });
  }
  for (const field of FIELDS) for (const text of field.synonyms ?? []) add(text, { field, how: 'synonym' });
  tables = { full, bare };
  return tables;
}

const PATHS = new Map(FIELDS.map((f) => [f.path.toLowerCase(), f]));

/** The field a header means, or undefined for a column that is no field. */
export function matchHeader(header: string, columns?: ColumnsMap): ColumnMatch | undefined {
  const name = header.trim();
  if (name === '') return undefined;
  const mapped = columns?.get(name) ?? columns?.get(textKey(name));
  if (mapped !== undefined) {
    const field = PATHS.get(mapped.toLowerCase());
    if (field) return { field, how: 'columns' };
  }
  const byPath = PATHS.get(name.toLowerCase());
  if (byPath) return { field: byPath, how: 'path' };
  const { full, bare } = keyTables();
  return full.get(textKey(name)) ?? bare.get(textKeyWithoutBrackets(name)) ?? undefined;
}

/**
 * What a unit in a header's brackets says of its column's numbers: `scale` where they are in thousands or millions
 * of euros (`CA annuel (k€)`: 1 250 is EUR 1,250,000), `conflict` (the unit as written) where they are in a unit
 * other than the field's (`Revenue (USD)`, `Couverture de stock (jours)`); undefined where the unit is the field's,
 * or the brackets hold no unit (`(2025)`, `(Chine)`). The header is matched with its brackets dropped, so without
 * this a thousand euros would be read as one. `anywhere`: the unit may stand outside brackets (a --columns header).
 */
export type HeaderUnit = { scale: number } | { conflict: string };

const BRACKET_TEXTS = /\(([^()]*)\)|\[([^[\]]*)\]|（([^（）]*)）/g;
// each tried on the bracket's text in lower case without accents, `’` as `'`; a match's first group is the unit
// as the header writes it (the words around it are left out of the message)
const OTHER_CURRENCIES =
  /(\$|£|¥|₩|₹|\b(?:usd|gbp|chf|cny|rmb|jpy|hkd|krw|sgd|cad|aud|sek|dkk|nok|pln|czk)\b|\bdollars?\b|\blivres?\b|\bpounds?\b|\byuans?\b|\byens?\b|\brenminbi\b|\bfrancs? suisses?\b|人民币|美元|英镑|日元|港币|(?<!欧)元)/;
// the largest first: `x 1 000 000` ends as `000`, and 百万 (a million) holds 万 (ten thousand)
const EURO_SCALES: readonly (readonly [RegExp, number])[] = [
  [/milliards?|\bmds?\b|\bmrds?\b|billions?|\bbn\b|十亿/, 1_000_000_000],
  [/千万/, 10_000_000],
  [/(?:^|[^a-z])(?:m|meur|mio|mn|mln|mm)(?![a-z])|millions?|[x×*] ?1[ '.,]?000[ '.,]?000(?![0-9])|百万/, 1_000_000],
  [/万/, 10_000],
  [
    /(?:^|[^a-z0-9'])(?:k|keur|teur|tsd)(?![a-z])|milliers?|thousands?|(?:^|[^0-9])'?000(?![0-9])|[x×*] ?1[ '.,]?000(?![ '.,]?[0-9])|千/,
    1000,
  ],
];
const DURATIONS: Readonly<Record<'days' | 'weeks' | 'months' | 'years', RegExp>> = {
  days: /(\bjours?\b|\bdays?\b|天)/,
  weeks: /(\bsemaines?\b|\bweeks?\b|周(?!期)|星期)/,
  months: /(\bmois\b|\bmonths?\b|月)/,
  years: /(\bans?\b|\bannees?\b|\byears?\b|年)/,
};

export function headerUnit(header: string, field: FieldDef, anywhere = false): HeaderUnit | undefined {
  if (field.unit === undefined) return undefined;
  // a label's words are the field's; a header the user mapped with --columns (`CA 2025 k€`) is read whole
  const texts = anywhere ? [header] : [...header.matchAll(BRACKET_TEXTS)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  for (const written of texts) {
    const text = written
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/’/g, "'");
    if (field.unit === 'eur') {
      const other = OTHER_CURRENCIES.exec(text);
      // a currency's code as codes are written (`USD`), a word or a sign as it is
      if (other) return { conflict: /^[a-z]{3}$/.test(other[1]!) ? other[1]!.toUpperCase() : other[1]! };
      for (const [pattern, scale] of EURO_SCALES) if (pattern.test(text)) return { scale };
      continue;
    }
    if (DURATIONS[field.unit].test(text)) continue;
    for (const pattern of Object.values(DURATIONS)) {
      const other = pattern.exec(text);
      if (other) return { conflict: other[1]! };
    }
  }
  return undefined;
}

/** A field path close to a header that looks like a misspelt path (`ip.chinaTrademrk`), for a hint. */
export function suggestHeader(header: string): string | undefined {
  if (!/^[A-Za-z]+\.[A-Za-z]+$/.test(header.trim())) return undefined;
  return suggest(
    header.trim(),
    FIELDS.map((f) => f.path),
  );
}

/** Excel's name of a column: 1 -> A, 27 -> AA. */
export function columnLetter(column: number): string {
  let n = column;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}
