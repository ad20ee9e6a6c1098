// Turns what a pack writes for convenience into the plain conditions the engine runs, once, when the pack
// loads: a market-table lookup becomes a match on the table's key fields (which rows say what), a rule's
// routes join its `when`, and `{marketplace}` is filled into its texts. The engine, the planner and every
// formatter then see only comparisons on profile fields: nothing about tables reaches the hot loop.
import { CATEGORIES, fieldDef } from '../profile/fields.js';
import type { Localized } from '../types.js';
import type {
  Check,
  Condition,
  Lookup,
  ResolvedPack,
  RouteSpec,
  RuleSpec,
  Scalar,
  TableCell,
  TableRef,
  TableSpec,
} from './types.js';

/** a table may not select among more key combinations than this (its keys' values multiplied) */
export const MAX_TABLE_COMBINATIONS = 10_000;

const ABSENT = Symbol('absent');
type KeyValue = Scalar | typeof ABSENT;

/** The values a key field can take, with "unknown" last. */
export function keyDomain(field: string): KeyValue[] {
  const def = fieldDef(field);
  if (!def) return [ABSENT];
  if (def.type === 'boolean') return [true, false, ABSENT];
  return [...(def.values ?? []), ABSENT];
}

const cellMatches = (cell: TableCell | undefined, value: KeyValue): boolean =>
  cell === '*' || (value !== ABSENT && cell !== undefined && String(cell) === String(value));

/** The row a combination of key values selects: the first that matches, or -1. */
function rowFor(table: TableSpec, values: readonly KeyValue[]): number {
  return table.rows.findIndex((row) => values.every((v, i) => cellMatches(row.key[i], v)));
}

// constants: brand.category is required, so a match on all its values (or none) is always true (or false)
const TRUE: Condition = { field: 'brand.category', 'key-in': [...CATEGORIES], 'or-absent': true };
const FALSE: Condition = { field: 'brand.category', 'key-in': [] };

function keyCondition(field: string, values: KeyValue[]): Condition {
  const known = values.filter((v): v is Scalar => v !== ABSENT);
  const node: Record<string, unknown> = { field, 'key-in': known };
  if (values.includes(ABSENT)) node['or-absent'] = true;
  return node as unknown as Condition;
}

/** The key combinations whose row satisfies `wanted`, as a condition on the key fields (true / false if constant). */
function selectRows(table: TableSpec, wanted: (row: number) => boolean): Condition | boolean {
  const domains = table.keys.map(keyDomain);
  const build = (k: number, prefix: KeyValue[]): Condition | boolean => {
    if (k === table.keys.length) return wanted(rowFor(table, prefix));
    const groups = new Map<string, { sub: Condition | boolean; values: KeyValue[] }>();
    for (const v of domains[k]!) {
      const sub = build(k + 1, [...prefix, v]);
      const sig = JSON.stringify(sub);
      const g = groups.get(sig);
      if (g) g.values.push(v);
      else groups.set(sig, { sub, values: [v] });
    }
    if (groups.size === 1) return [...groups.values()][0]!.sub;
    const parts: Condition[] = [];
    for (const { sub, values } of groups.values()) {
      if (sub === false) continue;
      const cond = keyCondition(table.keys[k]!, values);
      parts.push(sub === true ? cond : { all: [cond, sub] });
    }
    return parts.length === 1 ? parts[0]! : { any: parts };
  };
  return build(0, []);
}

const asCondition = (c: Condition | boolean): Condition => (c === true ? TRUE : c === false ? FALSE : c);

function cellTest(cond: Lookup): (cell: TableCell | undefined) => boolean {
  const c = cond as unknown as Record<string, unknown>;
  return (cell) => {
    if (cell === undefined) return false;
    if ('equals' in c) return cell === c.equals;
    if ('not-equals' in c) return cell !== c['not-equals'];
    if ('in' in c) return (c.in as Scalar[]).includes(cell);
    if ('not-in' in c) return !(c['not-in'] as Scalar[]).includes(cell);
    if (typeof cell !== 'number') return false;
    if ('gte' in c) return cell >= (c.gte as number);
    if ('gt' in c) return cell > (c.gt as number);
    if ('lte' in c) return cell <= (c.lte as number);
    if ('lt' in c) return cell < (c.lt as number);
    return false;
  };
}

const NUMERIC_OPS = ['gte', 'gt', 'lte', 'lt'] as const;

/** The comparison of a check written against a market table's number (`gte: { table, column }`), if it is one. */
export function tableComparison(check: unknown): (typeof NUMERIC_OPS)[number] | undefined {
  const c = check as Record<string, unknown> | null | undefined;
  return c ? NUMERIC_OPS.find((o) => c[o] !== null && typeof c[o] === 'object') : undefined;
}

