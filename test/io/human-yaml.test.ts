// YAML written the way people write it: quoted numbers, yes/oui booleans, capitalised enums, festivals as
// numbers, a list as one string. Each is read as the same text in a CSV cell is; what still cannot be read
// is one error at the value's line and column that says which forms are accepted.
import { describe, expect, it } from 'vitest';
import { readDocumentText } from '../../src/io/read-document.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import type { ReadItem } from '../../src/types.js';

const HEAD = 'schemaVersion: 1\nbrand:\n  name: Maison Test\n  country: FR\n  category: beauty\n';

function read(text: string): ReadItem {
  const items = readDocumentText('brand.yaml', text);
  expect(items).toHaveLength(1);
  return items[0]!;
}

function value(item: ReadItem, field: string): unknown {
  expect(item.kind, JSON.stringify(item)).toBe('profile');
  if (item.kind !== 'profile') return undefined;
  return item.profile.values[FIELD_INDEX.get(field)!];
}

function errors(item: ReadItem): string[] {
  expect(item.kind).toBe('error');
  if (item.kind !== 'error') return [];
  return item.errors.map((e) => `${e.line}:${e.column} ${e.field ?? ''}: ${e.message}`);
}

describe('friendly forms are read', () => {
  it.each([
    ['brand:\n  annualRevenueEur: "38000000"', 'brand.annualRevenueEur', 38_000_000],
    ['brand:\n  annualRevenueEur: 1 450 000', 'brand.annualRevenueEur', 1_450_000],
    ['brand:\n  foundedYear: "1998"', 'brand.foundedYear', 1998],
    ['productRange:\n  positiveListSharePct: 45%', 'productRange.positiveListSharePct', 45],
    ['pricing:\n  marginAfterFeesPct: "42,5"', 'pricing.marginAfterFeesPct', 42.5],
    ['company:\n  overseasBankAccount: yes', 'company.overseasBankAccount', true],
    ['company:\n  overseasBankAccount: oui', 'company.overseasBankAccount', true],
    ['company:\n  overseasBankAccount: Non', 'company.overseasBankAccount', false],
    ['company:\n  overseasBankAccount: Y', 'company.overseasBankAccount', true],
    ['company:\n  overseasBankAccount: 1', 'company.overseasBankAccount', true],
    ['company:\n  role: Brand Owner', 'company.role', 'brand-owner'],
    ['partners:\n  logistics: Bonded_Warehouse', 'partners.logistics', 'bonded-warehouse'],
    ['pricing:\n  promotionCalendar: [618, 1111, CNY]', 'pricing.promotionCalendar', ['618', '1111', 'cny']],
    ['partners:\n  payment: alipay', 'partners.payment', ['alipay']],
    ['localization:\n  socialChannels: WeChat, Xiaohongshu', 'localization.socialChannels', ['wechat', 'xiaohongshu']],
    ['partners:\n  tmallPartner: 1664', 'partners.tmallPartner', '1664'],
  ])('%j', (extra, field, expected) => {
    const text = extra.startsWith('brand:') ? HEAD.replace('brand:\n', `${extra}\n`) : `${HEAD}${extra}\n`;
    expect(value(read(text), field)).toEqual(expected);
  });

  it('a capitalised category and a country in lower case', () => {
    const item = read('schemaVersion: 1\nbrand: { name: X, country: it, category: Wine-Spirits }\n');
    expect(value(item, 'brand.category')).toBe('wine-spirits');
    expect(value(item, 'brand.country')).toBe('IT');
  });
});

describe('what cannot be read is one error at the value, saying what is accepted', () => {
  it.each([
    [
      'brand:\n  annualRevenueEur: 2M',
      /^3:21 brand.annualRevenueEur: expected a number, got "2M" \(write the number in full: 2000000\)$/,
    ],
    [
      'company:\n  overseasBankAccount: maybe',
      /^7:24 company.overseasBankAccount: expected a boolean \(true\/false, yes\/no, oui\/non, 1\/0\), got "maybe"$/,
    ],
    ['company:\n  role: ownr', /company.role: "ownr" is not one of .* \(did you mean brand-owner\?\)$/],
    [
      'localization:\n  socialChannels: wechat, tiktok',
      /^7:19 localization.socialChannels: "tiktok" is not one of wechat/,
    ],
  ])('%j', (extra, expected) => {
    const text = extra.startsWith('brand:') ? HEAD.replace('brand:\n', `${extra}\n`) : `${HEAD}${extra}\n`;
    const found = errors(read(text));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('a country written by name is read as its code (v2); a misspelt one gets the closest as the hint, quoted as written', () => {
    const item = read('schemaVersion: 1\nbrand: { name: X, country: Italie, category: food }\n');
    expect(item.kind === 'profile' && item.profile.values[FIELD_INDEX.get('brand.country')!]).toBe('IT');
    expect(errors(read('schemaVersion: 1\nbrand: { name: X, country: Frence, category: food }\n'))).toEqual([
      '2:28 brand.country: "Frence" is not one of the ISO 3166-1 alpha-2 codes (FR, IT, DE...) (did you mean FR (France)?)',
    ]);
  });

  it('a misspelt required field is one error at the misspelt key', () => {
    expect(errors(read('schemaVersion: 1\nbrand:\n  name: X\n  country: FR\n  categroy: beauty\n'))).toEqual([
      '5:3 brand.categroy: unknown field (did you mean brand.category, which is required?)',
    ]);
  });

  it('problems are listed in the order of the file', () => {
    const found = errors(
      read(
        `${HEAD}company:\n  role: boss\n  overseasBankAccount: maybe\nbrand2: 1\n`.replace(
          'country: FR',
          'country: XX',
        ),
      ),
    );
    const lines = found.map((f) => Number(f.split(':')[0]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('empty documents, as editors and generators leave them', () => {
  const profile = (name: string): string => `schemaVersion: 1\nbrand: {name: ${name}, country: FR, category: food}\n`;
  it.each([
    ['a trailing --- and a newline', `${profile('A')}---\n`, ['A']],
    ['a trailing --- without a newline', `${profile('A')}---`, ['A']],
    ['a trailing --- then a comment', `${profile('A')}---\n# next brand here\n`, ['A']],
    ['two --- in a row between profiles', `---\n${profile('A')}---\n\n---\n${profile('B')}`, ['A', 'B']],
  ])('%s: no document of its own, every profile read', (_, text, brands) => {
    const items = readDocumentText('dossier.yaml', text);
    expect(items.map((i) => value(i, 'brand.name'))).toEqual(brands);
  });

  it('a file of --- alone holds no profile; an explicit null document is still refused', () => {
    expect(readDocumentText('empty.yaml', '---\n').map((i) => i.kind === 'error' && i.errors[0]!.message)).toEqual([
      'the file holds no profile (it is empty)',
    ]);
    const [item] = readDocumentText('null.yaml', '--- ~\n');
    expect(item!.kind === 'error' && item!.errors[0]!.message).toMatch(/not null/);
  });
});
