// Validation messages speak the report's language throughout: the type expected, the forms accepted, the hints.
import { describe, expect, it } from 'vitest';
import { validateProfileData } from '../../src/profile/validate.js';
import type { Lang } from '../../src/types.js';

const profile = (extra: Record<string, unknown>) => ({
  schemaVersion: 1,
  brand: { name: 'X', country: 'FR', category: 'beauty', ...extra },
});

function messages(data: unknown, lang: Lang): string[] {
  return validateProfileData(data, { lang }).problems.map((p) => `${p.field}: ${p.message}`);
}

describe.each([
  [
    'en',
    'expected a whole number, got 1990.5',
    'expected a number, got "beaucoup"',
    '(write the number in full: 2000000)',
    'expected a boolean',
  ],
  [
    'fr',
    'un nombre entier attendu, reçu 1990.5',
    'un nombre attendu, reçu "beaucoup"',
    '(écrivez le nombre en entier : 2000000)',
    'un booléen (oui/non',
  ],
  ['zh', '应为 整数，实际为 1990.5', '应为 数字，实际为 "beaucoup"', '（请写出完整数字：2000000）', '应为 布尔值'],
] as const)('in %s', (lang, integer, number, shorthand, boolean) => {
  it('names the type expected in the language', () => {
    expect(messages(profile({ foundedYear: 1990.5 }), lang)).toEqual([`brand.foundedYear: ${integer}`]);
    expect(messages(profile({ annualRevenueEur: 'beaucoup' }), lang)).toEqual([`brand.annualRevenueEur: ${number}`]);
  });

  it('gives the shorthand hint and the boolean forms in the language', () => {
    expect(messages(profile({ annualRevenueEur: '2M' }), lang)[0]).toContain(shorthand);
    expect(messages({ ...profile({}), company: { overseasBankAccount: 'peut-être' } }, lang)[0]).toContain(boolean);
  });
});

describe('an invisible format character in a YAML or JSON value', () => {
  it('is shown in the message, where it looked like a plain word', () => {
    const data = { ...profile({}), localization: { socialChannels: ['wechat', 'we\u200bchat'] } };
    const shown = messages(data, 'en');
    expect(shown.join('\n')).toContain('"we\\u200Bchat" is not one of');
    expect(shown.join('\n')).not.toContain('\u200b');
  });
});
