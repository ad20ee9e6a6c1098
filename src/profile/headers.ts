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
