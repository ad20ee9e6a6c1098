// Countries (contract section 2): ISO 3166-1 alpha-2 codes, and what people write instead: a name in a common
// language (`France`, `Italie`, `Deutschland`, `法国`), an alpha-3 code (`FRA`). Names and codes come from
// i18n-iso-countries, whose locale files are loaded the first time a cell is not already a code.
import { createRequire } from 'node:module';
// the library's list of codes, bundled; the library itself (its core, not its main entry, which registers all 78
// locales when loaded: 700 KB of the CLI's bundle and a sixth of its start-up) is read from node_modules the
// first time a cell is not an alpha-2 code, and then only the languages below
import codes from 'i18n-iso-countries/codes.json' with { type: 'json' };
import type * as CountriesLibrary from 'i18n-iso-countries/index.js';
import { suggest } from './suggest.js';
import { textKey } from './text-key.js';

/** ISO 3166-1 alpha-2 codes (officially assigned), so that `brand.country: XX` is caught as a typo. */
// (XK, Kosovo, is a user-assigned code that the library lists too)
export const COUNTRY_CODES: readonly string[] = codes
  .map((c) => c[0]!)
  .filter((c) => c !== 'XK')
  .sort();
const CODE_SET = new Set(COUNTRY_CODES);
/** the codes by their two capitals (26 * first + second), read without hashing the cell */
const BY_LETTERS: (string | undefined)[] = new Array(26 * 26).fill(undefined);
for (const c of COUNTRY_CODES) BY_LETTERS[26 * (c.charCodeAt(0) - 65) + c.charCodeAt(1) - 65] = c;
const ALPHA3 = new Map(codes.map((c) => [c[1]!, c[0]!]));

let library: typeof CountriesLibrary | undefined;
const countries = (): typeof CountriesLibrary =>
  (library ??= createRequire(import.meta.url)('i18n-iso-countries/index.js') as typeof CountriesLibrary);

// the languages of the people who fill the profiles in, and of the brands' home markets
const NAME_LANGS = ['en', 'fr', 'zh', 'de', 'it', 'es', 'pt', 'nl', 'ja', 'ko'] as const;

// names people use that the library does not list as such
const EXTRA_NAMES: Record<string, string> = {
  'etats unis': 'US',
  'etats unis d amerique': 'US',
  amerique: 'US',
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  america: 'US',
  england: 'GB',
  angleterre: 'GB',
  scotland: 'GB',
  ecosse: 'GB',
  wales: 'GB',
  'pays de galles': 'GB',
  'grande bretagne': 'GB',
  holland: 'NL',
  hollande: 'NL',
  korea: 'KR',
  coree: 'KR',
  'coree du sud': 'KR',
  'south korea': 'KR',
  'hong kong': 'HK',
  'hong kong sar': 'HK',
  taiwan: 'TW',
  macau: 'MO',
  macao: 'MO',
  russia: 'RU',
  russie: 'RU',
  'czech republic': 'CZ',
  'republique tcheque': 'CZ',
  'chine continentale': 'CN',
  'mainland china': 'CN',
  中国大陆: 'CN',
  英国: 'GB',
  美国: 'US',
  韩国: 'KR',
  香港: 'HK',
  台湾: 'TW',
};

let byName: Map<string, string> | undefined;
function names(): Map<string, string> {
  if (byName) return byName;
  const require = createRequire(import.meta.url);
  byName = new Map();
  for (const lang of NAME_LANGS) {
    countries().registerLocale(
      require(`i18n-iso-countries/langs/${lang}.json`) as Parameters<typeof CountriesLibrary.registerLocale>[0],
    );
    for (const [code, list] of Object.entries(countries().getNames(lang, { select: 'all' }))) {
      for (const name of list) {
        const key = textKey(name);
        // the first language to claim a name keeps it (English before the others)
        if (key !== '' && !byName.has(key)) byName.set(key, code);
      }
    }
  }
  for (const [key, code] of Object.entries(EXTRA_NAMES)) byName.set(textKey(key), code);
  return byName;
}

/** The code two capitals spell (their character codes, `F` `R`), or undefined: countryFromText's first look-up. */
export function countryOfCapitals(a: number, b: number): string | undefined {
  return a >= 65 && a <= 90 && b >= 65 && b <= 90 ? BY_LETTERS[26 * (a - 65) + b - 65] : undefined;
}

/**
 * The alpha-2 code a text means: the code itself in any case (`fr`), an alpha-3 code (`FRA`), or a country's
 * name in one of the common languages, ignoring case, accents and punctuation; undefined if none.
 */
export function countryFromText(text: string): string | undefined {
  // the usual cell, a code in capitals, looked up as it is
  if (text.length === 2) {
    const a = text.charCodeAt(0) - 65;
    const b = text.charCodeAt(1) - 65;
    const code = a >= 0 && a < 26 && b >= 0 && b < 26 ? BY_LETTERS[26 * a + b] : undefined;
    if (code !== undefined) return code;
  }
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (upper.length === 2 && CODE_SET.has(upper)) return upper;
  if (upper.length === 3 && /^[A-Z]{3}$/.test(upper)) {
    const code = ALPHA3.get(upper);
    if (code) return code;
  }
  return names().get(textKey(trimmed));
}

/** The country a misspelt name is closest to (`Frence`, `Allemange`), for a "did you mean" hint. */
export function suggestCountry(text: string): string | undefined {
  const key = textKey(text);
  if (key.length < 4) return undefined;
  const found = suggest(key, names().keys());
  const code = found === undefined ? undefined : names().get(found)!;
  return code === undefined ? undefined : `${code} (${countries().getName(code, 'en') ?? found})`;
}

/** Kept for the readers that only hint: the code of a country written by name or as alpha-3. */
export function countryFromName(text: string): string | undefined {
  return countryFromText(text);
}
