// Headers and values as people write them (issue 12, items 2 and 4): every field has its labels in en/fr/zh,
// every enum and list value its labels; each label and synonym reads back as its own field or value, and none
// is claimed by two.
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldDef, fieldLabel } from '../../src/profile/fields.js';
import { columnLetter, headerUnit, matchHeader } from '../../src/profile/headers.js';
import { textKey } from '../../src/profile/text-key.js';
import { valueFromText, valuesShown } from '../../src/profile/values.js';
import { convertCell } from '../../src/profile/convert.js';
import { countryFromText, suggestCountry } from '../../src/profile/countries.js';
import { LANGS } from '../../src/types.js';

const MARKET_V2 = new Set(['market.brandAwarenessChina', 'market.consumerTestingChina']);

describe('field labels', () => {
  it.each(FIELDS.filter((f) => !MARKET_V2.has(f.path)).map((f) => [f.path, f] as const))(
    '%s has a label in en, fr and zh and reads back by each',
    (path, field) => {
      for (const lang of LANGS) {
        expect(field.label?.[lang], `${path} ${lang}`).toBeTruthy();
        expect(matchHeader(fieldLabel(field, lang))?.field.path).toBe(path);
      }
      for (const synonym of field.synonyms ?? []) expect(matchHeader(synonym)?.field.path, synonym).toBe(path);
      expect(field.synonyms?.length ?? 0).toBeGreaterThan(0);
    },
  );

  it('no two fields share a label or synonym', () => {
    const owner = new Map<string, string>();
    for (const f of FIELDS) {
      for (const text of [...Object.values(f.label ?? {}), ...(f.synonyms ?? [])]) {
        const key = textKey(text);
        expect(owner.get(key) ?? f.path, `${text}: ${owner.get(key)} and ${f.path}`).toBe(f.path);
        owner.set(key, f.path);
      }
    }
  });

  it.each([
    ['CA annuel (€)', 'brand.annualRevenueEur'],
    ["Chiffre d'affaires", 'brand.annualRevenueEur'],
    ['Revenue (EUR)', 'brand.annualRevenueEur'],
    ['  MARQUE ', 'brand.name'],
    ['catégorie', 'brand.category'],
    ['CATEGORIE', 'brand.category'],
    ['品牌名称', 'brand.name'],
    ['brand.Name', 'brand.name'],
    ['annual_revenue_eur', 'brand.annualRevenueEur'],
    ['Budget 1ère année', 'pricing.year1BudgetEur'],
    ['Marque déposée (Chine)', 'ip.chinaTrademark'],
    ["Marque déposée (pays d'origine)", 'ip.homeTrademark'],
    ['Agence TP', 'partners.tmallPartner'],
    ['Prix moyen (€)', 'productRange.averageUnitPriceEur'],
    ['Pays d’origine', 'brand.country'],
  ])('%j is %s', (header, path) => expect(matchHeader(header)?.field.path).toBe(path));

  // a CRM's `Points de vente` counts every door the brand is sold in (2,500 pharmacies), not its own stores, and its
  // `Stock` units in stock, not months of cover: read as those fields they were numbers silently misread
  it.each(['Commentaires', 'Contact', 'CRM id', 'Account Name', '', 'Points de vente', 'Stock', '库存'])(
    '%j is no field',
    (header) => expect(matchHeader(header)).toBeUndefined(),
  );

  // a unit in brackets is dropped to find the field, but it says how to read the column's numbers: `CA annuel (k€)`
  // holding 1 250 is EUR 1,250,000, and `Revenue (USD)` or `Couverture de stock (jours)` is not the field's unit
  it.each([
    ['CA annuel (€)', undefined],
    ['Budget 1re année (€ HT)', undefined],
    ['CA annuel (2025)', undefined],
    ['CA annuel (depuis 2000)', undefined],
    ['CA annuel (k€)', { scale: 1000 }],
    ['CA annuel (K€)', { scale: 1000 }],
    ['Revenue (kEUR)', { scale: 1000 }],
    ['Revenue (EUR thousands)', { scale: 1000 }],
    ["Chiffre d'affaires (en milliers d'euros)", { scale: 1000 }],
    ['CA annuel (000 €)', { scale: 1000 }],
    ['CA annuel (x1000 €)', { scale: 1000 }],
    ['CA annuel (× 1 000)', { scale: 1000 }],
    ['CA annuel (x 1 000 000)', { scale: 1_000_000 }],
    ['Budget Chine (M€)', { scale: 1_000_000 }],
    ["Chiffre d'affaires (millions d'euros)", { scale: 1_000_000 }],
    ['Revenue (EUR m)', { scale: 1_000_000 }],
    ['年营业收入（万欧元）', { scale: 10_000 }],
    ['年营业收入（百万欧元）', { scale: 1_000_000 }],
    ['年营业收入（千欧元）', { scale: 1000 }],
    ['Revenue (USD)', { conflict: 'USD' }],
    ['CA annuel (k$)', { conflict: '$' }],
    ['Budget Chine (RMB)', { conflict: 'RMB' }],
    ['首年预算（人民币）', { conflict: '人民币' }],
    ['Prix moyen (£)', { conflict: '£' }],
  ])('%j: a money column read in %j', (header, unit) =>
    expect(headerUnit(header, matchHeader(header)!.field)).toEqual(unit),
  );

  it.each([
    ['Couverture de stock (mois)', undefined],
    ['Délai de lancement (months)', undefined],
    ['Couverture de stock (jours)', { conflict: 'jours' }],
    ['Stock cover (days)', { conflict: 'days' }],
    ['Délai de lancement (semaines)', { conflict: 'semaines' }],
    ['Launch lead time (years)', { conflict: 'years' }],
    ['Années d’engagement en Chine (mois)', { conflict: 'mois' }],
    // a field with no unit has none to contradict
    ['Équipe Chine (ETP)', undefined],
    ['Marque déposée (Chine)', undefined],
  ])('%j: a duration column read in %j', (header, unit) =>
    expect(headerUnit(header, matchHeader(header)!.field)).toEqual(unit),
  );

  // a header mapped with --columns is no label: its unit may stand anywhere in it (`CA 2025 k€`)
  it.each([
    ['CA 2025 k€', { scale: 1000 }],
    ['Revenue USD', { conflict: 'USD' }],
    ['CA 2025', undefined],
    ['Montant', undefined],
  ])('%j mapped with --columns to brand.annualRevenueEur: read in %j', (header, unit) =>
    expect(headerUnit(header, fieldDef('brand.annualRevenueEur')!, true)).toEqual(unit),
  );

  it('a --columns header whose words hold a unit’s character in another sense (周期, a cycle) is read in months', () => {
    expect(headerUnit('库存周期', fieldDef('partners.stockCoverMonths')!, true)).toBeUndefined();
    expect(headerUnit('库存（周）', fieldDef('partners.stockCoverMonths')!)).toEqual({ conflict: '周' });
  });

  it('--columns maps any header, first', () => {
    const columns = new Map([
      ['Account Name', 'brand.name'],
      [textKey('Account Name'), 'brand.name'],
    ]);
    expect(matchHeader('Account Name', columns)).toMatchObject({ field: { path: 'brand.name' }, how: 'columns' });
    expect(matchHeader('account-name', columns)?.field.path).toBe('brand.name');
  });

  it.each([
    [1, 'A'],
    [24, 'X'],
    [26, 'Z'],
    [27, 'AA'],
    [16384, 'XFD'],
  ])('column %d is %s', (n, letter) => expect(columnLetter(n)).toBe(letter));
});

