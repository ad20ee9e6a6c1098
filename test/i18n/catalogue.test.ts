// Every message, label and rule text exists in English, French and Chinese, with the same placeholders.
// Fails naming the key or the rule and the language that is missing, so the fix is obvious.
import { describe, expect, it } from 'vitest';
import { en, fr, zh } from '../../src/i18n/catalogue.js';
import { valueLabel } from '../../src/i18n/values.js';
import { FIELDS } from '../../src/profile/fields.js';
import { resolvePack } from '../../src/rules/packs.js';
import { BUILTIN_PACKS } from '../../src/rules/locate.js';
import type { Localized } from '../../src/types.js';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const catalogues = { en, fr, zh } as Record<string, Record<string, string>>;
const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('message catalogues', () => {
  const keys = Object.keys(en).sort();

  it.each(['fr', 'zh'])('%s has exactly the English keys', (lang) => {
    const own = Object.keys(catalogues[lang]!).sort();
    expect({ missing: keys.filter((k) => !own.includes(k)), extra: own.filter((k) => !keys.includes(k)) }).toEqual({
      missing: [],
      extra: [],
    });
  });

  it.each(['en', 'fr', 'zh'])('%s has no empty message', (lang) => {
    expect(
      Object.entries(catalogues[lang]!)
        .filter(([, text]) => text.length === 0)
        .map(([k]) => k),
    ).toEqual([]);
  });

  it.each(['fr', 'zh'])('%s uses the same placeholders as English in every message', (lang) => {
    const mismatches = keys
      .filter((k) => catalogues[lang]![k] !== undefined)
      .filter((k) => placeholders(en[k as keyof typeof en]).join() !== placeholders(catalogues[lang]![k]!).join())
      .map(
        (k) =>
          `${k}: en {${placeholders(en[k as keyof typeof en]).join(',')}} vs ${lang} {${placeholders(catalogues[lang]![k]!).join(',')}}`,
      );
    expect(mismatches).toEqual([]);
  });

  it('catches a missing key and a placeholder mismatch (the checks above are real)', () => {
    const broken: Record<string, string> = { ...fr, 'label.plan.margin': 'marge au-dessus du seuil' };
    delete broken['report.title'];
    expect(keys.filter((k) => !(k in broken))).toEqual(['report.title']);
    expect(placeholders(broken['label.plan.margin']!)).not.toEqual(placeholders(en['label.plan.margin']));
  });
});

describe('the field catalogue and value labels', () => {
  it('every field has help in the three languages', () => {
    expect(FIELDS.filter((f) => !f.help.fr || !f.help.zh).map((f) => f.path)).toEqual([]);
  });

  it('every enum and list value has a French and a Chinese label', () => {
    const values = [
      ...new Set(FIELDS.flatMap((f) => (f.type === 'enum' || f.type === 'list' ? [...(f.values ?? [])] : []))),
    ];
    // a value without a label reads as itself in every language: the same text in en and fr and zh is suspect,
    // unless it is a proper name or a number the three languages write alike
    const unlabelled = values.filter((v) => valueLabel(v, 'zh') === v && !/^\d+$/.test(v));
    expect(unlabelled).toEqual([]);
  });
});

type Missing = { where: string; lang: string }[];

function checkLocalized(text: Localized | undefined, where: string, out: Missing, placeholdersMustMatch = false): void {
  if (!text) return;
  for (const lang of ['fr', 'zh'] as const) {
    const value = text[lang];
    if (value === undefined || value.trim() === '') out.push({ where, lang });
    else if (placeholdersMustMatch && placeholders(value).join() !== placeholders(text.en).join())
      out.push({
        where: `${where} (placeholders {${placeholders(value).join(',')}} vs en {${placeholders(text.en).join(',')}})`,
        lang,
      });
  }
}

async function missingLanguages(ref: string): Promise<Missing> {
  const pack = await resolvePack(ref);
  const missing: Missing = [];
  checkLocalized(pack.name, `${pack.id}: name`, missing);
  checkLocalized(pack.description, `${pack.id}: description`, missing);
  for (const c of pack.categories) checkLocalized(c.title, `${pack.id}: category ${c.id} title`, missing);
  for (const r of pack.rules) {
    checkLocalized(r.title, `${r.id} title`, missing);
    checkLocalized(r.expected, `${r.id} expected`, missing);
    checkLocalized(r.message, `${r.id} message`, missing, true);
    checkLocalized(r.remedy, `${r.id} remedy`, missing);
  }
  return missing;
}

