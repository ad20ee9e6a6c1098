// End to end: a knock-out that is only unknown (the profile lacks its field) asks for the data before anything
// else; the rule's remedy, written for a failure ("file an opposition" for a squatted mark), follows as what to do
// should the fact turn out to fail it. A brand whose mark nobody squats must not be told to fight a squatter.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../helpers/cli.js';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');

const dir = mkdtempSync(join(tmpdir(), 'market-ready-missing-remedy-'));
const unknownSquatting = join(dir, 'unknown-squatting.yaml');
writeFileSync(
  unknownSquatting,
  readFileSync(join(ROOT, 'fixtures/brands/turn-down-squatted-trademark-fashion.yaml'), 'utf8')
    .split('\n')
    .filter((line) => !line.includes('chinaTrademarkSquatted'))
    .join('\n'),
);

const assess = async (args: string[]): Promise<string> => {
  const r = await run(['assess', unknownSquatting, '--no-color', '--fail-on', 'none', ...args]);
  expect(r.stderr).toBe('');
  return r.stdout;
};

describe('what to do for an unknown knock-out', () => {
  it.each([
    ['en', 'what to do: ', 'Find out Trademark squatted in China and add it to the profile. If it is not met: China'],
    [
      'fr',
      'que faire : ',
      'Renseignez d’abord Marque squattée en Chine dans le profil. Si le critère n’est pas rempli : La Chine',
    ],
    ['zh', '改进建议：', '请先查明商标被抢注并填入档案。若不满足：中国实行'],
  ])('text (%s): asks for the data first, then gives the remedy for a failure', async (lang, label, advice) => {
    const out = await assess(['--lang', lang]);
    const adviceLines = out.split('\n').filter((l) => l.includes(label));
    // the unknown knock-out is the first reason explained; its advice starts by asking for the fact
    expect(adviceLines[0]!.trim()).toMatch(new RegExp(`^${label}${advice}`));
  });

  it('text: the plan step that provides the fact says the same under its title', async () => {
    const out = await assess([]);
    const plan = out.slice(out.indexOf('Plan to approval'));
    expect(plan).toMatch(/1\. \[knock-out\] Mark not squatted in China → provide: Trademark squatted in China/);
    expect(plan).toMatch(/\n {7}Find out Trademark squatted in China and add it to the profile\. If it is not met: /);
    expect(plan).not.toMatch(/\n {7}China is first-to-file/);
  });

  it.each(['markdown', 'html'])('%s: the findings table and the plan ask for the data first', async (format) => {
    const out = await assess(['-f', format]);
    const asks = out.split('Find out Trademark squatted in China and add it to the profile. If it is not met: ');
    // once in the findings, once in the plan
    expect(asks.length - 1).toBe(2);
    for (const after of asks.slice(1)) expect(after.startsWith('China is first-to-file')).toBe(true);
  });

  it('a failed knock-out keeps its remedy alone', async () => {
    const r = await run([
      'assess',
      'fixtures/brands/turn-down-squatted-trademark-fashion.yaml',
      '--no-color',
      '--fail-on',
      'none',
    ]);
    expect(r.stdout).toContain('what to do: China is first-to-file');
    expect(r.stdout).not.toContain('Find out');
  });

  it('csv: the first step asks for the fact before the remedy', async () => {
    const out = await assess(['-f', 'csv', '--plan']);
    const [row] = parse(out.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    expect(row!['first step']).toMatch(
      /^Mark not squatted in China: Find out Trademark squatted in China and add it to the profile\. If it is not met: China is first-to-file/,
    );
  });

  it('xlsx: the Findings row of the unknown knock-out asks for the fact; a failed row keeps its remedy', async () => {
    const file = join(dir, 'report.xlsx');
    await assess(['-f', 'xlsx', '-o', file]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const remedies = new Map<string, string>();
    wb.getWorksheet('Findings')!.eachRow((row, n) => {
      if (n > 1) remedies.set(String(row.getCell(2).value), String(row.getCell(8).value));
    });
    expect(remedies.get('ip/china-trademark-not-squatted')).toMatch(
      /^Find out Trademark squatted in China and add it to the profile\. If it is not met: China is first-to-file/,
    );
    expect(remedies.get('ip/china-trademark')).toMatch(/^File the Latin mark/);
  });
});
