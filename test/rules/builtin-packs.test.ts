// The built-in packs' own test cases (rule tests as data) and the README's worked example, run in npm test.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compilePack } from '../../src/rules/compile.js';
import { BUILTIN_PACKS, loadResolvedPack } from '../../src/rules/load.js';
import { runPackTests, untestedRules } from '../../src/rules/test-runner.js';
import { ROOT } from '../helpers/cli.js';

const packs = [
  ...BUILTIN_PACKS.map((id) => [id, join(ROOT, 'rules', id, 'pack.yaml')]),
  ['README example', join(ROOT, 'examples/acme-pack/pack.yaml')],
];

describe.each(packs)('pack %s', (_id, manifest) => {
  const pack = compilePack(loadResolvedPack(manifest!, { cwd: ROOT }));
  const outcomes = runPackTests(pack);

  it('has test cases, all passing', () => {
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.passed).map((o) => `${o.name}: ${o.failures.join('; ')}`)).toEqual([]);
  });

  it('tests every rule it defines or overrides', () => {
    expect(untestedRules(pack)).toEqual([]);
  });

  it('cites a source for every rule', () => {
    for (const rule of pack.rules) expect(rule.source).toMatch(/^(judgment|https?:\/\/\S+)$/);
  });
});

// issue 14: a child pack's texts name its own marketplace, never the one of the pack it extends
describe.each([
  ['tmall', /Tmall Global (requires|exige|expects|only accepts)|天猫国际要求/],
  ['luxury-pavilion', /Tmall Global (requires|exige|expects|only accepts)|天猫国际要求/],
  ['tmall-global', /Tmall (requires|exige|expects)|天猫要求/],
])('pack %s', (id, foreign) => {
  const pack = loadResolvedPack(join(ROOT, 'rules', id, 'pack.yaml'), { cwd: ROOT });
  it("never words another marketplace's rule as its own, nor our judgment as Tmall's", () => {
    const texts = pack.rules.flatMap((r) =>
      ['message', 'expected', 'remedy', 'title'].flatMap((k) =>
        Object.values(r[k as 'message']).map((t) => `${r.id}: ${t}`),
      ),
    );
    expect(texts.filter((t) => foreign.test(t))).toEqual([]);
    expect(texts.filter((t) => t.includes('{marketplace}'))).toEqual([]);
  });

  it("words a cut-off of our judgment as ours, never as Alibaba's or the marketplace's demand", () => {
    const asTheirs =
      /\b(Alibaba|Tmall( Global)?) (favours|looks for|requires|expects|asks for)|Alibaba (privilégie|attend|exige)|阿里巴巴(更青睐|希望看到|要求)/;
    const judged = pack.rules
      .filter((r) => r.source === 'judgment')
      .flatMap((r) =>
        ['message', 'expected'].flatMap((k) => Object.values(r[k as 'message']).map((t) => `${r.id}: ${t}`)),
      );
    expect(judged.filter((t) => asTheirs.test(t))).toEqual([]);
  });

  it('dates every rule and every market-table row', () => {
    for (const rule of pack.rules)
      expect([rule.id, rule.asOf]).toEqual([rule.id, expect.stringMatching(/^20\d\d(-\d\d)?$/)]);
    for (const table of pack.tables ?? []) for (const row of table.rows) expect(row.asOf).toMatch(/^20\d\d(-\d\d)?$/);
  });
});

describe('tmall-global', () => {
  const pack = compilePack(loadResolvedPack(join(ROOT, 'rules/tmall-global/pack.yaml'), { cwd: ROOT }));
  it('is shaped as the domain asks: 30+ rules over six categories and market fit, knock-outs and a threshold around 70', () => {
    expect(pack.rules.length).toBeGreaterThanOrEqual(30);
    expect(pack.categories.map((c) => [c.id, c.weight])).toEqual([
      ['productRange', 25],
      ['company', 20],
      ['localization', 15],
      ['pricing', 15],
      ['partners', 15],
      ['ip', 10],
      ['market', 15],
    ]);
    expect(pack.rules.filter((r) => r.blocker).length).toBeGreaterThanOrEqual(8);
    expect(pack.threshold).toBe(70);
  });
});
