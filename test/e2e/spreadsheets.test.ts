// Spreadsheets as office staff have them (issue 12), through the built binary: .xlsx written by LibreOffice and
// by exceljs, French and Google Sheets CSV, --columns, --sheet, --verbose, and hostile workbooks, each one
// clear error line and exit 2 while the other inputs are still assessed.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { run } from '../helpers/cli.js';
import { workbookParts, zip } from '../read/zip.js';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');

const GOOD = 'fixtures/brands/approve-french-skincare.yaml';
const HEAD = ['Marque', 'Pays', 'Catégorie'];
let dir: string;
const hostile: [string, RegExp][] = [];

interface JsonReport {
  results: {
    source: { file: string; row: number | null; columns?: Record<string, unknown> };
    brand: string | null;
    verdict: string;
    errors: { message: string }[];
  }[];
  spreadsheets?: { file: string; sheet?: string; columns: { column: string; header: string; field: string }[] }[];
  summary: { total: number; error: number };
}
const json = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-sheets-'));
  const put = (name: string, bytes: Buffer | string, expected: RegExp): void => {
    writeFileSync(join(dir, name), bytes);
    hostile.push([name, expected]);
  };
  const parts = workbookParts([HEAD, ['Maison A', 'France', 'Beauté']]);
  const strings = (data: Buffer, declaredSize?: number) => ({
    name: 'xl/sharedStrings.xml',
    data,
    ...(declaredSize !== undefined ? { declaredSize } : {}),
  });
  // declares a shared-strings table of 1 GB
  put(
    'shared-strings-1gb.xlsx',
    zip([...parts, strings(Buffer.from('<sst/>'), 1024 ** 3)]),
    /xl\/sharedStrings\.xml inflates to 1024 MB, more than the 256 MB read/,
  );
  // declares 1 KB and inflates to 64 MB: the size it lies about is caught before the table is cached
  put(
    'lying-shared-strings.xlsx',
    zip([...parts, strings(Buffer.alloc(64 * 1024 ** 2, 0x20), 1024)]),
    /cannot read the workbook: xl\/sharedStrings\.xml: /,
  );
  // a sheet part inflating 20,000 times over: a zip bomb
  put(
    'zip-bomb.xlsx',
    zip([
      ...parts.slice(0, 4),
      { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>', declaredSize: 1500 * 1024 ** 2 },
    ]),
    /inflates \d+ times .* as only zip bombs do/,
  );
  // a cell in column 1,000,000: past any real sheet
  put(
    'million-columns.xlsx',
    zip(
      workbookParts(
        [],
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Marque</t></is></c><c r="BDWGN1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
      ),
    ),
    /the sheet "Prospects" has a cell in column BDWGN, past the 16384 columns read/,
  );
  // an OLE2 container holding an EncryptedPackage stream: what Excel writes for a password-protected .xlsx
  const ole = Buffer.alloc(4096);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(ole, 0);
  Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024);
  put('password.xlsx', ole, /password-protected/);
  put(
    'csv-renamed.xlsx',
    'brand.name,brand.country,brand.category\nA,FR,food\n',
    /not an \.xlsx workbook \(it is not a zip archive\)/,
  );
  put('not-a-workbook.xlsx', zip([{ name: 'readme.txt', data: 'hello' }]), /no Excel workbook/);
  // real .xls and .ods files written by LibreOffice, renamed
  const made = spawnSync(
    'soffice',
    ['--headless', '--convert-to', 'xls', '--outdir', dir, 'fixtures/xlsx/prospects-libreoffice.fods'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(made.status, made.stderr).toBe(0);
  copyFileSync(join(dir, 'prospects-libreoffice.xls'), join(dir, 'old-excel.xlsx'));
  hostile.push(
    ['old-excel.xlsx', /old binary Excel workbook \(\.xls\).*save it as \.xlsx or CSV/],
    ['prospects-libreoffice.xls', /save it as \.xlsx or CSV/],
  );
  const ods = spawnSync(
    'soffice',
    ['--headless', '--convert-to', 'ods', '--outdir', dir, 'fixtures/xlsx/prospects-libreoffice.fods'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(ods.status, ods.stderr).toBe(0);
  copyFileSync(join(dir, 'prospects-libreoffice.ods'), join(dir, 'ods-renamed.xlsx'));
  hostile.push(
    ['ods-renamed.xlsx', /OpenDocument spreadsheet \(\.ods\).*save it as \.xlsx or CSV/],
    ['prospects-libreoffice.ods', /OpenDocument/],
  );
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('.xlsx workbooks written by real programs', () => {
  it.each([
    [
      'fixtures/xlsx/prospects-libreoffice.xlsx',
      'Feuil1',
      ['Maison Lavande', 'Cantina Rossa', 'Atelier Bleu'],
      'Notes',
    ],
    [
      'fixtures/xlsx/prospects-exceljs.xlsx',
      'Feuil1',
      ['Maison Lavande', 'Cantina Rossa', 'Brauhaus Nord', 'Atelier Bleu'],
      'Commentaires',
    ],
  ])(
    '%s: one result per data row (the hidden one too), typed cells read, the notes kept',
    async (file, sheet, brands, notes) => {
      const r = await run(['assess', file, '--format', 'json', '--findings', 'full', '--fail-on', 'none', '--verbose']);
      expect(r.code).toBe(0);
      const report = json(r.stdout);
      expect(report.results.map((x) => x.brand)).toEqual(brands);
      expect(report.results.every((x) => x.verdict !== 'error')).toBe(true);
      expect(report.results[0]!.source).toMatchObject({ file, row: 2, columns: { [notes]: expect.any(String) } });
      expect(report.spreadsheets).toEqual([expect.objectContaining({ file, sheet })]);
      expect(report.spreadsheets![0]!.columns.slice(0, 3)).toEqual([
        { column: 'A', header: 'Marque', field: 'brand.name' },
        { column: 'B', header: 'Pays', field: 'brand.country' },
        { column: 'C', header: 'Catégorie', field: 'brand.category' },
      ]);
      expect(r.stderr).toMatch(
        new RegExp(
          `^${file} \\[${sheet}\\]: columns read as: A "Marque" → brand\\.name, B "Pays" → brand\\.country`,
          'm',
        ),
      );
      expect(r.stderr).toMatch(
        new RegExp(
          `${file}: warning: \\[${sheet}\\] row 1: 1 column is no profile field and is kept beside the verdict: [A-Z]+ "${notes}"`,
        ),
      );
    },
  );

  it('each cell keeps its type: a date where a year is expected is its year, a formula its cached value, booleans', async () => {
    const r = await run([
      'assess',
      'fixtures/xlsx/prospects-libreoffice.xlsx',
      '--format',
      'json',
      '--findings',
      'full',
      '--fail-on',
      'none',
    ]);
    const first = (JSON.parse(r.stdout) as { results: { findings: { field: string; actual: unknown }[] }[] }).results;
    const actual = (i: number, field: string): unknown => first[i]!.findings.find((f) => f.field === field)?.actual;
    expect(actual(0, 'brand.foundedYear')).toBe(1998);
    expect(actual(0, 'pricing.year1BudgetEur')).toBe(1200000);
    expect(actual(0, 'company.entityOutsideMainlandChina')).toBe(true);
    expect(actual(0, 'partners.logistics')).toBe('bonded-warehouse');
    expect(actual(1, 'brand.annualRevenueEur')).toBe(8000000);
    // "pas encore" in the Tmall Partner column: no partner, which the knock-out fails
    expect(actual(1, 'partners.tmallPartner')).toBe('');
  });

  it('a percent-formatted cell is the percent it shows; a formula giving 0 or FALSE is 0 or false; #N/A is an error', async () => {
    // `50 %` typed in Excel is stored as 0.5 under the format 0%; exceljs' cell value leaves out a cached result
    // that is 0 or an error: a hand-made sheet as Excel and LibreOffice write these cells
    const s = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const head = ['Marque', 'Pays', 'Catégorie', 'Fiches en chinois (%)', 'Marge après frais (%)', 'Effectif Chine']
      .map((h, i) => s(`${'ABCDEF'[i]}1`, h))
      .join('');
    const sheet =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      `<row r="1">${head}<c r="G1" t="inlineStr"><is><t>Service client en chinois</t></is></c></row>` +
      `<row r="2">${s('A2', 'Maison A')}${s('B2', 'France')}${s('C2', 'Beauté')}<c r="D2" s="1"><v>0.5</v></c>` +
      '<c r="E2" s="2"><v>0.07</v></c><c r="F2"><f>B9-B9</f><v>0</v></c><c r="G2" t="b"><f>FALSE()</f><v>0</v></c></row>' +
      `<row r="3">${s('A3', 'Maison B')}${s('B3', 'France')}${s('C3', 'Mode')}<c r="D3" s="1"><v>1</v></c>` +
      '<c r="E3" t="e"><f>NA()</f><v>#N/A</v></c></row>' +
      `<row r="4">${s('A4', 'Maison C')}${s('B4', 'France')}${s('C4', 'Mode')}<c r="D4" s="3"><v>50</v></c></row>` +
      '</sheetData></worksheet>';
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="0&quot; %&quot;"/></numFmts>' +
      '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>' +
      '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/>' +
      '<xf numFmtId="9" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/>' +
      '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
    // its own folder: `dir` holds the hostile workbooks, which a test reads as a directory
    const file = join(mkdtempSync(join(tmpdir(), 'market-ready-typed-')), 'typed-cells.xlsx');
    // the styles before the sheet, as Excel orders its parts (the streaming reader reads the zip in order)
    const parts = workbookParts([], sheet);
    parts.splice(parts.length - 1, 0, { name: 'xl/styles.xml', data: styles });
    writeFileSync(file, zip(parts));
    const r = await run(['assess', file, '--format', 'json', '--findings', 'all', '--fail-on', 'none']);
    const report = JSON.parse(r.stdout) as {
      results: { brand: string; verdict: string; findings: { field: string; actual: unknown }[] }[];
    };
    const actual = (i: number, field: string): unknown =>
      report.results[i]!.findings.find((f) => f.field === field)?.actual;
    expect(report.results.map((x) => [x.brand, x.verdict])).toEqual([
      ['Maison A', 'turn-down'],
      ['Maison B', 'error'],
      ['Maison C', 'turn-down'],
    ]);
    expect(actual(0, 'localization.listingsZhHansPct')).toBe(50);
    expect(actual(0, 'pricing.marginAfterFeesPct')).toBe(7);
    expect(actual(0, 'company.chinaTeamFte')).toBe(0);
    expect(actual(0, 'localization.chineseCustomerService')).toBe(false);
    // a `%` in quotes is text beside the number: the cell shows 50 %, and is 50
    expect(actual(2, 'localization.listingsZhHansPct')).toBe(50);
    expect(r.stderr).toContain(
      'typed-cells.xlsx: error: pricing.marginAfterFeesPct ([Prospects] row 3, column E (Marge après frais (%))): the cell holds the spreadsheet error',
    );
    expect(r.code).toBe(2);
  });

  it.each([
    ['main thread', {}],
    ['worker threads', { MARKET_READY_WORKERS_MIN_BYTES: '1' }],
  ])(
    'a row with #N/A in two columns and a misspelt country: all three said, as a CSV row says each (%s)',
    async (_, env) => {
      const s = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
      const head = ['Marque', 'Pays', 'Catégorie', 'CA annuel (€)', 'Budget 1re année (€)']
        .map((h, i) => s(`${'ABCDE'[i]}1`, h))
        .join('');
      const sheet =
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        `<row r="1">${head}</row>` +
        `<row r="2">${s('A2', 'Maison A')}${s('B2', 'Frence')}${s('C2', 'Beauté')}` +
        '<c r="D2" t="e"><f>NA()</f><v>#N/A</v></c><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
        `<row r="3">${s('A3', 'Maison B')}${s('B3', 'France')}${s('C3', 'Mode')}</row>` +
        '</sheetData></worksheet>';
      const file = join(mkdtempSync(join(tmpdir(), 'market-ready-row-errors-')), 'errors.xlsx');
      writeFileSync(file, zip(workbookParts([], sheet)));
      const r = await run(['assess', file, '--format', 'ndjson', '--fail-on', 'none'], { env });
      const results = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { brand: string; verdict: string; errors: { field: string }[] });
      expect(results.map((x) => [x.brand, x.verdict, x.errors.map((e) => e.field)])).toEqual([
        ['Maison A', 'error', ['brand.country', 'brand.annualRevenueEur', 'pricing.year1BudgetEur']],
        ['Maison B', 'turn-down', []],
      ]);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/error: brand\.country \(\[Prospects\] row 2, column B \(Pays\)\): "Frence"/),
        expect.stringMatching(/error: brand\.annualRevenueEur \(\[Prospects\] row 2, column D .*spreadsheet error/),
        expect.stringMatching(/error: pricing\.year1BudgetEur \(\[Prospects\] row 2, column E .*spreadsheet error/),
      ]);
    },
  );

  it('FALSE in the Tmall Partner column, typed or an unticked checkbox, is no partner, never one named "false"', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'market-ready-partner-'));
    const s = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheet =
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      `<row r="1">${s('A1', 'Marque')}${s('B1', 'Pays')}${s('C1', 'Catégorie')}${s('D1', 'Agence Tmall Partner')}</row>` +
      `<row r="2">${s('A2', 'Maison X')}${s('B2', 'FR')}${s('C2', 'Mode')}<c r="D2" t="b"><v>0</v></c></row>` +
      '</sheetData></worksheet>';
    writeFileSync(join(folder, 'cases.xlsx'), zip(workbookParts([], sheet)));
    writeFileSync(
      join(folder, 'typed.csv'),
      'Marque;Pays;Catégorie;Agence Tmall Partner\nA;FR;Mode;FALSE\nB;FR;Mode;faux\n',
    );
    const r = await run(['assess', folder, '--format', 'json', '--findings', 'all', '--fail-on', 'none']);
    const results = (
      JSON.parse(r.stdout) as { results: { brand: string; findings: { field: string; actual: unknown }[] }[] }
    ).results;
    expect(results.map((x) => [x.brand, x.findings.find((f) => f.field === 'partners.tmallPartner')?.actual])).toEqual([
      ['Maison X', ''],
      ['A', ''],
      ['B', ''],
    ]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('--sheet naming an empty sheet says that sheet is empty', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'market-ready-empty-sheet-'));
    const file = join(folder, 'empty.xlsx');
    writeFileSync(file, zip(workbookParts([])));
    const named = await run(['assess', file, '--sheet', 'Prospects', '--lang', 'fr']);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe(`${file}: error: la feuille "Prospects" est vide\n`);
    const any = await run(['assess', file]);
    expect(any.stderr).toBe(
      `${file}: error: no sheet has a header row with the columns a profile needs (Brand, Country, Category)\n`,
    );
    rmSync(folder, { recursive: true, force: true });
  });

  it('a workbook whose relationships name its sheets by absolute paths (openpyxl, pandas): its sheets keep their names', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'market-ready-absolute-rels-'));
    const file = join(folder, 'python-export.xlsx');
    // openpyxl writes `Target="/xl/worksheets/sheet1.xml"`, which OOXML allows as well as `worksheets/sheet1.xml`
    const parts = workbookParts([HEAD, ['Maison A', 'France', 'Beauté'], ['Maison B', 'Frence', 'Beauté']]).map((p) =>
      p.name === 'xl/_rels/workbook.xml.rels'
        ? { ...p, data: String(p.data).replace('Target="worksheets/', 'Target="/xl/worksheets/') }
        : p,
    );
    writeFileSync(file, zip(parts));
    const named = await run(['assess', file, '--sheet', 'Prospects', '--format', 'ndjson', '--fail-on', 'none']);
    expect(
      named.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { brand: string }).brand),
    ).toEqual(['Maison A', 'Maison B']);
    expect(named.stderr).toMatch(/^.*: error: brand\.country \(\[Prospects\] row 3, column B \(Pays\)\): /);
    rmSync(folder, { recursive: true, force: true });
  });

  it('a hidden sheet (last year’s list, hidden by the user) is read only when --sheet names it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'market-ready-hidden-sheet-'));
    const file = join(folder, 'prospects.xlsx');
    const book = new ExcelJS.Workbook();
    const old = book.addWorksheet('Ancien', { state: 'hidden' });
    old.addRow(HEAD);
    old.addRow(['Maison Ancienne', 'France', 'Beauté']);
    const current = book.addWorksheet('Actuel');
    current.addRow(HEAD);
    current.addRow(['Maison Nouvelle', 'France', 'Beauté']);
    await book.xlsx.writeFile(file);
    const brands = async (args: string[]) =>
      (await run(['assess', file, ...args, '--format', 'ndjson', '--fail-on', 'none'])).stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { brand: string }).brand);
    expect(await brands([])).toEqual(['Maison Nouvelle']);
    expect(await brands(['--sheet', 'Ancien'])).toEqual(['Maison Ancienne']);
    // only hidden sheets have a header: the message says which, and how to read one
    const hiddenOnly = join(folder, 'hidden-only.xlsx');
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Ancien', { state: 'hidden' }).addRow(HEAD);
    other.getWorksheet('Ancien')!.addRow(['Maison Ancienne', 'France', 'Beauté']);
    other.addWorksheet('Notes').addRow(['Liste à jour le 02/12/2026']);
    await other.xlsx.writeFile(hiddenOnly);
    const r = await run(['assess', hiddenOnly]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${hiddenOnly}: error: no visible sheet has a header row with the columns a profile needs (Brand, Country, ` +
        'Category); a hidden sheet is read only when --sheet names it: "Ancien"\n',
    );
    rmSync(folder, { recursive: true, force: true });
  });

  it('--sheet reads the sheet named; an unknown name lists the sheets', async () => {
    const named = await run(['validate', 'fixtures/xlsx/prospects-exceljs.xlsx', '--sheet', 'Feuil1']);
    expect(named.stdout).toMatch(/4 profiles?.*4 valid/);
    const wrong = await run(['validate', 'fixtures/xlsx/prospects-exceljs.xlsx', '--sheet', 'Feuil2']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'fixtures/xlsx/prospects-exceljs.xlsx: error: no sheet named "Feuil2": the workbook has "Lisez-moi", "Feuil1"\n',
    );
  });
});

describe('hostile workbooks: one clear error line, exit 2, the other inputs still assessed', () => {
  it('each', async () => {
    for (const [name, expected] of hostile) {
      const path = join(dir, name);
      const r = await run(['assess', GOOD, path, '--format', 'json'], { timeoutMs: 60_000 });
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines, name).toHaveLength(1);
      // `file: error: ...`: a workbook has no line:column to give
      expect(lines[0]!.startsWith(`${path}: error: `), name).toBe(true);
      expect(lines[0], name).toMatch(expected);
      const report = json(r.stdout);
      expect(
        report.results.map((x) => x.verdict),
        name,
      ).toEqual(['approve', 'error']);
    }
  }, 300_000);

  it('a directory of them: every file is one result', async () => {
    const r = await run(['assess', dir, '--format', 'json'], { timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect(json(r.stdout).summary).toMatchObject({ total: hostile.length, error: hostile.length });
  }, 150_000);
});

describe('a folder with a workbook open in Excel', () => {
  it("skips Excel's ~$ lock file beside it: the folder's run is the workbook's", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'market-ready-open-'));
    copyFileSync('fixtures/xlsx/prospects-exceljs.xlsx', join(folder, 'prospects.xlsx'));
    // what Excel writes while the workbook is open: the user's name, padded, no zip
    const owner = Buffer.alloc(165);
    owner.write('\u0005Marie', 0, 'latin1');
    writeFileSync(join(folder, '~$prospects.xlsx'), owner);
    const alone = await run(['assess', join(folder, 'prospects.xlsx'), '--format', 'json']);
    const r = await run(['assess', folder, '--format', 'json']);
    expect(r.stderr).toBe(alone.stderr);
    expect(r.code).toBe(alone.code);
    expect(json(r.stdout).results.map((x) => x.brand)).toEqual(json(alone.stdout).results.map((x) => x.brand));
    expect(json(r.stdout).summary.error).toBe(0);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('CSV as Google Sheets and French Excel write it', () => {
  it('Google Sheets: "450,000" read as 450000 where the column settles it, refused with both readings where nothing does', async () => {
    const settled = json(
      (await run(['assess', 'fixtures/csv/google-sheets-comma.csv', '--format', 'json', '--fail-on', 'none'])).stdout,
    );
    expect(settled.summary.error).toBe(0);
    const r = await run([
      'assess',
      'fixtures/csv/google-sheets-ambiguous.csv',
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      'fixtures/csv/google-sheets-ambiguous.csv:2:30: error: pricing.year1BudgetEur (column D "Year-1 budget (EUR)"): 450,000 reads two ways, 450000 or 450: write 450000 or 450,0',
      'fixtures/csv/google-sheets-ambiguous.csv:3:36: error: pricing.year1BudgetEur (column D "Year-1 budget (EUR)"): 1,450 reads two ways, 1450 or 1.45: write 1450 or 1,45',
    ]);
    expect(json(r.stdout).results.map((x) => x.verdict)).toEqual(['error', 'error', 'turn-down']);
  });

  it('French Excel: French headers and values, "aucun" and "-" for no partner, the comments kept', async () => {
    const r = await run([
      'assess',
      'fixtures/csv/french-excel-values.csv',
      '--format',
      'json',
      '--findings',
      'full',
      '--fail-on',
      'none',
      '--lang',
      'fr',
    ]);
    expect(r.stderr).toBe(
      'fixtures/csv/french-excel-values.csv:1:1: warning: 1 colonne n’est pas un champ du profil et est conservée à côté du verdict : P "Commentaires"\n',
    );
    const results = (
      JSON.parse(r.stdout) as {
        results: {
          brand: string;
          source: { columns: unknown };
          findings: { ruleId: string; field: string; status: string; actual: unknown }[];
        }[];
      }
    ).results;
    expect(results.map((x) => x.brand)).toEqual(['Maison Élodie', 'Cantina Rossa', 'Brauhaus Nord']);
    expect(results[0]!.source.columns).toEqual({ Commentaires: 'salon de mars' });
    for (const i of [1, 2])
      expect(results[i]!.findings.find((f) => f.ruleId === 'partners/tmall-partner')).toMatchObject({
        status: 'fail',
        actual: '',
      });
    expect(results[0]!.findings.find((f) => f.field === 'pricing.year1BudgetEur')?.actual).toBe(1250000);
  });

  it("--columns maps a CRM export's headers; a wrong path in it is an error at its line, with the closest path", async () => {
    const csv = join(dir, 'crm.csv');
    writeFileSync(csv, 'Account Name,Acct_Country,Segment,Owner\nMaison A,FR,beauty,Claire\n');
    const map = join(dir, 'columns.yaml');
    writeFileSync(map, 'Account Name: brand.name\nAcct_Country: brand.country\nSegment: brand.category\n');
    const r = await run(['assess', csv, '--columns', map, '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).results[0]).toMatchObject({ brand: 'Maison A', source: { columns: { Owner: 'Claire' } } });
    writeFileSync(map, 'Account Name: brand.name\nAcct_Country: brand.contry\n');
    const bad = await run(['assess', csv, '--columns', map]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `${map}:2:15: error: "brand.contry" is not a profile field (did you mean brand.country?)\n`,
    );
  });

  it('a --columns file saved by Notepad in Windows-1252 or UTF-16 maps its accented headers, as a CSV of them is read', async () => {
    const csv = join(dir, 'crm-accents.csv');
    writeFileSync(csv, iconv.encode('Nom;Origine;Secteur d’activité\r\nMaison A;France;Beauté\r\n', 'win1252'));
    const text = 'Nom: brand.name\r\nOrigine: brand.country\r\nSecteur d’activité: brand.category\r\n';
    for (const [encoding, bytes] of [
      ['windows-1252', iconv.encode(text, 'win1252')],
      ['utf-16le', iconv.encode(text, 'utf16le', { addBOM: true })],
    ] as const) {
      const map = join(dir, `columns-${encoding}.yaml`);
      writeFileSync(map, bytes);
      const r = await run(['assess', csv, '--columns', map, '--format', 'json', '--fail-on', 'none']);
      expect(r.stderr, encoding).toBe('');
      expect(
        json(r.stdout).results.map((x) => [x.brand, x.verdict === 'error']),
        encoding,
      ).toEqual([['Maison A', false]]);
    }
  });

  it("two columns meaning one field: the file's error naming both", async () => {
    const csv = join(dir, 'twice.csv');
    writeFileSync(csv, 'Marque,Pays,Catégorie,Country\nA,France,Mode,FR\n');
    const r = await run(['assess', csv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/columns B "Pays" and D "Country" both mean brand\.country/);
  });

  it('10,000 columns that are no field: one warning naming a few, the row still assessed', async () => {
    const csv = join(dir, 'wide.csv');
    writeFileSync(
      csv,
      `${[...HEAD, ...Array.from({ length: 10_000 }, (_, i) => `c${i}`)].join(',')}\nA,FR,food${',x'.repeat(10_000)}\n`,
    );
    const r = await run(['assess', csv, '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^.*wide\.csv:1:1: warning: 10000 columns are no profile field and are kept beside the verdict: D "c0", E "c1", .* and 9988 more\n$/,
    );
    expect(json(r.stdout).summary.total).toBe(1);
  });

  it('a CSV piped in without --input-format says to add it', async () => {
    const r = await run(['assess'], { input: 'Marque;Pays;Catégorie\r\nA;France;Mode\r\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('<stdin>: error: this looks like CSV: add --input-format csv (or tsv)\n');
    expect(
      (
        await run(['assess', '--input-format', 'csv', '--fail-on', 'none'], {
          input: 'Marque;Pays;Catégorie\r\nA;France;Mode\r\n',
        })
      ).code,
    ).toBe(0);
  });

  it('a json report in a dossier folder is not a profile', async () => {
    const folder = mkdtempSync(join(dir, 'dossier-'));
    const report = await run(['assess', GOOD, '--format', 'json']);
    writeFileSync(join(folder, 'report.json'), report.stdout);
    const r = await run(['assess', folder]);
    expect(r.stderr).toMatch(/report\.json:1:1: error: not a brand profile \(it looks like a market-ready report\)/);
  });
});