describe('value labels', () => {
  const valued = FIELDS.filter((f) => f.values && !MARKET_V2.has(f.path));
  it.each(valued.map((f) => [f.path, f] as const))(
    '%s: every value has labels in en/fr/zh that read back to it',
    (path, field) => {
      for (const value of field.values!) {
        const label = field.valueLabels?.[value];
        expect(label, `${path} ${value}`).toBeDefined();
        for (const lang of LANGS) expect(valueFromText(field, label![lang]!), `${path} ${value} ${lang}`).toBe(value);
        for (const synonym of field.valueSynonyms?.[value] ?? [])
          expect(valueFromText(field, synonym), `${path} ${synonym}`).toBe(value);
      }
    },
  );

  it.each([
    ['company.role', 'Propriétaire de la marque', 'brand-owner'],
    ['company.role', 'licencié exclusif', 'exclusive-licensee'],
    ['ip.chinaTrademark', 'En cours', 'pending'],
    ['ip.homeTrademark', 'Enregistrée', 'registered'],
    ['brand.category', 'Vins et spiritueux', 'wine-spirits'],
    ['brand.category', 'Vins', 'wine-spirits'],
    ['brand.category', 'MAQUILLAGE', 'beauty'],
    // what a French prospect list calls a beauty brand's category most often
    ['brand.category', 'Cosmétiques', 'beauty'],
    ['brand.category', 'Maison & déco', 'home'],
    ['partners.logistics', 'bonded_warehouse', 'bonded-warehouse'],
    ['partners.logistics', '保税仓', 'bonded-warehouse'],
    ['pricing.greyMarketPresence', 'Faible', 'low'],
  ])('%s: %j is %s', (path, text, value) => expect(convertCell(fieldDef(path)!, text)).toEqual({ value }));

  it.each([
    ['company.existingChinaSales', '是', true],
    ['company.existingChinaSales', '否', false],
    ['company.existingChinaSales', '有', true],
    ['company.existingChinaSales', '无', false],
    ['company.existingChinaSales', 'VRAI', true],
  ])('%s: %j is %j', (path, text, value) => expect(convertCell(fieldDef(path)!, text)).toEqual({ value }));

  it.each([
    [
      'brand.annualRevenueEur',
      'N/A',
      'fr',
      'un nombre attendu, reçu "N/A" (laissez vide si la valeur est inconnue, ou écrivez 0 s’il n’y en a pas)',
    ],
    [
      'pricing.year1BudgetEur',
      'n.c.',
      'en',
      'expected a number, got "n.c." (leave it empty if the value is unknown, or write 0 if there is none)',
    ],
    [
      'company.chinaTeamFte',
      '-',
      'en',
      'expected a number, got "-" (leave it empty if the value is unknown, or write 0 if there is none)',
    ],
    [
      'company.overseasBankAccount',
      '?',
      'fr',
      'un booléen (oui/non, true/false, yes/no, 1/0) attendu, reçu "?" (laissez vide si la valeur est inconnue)',
    ],
    ['brand.annualRevenueEur', 'beaucoup', 'en', 'expected a number, got "beaucoup"'],
  ] as const)('%s: %j refused, with how to write "unknown" where it is a word for it (%s)', (path, text, lang, error) =>
    expect(convertCell(fieldDef(path)!, text, lang)).toEqual({ error }),
  );

  it('lists by labels, separated by | or by commas', () => {
    expect(convertCell(fieldDef('localization.socialChannels')!, 'WeChat, Xiaohongshu (RED)')).toEqual({
      value: ['wechat', 'xiaohongshu'],
    });
    expect(convertCell(fieldDef('pricing.promotionCalendar')!, '11.11|6.18|Nouvel An chinois')).toEqual({
      value: ['1111', '618', 'cny'],
    });
  });

  it('--lang fr lists the allowed values as French labels with the code', () => {
    expect(valuesShown(fieldDef('ip.chinaTrademark')!, 'fr')).toBe(
      'Enregistrée (registered), En cours (pending), Aucune (none)',
    );
    expect(convertCell(fieldDef('company.role')!, 'patron', 'fr')).toEqual({
      error:
        '"patron" ne fait pas partie de Propriétaire de la marque (brand-owner), Licencié exclusif (exclusive-licensee), Distributeur agréé (authorized-distributor), Revendeur (reseller)',
    });
    expect(convertCell(fieldDef('brand.category')!, 'Beautée', 'fr')).toMatchObject({
      error: expect.stringContaining('(vouliez-vous dire Beauté (beauty) ?)'),
    });
  });
});

describe('countries', () => {
  it.each([
    ['France', 'FR'],
    ['Italie', 'IT'],
    ['Allemagne', 'DE'],
    ['Deutschland', 'DE'],
    ['法国', 'FR'],
    ['FRA', 'FR'],
    ['fr', 'FR'],
    ['España', 'ES'],
    ['Royaume-Uni', 'GB'],
    ['UK', 'GB'],
    ['États-Unis', 'US'],
    ['Corée du Sud', 'KR'],
    ['Suisse', 'CH'],
    ['ITA', 'IT'],
  ])('%j is %s', (text, code) => expect(countryFromText(text)).toBe(code));

  it.each(['XX', 'Atlantis', 'ZZZ'])('%j is no country', (text) => expect(countryFromText(text)).toBeUndefined());

  it('a misspelt name gets the same hint in every reader', () => {
    expect(suggestCountry('Frence')).toBe('FR (France)');
    expect(convertCell(fieldDef('brand.country')!, 'Allemange')).toMatchObject({
      error: expect.stringContaining('(did you mean DE (Germany)?)'),
    });
  });
});
