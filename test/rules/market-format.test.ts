// Issue 14 and 15: market tables and lookups, routes, {marketplace}, `script: han`, and the static checks that
// refuse a pack whose category weighs nothing, whose condition can never hold, or whose tables are wrong.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadResolvedPack, MAX_PACK_RULES } from '../../src/rules/load.js';
import { compilePack } from '../../src/rules/compile.js';
import { runPackTests } from '../../src/rules/test-runner.js';
import { assessProfile } from '../../src/engine/assess.js';
import { validateProfileData } from '../../src/profile/validate.js';
import { neverTrue } from '../../src/rules/satisfiable.js';
import { PackError } from '../../src/errors.js';
import { ROOT } from '../helpers/cli.js';
import type { CompiledPack, Condition } from '../../src/rules/types.js';

const fixture = (name: string) => join(ROOT, 'test/fixtures/packs', name, 'pack.yaml');

function loadErrors(path: string): string[] {
  try {
    loadResolvedPack(path, { cwd: ROOT });
  } catch (e) {
    if (e instanceof PackError) return e.message.split('\n');
    throw e;
  }
  throw new Error(`${path} loaded without error`);
}

function assess(pack: CompiledPack, data: Record<string, unknown>) {
  const checked = validateProfileData({
    schemaVersion: 1,
    brand: { name: 'T', country: 'FR', category: 'beauty' },
    ...data,
  });
  if (!checked.values) throw new Error(JSON.stringify(checked.problems));
  const result = assessProfile(pack, {
    source: { file: 't', row: null, document: null },
    values: checked.values,
    waivers: [],
    warnings: [],
  });
  // every rule's finding (v2 results list only the costly ones; the engine keeps them all)
  return Object.fromEntries((result.allFindings ?? result.findings).map((f) => [f.ruleId, f]));
}

describe('market tables, routes and {marketplace}', () => {
  const pack = compilePack(loadResolvedPack(fixture('market-data'), { cwd: ROOT }));

  it('runs its rule tests as data', () => {
    expect(runPackTests(pack).filter((o) => !o.passed)).toEqual([]);
  });

  it('fills {marketplace} into every text when the pack loads', () => {
    const rule = pack.rules.find((r) => r.id === 'market/crowded-awareness')!;
    expect(rule.message.en).toBe('Crowded on Shop One; awareness {actual}.');
    expect(rule.remedy.en).toBe('Build awareness before Shop One.');
  });

  it('expands lookups into conditions on the key fields: the engine sees no table', () => {
    expect(JSON.stringify(pack.resolved.rules.map((r) => [r.when, r.check]))).not.toContain('"table"');
    expect(pack.resolved.rules.find((r) => r.id === 'market/entry-budget')!.written!.check).toEqual({
      field: 'pricing.year1BudgetEur',
      gte: { table: 'segments', column: 'entryEur' },
    });
    // an unknown segment reads as the category's `*` row, never as unknown
    const f = assess(pack, { market: { brandAwarenessChina: 'none' }, pricing: { year1BudgetEur: 250000 } });
    expect(f['market/crowded-awareness']!.status).toBe('not-applicable');
    expect(f['market/entry-budget']!.status).toBe('fail');
    // an unknown budget is missing, not failed
    expect(assess(pack, { market: { segment: 'skincare' } })['market/entry-budget']!.status).toBe('missing');
    // the finding shows the budget, not the table's key
    expect(pack.rules.find((r) => r.id === 'market/entry-budget')!.field).toBe('pricing.year1BudgetEur');
  });

  it.each([
    ['beauty', 'skincare', 999999, 'fail'],
    ['beauty', 'skincare', 1000000, 'pass'],
    ['beauty', 'fragrance', 300000, 'pass'],
    ['food', 'cheese', 100000, 'pass'],
    ['food', 'cheese', 99999, 'fail'],
  ])('%s / %s with EUR %s: entry budget %s', (category, segment, budget, status) => {
    const f = assess(pack, {
      brand: { name: 'T', country: 'FR', category },
      market: { segment },
      pricing: { year1BudgetEur: budget },
    });
    expect(f['market/entry-budget']!.status).toBe(status);
  });

  it('applies a route-bound rule only on its route, and asks for the route when it is unknown', () => {
    expect(
      assess(pack, { company: { entityOutsideMainlandChina: false, overseasBankAccount: false } })['company/overseas']!
        .status,
    ).toBe('not-applicable');
    expect(
      assess(pack, { company: { entityOutsideMainlandChina: true, overseasBankAccount: false } })['company/overseas']!
        .status,
    ).toBe('fail');
    expect(assess(pack, {})['company/overseas']!.status).toBe('missing');
  });

  it.each([
    ['光之屋', 'pass'],
    ['Maison 光', 'pass'],
    ['????', 'fail'],
    ['光?屋', 'fail'],
    ['\uFFFD\uFFFD', 'fail'],
    ['Maison Lumière', 'fail'],
  ])('script: han on %j: %s', (name, status) => {
    expect(assess(pack, { ip: { chineseBrandName: name } })['company/chinese-name']!.status).toBe(status);
  });

  it("a child pack names its own marketplace in inherited texts, and its table replaces the parent's", () => {
    const child = compilePack(loadResolvedPack(fixture('market-data-child'), { cwd: ROOT }));
    expect(child.rules.find((r) => r.id === 'company/overseas')!.message.en).toBe(
      'Account abroad: {actual}; Shop Two settles abroad.',
    );
    const beauty = assess(child, {
      market: { segment: 'skincare', brandAwarenessChina: 'none' },
      pricing: { year1BudgetEur: 60000 },
    });
    expect(beauty['market/crowded-awareness']!.status).toBe('not-applicable');
    expect(beauty['market/entry-budget']!.status).toBe('pass');
    const food = assess(child, {
      brand: { name: 'T', country: 'FR', category: 'food' },
      market: { brandAwarenessChina: 'none' },
    });
    expect(food['market/crowded-awareness']!.status).toBe('fail');
  });
});

