// PURE: the remediation plan. For a turn-down, the changes that would flip the verdict to approve: every
// failed or unknown knock-out first, then weighted rules chosen greedily by points won per unit of effort.
// Each step is proven rather than estimated: the planner derives from the rule's check a profile value that
// satisfies it (the step's `target`), patches a copy of the profile and evaluates again the rules that read the
// patched fields (evaluateChange), so the projected score is exactly what the engine would give, side effects on
// other rules included. A turn-down that rests on missing data asks for the data first (`provide` steps) and
// proposes changes only where the brand must change something.
// For an approve: the margin above the threshold and the few failures that would bring it down.
import type { CompiledPack, CompiledRule, Condition, GradedCheck, Scalar } from '../rules/types.js';
import { compileCondition, fieldsOf } from '../rules/compile.js';
import { FIELDS, FIELD_INDEX, type FieldDef } from '../profile/fields.js';
import type { Effort, Lang, Plan, PlanStep, Waiver } from '../types.js';
import {
  activeWaivers,
  categoriesReading,
  ChangeScratch,
  decide,
  evaluate,
  evaluateChange,
  isDownIn,
  lastEvaluation,
  rulesReading,
  scoreOfChange,
  type Evaluation,
} from './assess.js';

export interface PlanOptions {
  threshold: number;
  /** not read: steps are data, worded by the formats */
  lang?: Lang;
  /** YYYY-MM-DD, for waiver expiry (as in assessProfile) */
  today?: string;
  /** how many at-risk failures an approve lists */
  maxAtRisk?: number;
  /**
   * true when assessProfile has just assessed this very input with this pack and `today`, and nothing has changed
   * it since: the plan then starts from that evaluation (lastEvaluation) rather than evaluating it again
   */
  assessed?: boolean;
}

export const EFFORT_UNITS: Record<Effort, number> = { low: 1, medium: 2, high: 4 };

/**
 * Facts about the brand that no action plan can change: a plan that says "be founded earlier" or "be a beauty
 * brand" is not a plan. A rule that needs one of these to change is left out (and `reachable` says so if it mattered).
 */
const IMMUTABLE = new Set(['schemaVersion', 'brand.name', 'brand.country', 'brand.category', 'brand.foundedYear']);
const IMMUTABLE_SLOTS: ReadonlySet<number> = new Set(FIELDS.flatMap((f, i) => (IMMUTABLE.has(f.path) ? [i] : [])));
/**
 * Facts about the brand's past: once known, no plan changes them ("reach EUR 10 million of revenue" is not a step
 * towards a store), but an unknown one is asked for like any missing data (a `provide` step).
 */
const FIXED_ONCE_KNOWN = new Set(['brand.annualRevenueEur']);

/**
 * The brand's means: no plan asks for a first-year budget in China above half the brand's yearly revenue. An
 * account manager could not put "invest your revenue" to a brand's director; half is our judgment, the share at
 * which the EUR 1 million the French office names comes within reach from EUR 2 million of revenue, where the
 * weak revenue band ends (domain.md; below it the budget and revenue rules' remedies say to start through a
 * distributor or a multi-brand store). A rule that needs more is left out of the plan, as a fact about the brand
 * would be, and `reachable` says so if it mattered. An unknown revenue bounds nothing.
 */
const MAX_BUDGET_SHARE_OF_REVENUE = 0.5;
const BUDGET_SLOT = FIELD_INDEX.get('pricing.year1BudgetEur')!;
const REVENUE_SLOT = FIELD_INDEX.get('brand.annualRevenueEur')!;

/**
 * A set of field slots and the values to give them, in the order they were first set (a Map's order). Two
 * arrays rather than a Map: trying a patch is then a loop over a slot or two, with no iterator.
 */
export class Patch implements Iterable<[number, unknown]> {
  readonly slots: number[] = [];
  readonly values: unknown[] = [];
  /**
   * the step's `target` for this patch, made on first use (see target): many patches are made once and shared
   * by every plan (a fixed comparison's, a map's), and a new object keyed by a field path is a slow store
   */
  target: Readonly<Record<string, unknown>> | undefined = undefined;
  get size(): number {
    return this.slots.length;
  }
  set(slot: number, value: unknown): this {
    const k = this.slots.indexOf(slot);
    if (k >= 0) this.values[k] = value;
    else {
      this.slots.push(slot);
      this.values.push(value);
    }
    return this;
  }
  *[Symbol.iterator](): Iterator<[number, unknown]> {
    for (let k = 0; k < this.slots.length; k++) yield [this.slots[k]!, this.values[k]];
  }
}
/** Patches are never changed once made (merge makes a new one), so the empty one is shared. */
const EMPTY = new Patch();

const round1 = (x: number): number => Math.round(x * 10) / 10;
/** a value stands in for text the brand must supply (a partner's name): the check only needs it non-empty */
export const PLACEHOLDER = '…';
/** caps the combinations explored for `all` conditions; packs nest two or three levels at most */
const MAX_COMBOS = 16;

/** What the planner has found out about a condition, in one record (one lookup per solve rather than four). */
interface ConditionInfo {
  /** its compiled predicate, made on first use */
  predicate: ((v: unknown[]) => boolean | undefined) | null;
  /** whether any comparison inside can be given a value (solvable), null until asked */
  solvable: boolean | null;
  /** a comparison's candidates, held or negated, when they do not depend on the profile */
  fixed: (Patch[] | null)[];
}
const conditionInfos = new WeakMap<Condition, ConditionInfo>();
function conditionInfo(cond: Condition): ConditionInfo {
  let info = conditionInfos.get(cond);
  if (!info) conditionInfos.set(cond, (info = { predicate: null, solvable: null, fixed: [null, null] }));
  return info;
}

function holds(cond: Condition, negated: boolean, values: unknown[], info = conditionInfo(cond)): boolean {
  const p = info.predicate ?? (info.predicate = compileCondition(cond));
  const r = p(values);
  return negated ? r === false : r === true;
}

function onePatch(i: number, x: unknown): Patch {
  return new Patch().set(i, x);
}

/**
 * Writes the patch into `values`, keeping what it overwrote in `saved` for restore: trying a candidate step then
 * copies no profile (a profile is a hundred-odd slots, and a turn-down tries dozens of candidates).
 */
function patchIn(values: unknown[], patch: Patch, saved: unknown[]): void {
  const { slots, values: xs } = patch;
  for (let k = 0; k < slots.length; k++) {
    saved[k] = values[slots[k]!];
    values[slots[k]!] = xs[k];
  }
}
function restore(values: unknown[], patch: Patch, saved: unknown[]): void {
  const slots = patch.slots;
  for (let k = slots.length - 1; k >= 0; k--) values[slots[k]!] = saved[k];
}