export function expandCondition(cond: Condition, tables: ReadonlyMap<string, TableSpec>): Condition {
  if ('all' in cond) return { all: cond.all.map((c) => expandCondition(c, tables)) };
  if ('any' in cond) return { any: cond.any.map((c) => expandCondition(c, tables)) };
  if ('not' in cond) return { not: expandCondition(cond.not, tables) };
  if ('table' in cond) {
    const table = tables.get(cond.table)!;
    const test = cellTest(cond);
    const cell = (r: number) => table.rows[r]![cond.column] as TableCell | undefined;
    return asCondition(selectRows(table, (r) => r >= 0 && test(cell(r))));
  }
  const c = cond as unknown as Record<string, unknown>;
  const op = tableComparison(c);
  if (!op) return cond;
  // a number from the table: one comparison per distinct value, each where the rows holding that value apply
  const ref = c[op] as TableRef;
  const table = tables.get(ref.table)!;
  const cells = table.rows.map((row) => row[ref.column]);
  const values = [...new Set(cells.filter((x): x is number => typeof x === 'number'))];
  const parts: Condition[] = [];
  for (const x of values) {
    const where = selectRows(table, (r) => r >= 0 && table.rows[r]![ref.column] === x);
    if (where === false) continue;
    const compare = { field: c.field, [op]: x } as unknown as Condition;
    // the field's own comparison first: it is what the rule is about (its `field`, and the plan's target)
    parts.push(where === true ? compare : { all: [compare, where] });
  }
  return parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : { any: parts };
}

function usesTables(node: Check | Condition | undefined): boolean {
  if (!node) return false;
  if ('all' in node) return node.all.some(usesTables);
  if ('any' in node) return node.any.some(usesTables);
  if ('not' in node) return usesTables(node.not);
  if ('table' in node) return true;
  return Object.values(node).some((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
}

/** The first profile field a written check compares (what its findings show), lookups aside. */
function firstField(node: Check | Condition): string | undefined {
  if ('all' in node) return node.all.map(firstField).find((x) => x !== undefined);
  if ('any' in node) return node.any.map(firstField).find((x) => x !== undefined);
  if ('not' in node) return firstField(node.not);
  if ('table' in node) return undefined;
  return node.field;
}

function fillMarketplace(text: Localized, marketplace: Localized | undefined): Localized {
  if (!marketplace) return text;
  const out: Record<string, string> = {};
  for (const [lang, s] of Object.entries(text)) {
    const name = marketplace[lang as keyof Localized] ?? marketplace.en;
    out[lang] = s.includes('{marketplace}') ? s.split('{marketplace}').join(name) : s;
  }
  return out as unknown as Localized;
}

/** The pack as the engine runs it: lookups expanded, routes joined to `when`, `{marketplace}` filled in. */
export function finalizePack(pack: ResolvedPack): ResolvedPack {
  const tables = new Map((pack.tables ?? []).map((t) => [t.id, t]));
  const routes = new Map((pack.routes ?? []).map((r) => [r.id, r] as [string, RouteSpec]));
  const rules = pack.rules.map((rule) => {
    const out: RuleSpec & { origin: typeof rule.origin } = { ...rule };
    if (usesTables(rule.check)) {
      if (!rule.field) {
        const field = firstField(rule.check);
        if (field) out.field = field;
      }
      if (!('map' in rule.check || 'ramp' in rule.check)) out.check = expandCondition(rule.check as Condition, tables);
    }
    let when = rule.when && usesTables(rule.when) ? expandCondition(rule.when, tables) : rule.when;
    let writtenWhen = rule.when;
    if (rule.routes && rule.routes.length > 0) {
      const written = rule.routes.map((id) => routes.get(id)!.when);
      const conds = written.map((c) => (usesTables(c) ? expandCondition(c, tables) : c));
      const join = (parts: Condition[], rest: Condition | undefined): Condition => {
        const onRoute = parts.length === 1 ? parts[0]! : { any: parts };
        return rest ? { all: [onRoute, rest] } : onRoute;
      };
      when = join(conds, when);
      writtenWhen = join(written, writtenWhen);
    }
    if (when) out.when = when;
    if (usesTables(rule.check) || usesTables(writtenWhen)) {
      out.written = { check: rule.check, ...(writtenWhen ? { when: writtenWhen } : {}) };
    }
    for (const part of ['title', 'expected', 'message', 'remedy'] as const) {
      out[part] = fillMarketplace(rule[part], pack.marketplace);
    }
    return out;
  });
  return { ...pack, rules };
}