describe('refused at load, every problem at once with file:line:column', () => {
  it('a table with unknown keys, values and columns, lookups of unknown tables, columns, values and routes', () => {
    expect(loadErrors(fixture('broken-market'))).toEqual([
      'test/fixtures/packs/broken-market/pack.yaml:9:28 categories[1].weight: category company has weight 0: its rules would count for nothing (and its knock-outs would still turn brands down); give it a weight, or disable its rules under overrides',
      'test/fixtures/packs/broken-market/market.yaml:4:28 tables[0].keys[1]: field market.segmnt does not exist (did you mean market.segment?)',
      'test/fixtures/packs/broken-market/market.yaml:4:43 tables[0].keys[2]: a table key must be an enum or boolean field, but brand.annualRevenueEur is a number',
      'test/fixtures/packs/broken-market/market.yaml:9:16 tables[0].rows[0].key: the key has 2 values; the table has 3 keys (brand.category, market.segmnt, brand.annualRevenueEur); write * for any value',
      'test/fixtures/packs/broken-market/market.yaml:9:46 tables[0].rows[0].crowding: "croweded" is not a value of column crowding (one of open, crowded); did you mean crowded?',
      'test/fixtures/packs/broken-market/market.yaml:10:17 tables[0].rows[1].key[0]: "beuty" is not a value of brand.category (one of beauty, fashion, luxury, accessories, food, beverages, wine-spirits, health-supplements, baby, home, sports, electronics, other, or *); did you mean beauty?',
      'test/fixtures/packs/broken-market/market.yaml:10:61 tables[0].rows[1].entryEur: column entryEur holds numbers; "lots" is not one',
      "test/fixtures/packs/broken-market/market.yaml:11:33 tables[0].rows[2].crowdng: unknown column crowdng (the table's columns: crowding, entryEur); did you mean crowding?",
      'test/fixtures/packs/broken-market/market.yaml:21:77 rules[0].check.gte.column: table segments has no column entryEuro (one of crowding, entryEur); did you mean entryEur?',
      'test/fixtures/packs/broken-market/market.yaml:20:20 rules[0].when.table: table segmnts does not exist; did you mean segments?',
      "test/fixtures/packs/broken-market/market.yaml:19:14 rules[0].routes[0]: route abrod is not declared in the manifest (the pack's routes: abroad); did you mean abroad?",
      'test/fixtures/packs/broken-market/market.yaml:23:20 rules[0].message.en: {marketplace} needs the manifest to name the marketplace (marketplace: { en: ... })',
      'test/fixtures/packs/broken-market/market.yaml:31:62 rules[1].when.in[1]: "packed" is not a value of column crowding of table segments (one of open, crowded)',
    ]);
  });

  it('a `when` that can never be true, and a knock-out nobody can meet (issue 15)', () => {
    expect(loadErrors(fixture('broken-never-true'))).toEqual([
      'test/fixtures/packs/broken-never-true/rules.yaml:9:7 rules[0].when: this condition can never be true, so the rule would never apply',
      'test/fixtures/packs/broken-never-true/rules.yaml:22:11 rules[1].when: this condition can never be true, so the rule would never apply',
      'test/fixtures/packs/broken-never-true/rules.yaml:35:7 rules[2].check: no profile can meet this check, so this knock-out would turn every brand down',
    ]);
  });

  it(`a pack of more than ${MAX_PACK_RULES} rules (a plan re-assesses once per candidate change)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-big-pack-'));
    writeFileSync(
      join(dir, 'pack.yaml'),
      `id: big\nversion: 1.0.0\nname: { en: Big }\nthreshold: 50\ncategories: [{ id: company, weight: 1, title: { en: C } }]\ninclude: [${Array.from({ length: 3 }, (_, i) => `r${i}.yaml`).join(', ')}]\n`,
    );
    for (let f = 0; f < 3; f++) {
      const rules = Array.from(
        { length: 1000 },
        (_, i) =>
          `  - { id: company/r${f}-${i}, category: company, title: { en: R }, weight: 1, effort: low, source: judgment, check: { field: company.chinaTeamFte, gte: ${i} }, expected: { en: x }, message: { en: x }, remedy: { en: x } }`,
      );
      writeFileSync(join(dir, `r${f}.yaml`), `rules:\n${rules.join('\n')}\n`);
    }
    expect(loadErrors(join(dir, 'pack.yaml'))).toEqual([
      `${join(dir, 'pack.yaml')}:1:1: the pack has 3000 rules (with the packs it extends); a pack holds at most ${MAX_PACK_RULES}`,
    ]);
  });
});

describe('neverTrue: exact for enums, booleans and numbers, generous elsewhere', () => {
  it.each<[Condition, boolean]>([
    [
      {
        all: [
          { field: 'brand.category', equals: 'beauty' },
          { field: 'brand.category', equals: 'food' },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: 'brand.category', in: ['beauty', 'food'] },
          { field: 'brand.category', 'not-in': ['beauty'] },
        ],
      },
      false,
    ],
    [
      {
        all: [
          { field: 'pricing.chinaPriceGapPct', gt: 35 },
          { field: 'pricing.chinaPriceGapPct', lte: 35 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: 'brand.foundedYear', gt: 1990 },
          { field: 'brand.foundedYear', lt: 1991 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: 'brand.foundedYear', gte: 1990 },
          { field: 'brand.foundedYear', lt: 1991 },
        ],
      },
      false,
    ],
    [{ field: 'productRange.positiveListSharePct', gt: 100 }, true],
    [
      {
        all: [
          { field: 'company.overseasBankAccount', equals: true },
          { not: { field: 'company.overseasBankAccount', equals: true } },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: 'market.segment', present: false },
          { field: 'market.segment', equals: 'skincare' },
        ],
      },
      true,
    ],
    [
      {
        any: [
          { field: 'brand.category', equals: 'beauty' },
          { field: 'brand.category', equals: 'food' },
        ],
      },
      false,
    ],
    // text and lists are not modelled: never refused on them
    [
      {
        all: [
          { field: 'ip.chineseBrandName', 'min-length': 3 },
          { not: { field: 'ip.chineseBrandName', 'min-length': 3 } },
        ],
      },
      false,
    ],
  ])('%j: %s', (cond, expected) => {
    expect(neverTrue(cond)).toBe(expected);
  });
});
