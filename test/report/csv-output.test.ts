// --format csv as a spreadsheet handed back: the dialect, the input's columns first, the tool's headed in
// --lang, every cell a spreadsheet could run as a formula neutralised, and a bare CR quoted.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csv, csvCell, quoteCell } from '../../src/report/csv.js';
import { json } from '../../src/report/json.js';
import { ndjson } from '../../src/report/ndjson.js';
import { NAMED_DIALECTS, chooseDialect, dialectForLang } from '../../src/report/csv-dialect.js';
import { attachRow, neutralise, toolHeader } from '../../src/report/sheet.js';
import type { ReportContext } from '../../src/report/types.js';
import type { CsvDialect, Result, SheetRow } from '../../src/types.js';
import { context, sampleResults, summarise } from './fixtures.js';

function run(results: Result[], ctx: ReportContext): string {
  return (
    csv.header(ctx) + results.map((r, i) => csv.result(r, ctx, i)).join('') + csv.footer(ctx, summarise(results), [])
  );
}

const frenchExcel: CsvDialect = {
  delimiter: ';',
  encoding: 'windows-1252',
  bom: false,
  lineBreak: '\r\n',
  decimalComma: true,
};

function withRow(result: Result, row: SheetRow): Result {
  attachRow(result, row);
  return result;
}