function numberAbove(def: FieldDef, n: number): number {
  if (def.type === 'integer') return Math.floor(n) + 1;
  return def.max !== undefined && n + 1 > def.max ? (n + def.max) / 2 : n + 1;
}
function numberBelow(def: FieldDef, n: number): number {
  if (def.type === 'integer') return Math.ceil(n) - 1;
  return def.min !== undefined && n - 1 < def.min ? (n + def.min) / 2 : n - 1;
}
function atLeast(def: FieldDef, n: number): number {
  return def.type === 'integer' ? Math.ceil(n) : n;
}
function atMost(def: FieldDef, n: number): number {
  return def.type === 'integer' ? Math.floor(n) : n;
}

/** The values of an enum or boolean field other than the excluded ones (a list for `not-in` / `not-equals`). */
function otherValues(def: FieldDef, excluded: readonly Scalar[]): Scalar[] {
  const all: readonly Scalar[] = def.type === 'boolean' ? [true, false] : def.type === 'enum' ? (def.values ?? []) : [];
  return all.filter((x) => !excluded.includes(x));
}

/** A list holding the current items plus enough allowed values to reach `n` items. */
function padList(def: FieldDef, current: readonly unknown[], n: number): unknown[] | undefined {
  const list = [...current];
  for (const x of def.values ?? []) {
    if (list.length >= n) break;
    if (!list.includes(x)) list.push(x);
  }
  return list.length >= n ? list : undefined;
}

/** The comparisons whose candidates depend on the profile; the others' are worked out once, for either polarity. */
const READS_PROFILE = ['between', 'contains-any', 'contains-all', 'min-items'];

/** Candidate values for one comparison to hold (or, negated, to fail). Empty when none can be derived. */
function solveComparison(
  c: Record<string, unknown>,
  values: readonly unknown[],
  negated: boolean,
  info: ConditionInfo,
): Patch[] {
  const polarity = negated ? 1 : 0;
  let list = info.fixed[polarity];
  if (list) return list;
  list = comparisonCandidates(c, values, negated);
  if (!READS_PROFILE.some((op) => op in c)) info.fixed[polarity] = list;
  return list;
}

function comparisonCandidates(c: Record<string, unknown>, values: readonly unknown[], negated: boolean): Patch[] {
  const path = c.field as string;
  const i = FIELD_INDEX.get(path);
  if (i === undefined) return [];
  const def = FIELDS[i]!;
  const cur = values[i];
  const list = Array.isArray(cur) ? cur : [];
  const one = (x: unknown): Patch => onePatch(i, x);
  const many = (xs: readonly unknown[]): Patch[] => xs.map(one);
  if ('present' in c) {
    const want = (c.present as boolean) !== negated;
    // an unknown field made "present": the catalogue's example stands for whatever the brand will fill in
    return [one(want ? def.example : undefined)];
  }
  if ('equals' in c) return negated ? many(otherValues(def, [c.equals as Scalar])) : [one(c.equals)];
  if ('not-equals' in c) return negated ? [one(c['not-equals'])] : many(otherValues(def, [c['not-equals'] as Scalar]));
  if ('in' in c) return negated ? many(otherValues(def, c.in as Scalar[])) : many(c.in as Scalar[]);
  if ('not-in' in c) return negated ? many(c['not-in'] as Scalar[]) : many(otherValues(def, c['not-in'] as Scalar[]));
  if ('gte' in c) return [one(negated ? numberBelow(def, c.gte as number) : atLeast(def, c.gte as number))];
  if ('gt' in c) return [one(negated ? atMost(def, c.gt as number) : numberAbove(def, c.gt as number))];
  if ('lte' in c) return [one(negated ? numberAbove(def, c.lte as number) : atMost(def, c.lte as number))];
  if ('lt' in c) return [one(negated ? atLeast(def, c.lt as number) : numberBelow(def, c.lt as number))];
  if ('between' in c) {
    const [lo, hi] = c.between as [number, number];
    if (negated) return [one(numberBelow(def, lo)), one(numberAbove(def, hi))];
    // the nearest value inside the range: the smallest change to what the profile says
    const x = typeof cur === 'number' ? Math.min(Math.max(cur, lo), hi) : lo;
    return [one(def.type === 'integer' ? Math.ceil(x) : x)];
  }
  if ('contains-any' in c) {
    const wanted = c['contains-any'] as Scalar[];
    if (negated) return [one(list.filter((x) => !wanted.includes(x as Scalar)))];
    return wanted.map((w) => one(list.includes(w) ? list : [...list, w]));
  }
  if ('contains-all' in c) {
    const wanted = c['contains-all'] as Scalar[];
    if (negated) return wanted.map((w) => one(list.filter((x) => x !== w)));
    return [one([...list, ...wanted.filter((w) => !list.includes(w))])];
  }
  if ('min-items' in c) {
    const n = c['min-items'] as number;
    if (negated) return [one(list.slice(0, Math.max(0, n - 1)))];
    const padded = padList(def, list, n);
    return padded ? [one(padded)] : [];
  }
  if ('min-length' in c) {
    const n = c['min-length'] as number;
    return [one(negated ? '' : PLACEHOLDER.repeat(Math.max(1, n)))];
  }
  // `matches` (a free-text pattern): no value can honestly be made up for it
  return [];
}

function merge(a: Patch, b: Patch): Patch {
  const m = new Patch();
  for (let k = 0; k < a.slots.length; k++) m.set(a.slots[k]!, a.values[k]);
  for (let k = 0; k < b.slots.length; k++) m.set(b.slots[k]!, b.values[k]);
  return m;
}

/** The comparisons solveComparison can derive a value for (the others, `matches`, `key-in`, table lookups, never). */
const SOLVED_OPS = [
  'present',
  'equals',
  'not-equals',
  'in',
  'not-in',
  'gte',
  'gt',
  'lte',
  'lt',
  'between',
  'contains-any',
  'contains-all',
  'min-items',
  'min-length',
] as const;

/**
 * Whether any comparison inside `cond` can be given a value. When none can, solving it is only asking whether it
 * holds: [empty] if it does, no patch if not (the recursion would find the same after evaluating every part; a
 * market table's rule expands into dozens of `key-in` parts, and that was a fifth of a plan's time).
 */
function solvable(cond: Condition, info = conditionInfo(cond)): boolean {
  let known = info.solvable;
  if (known === null) {
    if ('all' in cond) known = cond.all.some((part) => solvable(part));
    else if ('any' in cond) known = cond.any.some((part) => solvable(part));
    else if ('not' in cond) known = solvable(cond.not);
    else {
      const c = cond as unknown as Record<string, unknown>;
      known = typeof c.field === 'string' && FIELD_INDEX.has(c.field) && SOLVED_OPS.some((op) => op in c);
    }
    info.solvable = known;
  }
  return known;
}

