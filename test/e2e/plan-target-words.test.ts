// The plan's steps in markdown and html: a step that asks for missing data says "provide: X" on its own, not under
// a "set to" label ("à porter à : fournir : Produits phares"), while a step that changes a value keeps the label.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const THIN = 'fixtures/brands/turn-down-thin-dossier-missing-data.yaml';
const RESELLER = 'fixtures/brands/turn-down-reseller-wine.yaml';

describe("a plan step's target in markdown and html", () => {
  it.each([
    ['en', 'target', 'provide: Hero products', 'set to'],
    ['fr', 'objectif', 'fournir : Produits phares', 'à porter à'],
    ['zh', '目标', '请提供：', '调整为'],
  ])('%s: the markdown column is headed %s and holds the provide step as it is', async (lang, header, provide, old) => {
    const r = await run(['assess', THIN, '--format', 'markdown', '--lang', lang]);
    const table = r.stdout.split('\n').filter((l) => l.startsWith('| # |'));
    expect(table.length).toBeGreaterThan(0);
    const planHeader = table.find((l) => l.includes(` ${header} |`));
    expect(planHeader).toBeDefined();
    expect(r.stdout).not.toContain(`| ${old} |`);
    expect(r.stdout).toContain(provide.replace(' :', '\u00a0:'));
  });

  it.each([
    ['en', 'set to', 'provide: Hero products'],
    ['fr', 'à porter à', 'fournir\u00a0: Produits phares'],
  ])('%s html: a provide step has no "%s" label before it', async (lang, label, provide) => {
    const r = await run(['assess', THIN, '--format', 'html', '--lang', lang]);
    expect(r.stdout).toContain(`<br><strong>${provide}</strong>`);
    expect(r.stdout).not.toMatch(new RegExp(`${label}\\s?:\\s?<strong>${provide.split(/\s?:/)[0]}`));
  });

  it('html: a step that changes a value keeps its "set to" label', async () => {
    const r = await run(['assess', RESELLER, '--format', 'html']);
    expect(r.stdout).toMatch(/<br>set to: <strong>[^<]+<\/strong>/);
  });
});