describe('formula injection (OWASP)', () => {
  it('shows a NUL as U+FFFD, whether or not the cell starts like a formula', () => {
    expect(neutralise('a\0b\0')).toBe('a\ufffdb\ufffd');
    expect(neutralise('\0=1')).toBe('\ufffd=1');
    expect(neutralise('=a\0')).toBe("'=a\ufffd");
    expect(neutralise('-1\0')).toBe("'-1\ufffd");
    expect(neutralise('-12,5')).toBe('-12,5');
    expect(neutralise('plain')).toBe('plain');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","Click")', `'=HYPERLINK("http://evil.example","Click")`],
    ['+1', "'+1"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tTabbed', "'\tTabbed"],
    ['\rCR first', "'\rCR first"],
    ['-12', '-12'],
    ['-3,5', '-3,5'],
    // a French list's "none" and its numbers as typed: no formula, and read back as they were
    ['-', '-'],
    ['-12,5 %', '-12,5 %'],
    ['-1 250 000', '-1 250 000'],
    ['-1a', "'-1a"],
    ['-%', "'-%"],
    ['Maison Claire', 'Maison Claire'],
    ['', ''],
  ])('%j is written %j', (cell, written) => {
    expect(neutralise(cell)).toBe(written);
  });
});

describe('dialects', () => {
  it('fr implies excel-fr, the others excel; --csv-dialect wins over the input, the input over --lang', () => {
    expect(dialectForLang('fr')).toEqual({
      delimiter: ';',
      encoding: 'utf-8',
      bom: true,
      lineBreak: '\r\n',
      decimalComma: true,
    });
    expect(dialectForLang('en')).toEqual(NAMED_DIALECTS.excel);
    expect(dialectForLang('zh')).toEqual(NAMED_DIALECTS.excel);
    expect(chooseDialect('en', { singleInput: true }, frenchExcel)).toBe(frenchExcel);
    expect(chooseDialect('en', { singleInput: false }, frenchExcel)).toEqual(NAMED_DIALECTS.excel);
    expect(chooseDialect('fr', { singleInput: true, dialect: NAMED_DIALECTS.rfc4180 }, frenchExcel)).toEqual(
      NAMED_DIALECTS.rfc4180,
    );
  });

  it('--lang fr with YAML inputs: BOM, semicolons, CRLF, decimal comma, French headers', () => {
    const results = sampleResults('fr');
    const out = run(results, { ...context('fr'), sheet: { singleInput: false } });
    expect(out.startsWith('\ufeff')).toBe(true);
    const rows = parse(out.slice(1), {
      delimiter: ';',
      record_delimiter: '\r\n',
      relax_column_count: false,
    }) as string[][];
    expect(rows).toHaveLength(1 + results.length);
    expect(out.replace(/"[^"]*"/g, '').split('\r\n').length).toBe(results.length + 2);
    const header = rows[0]!;
    expect(header[0]).toBe(toolHeader('brand', 'fr'));
    expect(header).toContain('décision');
    const score = header.indexOf(toolHeader('score', 'fr'));
    const turnDown = rows.find((r) => r[header.indexOf('verdict')] === 'turn-down')!;
    expect(turnDown[score]).toBe(String(results.find((r) => r.verdict === 'turn-down')!.score).replace('.', ','));
    expect(turnDown[header.indexOf('décision')]).toBe('REFUSER');
    // the error row is there too, with its errors and no score
    const error = rows.find((r) => r[header.indexOf('verdict')] === 'error')!;
    expect(error[score]).toBe('');
    expect(error[header.indexOf(toolHeader('errors', 'fr'))]).toMatch(/broken\.yaml:3:1 brand\.country/);
  });

  it('no result at all: the header alone, in the dialect', () => {
    const out = run([], { ...context('en'), sheet: { singleInput: false } });
    expect(out).toBe(
      '\ufeff' +
        `${toolHeader('brand', 'en')},verdict,decision,${['decidedBy', 'score', 'threshold', 'completeness', 'knockOuts', 'reasons', 'firstStep', 'errors', 'source', 'otherColumns'].map((c) => toolHeader(c as never, 'en')).join(',')}\r\n`,
    );
  });
});

describe('the input spreadsheet given back', () => {
  const header = ['brand.name', 'brand.country', 'brand.category', 'partners.tmallPartner'];

  it("the input's columns first, unchanged and in order, then the tool's, in the input's dialect", () => {
    const [turnDown, approve] = sampleResults('en');
    const rows = [
      withRow(turnDown!, {
        header,
        cells: ['=HYPERLINK("x")', 'FR', 'beauty', 'line one\rline two'],
        dialect: frenchExcel,
      }),
      withRow(approve!, { header, cells: ['Maison Claire', 'FR', 'beauty', '12,5'], dialect: frenchExcel }),
    ];
    const out = run(rows, { ...context('en'), sheet: { singleInput: true } });
    // the input had no BOM: none here either; Windows-1252 is the sink's business (see the e2e tests)
    expect(out.startsWith('brand.name;brand.country;brand.category;partners.tmallPartner;verdict;decision;')).toBe(
      true,
    );
    // the bare CR inside a cell is quoted, so the record stays one row for Excel and Python alike
    expect(out).toContain('"line one\rline two"');
    const records = parse(out, { delimiter: ';', record_delimiter: '\r\n' }) as string[][];
    expect(records).toHaveLength(3);
    expect(records[1]!.slice(0, 4)).toEqual(['\'=HYPERLINK("x")', 'FR', 'beauty', 'line one\rline two']);
    expect(records[2]!.slice(0, 4)).toEqual(['Maison Claire', 'FR', 'beauty', '12,5']);
    expect(records[2]![records[0]!.indexOf('verdict')]).toBe(approve!.verdict);
    // no brand column (the input has one); "other columns" last, empty here
    expect(records[0]).not.toContain(toolHeader('brand', 'en'));
    expect(records[0]!.at(-1)).toBe(toolHeader('otherColumns', 'en'));
    expect(records[1]!.at(-1)).toBe('');
  });

  it('a ragged row keeps the tool\'s columns in place: padded, its surplus cells in "other columns"', () => {
    const [first, second] = sampleResults('en');
    withRow(first!, { header, cells: ['A', 'FR'] });
    withRow(second!, { header, cells: ['B', 'FR', 'beauty', 'P', 'surplus'] });
    const out = run([first!, second!], { ...context('en'), sheet: { singleInput: true } });
    const records = parse(out, { bom: true, record_delimiter: '\r\n', columns: true }) as Record<string, string>[];
    expect(records[0]).toMatchObject({ 'brand.name': 'A', 'brand.category': '', verdict: first!.verdict });
    expect(records[1]).toMatchObject({
      'brand.name': 'B',
      verdict: second!.verdict,
      [toolHeader('otherColumns', 'en')]: 'E: surplus',
    });
  });

  it('rows from a second file are placed by header; what has no column goes to "other columns"', () => {
    const [first, second] = sampleResults('en');
    withRow(first!, { header, cells: ['A', 'FR', 'beauty', 'P'] });
    withRow(second!, { header: ['brand.category', 'brand.name', 'crm id'], cells: ['food', 'B', 'CRM-7'] });
    const out = run([first!, second!], { ...context('en'), sheet: { singleInput: false } });
    const records = parse(out.slice(1), { delimiter: ',', record_delimiter: '\r\n', columns: true }) as Record<
      string,
      string
    >[];
    expect(records[1]).toMatchObject({
      'brand.name': 'B',
      'brand.country': '',
      'brand.category': 'food',
      [toolHeader('otherColumns', 'en')]: 'crm id: CRM-7',
    });
  });

  it('the row never reaches json or ndjson: they write the fields they name, not the result object', () => {
    const [first, second] = sampleResults('en');
    withRow(first!, { header, cells: ['A-cell', 'FR', 'beauty', 'P-cell'] });
    expect(first!.row?.cells[0]).toBe('A-cell');
    const ctx = context('en');
    const results = [first!, second!];
    const outputs = [
      results.map((r, i) => ndjson.result(r, ctx, i)).join(''),
      json.header(ctx) +
        results.map((r, i) => json.result(r, ctx, i)).join('') +
        json.footer(ctx, summarise(results), []),
    ];
    for (const out of outputs) {
      expect(out).toContain('"brand"');
      expect(out).not.toContain('"row":{');
      expect(out).not.toContain('A-cell');
      expect(out).not.toContain('P-cell');
    }
  });
});

describe("the tool's own headers", () => {
  it('are known in every language, so a reader can set them aside', async () => {
    const { toolHeaders } = await import('../../src/report/sheet.js');
    const headers = toolHeaders();
    for (const lang of ['en', 'fr', 'zh'] as const) {
      expect(headers.has(toolHeader('verdict', lang))).toBe(true);
      expect(headers.has(toolHeader('firstStep', lang))).toBe(true);
    }
    expect(headers.has('brand.name')).toBe(false);
    expect(headers.has(toolHeader('brand', 'fr'))).toBe(false);
  });
});

describe('quoting (issue 11: a row is written without csv-stringify, which the header still uses)', () => {
  it('any cells in any dialect: the row csv-stringify writes with the same options, and csv-parse reads them back', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '中', ' ', '"', ',', ';', '\t', '\r', '\n', "'", '=') });
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 6 }),
        fc.constantFrom<CsvDialect['delimiter']>(',', ';', '\t'),
        fc.constantFrom<CsvDialect['lineBreak']>('\n', '\r\n', '\r'),
        (cells, delimiter, lineBreak) => {
          const ours = cells.map((c) => quoteCell(c, delimiter)).join(delimiter) + lineBreak;
          const options = { delimiter, record_delimiter: lineBreak, quoted_match: /[\r\n]/, eof: true };
          expect(ours).toBe(stringify([cells], options));
          const back = parse(ours, { delimiter, record_delimiter: lineBreak, relax_quotes: false }) as string[][];
          // csv-parse reads a row of one empty cell as an empty line
          if (!(cells.length === 1 && cells[0] === '')) expect(back).toEqual([cells]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("a row's cells (issue 11: written without csv-stringify, a plain row's input cells at once)", () => {
  it("a row's input cells are what csvCell and quoteCell make of them, in every dialect", () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '1', '.', 'é', '中', ' ', '"', ',', ';', '\t', '\r', '\n', '\0', '=', '+', '-', '@'),
      maxLength: 6,
    });
    const number = fc.oneof(fc.double(), fc.integer({ min: -200, max: 200 }));
    // rows of text alone (the usual row of a csv input, written at once when nothing in it needs a look), text
    // that looks like numbers or formulas, and rows with values of other kinds (cell by cell)
    const cells = fc.oneof(
      fc.array(text, { minLength: 1, maxLength: 8 }),
      fc.array(
        fc.oneof(
          text,
          number.map(String),
          number.map((n) => `-${n}`),
          text.map((x) => `-1${x}`),
        ),
        {
          minLength: 1,
          maxLength: 8,
        },
      ),
      fc.array(fc.oneof(text, number, fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 6 }),
    );
    const [result] = sampleResults('en');
    fc.assert(
      fc.property(
        cells,
        fc.constantFrom<CsvDialect['delimiter']>(',', ';', '\t'),
        fc.boolean(),
        (cells, delimiter, decimalComma) => {
          const header = cells.map((_, i) => `column ${i}`);
          const dialect: CsvDialect = { ...frenchExcel, delimiter, lineBreak: '\n', decimalComma };
          const row = withRow({ ...result! }, { header, cells, dialect });
          const line = csv.result(row, { ...context('en'), sheet: { singleInput: true, dialect } }, 1);
          const expected = cells.map((c) => quoteCell(csvCell(c, dialect), delimiter)).join(delimiter) + delimiter;
          expect(line.startsWith(expected)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