/** The fields a condition reads; null where it holds a table lookup (expanded on load: none should be left). */
function readsOf(cond: Condition, out = new Set<string>()): Set<string> | null {
  if ('all' in cond || 'any' in cond) {
    for (const part of 'all' in cond ? cond.all : cond.any) if (readsOf(part, out) === null) return null;
    return out;
  }
  if ('not' in cond) return readsOf(cond.not, out);
  const c = cond as unknown as Record<string, unknown>;
  if ('table' in c || typeof c.field !== 'string') return null;
  for (const value of Object.values(c))
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return null;
  out.add(c.field);
  return out;
}

const fixedPartsOf = new WeakMap<Condition, readonly Condition[]>();
/**
 * The parts of an `all` (or `any`) that no value can be derived for and that read no field another of its parts
 * reads: no patch the other parts make changes whether they hold, so if one does not, no combination can hold
 * (the market tables' rules are long conjunctions of those, and solving them part by part was most of their cost).
 */
function fixedParts(cond: Condition, parts: readonly Condition[]): readonly Condition[] {
  let list = fixedPartsOf.get(cond);
  if (!list) {
    const reads = parts.map((p) => readsOf(p));
    list = parts.filter((p, k) => {
      const mine = reads[k]!;
      if (mine === null || solvable(p)) return false;
      return reads.every((other, j) => j === k || (other !== null && ![...mine].some((f) => other.has(f))));
    });
    fixedPartsOf.set(cond, list);
  }
  return list;
}

/**
 * Patches that make `cond` hold (or fail, when negated) on `values`; [empty] when it already does. `shortcut`:
 * false solves the conditions no value can be derived for part by part too (test/engine/plan.test.ts holds the
 * two alike).
 */
export function solve(cond: Condition, values: readonly unknown[], negated: boolean, shortcut = true): Patch[] {
  const info = conditionInfo(cond);
  if (holds(cond, negated, values as unknown[], info)) return [EMPTY];
  if (shortcut && !solvable(cond, info)) return [];
  if ('not' in cond) return solve(cond.not, values, !negated, shortcut);
  // De Morgan: a negated `all` needs one part to fail, a negated `any` needs every part to fail
  const conjunctive = ('all' in cond && !negated) || ('any' in cond && negated);
  const parts = 'all' in cond ? cond.all : 'any' in cond ? cond.any : null;
  if (parts === null) return solveComparison(cond as unknown as Record<string, unknown>, values, negated, info);
  if (!conjunctive) {
    const all: Patch[] = [];
    for (const part of parts) for (const p of solve(part, values, negated, shortcut)) all.push(p);
    return all;
  }
  if (shortcut) for (const part of fixedParts(cond, parts)) if (!holds(part, negated, values as unknown[])) return [];
  // patched in place and restored (patches hold values, never the profile's array, so nothing outlives the
  // restore); in plain loops, no closures: solve is among the planner's functions V8 compiles in every thread
  const v = values as unknown[];
  const saved: unknown[] = [];
  let combos: Patch[] = [EMPTY];
  for (const part of parts) {
    const next: Patch[] = [];
    for (const combo of combos) {
      // the part solved on the profile as the combination leaves it
      let found: Patch[];
      patchIn(v, combo, saved);
      try {
        found = solve(part, v, negated, shortcut);
      } finally {
        restore(v, combo, saved);
      }
      for (const p of found) next.push(combo.size === 0 ? p : merge(combo, p));
    }
    combos = next.slice(0, MAX_COMBOS);
  }
  const out: Patch[] = [];
  for (const p of combos) {
    let ok: boolean;
    patchIn(v, p, saved);
    try {
      ok = holds(cond, negated, v, info);
    } finally {
      restore(v, p, saved);
    }
    if (ok) out.push(p);
  }
  return out;
}

/** A map check's values, most credit first (then the unnamed values that earn its default): the same per profile. */
const mapValues = new WeakMap<GradedCheck, readonly unknown[]>();
function mapValuesOf(check: GradedCheck, def: FieldDef): readonly unknown[] {
  let list = mapValues.get(check);
  if (!list) {
    const typed = (key: string): unknown =>
      def.type === 'boolean' ? key === 'true' : def.type === 'integer' || def.type === 'number' ? Number(key) : key;
    const keys = Object.entries(check.map!)
      .sort((a, b) => b[1] - a[1])
      .map(([k]) => typed(k));
    const fallback = check.default ?? 0;
    // values the map does not name earn the default; if that is the best credit, any such value will do
    const unnamed = def.type === 'enum' && fallback > 0 ? (def.values ?? []).filter((x) => !(x in check.map!)) : [];
    mapValues.set(check, (list = [...keys, ...unnamed]));
  }
  return list;
}

/** a graded check's candidates where they do not depend on the profile (a map's, a ramp's on a number) */
const mapPatches = new WeakMap<GradedCheck, Patch[]>();
/** Candidate values for a graded check: the map keys with the most credit, or the end of the ramp. */
function solveGraded(check: GradedCheck, values: readonly unknown[]): Patch[] {
  const i = FIELD_INDEX.get(check.field);
  if (i === undefined) return [];
  const def = FIELDS[i]!;
  if (check.map) {
    let list = mapPatches.get(check);
    if (!list) mapPatches.set(check, (list = mapValuesOf(check, def).map((x) => onePatch(i, x))));
    return list;
  }
  const { to, from } = check.ramp!;
  if (def.type === 'list') {
    const padded = padList(def, Array.isArray(values[i]) ? (values[i] as unknown[]) : [], Math.ceil(to));
    return padded ? [onePatch(i, padded)] : [];
  }
  // the end of the ramp is the same for every profile: one patch, shared as a map's are (and its target with it)
  let list = mapPatches.get(check);
  if (!list) {
    const x = def.type === 'integer' ? (to >= from ? Math.ceil(to) : Math.floor(to)) : to;
    mapPatches.set(check, (list = [onePatch(i, x)]));
  }
  return list;
}

/** A boolean check holds where the engine gives it credit 1 (graded checks are solved apart). */
function useCredit(rule: CompiledRule): void {
  const check = rule.spec.check;
  if ('map' in check || 'ramp' in check) return;
  // its compiled predicate, not a second compile (a market table's check builds key tables, some tens of
  // milliseconds a pack and thread)
  const info = conditionInfo(check as Condition);
  if (info.predicate) return;
  const credit = rule.credit;
  info.predicate = (v) => {
    const c = credit(v);
    return c === undefined ? undefined : c === 1;
  };
}

