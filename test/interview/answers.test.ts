// Each field type gets the prompt that fits it, the current answer as its default, a "don't know", and clear
// messages in the user's language when a typed answer cannot be a value of the field.
import { describe, expect, it } from 'vitest';
import {
  answerValue,
  defaultText,
  DONT_KNOW,
  parseTextAnswer,
  promptFor,
  type PromptSpec,
} from '../../src/interview/answers.js';
import type { Question } from '../../src/interview/questions.js';
import { fieldDef, FIELD_INDEX } from '../../src/profile/fields.js';
import type { Lang } from '../../src/types.js';

const q = (path: string): Question => ({
  field: fieldDef(path)!,
  slot: FIELD_INDEX.get(path)!,
  blocker: false,
  rules: [],
});
const spec = (path: string, current?: unknown, lang: Lang = 'en'): PromptSpec => promptFor(q(path), current, lang);

describe('the prompt fits the field type', () => {
  it.each([
    ['brand.category', 'enum (required)', 'select'],
    ['company.role', 'enum', 'select'],
    ['company.overseasBankAccount', 'boolean', 'select'],
    ['localization.socialChannels', 'list', 'checkbox'],
    ['brand.retailStores', 'integer', 'text'],
    ['pricing.year1BudgetEur', 'number', 'text'],
    ['partners.tmallPartner', 'string', 'text'],
    ['brand.country', 'country', 'text'],
  ])('%s (%s): %s', (path, _type, kind) => {
    expect(spec(path).kind).toBe(kind);
  });

  it('offers the enum values with their labels, then "don’t know"', () => {
    const s = spec('company.role', undefined, 'fr');
    if (s.kind !== 'select') throw new Error('select expected');
    expect(s.spec.choices.map((c) => c.value)).toEqual([
      'brand-owner',
      'exclusive-licensee',
      'authorized-distributor',
      'reseller',
      DONT_KNOW,
    ]);
    expect(s.spec.choices[0]!.name).toBe('le propriétaire de la marque (brand-owner)');
    expect(s.spec.choices.at(-1)!.name).toBe('je ne sais pas');
  });

  it('asks a boolean as yes / no / don’t know, in the user’s language', () => {
    const s = spec('company.overseasBankAccount', undefined, 'zh');
    if (s.kind !== 'select') throw new Error('select expected');
    expect(s.spec.choices.map((c) => [c.value, c.name])).toEqual([
      ['true', '是'],
      ['false', '否'],
      [DONT_KNOW, '不知道'],
    ]);
  });

  it('has no "don’t know" for a required field', () => {
    const s = spec('brand.category');
    if (s.kind !== 'select') throw new Error('select expected');
    expect(s.spec.choices.map((c) => c.value)).not.toContain(DONT_KNOW);
    expect(parseTextAnswer(fieldDef('brand.name')!, '?', undefined, 'en')).toEqual({
      ok: false,
      message: 'Required: the profile cannot be assessed without it',
    });
    expect(parseTextAnswer(fieldDef('brand.name')!, '', undefined, 'en').ok).toBe(false);
  });
});

describe('defaults come from the profile being updated (--from)', () => {
  it.each([
    ['company.role', 'reseller', 'reseller'],
    ['company.overseasBankAccount', false, 'false'],
    ['company.overseasBankAccount', undefined, DONT_KNOW],
    ['ip.chinaTrademark', undefined, DONT_KNOW],
  ])('%s = %j: the select starts on %j', (path, current, expected) => {
    const s = spec(path, current);
    expect(s.kind === 'select' && s.spec.default).toBe(expected);
  });

  it('ticks the items of a list, and "don’t know" when the list is unknown', () => {
    const known = spec('partners.payment', ['alipay']);
    const unknown = spec('partners.payment', undefined);
    const empty = spec('partners.payment', []);
    const ticked = (s: PromptSpec) =>
      s.kind === 'checkbox' ? s.spec.choices.filter((c) => c.checked).map((c) => c.value) : null;
    expect(ticked(known)).toEqual(['alipay']);
    expect(ticked(unknown)).toEqual([DONT_KNOW]);
    expect(ticked(empty)).toEqual([]);
  });

  it.each([
    ['pricing.marginAfterFeesPct', 12.5, 'en', '12.5'],
    ['pricing.marginAfterFeesPct', 12.5, 'fr', '12,5'],
    ['pricing.year1BudgetEur', 400000, 'fr', '400000'],
    ['partners.tmallPartner', 'Acme TP', 'en', 'Acme TP'],
    ['partners.tmallPartner', '', 'en', 'none'],
    ['partners.tmallPartner', '', 'fr', 'aucun'],
    ['partners.tmallPartner', '', 'zh', '无'],
    ['brand.country', 'IT', 'en', 'IT'],
  ] as const)('%s = %j shows %j in %s, which reads back to the same value', (path, current, lang, text) => {
    const field = fieldDef(path)!;
    expect(defaultText(field, current, lang as Lang)).toBe(text);
    expect(parseTextAnswer(field, text, current, lang as Lang)).toEqual({ ok: true, value: current });
    // Enter on an empty line keeps it as well
    expect(parseTextAnswer(field, '', current, lang as Lang)).toEqual({ ok: true, value: current });
  });
});

