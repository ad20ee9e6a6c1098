// v2 (issue 12): enum and list values as people write them. A value is read by its code in any case and
// spelling (`Bonded_Warehouse`), by its label in en/fr/zh (`Propriétaire de la marque`, `En cours`, `已注册`) or
// by one of its synonyms (`licencié exclusif`, `Vins`), compared ignoring case, accents and punctuation. The
// same lookup serves CSV, XLSX, YAML, JSON and the interview, so a value reads the same way everywhere.
import type { Lang } from '../types.js';
import { fieldLabel, type FieldDef } from './fields.js';
import { suggest } from './suggest.js';
import { textKey } from './text-key.js';
import { isNoneWord } from './none-words.js';

const lookups = new WeakMap<FieldDef, Map<string, string>>();

/** Every key a field's values are known by, to the value; the first value to claim a key keeps it. */
export function valueLookup(field: FieldDef): Map<string, string> {
  let lookup = lookups.get(field);
  if (lookup) return lookup;
  lookup = new Map();
  const values = field.values ?? [];
  // the codes first, then the labels, then the synonyms: a synonym never takes another value's own code
  for (const v of values) lookup.set(textKey(v), v);
  for (const v of values) {
    const label = field.valueLabels?.[v];
    for (const text of label ? [label.en, label.fr, label.zh] : []) {
      if (text === undefined) continue;
      const key = textKey(text);
      if (key !== '' && !lookup.has(key)) lookup.set(key, v);
    }
  }
  for (const v of values) {
    for (const text of field.valueSynonyms?.[v] ?? []) {
      const key = textKey(text);
      if (key !== '' && !lookup.has(key)) lookup.set(key, v);
    }
  }
  lookups.set(field, lookup);
  return lookup;
}

/** The allowed value a text means, or undefined. */
export function valueFromText(field: FieldDef, text: string): string | undefined {
  const values = field.values ?? [];
  // the common case: the code itself
  if (values.includes(text)) return text;
  // a double quote is no punctuation a label holds: it is what is left of a stray quote in a CSV, and the row
  // must be refused for it rather than read as if it were not there
  if (text.includes('"')) return undefined;
  return valueLookup(field).get(textKey(text));
}

/** A value as a person reads it in a language: `Propriétaire de la marque (brand-owner)`; the code in English. */
export function valueShown(field: FieldDef, value: string, lang: Lang): string {
  const label = field.valueLabels?.[value]?.[lang];
  return lang === 'en' || label === undefined || textKey(label) === textKey(value) ? value : `${label} (${value})`;
}

/** The allowed values, listed for a message in a language. */
export function valuesShown(field: FieldDef, lang: Lang): string {
  return (field.values ?? []).map((v) => valueShown(field, v, lang)).join(', ');
}

/** The value a misspelt one is closest to, by code or by label (`Beautée` -> beauty). */
export function suggestValue(field: FieldDef, text: string, lang: Lang): string | undefined {
  const values = field.values ?? [];
  const byCode = suggest(text, values);
  if (byCode) return valueShown(field, byCode, lang);
  const lookup = valueLookup(field);
  const key = suggest(textKey(text), lookup.keys());
  return key === undefined ? undefined : valueShown(field, lookup.get(key)!, lang);
}

/** The header of a field in a language, with its path: `CA annuel (€) (brand.annualRevenueEur)`. */
export function fieldShown(field: FieldDef, lang: Lang): string {
  return `${fieldLabel(field, lang)} (${field.path})`;
}

/**
 * Whether a list's text says there is none (`aucun`, `néant`, `-`, `无`): no items. A word that is one of the
 * list's own values is that value, never none. The CSV cell and the YAML string read alike.
 */
export function saysNoItems(field: FieldDef, text: string): boolean {
  return isNoneWord(text) && valueFromText(field, text) === undefined;
}