function candidates(rule: CompiledRule, graded: boolean, values: readonly unknown[]): Patch[] {
  const check = rule.spec.check;
  const raw = graded ? solveGraded(check as GradedCheck, values) : solve(check as Condition, values, false);
  // a patch that would rewrite a fact about the brand is no plan
  for (const p of raw) if (!allowed(p, values)) return raw.filter((x) => allowed(x, values));
  return raw;
}

/** per field slot: 1 for a fact about the brand, 2 for a fact of its past once known (FIXED_ONCE_KNOWN), else 0 */
const IMMUTABLE_FLAGS = Uint8Array.from(FIELDS, (f, i) =>
  IMMUTABLE_SLOTS.has(i) ? 1 : FIXED_ONCE_KNOWN.has(f.path) ? 2 : 0,
);
function allowed(p: Patch, values: readonly unknown[]): boolean {
  for (let k = 0; k < p.slots.length; k++) {
    const flag = IMMUTABLE_FLAGS[p.slots[k]!];
    if (flag === 0) continue;
    const now = values[p.slots[k]!];
    if ((flag === 1 || now !== undefined) && !Object.is(now, p.values[k])) return false;
  }
  return withinMeans(p, values);
}
function withinMeans(p: Patch, values: readonly unknown[]): boolean {
  const k = p.slots.indexOf(BUDGET_SLOT);
  if (k < 0) return true;
  const budget = p.values[k];
  const r = p.slots.indexOf(REVENUE_SLOT);
  const revenue = r >= 0 ? p.values[r] : values[REVENUE_SLOT];
  return typeof budget !== 'number' || typeof revenue !== 'number' || budget <= revenue * MAX_BUDGET_SHARE_OF_REVENUE;
}

const isDown = (pack: CompiledPack, ev: Evaluation, r: number): boolean =>
  pack.rules[r]!.blocker && isDownIn(ev, r) === 1;
function blockersDown(pack: CompiledPack, ev: Evaluation): number {
  let n = 0;
  for (let r = 0; r < pack.rules.length; r++) if (isDown(pack, ev, r)) n++;
  return n;
}
/** blockersDown among some rules only (those reading a patched slot) */
function blockersDownOf(ev: Evaluation, info: PackInfo, rules: readonly number[]): number {
  let n = 0;
  for (const r of rules) if (info.blocker[r] === 1 && isDownIn(ev, r) === 1) n++;
  return n;
}

interface Move {
  rule: number;
  patch: Patch;
  /** what the step adds to the score and to the knock-outs down; its whole evaluation once the step is taken */
  gain: number;
  downDelta: number;
  /** the score once the step is taken (the search's evaluation is updated in place) */
  score: number | null;
}

type Waivers = Map<string, { waiver: Waiver; expired: boolean }> | null;

/** What the planner reads of a pack for every plan, worked out once per pack. */
interface PackInfo {
  /**
   * per rule: the rules reading the fields its check can patch (a fact about the brand never changes: a patch
   * may only give it the value it has), and of those the ones whose `when` reads them
   */
  affected: (readonly number[])[];
  gated: (readonly number[])[];
  /** per rule: the most credit its check can give */
  maxCredit: number[];
  /** per field slot: the rules reading it, and their categories as bits (rulesReading, categoriesReading) */
  readers: (readonly number[])[];
  categoryBits: number[];
  /** per rule: 1 for a knock-out, its effort units, and its id */
  blocker: Uint8Array;
  effort: Uint8Array;
  ids: string[];
  /** per rule: whether its check is graded (a map or a ramp) */
  graded: boolean[];
  /** one scratch per pack and thread: plans run one at a time, and its stamps keep one plan's marks apart */
  scratch: ChangeScratch;
  /** a Search's arrays by rule and the stuck flags, reused plan after plan (one plan at a time per thread) */
  cache: (Patch[] | undefined)[];
  moves: (Move | null | undefined)[];
  moveCategories: number[];
  stuck: Uint8Array;
}
const packInfos = new WeakMap<CompiledPack, PackInfo>();
function packInfo(pack: CompiledPack): PackInfo {
  let info = packInfos.get(pack);
  if (info) return info;
  const affected: (readonly number[])[] = [];
  const gated: (readonly number[])[] = [];
  const maxCredit: number[] = [];
  for (const rule of pack.rules) {
    const slots = new Set<number>();
    for (const path of fieldsOf(rule.spec.check)) {
      const i = FIELD_INDEX.get(path);
      if (i !== undefined && !IMMUTABLE_SLOTS.has(i)) slots.add(i);
    }
    const readers = new Set<number>();
    const whens = new Set<number>();
    for (const slot of slots) {
      for (const x of rulesReading(pack, slot)) {
        readers.add(x);
        const when = pack.rules[x]!.spec.when;
        if (when && fieldsOf(when).some((f) => slots.has(FIELD_INDEX.get(f) ?? -1))) whens.add(x);
      }
    }
    affected.push([...readers].sort((a, b) => a - b));
    gated.push([...whens].sort((a, b) => a - b));
    const check = rule.spec.check as Partial<GradedCheck>;
    maxCredit.push(check.map ? Math.max(1, check.default ?? 0, ...Object.values(check.map)) : 1);
  }
  info = {
    affected,
    gated,
    maxCredit,
    readers: FIELDS.map((_, slot) => rulesReading(pack, slot)),
    categoryBits: FIELDS.map((_, slot) => categoriesReading(pack, slot)),
    blocker: Uint8Array.from(pack.rules, (rule) => (rule.blocker ? 1 : 0)),
    effort: Uint8Array.from(pack.rules, (rule) => EFFORT_UNITS[rule.effort]),
    ids: pack.rules.map((rule) => rule.id),
    graded: pack.rules.map((rule) => 'map' in rule.spec.check || 'ramp' in rule.spec.check),
    scratch: new ChangeScratch(),
    cache: new Array<Patch[] | undefined>(pack.rules.length).fill(undefined),
    moves: new Array<Move | null | undefined>(pack.rules.length).fill(undefined),
    moveCategories: new Array<number>(pack.rules.length).fill(0),
    stuck: new Uint8Array(pack.rules.length),
  };
  for (const rule of pack.rules) useCredit(rule);
  packInfos.set(pack, info);
  return info;
}

/**
 * One plan's search: the profile as the steps so far leave it, each rule's candidate patches on it (kept until a
 * step changes a field the rule reads: they depend only on the fields of its check), and each rule's best move.
 * A move's gain depends only on the categories its candidates touch: a step elsewhere that leaves the same
 * categories applicable (the same scale) leaves it as it was, so only the moves in the categories a step touches
 * are tried again. The chosen move is then evaluated exactly.
 * Arrays by rule index rather than Maps, and methods rather than closures made per plan: a run's first
 * thousands of plans run before V8 optimises them, and each closure or Map there was that much slower.
 */
