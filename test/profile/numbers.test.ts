// Numbers never misread (issue 12, item 5): each ambiguous case, in each dialect, has its reading or its error.
import { describe, expect, it } from 'vitest';
import {
  AmbiguousNumber,
  decimalEvidence,
  DecimalMarks,
  numberEcho,
  readNumber,
  type DecimalMark,
} from '../../src/profile/numbers.js';
import { convertCell } from '../../src/profile/convert.js';
import { fieldDef } from '../../src/profile/fields.js';

const BUDGET = fieldDef('pricing.year1BudgetEur')!;
type Reading = number | [number, number];

// the cases of the issue: what each reads as with no clue (null), in a decimal-point file ('.') and in a
// decimal-comma file (','); a pair is the two readings of a cell that no clue settles
const CASES: [string, Reading, number, number][] = [
  ['450,000', [450000, 450], 450000, 450],
  ['450.000', [450000, 450], 450, 450000],
  ['1,500', [1500, 1.5], 1500, 1.5],
  ['1.500', [1500, 1.5], 1.5, 1500],
  ['1 500', 1500, 1500, 1500],
  ['1,250,000.50', 1250000.5, 1250000.5, 1250000.5],
  ['1.250.000,50', 1250000.5, 1250000.5, 1250000.5],
  ['62,5', 62.5, 62.5, 62.5],
  ['62.50', 62.5, 62.5, 62.5],
  ['1 250 000,50', 1250000.5, 1250000.5, 1250000.5],
  ['0,500', 0.5, 0.5, 0.5],
  ['1234,567', 1234.567, 1234.567, 1234.567],
  ['-1,500', [-1500, -1.5], -1500, -1.5],
  ['450 000 €', 450000, 450000, 450000],
  ['12 %', 12, 12, 12],
];

describe('readNumber in each dialect', () => {
  it.each(CASES)('%j: no clue %j, decimal point %d, decimal comma %d', (text, none, point, comma) => {
    const unsettled = readNumber(text, null);
    if (Array.isArray(none)) {
      expect(unsettled).toBeInstanceOf(AmbiguousNumber);
      expect([(unsettled as AmbiguousNumber).thousands, (unsettled as AmbiguousNumber).decimal]).toEqual(none);
    } else expect(unsettled).toBe(none);
    expect(readNumber(text, '.')).toBe(point);
    expect(readNumber(text, ',')).toBe(comma);
  });

  it.each(['abc', '1 25', '1,2,3', '--1', '12a', '', '1.2.3,4,5'])('%j is not a number', (text) => {
    expect(readNumber(text, null)).toBeNaN();
  });
});

describe("an ambiguous cell is its row's error, naming both readings", () => {
  it.each([
    ['450,000', '450,000 reads two ways, 450000 or 450: write 450000 or 450,0'],
    ['450.000', '450.000 reads two ways, 450000 or 450: write 450000 or 450.0'],
    ['1,450', '1,450 reads two ways, 1450 or 1.45: write 1450 or 1,45'],
  ])('%j', (text, message) => expect(convertCell(BUDGET, text)).toEqual({ error: message }));

  it('in French', () => {
    expect(convertCell(BUDGET, '450,000', 'fr')).toEqual({
      error: '450,000 se lit de deux façons, 450000 ou 450 : écrivez 450000 ou 450,0',
    });
  });

  it.each([
    [',', 450],
    ['.', 450000],
  ] as const)('with the decimal mark %j settled, it reads %d', (mark, n) => {
    expect(convertCell(BUDGET, '450,000', 'en', mark as DecimalMark)).toEqual({ value: n });
  });
});

describe('what a cell proves about its column', () => {
  it.each([
    ['1,250,000', '.'],
    ['62.50', '.'],
    ['1,250.5', '.'],
    ['62,5', ','],
    ['1.250.000,50', ','],
    ['1 250,5', ','],
    ['450,000', null],
    ['1 500', null],
    ['12', null],
    ['abc', null],
  ])('%j -> %j', (text, mark) => expect(decimalEvidence(text)).toBe(mark));

  it('a column settles from its own cells, then from the file, then from the dialect', () => {
    const marks = new DecimalMarks([0, 1], 2, null);
    expect(marks.undecided(0, '450,000')).toBe(true);
    marks.learn(['1,250,000', '']);
    expect(marks.marks).toEqual(['.', '.']);
    // a column's own evidence wins over the file's
    marks.learn(['', '62,5']);
    expect(marks.marks).toEqual(['.', ',']);
    expect(new DecimalMarks([0], 1, ',').marks).toEqual([',']);
  });

  it('evidence for both marks in the file settles nothing for a column without its own', () => {
    const marks = new DecimalMarks([0, 1, 2], 3, ',');
    marks.learn(['1,250,000', '62,5', '']);
    expect(marks.marks).toEqual(['.', ',', null]);
    expect(marks.undecided(2, '450,000')).toBe(true);
  });
});

describe('the interview echoes what it understood', () => {
  it.each([
    ['450 000', 450000, '450 000 → 450000'],
    ['450000', 450000, null],
    ['1,5', 1.5, '1,5 → 1.5'],
  ])('%j', (text, n, echo) => {
    expect(numberEcho(text, n)).toBe(echo);
  });
});
