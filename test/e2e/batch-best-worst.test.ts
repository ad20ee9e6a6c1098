// End to end: a batch's text summary names its highest and lowest scores only where the two lists say
// something. With three brands both held all three (in opposite orders); a batch of up to five now gets one line
// of its scores, and a larger one two lists that never name a brand twice.
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../helpers/cli.js';

const summaryOf = async (inputs: string[], lang = 'en'): Promise<string> => {
  const r = await run(['assess', ...inputs, '--no-color', '--fail-on', 'none', '--lang', lang]);
  expect(r.stderr).toBe('');
  return r.stdout.slice(r.stdout.lastIndexOf('\n\n'));
};
const listed = (line: string | undefined): string[] =>
  (line ?? '')
    .replace(/^[^:]*: /, '')
    .split('; ')
    .map((entry) => entry.replace(/ [\d.]+$/, ''));

/** A folder of the first `count` fixture brands. */
function batchOf(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `market-ready-best-worst-${count}-`));
  const brands = join(ROOT, 'fixtures/brands');
  for (const name of readdirSync(brands)
    .filter((n) => n.endsWith('.yaml'))
    .slice(0, count))
    copyFileSync(join(brands, name), join(dir, name));
  return dir;
}

describe('the highest and lowest scores of a batch', () => {
  it.each([
    ['en', 'Scores, highest first: Belle Rive Paris 93.4; Ombre & Musc 83.7; Savonnerie Doucet 59.2'],
    ['fr', 'Scores, du plus haut au plus bas\u00a0: Belle Rive Paris 93,4\u202f; Ombre & Musc 83,7\u202f; Savonnerie'],
    ['zh', '各品牌得分（从高到低）：Belle Rive Paris 93.4；Ombre & Musc 83.7；Savonnerie Doucet 59.2'],
  ])('three brands (%s): one line of their scores, not the same three twice', async (lang, line) => {
    const out = await summaryOf(['fixtures/brands/multi/portfolio.yaml'], lang);
    expect(out).toContain(line);
    expect(out).not.toMatch(/Highest scores|Lowest scores|Meilleurs scores|Scores les plus faibles|得分最高|得分最低/);
  });

  it('seven brands: the five highest, then the two lowest, no brand in both', async () => {
    const out = await summaryOf([batchOf(7)]);
    const lines = out.split('\n');
    const top = listed(lines.find((l) => l.trim().startsWith('Highest scores: ')));
    const bottom = listed(lines.find((l) => l.trim().startsWith('Lowest scores: ')));
    expect(top).toHaveLength(5);
    expect(bottom).toHaveLength(2);
    expect(new Set([...top, ...bottom]).size).toBe(7);
  });

  it('twelve brands: five and five, as before', async () => {
    const out = await summaryOf([batchOf(12)]);
    const lines = out.split('\n');
    expect(listed(lines.find((l) => l.trim().startsWith('Highest scores: ')))).toHaveLength(5);
    expect(listed(lines.find((l) => l.trim().startsWith('Lowest scores: ')))).toHaveLength(5);
  });
});
