// The lookups the compiler makes of expanded market tables (a key table per condition made of key matches, a
// direct comparison for a number read from a table) give what the plain walk through the expanded conditions
// gives, on every rule of every built-in pack, for random profiles whose numbers sit on and around the packs'
// own thresholds, with any key unknown; the combinations worked out lazily stay right when met again.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileCondition, compilePack, compilePlain } from '../../src/rules/compile.js';
import { resolvePack } from '../../src/rules/packs.js';
import { BUILTIN_PACKS } from '../../src/rules/locate.js';
import { checkRule } from '../../src/rules/static-check.js';
import { FIELDS } from '../../src/profile/fields.js';
import type { Condition, ResolvedPack } from '../../src/rules/types.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
let packs: ResolvedPack[];
beforeAll(async () => {
  packs = await Promise.all(BUILTIN_PACKS.map((id) => resolvePack(id)));
});

/** Every number a condition compares with: the values that decide, and their neighbours. */
function numbersIn(node: unknown, out: Set<number>): Set<number> {
  if (typeof node === 'number') for (const x of [node - 1, node - 0.5, node, node + 0.5, node + 1]) out.add(x);
  else if (Array.isArray(node)) for (const x of node) numbersIn(x, out);
  else if (node !== null && typeof node === 'object') for (const x of Object.values(node)) numbersIn(x, out);
  return out;
}

function conditionsOf(pack: ResolvedPack): [string, Condition][] {
  const out: [string, Condition][] = [];
  for (const rule of pack.rules) {
    if (rule.when) out.push([`${rule.id} when`, rule.when]);
    if (!('map' in rule.check || 'ramp' in rule.check)) out.push([`${rule.id} check`, rule.check as Condition]);
  }
  return out;
}

function rowArbitrary(numbers: number[]): fc.Arbitrary<unknown[]> {
  return fc.tuple(
    ...FIELDS.map((def) => {
      const known: fc.Arbitrary<unknown> =
        def.type === 'enum'
          ? fc.constantFrom(...def.values!)
          : def.type === 'boolean'
            ? fc.boolean()
            : def.type === 'list'
              ? fc.uniqueArray(fc.constantFrom(...def.values!), { maxLength: def.values!.length })
              : def.type === 'integer' || def.type === 'number'
                ? fc.oneof(fc.constantFrom(...numbers), fc.integer({ min: -10, max: 10_000_000 }))
                : fc.string({ maxLength: 6 });
      return fc.option(known, { nil: undefined, freq: 4 });
    }),
  );
}

describe('compiled market-table lookups', () => {
  it('give what the plain walk through the expanded conditions gives, on every rule of every built-in pack', () => {
    expect(packs.length).toBe(BUILTIN_PACKS.length);
    for (const pack of packs) {
      const numbers = [...numbersIn(pack.rules, new Set())];
      const conditions = conditionsOf(pack).map(([name, cond]) => ({
        name,
        fast: compileCondition(cond),
        plain: compilePlain(cond),
      }));
      // the same compiled closures across runs: lazily worked-out combinations are met again
      fc.assert(
        fc.property(rowArbitrary(numbers), (values) => {
          for (const c of conditions) expect([c.name, c.fast(values)]).toEqual([c.name, c.plain(values)]);
        }),
        { numRuns: RUNS * 3 },
      );
    }
  });

  it('a market-data pack has rules of both shapes, so the test above exercises them', () => {
    const shapes = { keyTable: 0, tableComparison: 0 };
    const keysOnly = (c: Condition): boolean =>
      'all' in c
        ? c.all.every(keysOnly)
        : 'any' in c
          ? c.any.every(keysOnly)
          : 'not' in c
            ? keysOnly(c.not)
            : 'key-in' in c;
    for (const [, cond] of conditionsOf(packs[0]!)) {
      if (!('key-in' in cond) && keysOnly(cond)) shapes.keyTable++;
      if ('any' in cond && cond.any.every((p) => 'all' in p && p.all.length === 2 && keysOnly(p.all[1]!)))
        shapes.tableComparison++;
    }
    expect(shapes.keyTable).toBeGreaterThan(3);
    expect(shapes.tableComparison).toBeGreaterThan(0);
  });

  it('a pack whose rule still holds a lookup (not loaded through the loader) is refused when compiled', () => {
    const pack = packs[0]!;
    const rule = pack.rules.find((r) => 'map' in r.check)!;
    // graded checks are objects too, and compile
    expect(compilePack({ ...pack, rules: [rule] }).rules).toHaveLength(1);
    const lookup = { ...rule, check: { table: 'market', column: 'deposit', gte: 1 } } as unknown as typeof rule;
    expect(() => compilePack({ ...pack, rules: [lookup] })).toThrow(/unexpanded table lookup/);
    const reference = {
      ...rule,
      check: { field: 'pricing.year1BudgetEur', gte: { table: 'market', column: 'deposit' } },
    } as unknown as typeof rule;
    expect(() => compilePack({ ...pack, rules: [reference] })).toThrow(/unexpanded table lookup/);
  });
});

describe("a rule comparing its field to a table's number: the number of the profile's row ({required})", () => {
  it("is the first matching row's number for every category and segment, known or not", () => {
    const resolved = packs.find((p) => p.id === 'tmall-global')!;
    const rule = compilePack(resolved).rules.find((r) => r.id === 'market/investment-for-segment')!;
    const table = resolved.tables!.find((t) => t.id === 'china-market')!;
    const category = FIELDS.findIndex((f) => f.path === 'brand.category');
    const segment = FIELDS.findIndex((f) => f.path === 'market.segment');
    const matches = (cell: unknown, value: unknown): boolean => cell === '*' || (value !== undefined && cell === value);
    let checked = 0;
    for (const c of FIELDS[category]!.values!) {
      for (const s of [...FIELDS[segment]!.values!, undefined]) {
        const values: unknown[] = new Array(FIELDS.length).fill(undefined);
        values[category] = c;
        values[segment] = s;
        const row = table.rows.find((r) => matches(r.key[0], c) && matches(r.key[1], s));
        expect(rule.required!(values)).toBe(row?.entryInvestmentEur);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    // a rule that reads no table's number has none
    expect(compilePack(resolved).rules.find((r) => r.id === 'pricing/year1-budget')!.required).toBeUndefined();
  });

  it("may be said by that rule's message only: {required} elsewhere is an unknown placeholder", () => {
    const base = {
      id: 'company/x',
      category: 'company',
      weight: 1,
      effort: 'low' as const,
      source: 'judgment',
      title: { en: 't' },
      expected: { en: 'e' },
      remedy: { en: 'r' },
      message: { en: '{actual} below {required}' },
    };
    const plain = checkRule({ ...base, check: { field: 'pricing.year1BudgetEur', gte: 1 } }, new Set(['company']));
    expect(plain.map((p) => p.message)).toEqual([
      "unknown placeholder {required}: a message can use {actual}, {expected} and {marketplace} ({required} where the check compares to a table's number)",
    ]);
    const table = checkRule(
      { ...base, check: { field: 'pricing.year1BudgetEur', gte: { table: 'segments', column: 'entryEur' } } as never },
      new Set(['company']),
      {
        tables: new Map([
          [
            'segments',
            {
              id: 'segments',
              keys: ['brand.category'],
              columns: { entryEur: { type: 'number' } },
              rows: [{ key: ['*'], entryEur: 1 }],
            } as never,
          ],
        ]),
        routes: new Set(),
        marketplace: false,
      },
    );
    expect(table.filter((p) => p.message.includes('placeholder'))).toEqual([]);
  });
});
