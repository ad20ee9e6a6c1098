// End to end (session 25): what a French office worker's spreadsheet says, and what the report says back about it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/types.js';
import { run } from '../helpers/cli.js';
import { BOTH_PATHS, tempFolder, ndjsonResults } from '../helpers/paths.js';

const { dir, file } = tempFolder('market-ready-french-values-');

describe('a cell that says "none" is quoted as none, not as an empty cell', () => {
  const csv = [
    'Marque;Pays;Catégorie;Agence Tmall Partner;Nom chinois',
    'Maison A;France;Beauté;aucun;néant',
    'Maison B;France;Beauté;none;-',
    '',
  ].join('\n');
  it.each([
    ['en', 'profile says: none · expected: a signed Tmall Partner (TP)', /\(empty\)/],
    ['fr', 'le profil indique\u00a0: aucun · attendu\u00a0: un Tmall Partner (TP) signé', /\(vide\)/],
    ['zh', '档案填写：无 · 要求：已签约的天猫服务商（TP）', /（空）/],
  ])('%s', async (lang, says, empty) => {
    const r = await run(['assess', file(csv), '--lang', lang, '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split(says).length - 1).toBe(2);
    expect(r.stdout).not.toMatch(empty);
  });
});

describe("an .xlsx input's yes/no cells in a csv report: in the report's words, read back as the same values", () => {
  const header = ['Marque', 'Pays', 'Catégorie', 'Société hors Chine continentale', 'Compte bancaire hors Chine'];
  const made = (async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Feuil1');
    ws.addRow([...header, 'Vu au salon', 'CA annuel (€)']);
    ws.addRow(['Maison A', 'France', 'Beauté', true, false, true, 1200000.5]);
    ws.addRow(['Maison B', 'France', 'Beauté', false, true, false, 800000]);
    const path = join(dir, 'booleans.xlsx');
    await wb.xlsx.writeFile(path);
    return path;
  })();
  /** what decides a result, for comparing a report read back with the first */
  const decided = (stdout: string): unknown =>
    (JSON.parse(stdout) as { results: Result[] }).results.map((r) => [
      r.brand,
      r.verdict,
      r.score,
      r.completeness,
      r.findings.map((f) => [f.ruleId, f.actual]),
    ]);
  it.each([
    ['en', ',', ['true', 'false', 'true', '1200000.5'], ['false', 'true', 'false', '800000']],
    ['fr', ';', ['oui', 'non', 'oui', '1200000,5'], ['non', 'oui', 'non', '800000']],
    ['zh', ',', ['是', '否', '是', '1200000.5'], ['否', '是', '否', '800000']],
  ])('%s', async (lang, delimiter, a, b) => {
    const xlsx = await made;
    const csvPath = join(dir, `booleans-${lang}.csv`);
    const args = ['--lang', lang, '--fail-on', 'none'];
    const written = await run(['assess', xlsx, '-f', 'csv', '-o', csvPath, ...args]);
    expect(written.code).toBe(0);
    const rows = parse(readFileSync(csvPath, 'utf8'), { bom: true, delimiter }) as string[][];
    expect(rows.slice(1).map((row) => row.slice(3, 7))).toEqual([a, b]);
    const first = await run(['assess', xlsx, '-f', 'json', ...args]);
    const back = await run(['assess', csvPath, '-f', 'json', ...args]);
    expect(back.code).toBe(0);
    expect(decided(back.stdout)).toEqual(decided(first.stdout));
  });
});

describe('a row with a surplus quoted cell over lines: one error naming its row, the next rows read as they are', () => {
  const csv = [
    'Marque;Pays;Catégorie',
    'Maison A;France;Beauté',
    'Maison B;France;Beauté;"rappeler en mars',
    'après le salon"',
    'Maison C;France;Mode',
    '',
  ].join('\r\n');
  it.each(BOTH_PATHS)('%s', async (_, env) => {
    const path = file(csv);
    const r = await run(['assess', path, '-f', 'ndjson', '--fail-on', 'none'], { env });
    expect(r.code).toBe(2);
    const out = ndjsonResults(r.stdout);
    expect(out.map((o) => [o.source.row, o.brand, o.verdict, o.errors.map((e) => e.message)])).toEqual([
      [2, 'Maison A', 'turn-down', []],
      [3, 'Maison B', 'error', ['the row has 4 cells where the header has 3 columns']],
      [4, 'Maison C', 'turn-down', []],
    ]);
    // at the surplus cell's opening quote, after `Maison B;France;Beauté;` (é one character)
    expect(r.stderr).toBe(`${path}:3:24: error: the row has 4 cells where the header has 3 columns\n`);
  });
});

describe('a founding date written as text (a CRM export) gives its year, as an .xlsx date cell does', () => {
  const csv = [
    'Marque;Pays;Catégorie;Date de création',
    'A;France;Beauté;01/02/1998',
    'B;France;Beauté;1998-02-01',
    'C;France;Beauté;2/1/2001 00:00',
    'D;France;Beauté;13/13/1998',
    'E;France;Beauté;31/12/0998',
    '',
  ].join('\n');
  it.each(BOTH_PATHS)('%s', async (_, env) => {
    const r = await run(['assess', file(csv), '-f', 'json', '--findings', 'all', '--fail-on', 'none'], { env });
    const out = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(
      out.map((o) => [
        o.brand,
        o.findings.filter((f) => f.field === 'brand.foundedYear').map((f) => f.actual),
        o.errors.map((e) => e.message),
      ]),
    ).toEqual([
      ['A', [1998], []],
      ['B', [1998], []],
      ['C', [2001], []],
      // no date: a month over 12 whichever comes first; a year out of range is refused as the number would be
      ['D', [], ['expected a whole number, got "13/13/1998"']],
      ['E', [], ['31/12/0998 is below the minimum 1000']],
    ]);
  });
});

describe('a title row Excel padded with delimiters above the header is passed over, as a bare title is', () => {
  const csv = [
    'Export CRM du 01/12/2026;;;;',
    ';;;;',
    'Marque;Pays;Catégorie;Notes;Commentaires',
    'A;France;Beauté;Italie;x',
    ';;;;',
    'B;France;Beauté;;y',
    '',
  ].join('\r\n');
  it.each(BOTH_PATHS)('%s', async (_, env) => {
    const path = file(csv);
    const r = await run(['assess', path, '-f', 'ndjson', '--fail-on', 'none'], { env });
    expect(r.code).toBe(0);
    const out = ndjsonResults(r.stdout);
    // rows as Excel numbers them: the title row 1, the padded blank row 2, the header row 3
    expect(out.map((o) => [o.source.row, o.brand, o.verdict])).toEqual([
      [4, 'A', 'turn-down'],
      [6, 'B', 'turn-down'],
    ]);
    expect(r.stderr).toContain(`${path}:3:1: warning: 2 columns are no profile field`);
  });
});

describe("the brand's awareness in China, written in French or Chinese, is read and quoted in the report's words", () => {
  const csv = ['Marque;Pays;Catégorie;Notoriété en Chine', 'A;France;Beauté;Faible', 'B;France;Beauté;中', ''];
  it('reads Faible and 中, and lists the values in French when one is refused', async () => {
    const read = await run(['assess', file(csv.join('\n')), '-f', 'json', '--findings', 'all', '--fail-on', 'none']);
    const out = (JSON.parse(read.stdout) as { results: Result[] }).results;
    expect(out.map((o) => o.findings.find((f) => f.field === 'market.brandAwarenessChina')?.actual)).toEqual([
      'low',
      'medium',
    ]);
    const refused = await run(['assess', file(`${csv[0]}\nC;France;Beauté;bof\n`), '--lang', 'fr']);
    expect(refused.stderr).toContain(
      '"bof" ne fait pas partie de Aucune (none), Faible (low), Moyenne (medium), Forte',
    );
  });
});

describe('a plan step asks for the data the profile lacks, not for the answer the user gave', () => {
  it('no Tmall Partner signed, the China team unknown: provide the team', async () => {
    const csv = 'Marque;Pays;Catégorie;Agence Tmall Partner\nMaison B;France;Beauté;aucune\n';
    const r = await run(['assess', file(csv), '-f', 'json', '--fail-on', 'none']);
    const steps = (JSON.parse(r.stdout) as { results: Result[] }).results[0]!.plan!.steps;
    const step = steps.find((s) => s.ruleId === 'partners/store-operator');
    expect([step?.action, step?.field]).toEqual(['provide', 'company.chinaTeamFte']);
    const text = await run(['assess', file(csv), '--lang', 'fr', '--fail-on', 'none']);
    expect(text.stdout).toContain('Quelqu’un pour exploiter la boutique → fournir\u00a0: Équipe Chine (ETP) (');
  });
});

describe('yes/no cells as French CRMs and pastes write them', () => {
  const csv = [
    'Marque;Pays;Catégorie;Compte bancaire hors Chine',
    'Maison O;France;Beauté;O',
    'Maison N;France;Beauté;N',
    'Maison Collée;France;Beauté;Oui\u200b',
    'Maison Cachée;France;Beauté;O\u200bui',
    '',
  ].join('\r\n');
  it.each(BOTH_PATHS)('%s: O/N read, a zero-width space at the edge dropped, one inside shown', async (_, env) => {
    const r = await run(['assess', file(csv), '-f', 'ndjson', '--fail-on', 'none'], { env });
    expect(r.code).toBe(2);
    const out = ndjsonResults(r.stdout);
    expect(out.map((o) => [o.brand, o.verdict])).toEqual([
      ['Maison O', 'turn-down'],
      ['Maison N', 'turn-down'],
      ['Maison Collée', 'turn-down'],
      ['Maison Cachée', 'error'],
    ]);
    expect(r.stderr).toContain(':5:');
    expect(r.stderr).toContain('got "O\\u200Bui"');
    expect(r.stderr).not.toContain('\u200b');
  });
});
