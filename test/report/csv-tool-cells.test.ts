// The csv row's tool cells are written by report/csv.ts's own path (toolText, with the cells of a few values kept
// per run): they must be exactly what csvCell and quoteCell make of sheet.ts's cells, whatever a pack's titles
// and messages hold (a title starting with '=', a quote, the delimiter, a NUL) and whatever file the rows come
// from, and the same when a row's cells are written a second time from what the run kept.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessProfile } from '../../src/engine/assess.js';
import { csv, csvCell, quoteCell } from '../../src/report/csv.js';
import { layoutOf, toolCells } from '../../src/report/sheet.js';
import type { ReportContext } from '../../src/report/types.js';
import { wordsFor } from '../../src/report/words.js';
import type { CsvDialect, Result } from '../../src/types.js';
import { pack, profile, rule } from '../helpers/pack.js';
import { context } from './fixtures.js';

const BOOLEAN_FIELDS = [
  'company.overseasBankAccount',
  'company.entityOutsideMainlandChina',
  'company.exportExperienceAsia',
  'company.existingChinaSales',
  'ip.chineseBrandNameRegistered',
  'ip.authorizationChainComplete',
  'ip.ipProtectionPlatform',
];

const hostile = fc.string({
  unit: fc.constantFrom('a', '1', ' ', '|', '"', ',', ';', '\t', '\r', '\n', '\0', '=', '+', '-', '@', 'é', '中'),
  maxLength: 8,
});

/** The row's tool cells as sheet.ts words them and csvCell and quoteCell write them, one by one. */
function expectedLine(r: Result, ctx: ReportContext, dialect: CsvDialect): string {
  const layout = layoutOf([], ctx.lang, ctx.words);
  const cells = toolCells(layout, r, '').map((v) => quoteCell(csvCell(v, dialect), dialect.delimiter));
  return cells.join(dialect.delimiter) + dialect.lineBreak;
}

function packOf(titles: string[], messages: string[], blockers: boolean[]) {
  const rules = BOOLEAN_FIELDS.map((field, i) =>
    rule({
      id: `rule/${i}`,
      category: i % 2 === 0 ? 'company' : 'ip',
      blocker: blockers[i]!,
      weight: i + 1,
      title: { en: titles[i]! },
      message: { en: messages[i]! },
      check: { field, equals: true },
    }),
  );
  // a text field, so that a row's own value (any text) is in a message
  rules.push(
    rule({
      id: 'rule/partner',
      category: 'ip',
      blocker: true,
      title: { en: titles[BOOLEAN_FIELDS.length]! },
      message: { en: `${messages[BOOLEAN_FIELDS.length]!}{actual}` },
      check: { field: 'partners.tmallPartner', 'min-length': 20 },
    }),
  );
  return pack(rules);
}

