// End to end (session 25): a cell that says "none" in a list column (`Réseaux sociaux`, `Moyens de paiement`) or in
// an enum column with a `none` value (a trademark status, the logistics) is that answer, as in the Tmall Partner
// column; a word that is no value, a none-word beside items and a none-word where no `none` value exists are refused.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/types.js';
import { run } from '../helpers/cli.js';
import { BOTH_PATHS, tempFolder } from '../helpers/paths.js';

let xlsxCount = 0;
const { dir, file } = tempFolder('market-ready-none-lists-');

const HEADER = [
  'Marque',
  'Pays',
  'Catégorie',
  'Réseaux sociaux',
  'Moyens de paiement',
  'Fêtes commerciales',
  'Marque déposée (Chine)',
  'Logistique',
  'Étiquetage chinois',
  'Marché gris',
  'Notoriété en Chine',
  'Voie réglementaire',
];
const ROWS = [
  ['Maison A', 'France', 'Beauté', 'aucun', 'néant', '-', 'néant', 'aucune', 'néant', '-', 'néant', 'néant'],
  ['Maison B', 'France', 'Beauté', 'none', 'N/A', '无', '-', '-', '-', 'n/a', '-', '-'],
  ['Maison C', 'France', 'Beauté', 'Aucune', 'aucun', 'aucune', 'n/a', 'N/A', 'aucun', 'aucun', 'aucun', 'n/a'],
];
const LISTS = ['localization.socialChannels', 'partners.payment', 'pricing.promotionCalendar'];
const ENUMS = [
  'ip.chinaTrademark',
  'partners.logistics',
  'localization.labelling',
  'pricing.greyMarketPresence',
  'market.brandAwarenessChina',
  'productRange.regulatoryPath',
];

/** per result: its brand, its errors, and the value each list and enum field was read as */
const readValues = (stdout: string): unknown[] =>
  (JSON.parse(stdout) as { results: Result[] }).results.map((r) => [
    r.brand,
    r.errors.map((e) => e.message),
    Object.fromEntries(
      [...LISTS, ...ENUMS].map((path) => [path, r.findings.find((f) => f.field === path)?.actual ?? 'no finding']),
    ),
  ]);
const READ_AS_NONE = Object.fromEntries([...LISTS.map((p) => [p, []]), ...ENUMS.map((p) => [p, 'none'])]);
const EXPECTED = ROWS.map((row) => [row[0], [], READ_AS_NONE]);
const ARGS = ['-f', 'json', '--findings', 'all', '--fail-on', 'none'];

describe('a none-word in a list column is an empty list, in an enum column with a none value that value', () => {
  it.each(BOTH_PATHS)('csv, %s', async (_, env) => {
    const csv = [HEADER, ...ROWS].map((r) => r.join(';')).join('\n') + '\n';
    const r = await run(['assess', file(csv), ...ARGS], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readValues(r.stdout)).toEqual(EXPECTED);
  });

  it.each(BOTH_PATHS)('xlsx, %s', async (_, env) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Feuil1');
    for (const row of [HEADER, ...ROWS]) ws.addRow(row);
    const path = join(dir, `none-${xlsxCount++}.xlsx`);
    await wb.xlsx.writeFile(path);
    const r = await run(['assess', path, ...ARGS], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readValues(r.stdout)).toEqual(EXPECTED);
  });

  it('the report says none in the language of the report', async () => {
    const csv = 'Marque;Pays;Catégorie;Réseaux sociaux;Moyens de paiement\nMaison A;France;Beauté;néant;-\n';
    const fr = await run(['assess', file(csv), '--lang', 'fr', '--fail-on', 'none']);
    expect(fr.stderr).toBe('');
    // not `(vide)`: the cell said none, and the report says so
    for (const rule of ['localization/social-channels', 'partners/alipay'])
      expect(fr.stdout).toMatch(new RegExp(`le profil indique\u00a0: aucun · attendu\u00a0: [^\n]* · ${rule}\n`));
    expect(fr.stdout).not.toMatch(/\(vide\)/);
  });

  it('a YAML dossier reads a list written as one none-word as a cell does; an explicit [aucun] is still refused', async () => {
    const yaml = [
      'schemaVersion: 1',
      'brand: { name: Maison Y, country: FR, category: beauty }',
      'localization: { socialChannels: aucun, labelling: néant }',
      'partners: { payment: "-", logistics: "n/a" }',
      'ip: { chinaTrademark: 无 }',
      '',
    ].join('\n');
    const r = await run(['assess', file(yaml, 'yaml'), ...ARGS]);
    expect(r.stderr).toBe('');
    const [result] = (JSON.parse(r.stdout) as { results: Result[] }).results;
    const actual = (path: string): unknown => result!.findings.find((f) => f.field === path)?.actual;
    expect(
      ['localization.socialChannels', 'localization.labelling', 'partners.payment', 'partners.logistics'].map(actual),
    ).toEqual([[], 'none', [], 'none']);
    expect(actual('ip.chinaTrademark')).toBe('none');

    const explicit =
      'schemaVersion: 1\nbrand: { name: Maison Z, country: FR, category: beauty }\n' +
      'localization: { socialChannels: [aucun] }\n';
    const refused = await run(['assess', file(explicit, 'yaml'), ...ARGS]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/localization\.socialChannels: "aucun" is not one of wechat, weibo/);
  });
});