class Search {
  /** per rule: its candidates (undefined: not derived yet), its best move (undefined: not worked out yet) */
  private readonly cache: (Patch[] | undefined)[];
  private readonly moves: (Move | null | undefined)[];
  /** per rule whose move is worked out: the categories its candidates touch, as bits */
  private readonly moveCategories: number[];
  readonly info: PackInfo;
  readonly scratch: ChangeScratch;
  /** what a candidate tried in place overwrote (the profile is the search's own copy: no restore on a throw) */
  readonly saved: unknown[] = [];
  private down: number;
  constructor(
    readonly pack: CompiledPack,
    readonly waivers: Waivers,
    readonly values: unknown[],
    readonly ev: Evaluation,
  ) {
    this.info = packInfo(pack);
    this.cache = this.info.cache.fill(undefined);
    this.moves = this.info.moves.fill(undefined);
    this.moveCategories = this.info.moveCategories;
    this.scratch = this.info.scratch;
    this.down = blockersDown(pack, ev);
  }

  candidates(r: number): Patch[] {
    let list = this.cache[r];
    if (list === undefined) this.cache[r] = list = candidates(this.pack.rules[r]!, this.info.graded[r]!, this.values);
    return list;
  }

  /** The move already worked out for a rule on the search as it stands (null: none), undefined if not yet. */
  known(r: number): Move | null | undefined {
    return this.moves[r];
  }

  /**
   * The best patch for one rule: it must raise the rule's credit; fewest knock-outs down, then the highest score.
   * `scored: false` (a knock-out, which is taken whatever it gains): a rule with one patch that raises its credit
   * gets that patch without its score (the search takes it at once, and commit evaluates it), and is not kept.
   */
  bestMove(r: number, scored = true): Move | null {
    const known = this.moves[r];
    if (known !== undefined) return known;
    const rule = this.pack.rules[r]!;
    const bits = this.info.categoryBits;
    const before = this.ev.credit[r] ?? -1;
    const list = this.candidates(r);
    let raising: Patch | Patch[] | null = null;
    let categories = 0;
    for (let k = 0; k < list.length; k++) {
      const patch = list[k]!;
      const slots = patch.slots;
      if (slots.length === 0) continue;
      for (let j = 0; j < slots.length; j++) categories |= bits[slots[j]!]!;
      patchIn(this.values, patch, this.saved);
      const credit = rule.credit(this.values);
      restore(this.values, patch, this.saved);
      if (credit === undefined || credit <= before || (rule.blocker && credit < 0.5)) continue;
      // most rules have one raising patch: no list for it
      if (raising === null) raising = patch;
      else if (Array.isArray(raising)) raising.push(patch);
      else raising = [raising, patch];
    }
    if (!scored && raising !== null && !Array.isArray(raising))
      return { rule: r, patch: raising, gain: NaN, downDelta: NaN, score: null };
    let best: Move | null = null;
    if (raising !== null) {
      if (!Array.isArray(raising)) best = this.score(r, raising);
      else
        for (let k = 0; k < raising.length; k++) {
          const move = this.score(r, raising[k]!);
          if (
            !best ||
            move.downDelta < best.downDelta ||
            (move.downDelta === best.downDelta && move.gain > best.gain + 1e-9)
          )
            best = move;
        }
    }
    this.moves[r] = best;
    this.moveCategories[r] = categories;
    return best;
  }

  /** One candidate's move: what it adds to the score and to the knock-outs down, tried in place. */
  private score(r: number, patch: Patch): Move {
    patchIn(this.values, patch, this.saved);
    // the knock-outs down as the search stands are known (this.down): only the rules evaluated again are counted
    const after = scoreOfChange(this.pack, this.ev, this.values, patch.slots, this.waivers, this.scratch, this.down);
    restore(this.values, patch, this.saved);
    return {
      rule: r,
      patch,
      gain: after.score - this.ev.score,
      downDelta: after.blockersDown - this.down,
      score: null,
    };
  }

  /**
   * At most what a move on rule r can add to the score, Infinity when that cannot be bounded cheaply. When the
   * rules reading the fields r's check patches keep applying (or not) under every candidate, and none has a
   * waiver, the rules counted stay the same (so does the scale), and each can gain at most its points up to
   * full credit.
   */
  gainBound(r: number): number {
    const { pack, ev, info } = this;
    const affected = info.affected[r]!;
    if (this.waivers) for (const x of affected) if (this.waivers.has(info.ids[x]!)) return Infinity;
    // a rule whose `when` reads the patched fields must keep applying, or not, under every candidate
    const gated = info.gated[r]!;
    if (gated.length > 0) {
      const list = this.candidates(r);
      for (let k = 0; k < list.length; k++) {
        const patch = list[k]!;
        patchIn(this.values, patch, this.saved);
        let same = true;
        for (const x of gated)
          if ((pack.rules[x]!.applies!(this.values) !== false) !== (ev.status[x] !== 'not-applicable')) same = false;
        restore(this.values, patch, this.saved);
        if (!same) return Infinity;
      }
    }
    const factor = this.categoryFactors();
    const maxCredit = info.maxCredit;
    let bound = 0;
    for (const x of affected) {
      if (ev.status[x] === 'not-applicable' || ev.waived[x] !== null) continue;
      const rule = pack.rules[x]!;
      bound += factor[rule.categoryIndex]! * rule.weight * (maxCredit[x]! - (ev.credit[x] ?? 0));
    }
    // the engine's sums round differently from this one: a margin far above their rounding, far below any gain
    return bound * (1 + 1e-9) + 1e-9;
  }

  private factors: number[] = [];
  private factorsAt = -1;
  /** Each category's points per unit of rule weight and credit, as the evaluation stands (per search step). */
  private categoryFactors(): number[] {
    if (this.factorsAt === this.steps) return this.factors;
    const cats = this.pack.categories;
    const applicable = this.ev.applicableWeight;
    let total = 0;
    for (let ci = 0; ci < cats.length; ci++) if (applicable[ci]! > 0) total += cats[ci]!.weight;
    const scale = total > 0 ? 100 / total : 0;
    for (let ci = 0; ci < cats.length; ci++)
      this.factors[ci] = applicable[ci]! > 0 ? (cats[ci]!.weight / applicable[ci]!) * scale : 0;
    this.factorsAt = this.steps;
    return this.factors;
  }
  private steps = 0;

