// End to end (issue 12, second pass): merged header cells in workbooks written by LibreOffice and by exceljs, and
// the messages about workbooks that are not read and about --columns files, in French and Chinese.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, isErrorLine } from '../helpers/cli.js';
import { fillMergedTitles, twoRowHeader } from '../../src/read/xlsx.js';
import { workbookParts, zip } from '../read/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-merged-'));
const soffice = (to: string, from: string): void => {
  // a private user profile: test files running in parallel would otherwise fight over one, and one would fail
  const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
  const made = spawnSync('soffice', [profile, '--headless', '--convert-to', to, '--outdir', dir, from], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(made.status, made.stderr).toBe(0);
};
beforeAll(() => {
  soffice('xlsx', 'fixtures/xlsx/merged-headers.fods');
  soffice('xls', 'fixtures/xlsx/prospects-libreoffice.fods');
  soffice('ods', 'fixtures/xlsx/prospects-libreoffice.fods');
  copyFileSync(join(dir, 'prospects-libreoffice.xls'), join(dir, 'renamed-xls.xlsx'));
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  results: { source: { row: number; columns?: Record<string, unknown> }; brand: string; errors: unknown[] }[];
  spreadsheets: { sheet?: string; columns: { column: string; header: string; field: string }[] }[];
}

describe('merged header cells', () => {
  it.each([
    ['LibreOffice', () => join(dir, 'merged-headers.xlsx')],
    ['exceljs', () => 'fixtures/xlsx/merged-headers-exceljs.xlsx'],
  ])(
    'written by %s: titles merged down and across make a header of two rows; every brand read',
    async (_writer, path) => {
      const r = await run(['assess', path(), '--format', 'json', '--fail-on', 'none']);
      const report = JSON.parse(r.stdout) as Report;
      // row 1 is a title over the table; rows 2-3 the header: no brand is lost, no heading row taken for one
      expect(report.results.map((x) => [x.source.row, x.brand, x.errors])).toEqual([
        [4, 'Maison Lavande', []],
        [5, 'Cantina Rossa', []],
      ]);
      // "Contact" over D:E, "Nom" and "Téléphone" below it: both kept, under both headings
      expect(report.results.map((x) => x.source.columns)).toEqual([
        { 'Contact Nom': 'Claire Martin', 'Contact Téléphone': '+33 1 23 45 67 89' },
        { 'Contact Nom': 'Marco Rossi', 'Contact Téléphone': null },
      ]);
      expect(report.spreadsheets[0]!.columns.map((c) => `${c.column} ${c.field}`)).toEqual([
        'A brand.name',
        'B brand.country',
        'C brand.category',
        'F pricing.year1BudgetEur',
      ]);
      expect(r.stderr).toContain('2 columns are no profile field and are kept beside the verdict: D "Contact Nom"');
    },
    60_000,
  );

  it('a title merged across a column with no heading: the column is kept under that title, not read as its field', async () => {
    const r = await run(['assess', join(dir, 'merged-headers.xlsx'), '--sheet', 'Simple', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.map((x) => [x.brand, x.errors, x.source.columns])).toEqual([
      ['Atelier Bleu', [], { 'Budget 1re année (€)': 'validé en comité', Notes: 'rappeler' }],
    ]);
    // the budget is column D's only: no "two columns for one field"
    expect(report.spreadsheets[0]!.columns.filter((c) => c.field === 'pricing.year1BudgetEur')).toEqual([
      { column: 'D', header: 'Budget 1re année (€)', field: 'pricing.year1BudgetEur' },
    ]);
  }, 60_000);

  it('a sheet whose sheetId is not its part’s number (a sheet deleted in Excel): its own merges are read', async () => {
    // Excel keeps a sheet's sheetId when an earlier sheet is deleted, and numbers its part from 1 again on saving;
    // the merges are in the part's XML, so looking them up by sheetId read another part, or none
    const rows = [
      ['Marque', 'Contact', '', 'Pays', 'Catégorie'],
      ['Maison A', 'Sophie', '0601', 'France', 'Beauté'],
    ];
    const path = join(dir, 'sheet-id-5.xlsx');
    const parts = workbookParts(rows).map((p) =>
      p.name === 'xl/workbook.xml'
        ? { ...p, data: String(p.data).replace('sheetId="1"', 'sheetId="5"') }
        : p.name === 'xl/worksheets/sheet1.xml'
          ? {
              ...p,
              data: String(p.data).replace(
                '</sheetData>',
                '</sheetData><mergeCells><mergeCell ref="B1:C1"/></mergeCells>',
              ),
            }
          : p,
    );
    writeFileSync(path, zip(parts));
    const r = await run(['assess', path, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.map((x) => x.source.columns)).toEqual([{ Contact: 'Sophie', 'Contact (2)': '0601' }]);
  });

  it('the row below a merged title is a heading only if its cells are headings, never a data row', () => {
    const merges = [
      { top: 1, left: 4, bottom: 1, right: 5 },
      { top: 1, left: 1, bottom: 2, right: 1 },
    ];
    const header = ['Marque', 'Pays', 'Catégorie', 'Contact', 'Contact'];
    expect(twoRowHeader(header, [null, null, null, 'Nom', 'Tél'], 1, 2, merges, [4])).toEqual({
      header: ['Marque', 'Pays', 'Catégorie', 'Contact Nom', 'Contact Tél'],
      covered: [],
    });
    // a brand row with its name missing: a country under "Pays", a number under "Contact": a data row
    expect(twoRowHeader(header, [null, 'France', 'Beauté', 'Claire', 'x'], 1, 2, merges, [4])).toBeNull();
    expect(twoRowHeader(header, [null, null, null, 'Nom', 33123], 1, 2, merges, [4])).toBeNull();
    // no merged range reaches the row below: nothing to combine
    expect(twoRowHeader(header, [null, null, null, 'Nom', 'Tél'], 1, 2, [], [])).toBeNull();
    // one row: blanks under a title merged across take it, and are only covered by it
    const contact = { top: 1, left: 2, bottom: 1, right: 3 };
    expect(fillMergedTitles(['Marque', 'Contact', null, 'Pays'], 1, new Map(), [contact])).toEqual({
      header: ['Marque', 'Contact', 'Contact', 'Pays'],
      covered: [2],
    });
    // a range that is not on the header row changes nothing; a title merged down from the row above heads its column
    expect(fillMergedTitles(['Marque', 'Contact', null, 'Pays'], 2, new Map(), [contact])).toEqual({
      header: ['Marque', 'Contact', '', 'Pays'],
      covered: [],
    });
    const down = { top: 1, left: 1, bottom: 2, right: 1 };
    expect(fillMergedTitles([null, 'Pays', 'Catégorie'], 2, new Map([[1, ['Marque']]]), [down])).toEqual({
      header: ['Marque', 'Pays', 'Catégorie'],
      covered: [],
    });
    expect(fillMergedTitles(['Marque', 'Pays', 'Catégorie', 'Contact', null], 1, new Map(), merges)).toEqual({
      header: ['Marque', 'Pays', 'Catégorie', 'Contact', 'Contact'],
      covered: [4],
    });
  });
});

describe('refusals and --columns errors in the run language', () => {
  const xls = {
    fr: /ceci est un ancien classeur Excel binaire \(\.xls\), qui n’est pas lu\s: enregistrez-le en \.xlsx ou en CSV/,
    zh: /这是旧版二进制 Excel 工作簿（\.xls），无法读取：请另存为 \.xlsx 或 CSV/,
  };
  const ods = {
    fr: /ceci est un tableur OpenDocument \(\.ods\), qui n’est pas lu\s: enregistrez-le en \.xlsx ou en CSV/,
    zh: /这是 OpenDocument 电子表格（\.ods），无法读取：请另存为 \.xlsx 或 CSV/,
  };
  it.each(['fr', 'zh'] as const)(
    '%s: .xls and .ods written by LibreOffice, renamed or not',
    async (lang) => {
      const r = await run([
        'assess',
        join(dir, 'prospects-libreoffice.xls'),
        join(dir, 'renamed-xls.xlsx'),
        join(dir, 'prospects-libreoffice.ods'),
        '--lang',
        lang,
        '--format',
        'ndjson',
      ]);
      const errors = r.stderr.split('\n').filter((l) => isErrorLine(l));
      expect(errors).toHaveLength(3);
      expect(errors[0]).toMatch(xls[lang]);
      expect(errors[1]).toMatch(xls[lang]);
      expect(errors[2]).toMatch(ods[lang]);
      expect(r.code).toBe(2);
    },
    60_000,
  );

  it.each([
    [
      'fr',
      [
        /map\.yaml:2:15: error: "brand.nme" n’est pas un champ du profil \(vouliez-vous dire brand\.name\s\?\)/,
        /map\.yaml:4:1: error: "Pays client" est associé deux fois \(la première à la ligne 3\)/,
      ],
    ],
    [
      'zh',
      [
        /map\.yaml:2:15: error: "brand.nme" 不是档案字段（您是否要输入 brand\.name？）/,
        /map\.yaml:4:1: error: "Pays client" 被映射了两次（第一次在第 3 行）/,
      ],
    ],
  ] as const)('%s: a --columns file with mistakes, each at its line', async (lang, expected) => {
    const map = join(dir, `map.yaml`);
    writeFileSync(map, '# CRM\nAccount Name: brand.nme\nPays client: brand.country\nPays client: brand.country\n');
    const csv = join(dir, 'crm.csv');
    writeFileSync(csv, 'Account Name,Pays,Catégorie\nA,FR,beauty\n');
    const r = await run(['assess', csv, '--columns', map, '--lang', lang]);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    lines.forEach((l, i) => expect(l).toMatch(expected[i]!));
    expect(r.code).toBe(2);
    writeFileSync(map, '- brand.name\n');
    const notMap = await run(['assess', csv, '--columns', map, '--lang', lang]);
    expect(notMap.stderr).toMatch(
      lang === 'fr' ? /une table des en-têtes du tableur/ : /应为电子表格表头到档案字段的映射/,
    );
  });
});