describe('what is not a none-word, or has no none value, is still refused naming row, field and values', () => {
  const csv = [
    'Marque;Pays;Catégorie;Réseaux sociaux;Rôle du candidat;Logistique',
    'Maison A;France;aucun;wechat|aucun;néant;bof',
    'Maison B;France;Beauté;bof;-;aucun',
    '',
  ].join('\n');
  it.each(BOTH_PATHS)('%s', async (_, env) => {
    const path = file(csv);
    const r = await run(['assess', path, '--lang', 'fr', '-f', 'json', '--fail-on', 'none'], { env });
    expect(r.code).toBe(2);
    const roles =
      'Propriétaire de la marque (brand-owner), Licencié exclusif (exclusive-licensee), ' +
      'Distributeur agréé (authorized-distributor), Revendeur (reseller)';
    const noNone =
      ' (aucune de ces valeurs ne signifie «\u00a0aucun\u00a0»\u00a0: laissez vide si la valeur est inconnue)';
    const channels = 'wechat, weibo, Xiaohongshu (RED) (xiaohongshu), douyin, bilibili, kuaishou';
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${path}:2:17: error: brand.category (colonne C "Catégorie"): "aucun" ne fait pas partie de Beauté (beauty), ` +
        'Mode (fashion), Luxe (luxury), Accessoires (accessories), Alimentation (food), Boissons (beverages), ' +
        'Vins et spiritueux (wine-spirits), Compléments alimentaires (health-supplements), Puériculture (baby), ' +
        'Maison (home), Sport (sports), Électronique (electronics), Autre (other)' +
        noNone,
    );
    expect(lines.slice(1)).toEqual([
      `${path}:2:23: error: localization.socialChannels (colonne D "Réseaux sociaux"): "aucun" ne fait pas partie de ${channels}` +
        ' ; un mot pour «\u00a0aucun\u00a0» s’écrit seul dans sa cellule, sans éléments',
      `${path}:2:36: error: company.role (colonne E "Rôle du candidat"): "néant" ne fait pas partie de ${roles}${noNone}`,
      expect.stringMatching(
        new RegExp(`^.*:2:42: error: partners\\.logistics \\(colonne F "Logistique"\\): "bof" ne fait pas partie de `),
      ),
      expect.stringMatching(
        /^.*:3:24: error: localization\.socialChannels \(colonne D "Réseaux sociaux"\): "bof" ne fait/,
      ),
      `${path}:3:28: error: company.role (colonne E "Rôle du candidat"): "-" ne fait pas partie de ${roles}${noNone}`,
    ]);
  });
});

describe('a word that says "not known" in the Tmall Partner column is no partner’s name', () => {
  // `?`, `NC` (non communiqué), `à définir`, `en cours` in a CRM's partner column: read as a name, each passed the
  // knock-out "someone to run the store"; refused instead, naming the cell, as the same words are in a number column
  const csv = [
    'Marque;Pays;Catégorie;Agence Tmall Partner',
    'Maison A;France;Beauté;?',
    'Maison B;France;Beauté;NC',
    'Maison C;France;Beauté;à définir',
    'Maison D;France;Beauté;en cours',
    'Maison E;France;Beauté;Agence Lumière',
    '',
  ].join('\n');
  it.each(BOTH_PATHS)('csv, %s', async (_, env) => {
    const path = file(csv);
    const r = await run(['assess', path, '-f', 'json', '--fail-on', 'none'], { env });
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(results.map((x) => [x.brand, x.verdict === 'error'])).toEqual([
      ['Maison A', true],
      ['Maison B', true],
      ['Maison C', true],
      ['Maison D', true],
      ['Maison E', false],
    ]);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${path}:2:24: error: partners.tmallPartner (column D "Agence Tmall Partner"): "?" says the name is not known or ` +
        'not settled, so it is no name: leave it empty if it is unknown, or write none if there is none yet',
      expect.stringMatching(/^.*:3:24: error: partners\.tmallPartner .*"NC" says the name is not known/),
      expect.stringMatching(/^.*:4:24: error: partners\.tmallPartner .*"à définir" says the name is not known/),
      expect.stringMatching(/^.*:5:24: error: partners\.tmallPartner .*"en cours" says the name is not known/),
    ]);
  });

  it('a YAML dossier is read the same way, in French under --lang fr', async () => {
    const path = file(
      'schemaVersion: 1\nbrand: { name: Maison A, country: FR, category: beauty }\npartners: { tmallPartner: "?" }\n',
      'yaml',
    );
    const r = await run(['assess', path, '--lang', 'fr', '-f', 'json', '--fail-on', 'none']);
    const [result] = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(result!.verdict).toBe('error');
    expect(result!.errors.map((e) => e.message)).toEqual([
      '"?" dit que le nom n’est pas connu ou pas encore décidé, ce n’est donc pas un nom\u00a0: laissez vide s’il est ' +
        'inconnu, ou écrivez aucun s’il n’y en a pas encore',
    ]);
  });
});
