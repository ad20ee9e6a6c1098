// The xlsx workbook in process: typed cells from an xlsx input kept as they were, the verdict colours, and what
// happens past Excel's rows per sheet (lowered here so the test stays small).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import { createWorkbookRun } from '../../src/report/xlsx.js';
import { attachRow } from '../../src/report/sheet.js';
import { costlyFindings } from '../../src/report/finding-words.js';
import { t } from '../../src/i18n/index.js';
import type { Result } from '../../src/types.js';
import { context, sampleResults, summarise } from './fixtures.js';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');

async function bytesOf(results: Result[], maxRows?: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const run = await createWorkbookRun(
    { ...context('en'), sheet: { singleInput: true } },
    out,
    mkdtempSync(join(tmpdir(), 'market-ready-xlsx-unit-')),
    maxRows,
  );
  for (const result of results) await run.add(result);
  await run.finish(summarise(results));
  return Buffer.concat(chunks);
}

async function workbookOf(results: Result[], maxRows?: number): Promise<import('exceljs').Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await bytesOf(results, maxRows)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

describe('xlsx workbook', () => {
  const header = ['brand.name', 'brand.foundedYear', 'company.overseasBankAccount', 'notes'];

  it("an xlsx input's typed cells stay typed; an error row is amber", async () => {
    const results = sampleResults('en');
    results.forEach((r, i) =>
      attachRow(r, {
        header,
        cells: [`Brand ${i}`, 1990 + i, i % 2 === 0, i === 0 ? '+33 1 23' : null],
        sheet: 'Feuil1',
      }),
    );
    const sheet = (await workbookOf(results)).getWorksheet('Verdicts')!;
    expect(sheet.getRow(2).getCell(2).value).toBe(1990);
    expect(sheet.getRow(2).getCell(3).value).toBe(true);
    expect(sheet.getRow(3).getCell(3).value).toBe(false);
    expect(sheet.getRow(2).getCell(4).value).toBe("'+33 1 23");
    const errorRow = results.findIndex((r) => r.verdict === 'error') + 2;
    const fill = sheet.getRow(errorRow).getCell(5).fill as { fgColor?: { argb?: string } };
    expect(sheet.getRow(errorRow).getCell(5).value).toBe('error');
    expect(fill.fgColor?.argb).toBe('FFFFEB9C');
  });

  it("past the sheet's rows, the last row says how many brands and findings it could not hold", async () => {
    const base = sampleResults('en');
    const results = Array.from({ length: 12 }, (_, i) => structuredClone(base[i % base.length]!));
    const perBrand = results.map((r) => costlyFindings(r).length);
    const wb = await workbookOf(results, 8);
    const verdicts = wb.getWorksheet('Verdicts')!;
    // header, six brands, then the note
    expect(verdicts.rowCount).toBe(8);
    expect(verdicts.getRow(8).getCell(1).value).toBe(t('en', 'sheet.omitted.verdicts', { count: 6 }));
    const findings = wb.getWorksheet('Findings')!;
    let fit = 0;
    let rows = 1;
    for (const n of perBrand.slice(0, 6)) {
      if (rows + n > 7) break;
      rows += n;
      fit++;
    }
    const omitted = perBrand.slice(fit, 6).reduce((a, b) => a + b, 0);
    expect(findings.rowCount).toBe(rows + (omitted > 0 ? 1 : 0));
    if (omitted > 0)
      expect(findings.getRow(rows + 1).getCell(1).value).toBe(t('en', 'sheet.omitted.findings', { count: omitted }));
    expect(omitted).toBeGreaterThan(0);
  });

  it('Findings spooled past many chunks of its temporary file: every row, every character whole', async () => {
    const base = sampleResults('en');
    // long names with characters of two, three and four UTF-8 bytes: some fall across the spool's 1 MB reads
    const results = Array.from({ length: 400 }, (_, i) => {
      const result = structuredClone(base[i % base.length]!);
      result.brand = `${i} Marque d’été 😀 ${'é’'.repeat(1000)}`;
      return result;
    });
    const file = join(mkdtempSync(join(tmpdir(), 'market-ready-xlsx-unit-')), 'big.xlsx');
    writeFileSync(file, await bytesOf(results));
    const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet2.xml'], { maxBuffer: 1 << 28 }).toString();
    const brands = [...xml.matchAll(/<c r="A\d+" t="str"><v>([^<]*)<\/v><\/c>/g)].map((m) => m[1]);
    const expected = results.flatMap((r) => costlyFindings(r).map(() => r.brand));
    // the spool holds each row's brand: more than two of its chunks
    expect(expected.reduce((n, brand) => n + Buffer.byteLength(brand!), 0)).toBeGreaterThan(2 << 20);
    // one a finding (the header's cell has a style)
    expect(brands).toEqual(expected);
    expect(xml).not.toContain('\ufffd');
  });
});
