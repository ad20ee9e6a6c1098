// issue 11 (speed): the batch readers read a cell through its column's CellReader, whose fast paths skip the
// trim and the converter for the usual cells. These tests hold every shortcut to the general reading: for any
// cell, in every language and with every decimal mark, readCell gives the converter's value or message.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CellError, compileConverter, compileReader, parseNumber, readCell } from '../../src/profile/convert.js';
import { COUNTRY_CODES, countryFromText } from '../../src/profile/countries.js';
import { FIELDS } from '../../src/profile/fields.js';
import { isNoneWord, NONE_WORDS } from '../../src/profile/none-words.js';
import type { DecimalMark } from '../../src/profile/numbers.js';
import type { Lang } from '../../src/types.js';

const LANGS: Lang[] = ['en', 'fr', 'zh'];
const MARKS: (DecimalMark | null)[] = [null, '.', ','];

/** what a reading gives, comparable with toEqual: a refusal by its message, -0 told from 0 */
function shown(value: unknown): unknown {
  if (value instanceof CellError) return { refused: value.message };
  return Object.is(value, -0) ? '-0' : value;
}

/** the general reading, as the converters' callers did it: trimmed, and a blank cell unknown */
function general(convert: (text: string, mark?: DecimalMark | null) => unknown, raw: string, mark: DecimalMark | null) {
  const text = raw.trim();
  return text === '' ? undefined : convert(text, mark);
}

// every field's own values and then what people write near them: cases, spaces, separators, signs, bounds
const WORDS = [
  ...new Set(FIELDS.flatMap((f) => [...(f.values ?? []), ...(f.example !== undefined ? [String(f.example)] : [])])),
  'true',
  'false',
  'True',
  'yes',
  'oui',
  '是',
  'FR',
  'fr',
  'FRA',
  'France',
  'XX',
  'none',
  'None',
  'aucun',
  '-',
  '0',
  '1',
  '-0',
  '-1',
  '12.5',
  '-56.3',
  '450.000',
  '-450.000',
  '450,000',
  '1e3',
  '2099',
  '1799',
  '100',
  '101',
  '-101',
  '1.5',
  '0.500',
  '012.345',
  '99999999999999',
  '123456789012345',
  'Brand Owner',
  'WeChat',
  'x'.repeat(500),
  'x'.repeat(501),
];
const GLUE = ['', '', '', '|', '|', ',', ';', ' ', '  ', '\u00a0', '\t', ' | ', '"'];

const cell = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GLUE)), { minLength: 1, maxLength: 4 })
  .chain((parts) =>
    fc
      .tuple(fc.constantFrom('', '', ' ', '\u3000'), fc.constantFrom('', '', ' ', '\n'))
      .map(([before, after]) => before + parts.map(([w, g]) => w + g).join('') + after),
  );

describe('readCell reads every cell as its field converter does', () => {
  it.each(LANGS)('every field, every decimal mark, in %s', (lang) => {
    // the country column has no shortcut here (countryFromText's own is held below), and its refusals look for the
    // closest of some thousands of names, which would make this test minutes long
    const columns = FIELDS.filter((f) => f.type !== 'country').map((f) => ({
      reader: compileReader(f, lang),
      convert: compileConverter(f, lang),
    }));
    fc.assert(
      fc.property(cell, fc.constantFrom(...MARKS), (raw, mark) => {
        for (const { reader, convert } of columns)
          expect(shown(readCell(reader, raw, mark))).toEqual(shown(general(convert, raw, mark)));
      }),
      { numRuns: 100 },
    );
  });

  it('every word alone and padded, in every field, with every decimal mark', () => {
    // the fast paths read words, not languages: a refusal's wording is the converter's in every language (above)
    for (const field of FIELDS.filter((f) => f.type !== 'country')) {
      const reader = compileReader(field, 'en');
      const convert = compileConverter(field, 'en');
      const marks = field.type === 'number' || field.type === 'integer' ? MARKS : [null];
      for (const word of WORDS)
        for (const raw of [word, ` ${word}`, `${word}\u00a0`])
          for (const mark of marks)
            expect([field.path, raw, mark, shown(readCell(reader, raw, mark))]).toEqual([
              field.path,
              raw,
              mark,
              shown(general(convert, raw, mark)),
            ]);
    }
  });

  it('the usual cells of each kind are read to their values', () => {
    const read = (path: string, raw: string) =>
      shown(readCell(compileReader(FIELDS.find((f) => f.path === path)!), raw, null));
    expect(read('company.overseasBankAccount', 'true')).toBe(true);
    expect(read('company.overseasBankAccount', ' oui ')).toBe(true);
    expect(read('company.role', 'authorized-distributor')).toBe('authorized-distributor');
    expect(read('partners.payment', 'alipay|wechat-pay')).toEqual(['alipay', 'wechat-pay']);
    expect(read('partners.payment', 'alipay|alipay')).toEqual({ refused: expect.stringContaining('alipay') });
    expect(read('pricing.marginAfterFeesPct', '-56.3')).toBe(-56.3);
    expect(read('pricing.marginAfterFeesPct', '-0')).toBe(0);
    expect(read('brand.name', '  ')).toBeUndefined();
    expect(read('brand.name', ' Sol ')).toBe('Sol');
  });
});

describe('the shortcuts below the converters', () => {
  it('reads a signed plain decimal digit by digit exactly as Number() does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-\d{1,14}(\.\d{0,13})?$/), (text) => {
        if (text.length >= 17 || text.endsWith('.')) return;
        // `-450.000` may group thousands: numbers.test.ts holds what it reads as
        if (/^-[1-9]\d{0,2}\.\d{3}$/.test(text)) return;
        expect(Object.is(parseNumber(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    expect(Object.is(parseNumber('-0'), -0)).toBe(true);
    expect(parseNumber('-450.000')).toBeNaN();
    expect(parseNumber('-450.000', '.')).toBe(-450);
  });

  it('tells a none-word in any case and spacing, and never takes a name for one', () => {
    const reference = (text: string): boolean => {
      const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
      return t !== '' && NONE_WORDS.has(t);
    };
    const spaced = fc
      .tuple(fc.constantFrom(...NONE_WORDS), fc.array(fc.boolean(), { maxLength: 12 }))
      .map(([w, upper]) =>
        [...w]
          .map((c, i) => (upper[i] ? c.toUpperCase() : c))
          .join('')
          .replace(/ /g, ' \u00a0\t '),
      );
    const text = fc.oneof(
      spaced,
      fc.tuple(fc.string({ maxLength: 3 }), spaced, fc.string({ maxLength: 3 })).map((p) => p.join('')),
      fc.string({ maxLength: 14 }),
      fc.string({ unit: 'grapheme', maxLength: 14 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(isNoneWord(t)).toBe(reference(t));
      }),
      { numRuns: 20_000 },
    );
    expect(isNoneWord(' PAS   ENCORE ')).toBe(true);
    expect(isNoneWord('Aurelia Atelier')).toBe(false);
    // told by their first letter and length alone, and the none-words of that shape still read
    expect(['Sol Orsay', 'Nordic', 'nonee', ' N/A ', 'NOT\tYET', 'Pas  encore', '\x01none'].map(isNoneWord)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('reads two capitals as the code they are, and otherwise as their lower case reads', () => {
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const pair = String.fromCharCode(a, b);
        if (COUNTRY_CODES.includes(pair)) expect(countryFromText(pair)).toBe(pair);
        else expect(countryFromText(pair)).toBe(countryFromText(pair.toLowerCase()));
      }
  });
});