  private readonly applicableBefore: boolean[] = [];
  commit(move: Move): void {
    const { pack, ev, info } = this;
    const { slots } = move.patch;
    // the search's own copy of the profile, patched in place like its evaluation
    patchIn(this.values, move.patch, this.saved);
    // only the rules reading the patched slot can change their knock-out (one slot: each reads it once)
    const downBefore = slots.length === 1 ? blockersDownOf(ev, info, info.readers[slots[0]!]!) : 0;
    const wasApplicable = this.applicableBefore;
    for (let ci = 0; ci < ev.categoryMax.length; ci++) wasApplicable[ci] = ev.categoryMax[ci]! > 0;
    // no points: the search and the steps read scores, statuses and credits only (replay evaluates likewise)
    // in place: the search keeps only the latest evaluation, and a step needs only its score afterwards
    evaluateChange(pack, ev, this.values, slots, this.waivers, false, true);
    let touched = 0;
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j]!;
      touched |= info.categoryBits[slot]!;
      for (const r of info.readers[slot]!) {
        this.cache[r] = undefined;
        this.moves[r] = undefined;
      }
      // the revenue bounds the budget a step may ask for (withinMeans): the budget's candidates change with it
      if (slot === REVENUE_SLOT)
        for (const r of info.readers[BUDGET_SLOT]!) {
          this.cache[r] = undefined;
          this.moves[r] = undefined;
        }
    }
    let sameScale = true;
    for (let ci = 0; ci < ev.categoryMax.length; ci++)
      if (ev.categoryMax[ci]! > 0 !== wasApplicable[ci]) sameScale = false;
    const moves = this.moves;
    for (let r = 0; r < moves.length; r++)
      if (moves[r] !== undefined && (!sameScale || this.moveCategories[r]! & touched)) moves[r] = undefined;
    move.score = ev.score;
    this.steps++;
    this.down =
      slots.length === 1
        ? this.down - downBefore + blockersDownOf(ev, info, info.readers[slots[0]!]!)
        : blockersDown(pack, ev);
  }
}

/**
 * A patch as a step's target, made once per patch and frozen: plans share it as they share the patch (a new
 * object for each step, keyed by a field path, was some 6% of the planner's time in a profile of brands-20000).
 */
function target(patch: Patch): Readonly<Record<string, unknown>> {
  if (patch.target !== undefined) return patch.target;
  const out: Record<string, unknown> = {};
  const { slots, values } = patch;
  if (slots.length === 1) out[FIELDS[slots[0]!]!.path] = values[0] ?? null;
  else {
    const order = slots.map((_, k) => k).sort((a, b) => slots[a]! - slots[b]!);
    for (const k of order) out[FIELDS[slots[k]!]!.path] = values[k] ?? null;
  }
  return (patch.target = Object.freeze(out));
}

const approved = (ev: Evaluation, threshold: number): boolean => !ev.blockerDown && round1(ev.score) >= threshold;
const counted = (ev: Evaluation, r: number): boolean => ev.status[r] !== 'not-applicable' && ev.waived[r] === null;

/** What a plan's phases share: the search, the moves taken, and the knock-outs no value could be derived for. */
interface PlanState {
  search: Search;
  moves: Move[];
  /** per rule: 1 when stuck; and the stuck rules in the order they were found */
  stuck: Uint8Array;
  stuckList: number[];
  threshold: number;
  shortcuts: boolean;
}

/**
 * 1. knock-outs: every one must pass whatever it costs; failed before unknown, then the cheapest first.
 * A patch can knock another blocker over (two rules wanting different values of one field), hence the rounds.
 */
function knockOuts(s: PlanState, pack: CompiledPack): void {
  const { search, stuck } = s;
  const info = search.info;
  const down: number[] = [];
  const keys: number[] = [];
  for (let round = 0; round < 3 && search.ev.blockerDown; round++) {
    const ev = search.ev;
    down.length = 0;
    keys.length = 0;
    // failed before unknown, then by effort, then in the pack's order: an insertion sort on one key (the list
    // is built in rule order, and stopping at an equal key keeps it)
    for (let r = 0; r < pack.rules.length; r++) {
      if (info.blocker[r] === 0 || !counted(ev, r) || ev.status[r] === 'pass' || stuck[r] === 1) continue;
      const key = (ev.status[r] === 'missing' ? 8 : 0) + info.effort[r]!;
      let k = down.length;
      down.push(r);
      keys.push(key);
      while (k > 0 && keys[k - 1]! > key) {
        down[k] = down[k - 1]!;
        keys[k] = keys[k - 1]!;
        k--;
      }
      down[k] = r;
      keys[k] = key;
    }
    for (const r of down) {
      if (search.ev.status[r] === 'pass') continue; // fixed along the way by an earlier patch
      const move = search.bestMove(r, !s.shortcuts);
      if (!move) {
        stuck[r] = 1;
        s.stuckList.push(r);
        continue;
      }
      search.commit(move);
      s.moves.push(move);
    }
  }
}

/** A move's worth in the greedy choice: 0 for one that knocks a blocker over or gains nothing. */
function ratioOf(move: Move | null | undefined, info: PackInfo, perEffort: boolean): number {
  if (!move || move.downDelta > 0 || move.gain <= 1e-9) return 0;
  return perEffort ? move.gain / info.effort[move.rule]! : move.gain;
}

/**
 * 2. weighted rules, greedily by points per unit of effort, until the threshold is reached. `missingOf`: only
 * the rules whose data that evaluation lacks (a turn-down that rests on missing data first asks for it, by the
 * points it could bring).
 */
function greedy(s: PlanState, pack: CompiledPack, missingOf: Evaluation | null, perEffort: boolean): void {
  const { search, stuck } = s;
  const info = search.info;
  const open: number[] = [];
  const pending: number[] = [];
  const bounds: number[] = [];
  while (round1(search.ev.score) < s.threshold) {
    const ev = search.ev;
    open.length = 0;
    for (let r = 0; r < pack.rules.length; r++) {
      const credit = ev.credit[r];
      if (!counted(ev, r) || stuck[r] === 1 || (credit !== null && credit !== undefined && credit >= 1)) continue;
      if (missingOf !== null && missingOf.status[r] !== 'missing') continue;
      open.push(r);
    }
    if (s.shortcuts) {
      // the moves not worked out yet, most promising first, until none left could match the best one found
      let top = 0;
      pending.length = 0;
      bounds.length = 0;
      for (const r of open) {
        const known = search.known(r);
        if (known !== undefined) top = Math.max(top, ratioOf(known, info, perEffort));
        else {
          const bound = search.gainBound(r);
          pending.push(r);
          bounds.push(perEffort ? bound / info.effort[r]! : bound);
        }
      }
      // most promising first (picked one by one: a few are worked out, far fewer than a sort would order)
      for (;;) {
        let k = -1;
        for (let j = 0; j < bounds.length; j++) if (bounds[j]! >= 0 && (k < 0 || bounds[j]! > bounds[k]!)) k = j;
        if (k < 0 || bounds[k]! + 1e-6 < top) break;
        bounds[k] = -1;
        top = Math.max(top, ratioOf(search.bestMove(pending[k]!), info, perEffort));
      }
    } else for (const r of open) search.bestMove(r);
    // the choice among the moves worked out, in rule order (one that could not match the best is never chosen)
    let best: Move | null = null;
    let bestRatio = 0;
    let bestGain = 0;
    for (const r of open) {
      const move = search.known(r);
      if (!move || move.downDelta > 0) continue;
      const gain = move.gain;
      if (gain <= 1e-9) continue;
      const ratio = perEffort ? gain / info.effort[r]! : gain;
      if (ratio > bestRatio + 1e-9 || (Math.abs(ratio - bestRatio) <= 1e-9 && gain > bestGain + 1e-9)) {
        best = move;
        bestRatio = ratio;
        bestGain = gain;
      }
    }
    if (!best) break;
    search.commit(best);
    s.moves.push(best);
  }
}

