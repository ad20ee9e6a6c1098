// What an input cannot be (an unknown extension, an empty folder), said in the run's --lang like every other
// message: staff run the tool in French.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, isErrorLine } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mr-input-lang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => isErrorLine(l));

describe('messages about inputs in --lang', () => {
  const odd = join(dir, 'prospects.numbers');
  writeFileSync(odd, 'brand.name\nZoé\n');
  const empty = join(dir, 'empty');
  mkdirSync(empty);

  it.each([
    ['en', /unknown file type "\.numbers": use \.yaml/, /the directory holds no \.yaml/],
    ['fr', /type de fichier inconnu "\.numbers"\s: utilisez \.yaml/, /le dossier ne contient aucun/],
    ['zh', /未知的文件类型 "\.numbers"/, /该文件夹中没有/],
  ])('%s: an unknown file type and an empty folder', async (lang, unknown, folder) => {
    const a = await run(['assess', odd, empty, '--lang', lang, '--format', 'json']);
    expect(a.code).toBe(2);
    const lines = errorLines(a.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(unknown);
    expect(lines[1]).toMatch(folder);
    // each input is one item of the report, as an error
    const report = JSON.parse(a.stdout) as { results: { verdict: string }[] };
    expect(report.results.map((r) => r.verdict)).toEqual(['error', 'error']);
  });
});

describe('a misspelt country in --lang fr', () => {
  it('reads as French, in a CSV row and in a YAML profile alike (not "ne fait pas partie de les codes")', async () => {
    const csv = join(dir, 'pays.csv');
    writeFileSync(csv, 'Marque;Pays;Catégorie\nAtelier X;Frence;Mode\n');
    const yaml = join(dir, 'pays.yaml');
    writeFileSync(yaml, 'schemaVersion: 1\nbrand:\n  name: Atelier X\n  country: Frence\n  category: fashion\n');
    for (const command of ['assess', 'validate']) {
      const r = await run([command, csv, yaml, '--lang', 'fr']);
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toEqual([
        `${csv}:2:11: error: brand.country (colonne B "Pays"): "Frence" n’est pas un code pays ISO 3166-1 alpha-2 ` +
          '(FR, IT, DE...) (vouliez-vous dire FR (France)\u202f?)',
        `${yaml}:4:12: error: brand.country: "Frence" n’est pas un code pays ISO 3166-1 alpha-2 (FR, IT, DE...) ` +
          '(vouliez-vous dire FR (France)\u202f?)',
      ]);
    }
  });
});

describe('a YAML or JSON file that is no profile, in --lang fr', () => {
  it('says so in French: empty, a list, not a profile, a key twice, not strict JSON', async () => {
    const files: [string, string][] = [
      ['vide.yaml', '# rien\n'],
      ['liste.json', '[{"schemaVersion": 1}]'],
      ['autre.yaml', 'nom: Maison A\n'],
      ['deux-fois.yaml', 'schemaVersion: 1\nschemaVersion: 1\n'],
      ['virgule.json', '{"schemaVersion": 1,}'],
    ];
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    const r = await run(['validate', ...files.map(([name]) => join(dir, name)), '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `${join(dir, 'vide.yaml')}:1:1: error: le fichier ne contient aucun profil (il est vide)`,
      `${join(dir, 'liste.json')}:1:1: error: un profil est un ensemble de champs (schemaVersion, brand, company...), ` +
        'pas une liste',
      `${join(dir, 'autre.yaml')}:1:1: error: ce n’est pas un profil de marque\u00a0: il n’a ni schemaVersion ni brand ` +
        '(ses clés\u00a0: "nom")',
      `${join(dir, 'deux-fois.yaml')}:2:1: error: syntaxe YAML\u00a0: la clé "schemaVersion" apparaît deux fois dans le ` +
        'même ensemble',
      expect.stringMatching(
        /^.*virgule\.json:1:21: error: syntaxe JSON\u00a0: .*\u202f; un fichier \.json doit être du JSON strict .*nommez-le \.yaml$/,
      ),
    ]);
  });
});

describe('a csv report in Windows-1252 that cannot hold every character says so in --lang', () => {
  it("zh: the reasons in Chinese, written into a Windows-1252 file (the input's own encoding)", async () => {
    const input = join(dir, 'w1252.csv');
    writeFileSync(
      input,
      Buffer.from(
        'brand.name;brand.country;brand.category;company.role\r\nCaf\xe9 Sol;FR;food;brand-owner\r\n',
        'latin1',
      ),
    );
    const out = join(dir, 'verdicts.csv');
    const r = await run(['assess', input, '--format', 'csv', '-o', out, '--lang', 'zh', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(
      `warning: ${out}：部分字符在 Windows-1252 中不存在，已写为“?”（--csv-dialect excel-fr 可保留所有字符）`,
    );
    // the brand's own accent kept, as Windows-1252's one byte
    expect(readFileSync(out).includes(Buffer.from('Caf\xe9 Sol', 'latin1'))).toBe(true);
  });
});
