// CSV cells and the JSON Schema agree: whatever a cell converts to, the profile schema accepts, and every
// field's example value, written as a spreadsheet cell, converts back to itself.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { convertCell, parseNumber } from '../../src/profile/convert.js';
import { FIELDS, type FieldDef } from '../../src/profile/fields.js';
import { validateProfileData } from '../../src/profile/validate.js';

const CANDIDATES = [
  '',
  '  ',
  '1',
  '0',
  '-1',
  '2',
  '1,5',
  '2.5',
  '100',
  '101',
  '1 250 000,50',
  '1e3',
  'abc',
  'true',
  'FALSE',
  'oui',
  'Non',
  'yes',
  'fr',
  'FR',
  'XX',
  'beauty',
  'Beauty',
  'none',
  'registered',
  'wechat|weibo',
  'wechat|wechat',
  'alipay',
  'cny|618',
  '1850',
  '2101',
  'x'.repeat(501),
];

function withField(field: FieldDef, value: unknown): Record<string, unknown> {
  const data: Record<string, any> = { schemaVersion: 1, brand: { name: 'B', country: 'FR', category: 'food' } };
  const [section, leaf] = field.path.split('.');
  if (!leaf) data[section!] = value;
  else (data[section!] ??= {})[leaf] = value;
  return data;
}

describe('convertCell agrees with the profile schema', () => {
  const cases = FIELDS.flatMap((f) => CANDIDATES.map((c) => [f.path, c, f] as const));
  it.each(cases)('%s <- %j', (_path, raw, field) => {
    const converted = convertCell(field, raw);
    if ('error' in converted) {
      expect(converted.error.length).toBeGreaterThan(0);
      return;
    }
    if (converted.value === undefined) {
      expect(raw.trim()).toBe('');
      return;
    }
    const checked = validateProfileData(withField(field, converted.value));
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each(FIELDS.map((f) => [f.path, f] as const))('the example of %s round-trips through a cell', (_path, field) => {
    const cell = Array.isArray(field.example) ? field.example.join('|') : String(field.example);
    expect(convertCell(field, cell)).toEqual({ value: field.example });
  });
});

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['-3,5', -3.5],
    ['1 250 000,50', 1250000.5],
    ['1\u00a0250\u00a0000', 1250000],
    ['1\u202f250,5', 1250.5],
    ['1.250.000,50', 1250000.5],
    ['1,250,000.50', 1250000.5],
    ["1'250'000", 1250000],
    ['12 %', 12],
    ['1 200 €', 1200],
    ['−4', -4],
  ])('%j is %d', (text, n) => expect(parseNumber(text)).toBe(n));
  it.each(['abc', '1 25', '1,2,3', '--1', '12a', ''])('%j is not a number', (text) =>
    expect(parseNumber(text)).toBeNaN(),
  );
  it('reads plain decimals digit by digit exactly as Number() does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}(\.\d{0,14})?$/), (text) => {
        if (text.length >= 16 || text.endsWith('.')) return;
        // `450.000` may group thousands: numbers.test.ts holds what it reads as
        if (/^[1-9]\d{0,2}\.\d{3}$/.test(text)) return;
        expect(Object.is(parseNumber(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    for (const text of [
      '0.1',
      '0.3',
      '9007199254740.9',
      '999999999999999',
      '123456789012.345',
      '0000.5',
      '1.000000000000001',
    ])
      expect(parseNumber(text)).toBe(Number(text));
  });
});

describe('yes/no cells', () => {
  const bank = FIELDS.find((f) => f.path === 'company.overseasBankAccount')!;
  it.each([
    ['O', true],
    ['o', true],
    ['N', false],
    ['n', false],
    ['Y', true],
    ['oui', true],
    ['NON', false],
  ])('%j is %s: the French pair O/N reads as Y/N does', (cell, value) => {
    expect(convertCell(bank, cell, 'fr')).toEqual({ value });
  });
  it.each(['OO', 'ON', 'Oi', '0 N'])('%j is refused', (cell) => {
    expect(convertCell(bank, cell, 'fr')).toHaveProperty('error');
  });
});

describe('invisible format characters (U+200B, U+2060, U+FEFF)', () => {
  const bank = FIELDS.find((f) => f.path === 'company.overseasBankAccount')!;
  const channels = FIELDS.find((f) => f.path === 'localization.socialChannels')!;
  it.each(['Oui\u200b', '\u2060Oui', '\ufeffOui\u200b', ' Oui\u200b '])('%j at the edges is read as "Oui"', (cell) => {
    expect(convertCell(bank, cell, 'fr')).toEqual({ value: true });
  });
  it('at the edges of a list item too', () => {
    expect(convertCell(channels, 'wechat\u200b|\u2060weibo')).toEqual({ value: ['wechat', 'weibo'] });
  });
  it('inside a value: refused, the message showing it', () => {
    expect(convertCell(bank, 'O\u200bui')).toEqual({
      error: expect.stringContaining('got "O\\u200Bui"'),
    });
  });
});

describe('a number whose thousands separator was lost in a conversion to Windows-1252 (`1?250?000`)', () => {
  const budget = FIELDS.find((f) => f.path === 'pricing.year1BudgetEur')!;
  const fte = FIELDS.find((f) => f.path === 'company.chinaTeamFte')!;
  it.each([
    ['1?250?000', 'en', "(a character was lost in the file's conversion: write 1250000 or 1 250 000)"],
    ['1?250?000,50', 'en', 'write 1250000,50 or 1 250 000,50'],
    ['12?500 €', 'en', 'write 12500 or 12 500'],
    ['1\ufffd250\ufffd000', 'en', 'write 1250000 or 1 250 000'],
    ['1?250?000', 'fr', '(un caractère a été perdu à la conversion du fichier\u00a0: écrivez 1250000 ou 1 250 000)'],
    ['1?250?000', 'zh', '1250000'],
  ])('%j (%s): refused, with the hint', (cell, lang, hint) => {
    const converted = convertCell(budget, cell, lang as 'en' | 'fr' | 'zh');
    expect(converted).toHaveProperty('error');
    expect((converted as { error: string }).error).toContain(hint);
  });
  it.each(['?', '1?2', '12?', '?250', '1?25?000', 'abc?def'])('%j: no such hint', (cell) => {
    expect((convertCell(budget, cell) as { error: string }).error).not.toContain('conversion');
  });
  it('in any number column', () => {
    expect((convertCell(fte, '1?000') as { error: string }).error).toContain('write 1000 or 1 000');
  });
});