/**
 * The plan for one profile (its values as normalised for evaluation, and its waivers). `shortcuts`: false works
 * out every candidate move (test/engine/plan.test.ts holds the plans alike).
 */
export function planFor(
  pack: CompiledPack,
  input: { values: readonly unknown[]; waivers: readonly Waiver[] },
  options: PlanOptions,
  shortcuts = true,
): Plan {
  const waivers = input.waivers.length > 0 ? activeWaivers(input.waivers, options.today) : null;
  // read only here (evaluate, prune and replay copy what they patch); the search patches a copy of its own
  const values = input.values as unknown[];
  const ev0 =
    (options.assessed ? lastEvaluation(pack, input, options.today, waivers) : null) ?? evaluate(pack, values, waivers);
  const margin = round1(round1(ev0.score) - options.threshold);
  if (approved(ev0, options.threshold)) return atRisk(pack, ev0, options, margin);
  return toApprove(pack, values, waivers, ev0, options.threshold, margin, shortcuts);
}

function toApprove(
  pack: CompiledPack,
  values: unknown[],
  waivers: Waivers,
  ev0: Evaluation,
  threshold: number,
  margin: number,
  shortcuts: boolean,
): Plan {
  // the search's own copy of the evaluation, which its steps update in place (ev0 stays the profile's)
  const search = new Search(pack, waivers, values.slice(), evaluateChange(pack, ev0, values, [], waivers, false));
  const s: PlanState = {
    search,
    moves: [],
    stuck: search.info.stuck.fill(0),
    stuckList: [],
    threshold,
    shortcuts,
  };
  knockOuts(s, pack);
  if (decide(pack, ev0, threshold).decidedBy === 'missing-data') greedy(s, pack, ev0, false);
  greedy(s, pack, null, true);

  const { moves, stuckList } = s;
  const reachable = stuckList.length === 0 && approved(search.ev, threshold);
  const pruned = reachable ? prune(pack, values, ev0, moves, waivers, threshold, search, shortcuts) : moves;
  const kept = askOnce(pack, values, ev0, pruned);
  // the search's own scores stand when prune dropped no move (it may still return a new array) and none was merged
  const steps = replay(pack, values, ev0, kept, pruned.length === moves.length && kept === pruned, waivers);
  // knock-outs no value could be derived for still belong in the plan: their remedy is the step to take
  for (const r of stuckList) {
    const rule = pack.rules[r]!;
    // among the knock-outs, before the weighted steps; it changes nothing, so it keeps the score of the step before
    const at = steps.filter((x) => x.blocker).length;
    const before = at > 0 ? steps[at - 1]!.projectedScore : round1(ev0.score);
    const act = action(ev0, r);
    // a stuck rule is a knock-out still down: the step is to clear it
    steps.splice(at, 0, step(rule, true, act, 0, before, null, act === 'provide' ? values : null));
  }
  return { kind: 'to-approve', steps, reachable, margin };
}

/** a step on a rule whose data the profile lacks asks for that data: the brand provides it rather than changes it */
const action = (ev0: Evaluation, r: number): PlanStep['action'] => (ev0.status[r] === 'missing' ? 'provide' : 'change');

/**
 * Greedy choice can leave a step that later ones made unnecessary (a big late gain covering a small early one):
 * drop weighted steps, smallest gain first, while the rest still approve. Steps that clear a knock-out always stay.
 */
function prune(
  pack: CompiledPack,
  values: unknown[],
  ev0: Evaluation,
  moves: Move[],
  waivers: Waivers,
  threshold: number,
  search: Search,
  shortcut: boolean,
): Move[] {
  const scratch = search.scratch;
  // the weighted steps, smallest gain first, ties in the order taken: an insertion sort (a plan has a few) in
  // plain loops, as the rest of this function: V8 compiles it once per thread, and map/filter/sort with their
  // closures made it the costliest of the planner's functions to optimise (a run's first plans pay for that)
  const order: number[] = [];
  const gains: number[] = [];
  for (let k = 0; k < moves.length; k++) {
    const m = moves[k]!;
    // a knock-out the profile fails or lacks stays; one it meets in part is a weighted step, dropped if unneeded
    if (isDown(pack, ev0, m.rule)) continue;
    const gain = m.score! - (k > 0 ? moves[k - 1]!.score! : ev0.score);
    let j = order.length;
    order.push(k);
    gains.push(gain);
    while (j > 0 && gains[j - 1]! > gain) {
      order[j] = order[j - 1]!;
      gains[j] = gains[j - 1]!;
      j--;
    }
    order[j] = k;
    gains[j] = gain;
  }
  const last = moves.length - 1;
  // the usual plan: knock-outs and one weighted step, the last, which stays (below): nothing to try
  if (order.length === 0 || (shortcut && order.length === 1 && order[0] === last)) return moves;
  let kept = moves;
  // one copy of the profile, patched with each trial's moves and put back after (made once a step is dropped)
  let v: unknown[] | null = null;
  const slots = new Set<number>();
  for (const k of order) {
    // the last step was taken because the score before it fell short: with every other step kept, it stays
    if (shortcut && kept === moves && k === last) continue;
    const m = moves[k]!;
    const without: Move[] = [];
    for (const x of kept) if (x !== m) without.push(x);
    if (shortcut && kept === moves) {
      if (approvesWithout(pack, values, moves, m, search, threshold)) kept = without;
      continue;
    }
    v ??= values.slice();
    slots.clear();
    for (const x of without) {
      for (let k = 0; k < x.patch.slots.length; k++) {
        v[x.patch.slots[k]!] = x.patch.values[k];
        slots.add(x.patch.slots[k]!);
      }
    }
    const after = scoreOfChange(pack, ev0, v, slots, waivers, scratch);
    for (const slot of slots) v[slot] = values[slot];
    if (after.blockersDown === 0 && round1(after.score) >= threshold) kept = without;
  }
  return kept;
}