describe('built-in rule packs', () => {
  it('the check is real: a test pack written in English only is reported rule by rule and language by language', async () => {
    const missing = await missingLanguages(join(ROOT, 'test/fixtures/packs/mini'));
    expect(missing).toContainEqual({ where: 'company/bank title', lang: 'zh' });
    expect(missing).not.toContainEqual({ where: 'company/bank title', lang: 'fr' });
    expect(missing).toContainEqual({ where: 'company/team title', lang: 'fr' });
  });

  it('ships the three packs', () => {
    expect([...BUILTIN_PACKS].sort()).toEqual(['luxury-pavilion', 'tmall', 'tmall-global']);
  });

  it.each([...BUILTIN_PACKS])(
    '%s: every rule and category has French and Chinese text, with the same placeholders',
    async (id) => {
      // read the YAML sources, not a build that may be older than them
      const previous = process.env.MARKET_READY_PACKS_FROM_SOURCE;
      process.env.MARKET_READY_PACKS_FROM_SOURCE = '1';
      try {
        expect((await resolvePack(id)).rules.length).toBeGreaterThan(0);
        expect(await missingLanguages(id)).toEqual([]);
      } finally {
        if (previous === undefined) delete process.env.MARKET_READY_PACKS_FROM_SOURCE;
        else process.env.MARKET_READY_PACKS_FROM_SOURCE = previous;
      }
    },
  );
});

describe('counts and percentages as each language writes them', () => {
  it('singular for one, the sign after a no-break space in French only', async () => {
    const { counted, percent } = await import('../../src/i18n/index.js');
    expect([
      counted('en', 1, 'label.total'),
      counted('en', 3, 'label.total'),
      counted('en', 1, 'label.errored'),
    ]).toEqual(['1 profile', '3 profiles', '1 error']);
    expect([counted('fr', 1, 'label.turnedDown'), counted('fr', 2, 'label.turnedDown')]).toEqual([
      '1 refusé',
      '2 refusés',
    ]);
    expect([percent(85.7, 'en'), percent(85.7, 'fr'), percent(85.7, 'zh')]).toEqual(['85.7%', '85,7\u00a0%', '85.7%']);
  });
});

// French typography, as an account manager's letters have it: a no-break space before the high signs (: ; ? ! %)
// and inside « », digits grouped with a no-break space (150 000), typographic apostrophes. A normal space there
// lets a terminal or a page break "300" from "000 EUR", or put a colon at the start of a line.
const FRENCH_SPACING: [RegExp, string][] = [
  // a ? after a comma or a semicolon is the key to type ("; ? if you do not know"), not a question mark
  [/(?<=[^\s,;]) (?=[:;?!%»])/u, 'a normal space before a high sign'],
  [/« /u, 'a normal space after «'],
  [/(?<=\d) (?=\d{3}(?!\d))/u, 'a normal space between digit groups'],
  [/(?<=[\d}]) (?=(?:EUR|RMB|€)\b)/u, 'a normal space between a number and its currency'],
  [/(?<=\p{L})'(?=\p{L})/u, 'a straight apostrophe'],
];
const spacingFaults = (text: string): string[] =>
  FRENCH_SPACING.filter(([pattern]) => pattern.test(text)).map(([, fault]) => fault);

describe('French typography', () => {
  it('every French message of the catalogue', () => {
    const faults = Object.entries(fr)
      .filter(([key]) => key !== 'punct.comma')
      .flatMap(([key, text]) => spacingFaults(text).map((fault) => `${key}: ${fault}`));
    expect(faults).toEqual([]);
  });

  it('every French field label (the headers of the French templates and reports)', () => {
    const faults = FIELDS.flatMap((f) =>
      f.label?.fr ? spacingFaults(f.label.fr).map((fault) => `${f.path}: ${fault}`) : [],
    );
    expect(faults).toEqual([]);
  });

  it.each([...BUILTIN_PACKS])('every French text of %s', async (id) => {
    const previous = process.env.MARKET_READY_PACKS_FROM_SOURCE;
    process.env.MARKET_READY_PACKS_FROM_SOURCE = '1';
    try {
      const pack = await resolvePack(id);
      const texts: [string, Localized | undefined][] = [
        ['name', pack.name],
        ['description', pack.description],
        ...pack.categories.map((c): [string, Localized] => [`category ${c.id}`, c.title]),
        ...pack.rules.flatMap((r): [string, Localized | undefined][] => [
          [`${r.id} title`, r.title],
          [`${r.id} expected`, r.expected],
          [`${r.id} message`, r.message],
          [`${r.id} remedy`, r.remedy],
        ]),
      ];
      const faults = texts.flatMap(([where, text]) => spacingFaults(text?.fr ?? '').map((f) => `${where}: ${f}`));
      expect(faults).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.MARKET_READY_PACKS_FROM_SOURCE;
      else process.env.MARKET_READY_PACKS_FROM_SOURCE = previous;
    }
  });

  it('numbers: digits grouped by a narrow no-break space, the decimal comma', async () => {
    const { formatNumber, formatActual } = await import('../../src/i18n/index.js');
    expect(formatNumber(1234567.5, 'fr')).toBe('1\u202f234\u202f567,5');
    expect(formatActual('pricing.year1BudgetEur', 300000, 'fr')).toBe('300\u202f000\u00a0EUR');
    expect(formatNumber(2016, 'fr')).toBe('2016');
  });
});
