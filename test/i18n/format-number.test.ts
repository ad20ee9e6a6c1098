// formatNumber's integer arithmetic (issue 11) against the toFixed-and-regex way it was written before, kept
// here as the reference: the same text for every number, in every language.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counted, formatNumber } from '../../src/i18n/index.js';
import { LANGS, type Lang } from '../../src/types.js';

const SEPARATORS: Record<Lang, { thousands: string; decimal: string }> = {
  en: { thousands: ',', decimal: '.' },
  fr: { thousands: '\u202f', decimal: ',' },
  zh: { thousands: ',', decimal: '.' },
};

function reference(n: number, lang: Lang): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return String(n);
  const { thousands, decimal } = SEPARATORS[lang];
  if (Number.isInteger(n) && n < 1e13 && n > -1e13) {
    const whole = String(n < 0 ? -n : n);
    return `${n < 0 ? '-' : ''}${whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, thousands) : whole}`;
  }
  const rounded = Math.round(n * 100) / 100;
  const [whole, fraction] = Math.abs(rounded).toFixed(2).split('.') as [string, string];
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, thousands) : whole;
  const decimals = fraction.replace(/0+$/, '');
  return `${rounded < 0 ? '-' : ''}${grouped}${decimals ? decimal + decimals : ''}`;
}

describe('formatNumber', () => {
  it('uses the separators the reference is written with', () => {
    expect(formatNumber(1234567.891, 'fr')).toBe(reference(1234567.891, 'fr'));
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
  });

  it('writes what toFixed and the regexes wrote, for every kind of number', () => {
    const number = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1e13, max: 1e13 }),
      fc.double({ min: -1000, max: 1000 }),
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 100),
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1000),
      fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 200),
      fc.constantFrom(0, -0, 0.005, -0.005, 0.015, 1.005, 9999.995, 99999.995, 1e12 - 0.005, -1e12 + 0.001, 1e21),
    );
    fc.assert(
      fc.property(number, fc.constantFrom(...LANGS), (n, lang) => formatNumber(n, lang) === reference(n, lang)),
      { numRuns: 20000 },
    );
  });
});

describe('counted: a batch summary groups its counts as the language writes numbers', () => {
  it.each([
    ['en', 50000, 'label.total', '50,000 profiles'],
    ['fr', 50000, 'label.total', '50\u202f000 profils'],
    ['fr', 1, 'label.errored', '1 erreur'],
    ['zh', 200000, 'label.approved', '200,000 通过'],
  ] as const)('%s %d %s: %j', (lang, count, key, said) => {
    expect(counted(lang, count, key)).toBe(said);
  });
});