describe("the csv row's tool cells", () => {
  it('are what csvCell and quoteCell make of each cell, for any titles, messages, values and file', () => {
    const n = BOOLEAN_FIELDS.length + 1;
    fc.assert(
      fc.property(
        fc.array(hostile, { minLength: n, maxLength: n }),
        fc.array(hostile, { minLength: n, maxLength: n }),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        fc.array(
          fc.record({
            values: fc.array(fc.constantFrom(true, false, undefined), { minLength: n, maxLength: n }),
            partner: fc.option(hostile, { nil: undefined }),
            file: fc.constantFrom('plain.csv', '=evil.csv', 'a,b;c\td.csv', 'quote".csv', ''),
            line: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.constantFrom<CsvDialect['delimiter']>(',', ';', '\t'),
        fc.boolean(),
        (titles, messages, blockers, rows, delimiter, sheet) => {
          const testPack = packOf(titles, messages, blockers);
          const dialect: CsvDialect = {
            delimiter,
            encoding: 'utf-8',
            bom: false,
            lineBreak: '\r\n',
            decimalComma: false,
          };
          // a context of its own: each run of csv keeps what it wrote (the knock-out cells) by context
          const ctx: ReportContext = {
            ...context('en'),
            words: wordsFor(testPack, 'en'),
            sheet: { singleInput: false, dialect },
          };
          const results = rows.map((row, k) => {
            const fields: Record<string, unknown> = { 'partners.tmallPartner': row.partner };
            BOOLEAN_FIELDS.forEach((field, i) => (fields[field] = row.values[i]));
            const input = profile(fields);
            input.source = { file: row.file, row: k + 2, document: null, ...(row.line ? { line: row.line } : {}) };
            return assessProfile(testPack, input, { sheet, allFindings: false });
          });
          // twice: the second time from what the run kept
          for (const r of [...results, ...results]) expect(csv.result(r, ctx, 1)).toBe(expectedLine(r, ctx, dialect));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("neutralises a knock-out's title and a reason that start like a formula", () => {
    const titles = ['=HYPERLINK("x")', '-1+1', ...BOOLEAN_FIELDS.map(() => 'plain')];
    const messages = ['@SUM(A1)', '+1', ...BOOLEAN_FIELDS.map(() => 'said')];
    const testPack = packOf(titles, messages, [true, true, ...BOOLEAN_FIELDS.map(() => false)]);
    const dialect: CsvDialect = { delimiter: ',', encoding: 'utf-8', bom: false, lineBreak: '\n', decimalComma: false };
    const ctx: ReportContext = {
      ...context('en'),
      words: wordsFor(testPack, 'en'),
      sheet: { singleInput: false, dialect },
    };
    const input = profile({ 'company.overseasBankAccount': false, 'company.entityOutsideMainlandChina': false });
    input.source = { file: '=file.csv', row: 2, document: null };
    const line = csv.result(assessProfile(testPack, input, { sheet: true, allFindings: false }), ctx, 1);
    // the third knock-out is the text rule's, unknown here; the reasons go by decisiveness (the second rule first)
    expect(line).toContain(`,"'=HYPERLINK(""x"") | -1+1 | plain",`);
    expect(line).toContain(`,'+1 | @SUM(A1) | plain: `);
    expect(line).toContain(",'=file.csv:2,");
  });

  it("writes a result whose knock-outs are out of the pack's order (or no rule of it) as it lists them", () => {
    const titles = BOOLEAN_FIELDS.map((_, i) => `title ${i}`).concat('partner');
    const testPack = packOf(titles, titles, [true, true, true, ...BOOLEAN_FIELDS.map(() => false)]);
    const dialect: CsvDialect = { delimiter: ';', encoding: 'utf-8', bom: false, lineBreak: '\n', decimalComma: false };
    const ctx: ReportContext = {
      ...context('en'),
      words: wordsFor(testPack, 'en'),
      sheet: { singleInput: false, dialect },
    };
    const input = profile({});
    const inOrder = assessProfile(testPack, input, { sheet: true, allFindings: false });
    const reversed: Result = { ...inOrder, findings: [...inOrder.findings].reverse() };
    const stranger: Result = {
      ...inOrder,
      findings: [{ ...inOrder.findings[0]!, ruleId: 'no/such-rule' }, ...inOrder.findings.slice(1)],
    };
    for (const r of [inOrder, reversed, stranger, inOrder, reversed, stranger])
      expect(csv.result(r, ctx, 1)).toBe(expectedLine(r, ctx, dialect));
    expect(csv.result(reversed, ctx, 1)).toContain(';partner | title 2 | title 1 | title 0;');
    expect(csv.result(stranger, ctx, 1)).toContain(';no/such-rule | title 1 | title 2 | partner;');
  });

  it('writes each score and completeness as itself, also two numbers whose tenfold is the same (0.9, 0.8999999999999999)', () => {
    const titles = BOOLEAN_FIELDS.map((_, i) => `title ${i}`).concat('partner');
    const testPack = packOf(titles, titles, BOOLEAN_FIELDS.map(() => false).concat(false));
    for (const decimalComma of [false, true]) {
      const dialect: CsvDialect = { delimiter: ';', encoding: 'utf-8', bom: false, lineBreak: '\n', decimalComma };
      const ctx: ReportContext = {
        ...context('en'),
        words: wordsFor(testPack, 'en'),
        sheet: { singleInput: false, dialect },
      };
      const base = assessProfile(testPack, profile({}), { sheet: true, allFindings: false });
      // 0.9 * 10 and 0.8999999999999999 * 10 are both 9; -0 is written as 0; 100.05 and 7.25 have no one-decimal place
      const numbers = [0.9, 0.8999999999999999, 0.9, 0, -0, 100, 100.05, 7.25, 56.4, 0.8999999999999999];
      const results = numbers.map((n, i): Result => ({
        ...base,
        score: n,
        completeness: numbers[numbers.length - 1 - i]!,
      }));
      for (const r of results) expect(csv.result(r, ctx, 1)).toBe(expectedLine(r, ctx, dialect));
      const mark = decimalComma ? ',' : '.';
      expect(csv.result(results[1]!, ctx, 1)).toContain(`;0${mark}8999999999999999;`);
      expect(csv.result(results[2]!, ctx, 1)).toContain(`;0${mark}9;`);
    }
  });
});