describe('don’t know leaves the field unknown', () => {
  it('from a select, a checkbox and a typed "?"', () => {
    expect(answerValue(q('company.role'), DONT_KNOW, 'reseller', 'en')).toBeUndefined();
    expect(answerValue(q('company.overseasBankAccount'), DONT_KNOW, true, 'en')).toBeUndefined();
    expect(answerValue(q('partners.payment'), [DONT_KNOW], ['alipay'], 'en')).toBeUndefined();
    expect(answerValue(q('pricing.year1BudgetEur'), '?', 400000, 'en')).toBeUndefined();
    expect(answerValue(q('partners.tmallPartner'), ' ? ', 'Acme', 'en')).toBeUndefined();
  });

  it('cannot be ticked beside the items of a known list', () => {
    const s = spec('partners.payment', ['wechat-pay'], 'fr');
    if (s.kind !== 'checkbox') throw new Error('checkbox expected');
    expect(s.spec.validate([DONT_KNOW, 'alipay'])).toBe(
      '« je ne sais pas » ne peut pas être coché avec d’autres réponses',
    );
    expect(s.spec.validate(['alipay', 'unionpay'])).toBe(true);
    expect(s.spec.validate([])).toBe(true);
  });

  it('ticked from the start on an unknown list, it gives way to the items ticked beside it', () => {
    const s = spec('partners.payment', undefined, 'fr');
    if (s.kind !== 'checkbox') throw new Error('checkbox expected');
    expect(s.spec.validate([DONT_KNOW, 'alipay'])).toBe(true);
    expect(answerValue(q('partners.payment'), ['alipay', DONT_KNOW], undefined, 'fr')).toEqual(['alipay']);
    expect(s.spec.display(['alipay', DONT_KNOW])).toBe('Alipay (alipay)');
    expect(s.spec.display([DONT_KNOW])).toBe('je ne sais pas');
    expect(s.spec.display([])).toBe('aucun');
  });

  it('is what a finished text question shows for "?" and for Enter on no answer', () => {
    const s = spec('productRange.skuCount', undefined, 'fr');
    if (s.kind !== 'text') throw new Error('text expected');
    expect(s.spec.display('?')).toBe('je ne sais pas');
    expect(s.spec.display('')).toBe('je ne sais pas');
    // issue 12: the number understood is echoed, so that a slip shows before it is saved
    expect(s.spec.display('1 200')).toBe('1 200 → 1200');
    expect(s.spec.display('1200')).toBe('1200');
    const budget = spec('pricing.year1BudgetEur', undefined, 'en');
    if (budget.kind !== 'text') throw new Error('text expected');
    expect(budget.spec.display('450,000')).toBe('450,000 → 450000');
    const budgetFr = spec('pricing.year1BudgetEur', undefined, 'fr');
    if (budgetFr.kind !== 'text') throw new Error('text expected');
    expect(budgetFr.spec.display('450 000')).toBe('450 000 → 450000');
    const partner = spec('partners.tmallPartner', undefined, 'en');
    if (partner.kind !== 'text') throw new Error('text expected');
    expect(partner.spec.display('-')).toBe('none');
    const country = spec('brand.country', undefined, 'en');
    if (country.kind !== 'text') throw new Error('text expected');
    expect(country.spec.display('it')).toBe('IT');
  });

  it("an amount typed with the language's decimal mark and three digits after it is asked again, naming both", () => {
    const fr = spec('pricing.year1BudgetEur', undefined, 'fr');
    if (fr.kind !== 'text') throw new Error('text expected');
    expect(fr.spec.validate('450,000')).toMatch(/^450,000 .*450000.*450/);
    expect(fr.spec.validate('450 000')).toBe(true);
    expect(fr.spec.validate('450,50')).toBe(true);
    expect(answerValue(q('pricing.year1BudgetEur'), '450 000', undefined, 'fr')).toBe(450000);
    // English reads the comma as thousands: nothing to ask; its decimal point with three digits is asked again
    const en = spec('pricing.year1BudgetEur', undefined, 'en');
    if (en.kind !== 'text') throw new Error('text expected');
    expect(en.spec.validate('450,000')).toBe(true);
    expect(en.spec.validate('450.000')).toMatch(/^450\.000 reads two ways, 450000 or 450/);
    // not an amount of money: stock cover in months reads 1,500 as 1.5 in French, as before
    expect(answerValue(q('partners.stockCoverMonths'), '1,500', undefined, 'fr')).toBe(1.5);
  });

  it.each(['-', 'none', 'aucun', 'Aucun', 'n/a', '无', 'pas encore', ''])(
    '%j says "none" for the Tmall Partner, as in a spreadsheet (not unknown)',
    (typed) => {
      expect(answerValue(q('partners.tmallPartner'), typed, undefined, 'en')).toBe('');
    },
  );

  it('the Tmall Partner hint says what Enter on an empty answer does, and teaches no "-"', () => {
    for (const lang of ['en', 'fr', 'zh'] as const) {
      const s = spec('partners.tmallPartner', undefined, lang);
      if (s.kind !== 'text') throw new Error('text expected');
      expect(s.spec.message).not.toContain('- =');
      expect(s.spec.default).toBeUndefined();
    }
    const en = spec('partners.tmallPartner', undefined, 'en');
    expect(en.kind === 'text' && en.spec.message).toContain('(empty or “none” = none, ? = don’t know)');
    // a name already given is kept by Enter; in a profile that leaves the partner out, Enter keeps "unknown"
    expect(answerValue(q('partners.tmallPartner'), '', 'Acme TP', 'en')).toBe('Acme TP');
    const fromFile = promptFor(q('partners.tmallPartner'), undefined, 'en', null, true);
    expect(fromFile.kind === 'text' && fromFile.spec.default).toBe('?');
  });
});

