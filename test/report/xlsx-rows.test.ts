// xlsx-rows.ts writes the big sheets' rows itself: the same rows written by exceljs' own Row and Cell objects and
// by RowXml must give the same sheet XML and the same styles.xml, byte for byte.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { RowXml, SheetBytes, type RowCell, type SheetStream, type StyleIndex } from '../../src/report/xlsx-rows.js';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');

const FILL = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } } };
const FORMAT = { numFmt: '0.0' };
const BOLD = { font: { name: 'Calibri', size: 11, bold: true } };
const STYLES = [undefined, FILL, FORMAT, BOLD] as const;

interface Row {
  cells: RowCell[];
  styles: (object | undefined)[];
}

/** The workbook's sheet XML and styles.xml, its rows written by exceljs or by RowXml. */
async function written(rows: readonly Row[], by: 'exceljs' | 'RowXml'): Promise<{ sheet: string; styles: string }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Rows');
  // a header through exceljs, as the report has: it opens the sheet's data
  const head = sheet.addRow(['a', 'b']);
  head.getCell(1).style = BOLD;
  head.commit();
  if (by === 'exceljs') {
    for (const { cells, styles } of rows) {
      const row = sheet.addRow(cells);
      styles.forEach((style, i) => {
        if (style) row.getCell(i + 1).style = style;
      });
      row.commit();
    }
  } else {
    const registry = (workbook as unknown as { styles: { addStyleModel: StyleIndex } }).styles;
    // columns 1 and 3 escape each of their texts once
    const xml = new RowXml(registry.addStyleModel.bind(registry), [0, 2]);
    const bytes = new SheetBytes((sheet as unknown as { stream: SheetStream }).stream);
    rows.forEach(({ cells, styles }, i) => bytes.append(xml.row(i + 2, cells, styles)));
    bytes.flush();
  }
  sheet.commit();
  await workbook.commit();
  const file = join(mkdtempSync(join(tmpdir(), 'market-ready-xlsx-rows-')), 'rows.xlsx');
  writeFileSync(file, Buffer.concat(chunks));
  const part = (name: string): string =>
    execFileSync('unzip', ['-p', file, name], { maxBuffer: 1 << 26 }).toString('latin1');
  return { sheet: part('xl/worksheets/sheet1.xml'), styles: part('xl/styles.xml') };
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  // what XML escapes or drops: markup, controls, DEL, a lone surrogate
  fc.constantFrom('', '<a & "b">', "l'été", 'tab\there', 'nul\u0000 bell\u0007 del\u007f', 'cr\r\nlf', '\ud800', '😀'),
);
const cell: fc.Arbitrary<RowCell> = fc.oneof(
  text,
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 0.1 + 0.2),
  fc.boolean(),
  fc.constant(null),
  fc.record({ formula: fc.constantFrom('HYPERLINK("#\'Findings\'!A2","2 findings")', 'A1&"<x>"'), result: text }),
);
const row: fc.Arbitrary<Row> = fc
  .array(fc.tuple(cell, fc.constantFrom(...STYLES)), { maxLength: 8 })
  .map((pairs) => ({ cells: pairs.map(([c]) => c), styles: pairs.map(([, s]) => s) }));

describe('RowXml', () => {
  it('writes the rows exceljs writes: text, numbers, booleans, empty cells with or without a style, links', async () => {
    const rows: Row[] = [
      { cells: ['plain', 1.5, true, null, '', -3], styles: [undefined, FORMAT, FILL, FORMAT, BOLD] },
      // a row of empty cells alone is not written (its number is still taken)
      { cells: [null, null], styles: [FILL] },
      { cells: [], styles: [] },
      { cells: [{ formula: 'HYPERLINK("#\'Constats\'!A9","1 constat")', result: '1 constat' }, false], styles: [] },
      { cells: ['<&>"\'', 'x\u0001y'], styles: [FILL, FILL] },
    ];
    const [exceljs, ours] = await Promise.all([written(rows, 'exceljs'), written(rows, 'RowXml')]);
    expect(ours.sheet).toBe(exceljs.sheet);
    expect(ours.styles).toBe(exceljs.styles);
    expect(ours.sheet).toContain('<row r="6" spans="1:2" x14ac:dyDescent="0.25"><c r="A6" s="');
  });

  it('any rows of those values and styles: the same sheet and styles as exceljs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), async (rows) => {
        const [exceljs, ours] = await Promise.all([written(rows, 'exceljs'), written(rows, 'RowXml')]);
        expect(ours.sheet).toBe(exceljs.sheet);
        expect(ours.styles).toBe(exceljs.styles);
      }),
      { numRuns: 40 },
    );
  });

  it('a repeated column with more texts than its memo keeps still writes each', async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => ({
      cells: [`text ${i % 5000} <&>`, i, `rule ${i % 7}`],
      styles: [],
    }));
    const [exceljs, ours] = await Promise.all([written(rows, 'exceljs'), written(rows, 'RowXml')]);
    expect(ours.sheet).toBe(exceljs.sheet);
  });

  it('a row longer than the buffer goes to the stream whole, after the rows before it', () => {
    const writes: Buffer[] = [];
    const bytes = new SheetBytes({ write: (chunk: Buffer) => writes.push(chunk), uncork() {}, buffers: [], pipes: [] });
    expect(bytes.append('<row/>')).toBe(false);
    const long = 'é'.repeat(200_000);
    expect(bytes.append(long)).toBe(true);
    bytes.append('<end/>');
    bytes.flush();
    expect(Buffer.concat(writes).toString('utf8')).toBe(`<row/>${long}<end/>`);
  });

  it('refuses a value exceljs would write some other way', () => {
    const xml = new RowXml(() => 0);
    expect(() => xml.row(2, [new Date(0) as unknown as RowCell])).toThrow(/otherwise/);
  });
});