/**
 * Whether every move but `m` still approves, worked out from the search's last evaluation (every move taken) with
 * only m's fields set back as the other moves leave them: the same profile as the other moves applied to the
 * brand's, so the same statuses and the same sums, but only the rules reading m's fields evaluated again rather
 * than those of every move's (prune's first trials, where no step has been dropped yet). Assessing and planning
 * brands-20000 in one thread, both builds interleaved in one process: 47.0 -> 46.0 and 41.9 -> 39.9 µs a row.
 */
function approvesWithout(
  pack: CompiledPack,
  values: readonly unknown[],
  moves: readonly Move[],
  m: Move,
  search: Search,
  threshold: number,
): boolean {
  const { slots } = m.patch;
  const v = search.values;
  const saved = search.saved;
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j]!;
    // the last other move to set the slot gives its value, else the brand's own
    let x = values[slot];
    for (const other of moves) {
      if (other === m) continue;
      const at = other.patch.slots.indexOf(slot);
      if (at >= 0) x = other.patch.values[at];
    }
    saved[j] = v[slot];
    v[slot] = x;
  }
  const after = scoreOfChange(pack, search.ev, v, slots, search.waivers, search.scratch);
  restore(v, m.patch, saved);
  return after.blockersDown === 0 && round1(after.score) >= threshold;
}

/**
 * A fact is asked for once: when a later `provide` step asks for the same field as an earlier one (the first-year
 * budget for the minimum budget, then for the investment rule), the earlier step takes the later value, which
 * meets both, and the later step goes. The profile the plan ends at is the same, so are its score and verdict;
 * replay then gives every step its exact score. The moves themselves when nothing is merged.
 */
function askOnce(pack: CompiledPack, values: readonly unknown[], ev0: Evaluation, moves: Move[]): Move[] {
  const firstAsking = new Map<string, number>();
  const out: Move[] = [];
  for (const m of moves) {
    if (action(ev0, m.rule) !== 'provide') {
      out.push(m);
      continue;
    }
    const field = unknownField(pack.rules[m.rule]!, values);
    const at = firstAsking.get(field);
    if (at === undefined) {
      firstAsking.set(field, out.length);
      out.push(m);
      continue;
    }
    const earlier = out[at]!;
    const patch = new Patch();
    for (const [slot, x] of earlier.patch) patch.set(slot, x);
    for (const [slot, x] of m.patch) patch.set(slot, x);
    out[at] = { ...earlier, patch, score: null };
  }
  return out.length === moves.length ? moves : out;
}

/** Re-applies the kept moves in order so each step's gain and projected score are exact after pruning. */
function replay(
  pack: CompiledPack,
  values: unknown[],
  ev0: Evaluation,
  moves: Move[],
  unpruned: boolean,
  waivers: Waivers,
): PlanStep[] {
  // with no step pruned, the steps were taken in this order: their evaluations are the ones made then;
  // else one copy of the profile and of the evaluation, patched in place step by step
  const v = unpruned ? values : values.slice();
  let ev: Evaluation | null = null;
  let score = round1(ev0.score);
  const steps: PlanStep[] = [];
  for (const m of moves) {
    if (!unpruned) {
      const { slots, values: xs } = m.patch;
      for (let k = 0; k < slots.length; k++) v[slots[k]!] = xs[k];
      ev = evaluateChange(pack, ev ?? ev0, v, slots, waivers, false, ev !== null);
    }
    const next = round1(ev ? ev.score : m.score!);
    const rule = pack.rules[m.rule]!;
    const act = action(ev0, m.rule);
    const clears = isDown(pack, ev0, m.rule);
    steps.push(step(rule, clears, act, round1(next - score), next, target(m.patch), act === 'provide' ? values : null));
    score = next;
  }
  return steps;
}

/**
 * The field a `provide` step asks for: the rule's own when the profile lacks it, else another its check reads that
 * the profile lacks (no Tmall Partner signed, the China team unknown: the team), as the finding's message says.
 */
function unknownField(rule: CompiledRule, profile: readonly unknown[]): string {
  const unknown = (path: string): boolean => profile[FIELD_INDEX.get(path) ?? -1] == null;
  if (unknown(rule.field)) return rule.field;
  return rule.fields.find((path) => path !== rule.field && unknown(path)) ?? rule.field;
}

/**
 * blocker: to approve, whether the step clears a knock-out that fails or is unknown (one met with partial credit
 * blocks nothing, and raising it is a weighted step like any other); at risk, whether failing it would knock out
 */
function step(
  rule: CompiledRule,
  blocker: boolean,
  action: PlanStep['action'],
  gain: number,
  projectedScore: number,
  tgt: Record<string, unknown> | null,
  profile: readonly unknown[] | null,
): PlanStep {
  return {
    ruleId: rule.id,
    field: profile ? unknownField(rule, profile) : rule.field,
    // asking for a fact the brand has is little work, whatever meeting the rule would take: the rule's effort is
    // the effort of a change, and a step that only asks for the data is worded as one ("provide: ...")
    effort: action === 'provide' ? 'low' : rule.effort,
    blocker,
    action,
    gain,
    projectedScore,
    target: tgt,
  };
}

/**
 * For an approve: the passing rules whose failure alone would turn it down. Weighted rules worth more than the
 * margin come first (most points first), then the knock-outs (any one failing turns any brand down).
 */
function atRisk(pack: CompiledPack, ev: Evaluation, options: PlanOptions, margin: number): Plan {
  const score = round1(ev.score);
  const risks: { r: number; lost: number }[] = [];
  for (let r = 0; r < pack.rules.length; r++) {
    if (ev.status[r] !== 'pass' || ev.waived[r] !== null) continue;
    // failing keeps the rule applicable, so the score loses exactly the points it earns now
    const lost = ev.maxPoints[r]! * (ev.credit[r] ?? 0);
    const rule = pack.rules[r]!;
    if (rule.blocker || round1(ev.score - lost) < options.threshold) risks.push({ r, lost });
  }
  risks.sort(
    (a, b) => Number(pack.rules[a.r]!.blocker) - Number(pack.rules[b.r]!.blocker) || b.lost - a.lost || a.r - b.r,
  );
  const steps = risks
    .slice(0, options.maxAtRisk ?? 5)
    .map(({ r, lost }) =>
      step(pack.rules[r]!, pack.rules[r]!.blocker, 'change', round1(lost), round1(score - lost), null, null),
    );
  return { kind: 'at-risk', steps, reachable: true, margin };
}