describe('answers become typed values', () => {
  it.each([
    ['company.overseasBankAccount', 'true', true],
    ['company.overseasBankAccount', 'false', false],
    ['company.role', 'reseller', 'reseller'],
    ['pricing.marginAfterFeesPct', '12,5', 12.5],
    ['pricing.marginAfterFeesPct', '-3,25', -3.25],
    ['pricing.year1BudgetEur', '1 250 000,50', 1250000.5],
    ['pricing.year1BudgetEur', '400000', 400000],
    ['brand.retailStores', '14', 14],
    ['brand.country', 'it', 'IT'],
    ['partners.tmallPartner', '  Acme TP  ', 'Acme TP'],
  ])('%s: %j -> %j', (path, answer, value) => {
    expect(answerValue(q(path), answer, undefined, 'en')).toEqual(value);
  });

  it('keeps the order of a list whose items did not change, so Enter rewrites it unchanged', () => {
    expect(
      answerValue(q('localization.socialChannels'), ['wechat', 'xiaohongshu'], ['xiaohongshu', 'wechat'], 'en'),
    ).toEqual(['xiaohongshu', 'wechat']);
    expect(
      answerValue(q('localization.socialChannels'), ['wechat', 'douyin'], ['xiaohongshu', 'wechat'], 'en'),
    ).toEqual(['wechat', 'douyin']);
  });
});

describe('validation messages', () => {
  it.each([
    ['en', 'productRange.skuCount', '1.5', 'Expected a whole number such as 12, 0 or more; ? if you don’t know'],
    ['en', 'pricing.year1BudgetEur', 'lots', 'Expected a number such as 12.5 or 12,5, 0 or more; ? if you don’t know'],
    ['en', 'productRange.positiveListSharePct', '150', '150 is too large: the maximum is 100'],
    [
      'en',
      'productRange.positiveListSharePct',
      'half',
      'Expected a number such as 12.5 or 12,5, from 0 to 100; ? if you don’t know',
    ],
    ['en', 'brand.retailStores', '-2', '-2 is too small: the minimum is 0'],
    ['en', 'brand.country', 'Frence', 'Frence is not an ISO 3166-1 alpha-2 country code (FR, IT, DE...)'],
    [
      'fr',
      'productRange.positiveListSharePct',
      'la moitié',
      'Nombre attendu, par exemple 12,5 ou 12.5, de 0 à 100 ; ? si vous ne savez pas',
    ],
    ['fr', 'pricing.festivalDiscountPct', '120,5', '120,5 est trop grand : le maximum est 100'],
    ['fr', 'brand.retailStores', '2,5', 'Nombre entier attendu, par exemple 12, 0 ou plus ; ? si vous ne savez pas'],
    ['zh', 'brand.retailStores', '-1', '-1 太小：最小值为 0'],
    ['zh', 'pricing.year1BudgetEur', '很多', '请输入数字，例如 12.5 或 12,5（不小于 0）；不知道请输入 ?'],
  ] as const)('%s %s %j: %s', (lang, path, typed, message) => {
    const s = spec(path, undefined, lang);
    if (s.kind !== 'text') throw new Error('text expected');
    expect(s.spec.validate(typed)).toBe(message);
  });

  it('accepts the French decimal comma and spaces between thousands', () => {
    const s = spec('pricing.year1BudgetEur', undefined, 'fr');
    if (s.kind !== 'text') throw new Error('text expected');
    expect(s.spec.validate('85 000,50')).toBe(true);
    expect(answerValue(q('pricing.year1BudgetEur'), '85 000,50', undefined, 'fr')).toBe(85000.5);
  });

  it('tells the user how to answer "don’t know" in the question itself', () => {
    const s = spec('pricing.year1BudgetEur');
    expect(s.kind === 'text' && s.spec.message).toBe(
      'First-year China budget in euros (deposit, fees, agency, marketing) (? = don’t know)',
    );
    const name = spec('brand.name');
    expect(name.kind === 'text' && name.spec.message).toBe('Brand name');
  });
});
