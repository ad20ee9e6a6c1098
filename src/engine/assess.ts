// PURE: evaluates one normalised profile against a compiled pack and decides. No fs, no process, no colour.
import type { CompiledPack, CompiledRule } from '../rules/types.js';
import {
  type CategoryScore,
  type DecidedBy,
  type Finding,
  type InputProfile,
  type Result,
  type Lang,
  type Status,
  type Waiver,
} from '../types.js';
import { FIELD_INDEX, FIELDS } from '../profile/fields.js';
import { fieldsOf } from '../rules/compile.js';

export interface AssessOptions {
  /** not read: findings are data, worded by the formats; accepted so one options object serves both */
  lang?: Lang;
  /** overrides the pack's threshold */
  threshold?: number;
  /** today's date as YYYY-MM-DD, for waiver expiry; injected so the engine stays pure and reproducible */
  today?: string;
}

/** The engine's own options beside AssessOptions (not the library's assessProfile's, which words every finding). */
export interface EngineOptions extends AssessOptions {
  /**
   * false: the result's `allFindings` is left undefined, and only the costly findings are made. For a caller
   * whose output never reads the met and not-applicable findings: they are three in five of a row's findings,
   * and half of what an assessment allocates (some 5 of its 11 KB). Default true.
   */
  allFindings?: boolean;
  /**
   * true: the result holds only what a spreadsheet row shows (Formatter.needs 'sheet'): see sheetResult. Ignored
   * with allFindings, and for a profile with waivers (assessed in full: rare, and a waiver changes what costs).
   */
  sheet?: boolean;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const BRAND_SLOT = FIELD_INDEX.get('brand.name')!;

/** The raw evaluation: status and credit of each rule, before any wording. Shared by assess and the planner. */
export interface Evaluation {
  status: Status[];
  credit: (number | null)[];
  maxPoints: number[];
  score: number;
  completeness: number;
  categoryEarned: number[];
  categoryMax: number[];
  blockerDown: boolean;
  waived: (Waiver | null)[];
  /** per category: the weight of its applicable rules, of those with known data, and what they earned */
  applicableWeight: number[];
  presentWeight: number[];
  earnedWeight: number[];
}

export type ActiveWaivers = Map<string, { waiver: Waiver; expired: boolean }>;

export function activeWaivers(waivers: readonly Waiver[], today: string | undefined): ActiveWaivers {
  const map = new Map<string, { waiver: Waiver; expired: boolean }>();
  for (const w of waivers) map.set(w.rule, { waiver: w, expired: !!(w.expires && today && w.expires < today) });
  return map;
}

/** One rule's status, credit and waiver on `values`, written into the evaluation's arrays at `r`. */
function evaluateRule(
  rule: CompiledRule,
  r: number,
  values: unknown[],
  waivers: ActiveWaivers | null,
  ev: Pick<Evaluation, 'status' | 'credit' | 'waived'>,
): void {
  ev.waived[r] = null;
  if (rule.applies !== null && rule.applies(values) === false) {
    ev.status[r] = 'not-applicable';
    ev.credit[r] = null;
    return;
  }
  const c = rule.credit(values);
  ev.credit[r] = c ?? null;
  ev.status[r] = c === undefined ? 'missing' : c >= 0.5 ? 'pass' : 'fail';
  const w = waivers?.get(rule.id);
  // a waived rule neither counts for nor against the brand (a partial pass is waived whole too)
  if (w && !w.expired && (c === undefined || c < 1)) ev.waived[r] = w.waiver;
}

const counts = (ev: Pick<Evaluation, 'status' | 'waived'>, r: number): boolean =>
  ev.status[r] !== 'not-applicable' && ev.waived[r] === null;

/**
 * The category sums, score, completeness and points from the rules' statuses. Category sums are added in rule
 * order, so that a re-evaluation of some categories (evaluateChange) gives the very same floating-point numbers.
 */
function addCategory(pack: CompiledPack, ci: number, ev: Evaluation): void {
  let applicable = 0;
  let present = 0;
  let earned = 0;
  for (const r of rulesOfCategory(pack)[ci]!) {
    if (!counts(ev, r)) continue;
    const rule = pack.rules[r]!;
    applicable += rule.weight;
    const c = ev.credit[r];
    if (c !== null && c !== undefined) {
      present += rule.weight;
      earned += rule.weight * c;
    }
  }
  ev.applicableWeight[ci] = applicable;
  ev.presentWeight[ci] = present;
  ev.earnedWeight[ci] = earned;
}

/** The pack's numbers that totals reads for every row, in typed arrays (a third of its time went to reaching them). */
interface PackNumbers {
  ruleCategory: Int32Array;
  ruleWeight: Float64Array;
  blocker: Uint8Array;
  /** the knock-outs' indexes */
  blockers: Int32Array;
  categoryWeight: Float64Array;
}
const packNumbers = perPack((pack): PackNumbers => ({
  ruleCategory: Int32Array.from(pack.rules, (r) => r.categoryIndex),
  ruleWeight: Float64Array.from(pack.rules, (r) => r.weight),
  blocker: Uint8Array.from(pack.rules, (r) => (r.blocker ? 1 : 0)),
  blockers: Int32Array.from(pack.rules.flatMap((rule, r) => (rule.blocker ? [r] : []))),
  categoryWeight: Float64Array.from(pack.categories, (c) => c.weight),
}));

/** The pack's rules' closures in arrays of their own, read by index in evaluateRow. */
interface PackChecks {
  applies: CompiledRule['applies'][];
  credits: CompiledRule['credit'][];
}
const packChecks = perPack((pack): PackChecks => ({
  applies: pack.rules.map((r) => r.applies),
  credits: pack.rules.map((r) => r.credit),
}));

/** Numbers by index, read and written: a plan's Evaluation holds arrays, the row evaluation typed arrays. */
type Numbers = { [index: number]: number; readonly length: number };

/**
 * The score and completeness from each category's applicable, earned and present rule weight: a category counts
 * with its weight when any of its rules applies, and the weights of those counted are scaled to 100. Writes each
 * category's points and maximum, the score and the completeness into `out`; returns the scale, which a rule's
 * points are worked out with. The one formula, for the row's evaluation and for a plan's.
 */
function scoreCategories(
  categoryWeight: Numbers,
  applicable: Numbers,
  earned: Numbers,
  present: Numbers,
  out: { categoryEarned: Numbers; categoryMax: Numbers; score: number; completeness: number },
): number {
  const nc = categoryWeight.length;
  let totalCategoryWeight = 0;
  for (let ci = 0; ci < nc; ci++) if (applicable[ci]! > 0) totalCategoryWeight += categoryWeight[ci]!;
  const scale = totalCategoryWeight > 0 ? 100 / totalCategoryWeight : 0;
  let score = 0;
  let completeness = 0;
  for (let ci = 0; ci < nc; ci++) {
    const a = applicable[ci]!;
    if (a === 0) {
      out.categoryEarned[ci] = 0;
      out.categoryMax[ci] = 0;
      continue;
    }
    const w = categoryWeight[ci]!;
    out.categoryMax[ci] = w;
    const categoryEarned = (w * earned[ci]!) / a;
    out.categoryEarned[ci] = categoryEarned;
    score += categoryEarned * scale;
    completeness += ((w * present[ci]!) / a) * scale;
  }
  out.score = score;
  out.completeness = completeness;
  return scale;
}

function totals(pack: CompiledPack, ev: Evaluation, withPoints: boolean): void {
  const { ruleCategory, ruleWeight, blocker, blockers, categoryWeight } = packNumbers(pack);
  const applicable = ev.applicableWeight;
  const scale = scoreCategories(categoryWeight, applicable, ev.earnedWeight, ev.presentWeight, ev);
  const { status, waived, maxPoints } = ev;
  let down = false;
  if (!withPoints) {
    // the planner's every call: the knock-outs down found among the knock-outs alone, not in a pass over every rule
    for (let k = 0; k < blockers.length && !down; k++) down = isDownIn(ev, blockers[k]!) === 1;
    ev.blockerDown = down;
    return;
  }
  // one pass over the rules: knock-outs down, and each rule's points
  for (let r = 0; r < ruleCategory.length; r++) {
    const counted = status[r] !== 'not-applicable' && waived[r] === null;
    if (counted && blocker[r] === 1 && status[r] !== 'pass') down = true;
    const a = applicable[ruleCategory[r]!]!;
    maxPoints[r] = counted && a > 0 ? ((categoryWeight[ruleCategory[r]!]! * ruleWeight[r]!) / a) * scale : 0;
  }
  ev.blockerDown = down;
}

const byCategory = new WeakMap<CompiledPack, number[][]>();
function rulesOfCategory(pack: CompiledPack): number[][] {
  let list = byCategory.get(pack);
  if (!list) {
    list = pack.categories.map(() => []);
    pack.rules.forEach((rule, r) => list![rule.categoryIndex]!.push(r));
    byCategory.set(pack, list);
  }
  return list;
}

const bySlot = new WeakMap<CompiledPack, Map<number, number[]>>();
/** The rules that read a field slot, in their check or their `when`. */
export function rulesReading(pack: CompiledPack, slot: number): readonly number[] {
  let map = bySlot.get(pack);
  if (!map) {
    map = new Map();
    pack.rules.forEach((rule, r) => {
      for (const path of new Set([...rule.fields, ...fieldsOf(rule.spec.when)])) {
        const i = FIELD_INDEX.get(path);
        if (i === undefined) continue;
        if (!map!.has(i)) map!.set(i, []);
        map!.get(i)!.push(r);
      }
    });
    bySlot.set(pack, map);
  }
  return map.get(slot) ?? [];
}

const catsBySlot = new WeakMap<CompiledPack, Map<number, number>>();
/** The categories of the rules that read a field slot, as bits (category index i is bit i; 31 and up share bit 31). */
export function categoriesReading(pack: CompiledPack, slot: number): number {
  let map = catsBySlot.get(pack);
  if (!map) catsBySlot.set(pack, (map = new Map()));
  let bits = map.get(slot);
  if (bits === undefined) {
    bits = 0;
    for (const r of rulesReading(pack, slot)) bits |= 1 << Math.min(31, pack.rules[r]!.categoryIndex);
    map.set(slot, bits);
  }
  return bits;
}

// Status codes of the row evaluation below, and the statuses they stand for.
const PASS = 0;
const FAIL = 1;
const MISSING = 2;
const NOT_APPLICABLE = 3;
const STATUS_OF: readonly Status[] = ['pass', 'fail', 'missing', 'not-applicable'];

/**
 * One row's evaluation in typed arrays, reused row after row (one per pack): what assessProfile reads, and what
 * `evaluate` copies into an Evaluation. Storing credits and points into plain arrays boxed every fractional
 * number and put each in the remembered set of an array long promoted; typed arrays hold them flat.
 */
class RowEvaluation {
  /** per rule: its status code, credit (for a pass or a fail), waived or not, and points */
  readonly code: Uint8Array;
  readonly credit: Float64Array;
  readonly waived: Uint8Array;
  readonly maxPoints: Float64Array;
  /** per category, as in Evaluation */
  readonly applicable: Float64Array;
  readonly present: Float64Array;
  readonly earned: Float64Array;
  readonly categoryEarned: Float64Array;
  readonly categoryMax: Float64Array;
  score = 0;
  completeness = 0;
  blockerDown = false;
  /** the failed and unknown rules' indexes and decisiveness, for assessProfile's sort */
  readonly order: Int32Array;
  readonly weight: Float64Array;
  /** the failed and unknown rules' indexes in the pack's order, kept by sheetResult while order is sorted */
  readonly open: Int32Array;
  /** for a sheet result, from sheetTallies: counts and decide's sums */
  openCount = 0;
  notApplicable = 0;
  knockedOut = false;
  openBlocker = false;
  unknown = 0;
  /** the profile and date assessProfile last evaluated here, null after any other evaluation (lastEvaluation) */
  input: object | null = null;
  today: string | undefined = undefined;
  /** the pack's typed numbers and closures, reached here rather than through a WeakMap lookup each per row */
  readonly numbers: PackNumbers;
  readonly checks: PackChecks;
  readonly ruleWeights: Float64Array;
  constructor(pack: CompiledPack) {
    const n = pack.rules.length;
    const nc = pack.categories.length;
    this.numbers = packNumbers(pack);
    this.checks = packChecks(pack);
    this.ruleWeights = ruleWeights(pack);
    this.code = new Uint8Array(n);
    this.credit = new Float64Array(n);
    this.waived = new Uint8Array(n);
    this.maxPoints = new Float64Array(n);
    this.applicable = new Float64Array(nc);
    this.present = new Float64Array(nc);
    this.earned = new Float64Array(nc);
    this.categoryEarned = new Float64Array(nc);
    this.categoryMax = new Float64Array(nc);
    this.order = new Int32Array(n);
    this.weight = new Float64Array(n);
    this.open = new Int32Array(n);
  }
}

/**
 * What `make` builds once per pack, looked up by pack: a batch asks with one pack for every row, so the last pack
 * and its value are kept beside the WeakMap, sparing its lookup (the one pack kept alive is the one in use).
 */
function perPack<T>(make: (pack: CompiledPack) => T): (pack: CompiledPack) => T {
  const made = new WeakMap<CompiledPack, T>();
  let lastPack: CompiledPack | null = null;
  let last: T | undefined;
  return (pack) => {
    if (pack === lastPack) return last!;
    let value = made.get(pack);
    if (value === undefined) made.set(pack, (value = make(pack)));
    lastPack = pack;
    last = value;
    return value;
  };
}

const rowEvaluation = perPack((pack) => new RowEvaluation(pack));

/**
 * Evaluates every rule of the pack on `values` into `e`: the same statuses, credits and waivers as
 * evaluateRule, the category sums added in rule order, and the same totals (the same operations in the same
 * order, so the same floating-point numbers as evaluateChange's; test/property/engine.test.ts holds them equal).
 */
function evaluateRow(
  pack: CompiledPack,
  values: unknown[],
  waivers: ActiveWaivers | null,
  e: RowEvaluation,
  allPoints = true,
): void {
  const rules = pack.rules;
  const n = rules.length;
  const { ruleCategory, ruleWeight, blocker, categoryWeight } = e.numbers;
  const { code, credit: creditOf, waived, maxPoints, applicable, present, earned } = e;
  // a loop, not fill: three builtin calls for a pack's few categories cost more than the stores
  for (let ci = 0; ci < applicable.length; ci++) {
    applicable[ci] = 0;
    present[ci] = 0;
    earned[ci] = 0;
  }
  const { applies, credits } = e.checks;
  for (let r = 0; r < n; r++) {
    waived[r] = 0;
    const when = applies[r]!;
    if (when !== null && when(values) === false) {
      code[r] = NOT_APPLICABLE;
      continue;
    }
    const c = credits[r]!(values);
    if (waivers !== null) {
      const w = waivers.get(rules[r]!.id);
      // a waived rule neither counts for nor against the brand (a partial pass is waived whole too)
      if (w && !w.expired && (c === undefined || c < 1)) waived[r] = 1;
    }
    const ci = ruleCategory[r]!;
    if (c === undefined) {
      code[r] = MISSING;
      if (waived[r] === 0) applicable[ci]! += ruleWeight[r]!;
      continue;
    }
    creditOf[r] = c;
    code[r] = c >= 0.5 ? PASS : FAIL;
    if (waived[r] === 1) continue;
    applicable[ci]! += ruleWeight[r]!;
    present[ci]! += ruleWeight[r]!;
    earned[ci]! += ruleWeight[r]! * c;
  }
  const scale = scoreCategories(categoryWeight, applicable, earned, present, e);
  if (!allPoints && waivers === null) {
    sheetTallies(e, scale);
    return;
  }
  let down = false;
  const weights = e.ruleWeights;
  for (let r = 0; r < n; r++) {
    const status = code[r]!;
    if (status === NOT_APPLICABLE || waived[r] !== 0) {
      maxPoints[r] = 0;
      continue;
    }
    if (status === PASS) {
      if (!allPoints) continue;
    } else if (blocker[r] === 1) down = true;
    const a = applicable[ruleCategory[r]!]!;
    // the product is the one totals() works out first, so the same double
    maxPoints[r] = a > 0 ? (weights[r]! / a) * scale : 0;
  }
  e.blockerDown = down;
}

/**
 * evaluateRow's last pass for a sheet result (no waivers, the met rules' points not worked out): each open rule's
 * points, and in the same pass decide's sums and the decisive rules' weights that sheetResult reads, so that it
 * walks the open rules only (some 20 of the pack's 58) rather than every rule once more.
 */
function sheetTallies(e: RowEvaluation, scale: number): void {
  const { ruleCategory, blocker } = e.numbers;
  const weights = e.ruleWeights;
  const { code, credit, maxPoints, applicable, order, weight, open } = e;
  let down = false;
  let notApplicable = 0;
  let count = 0;
  let knockedOut = false;
  let openBlocker = false;
  let unknown = 0;
  for (let r = 0; r < code.length; r++) {
    const status = code[r]!;
    if (status === NOT_APPLICABLE) {
      maxPoints[r] = 0;
      notApplicable++;
      continue;
    }
    if (status === PASS) continue;
    const a = applicable[ruleCategory[r]!]!;
    // the product is the one totals() works out first, so the same double
    const max = a > 0 ? (weights[r]! / a) * scale : 0;
    maxPoints[r] = max;
    const lost = status === FAIL ? max - max * credit[r]! : max;
    // decisiveness's sums, read from the typed blocker flags rather than the rule and a status string
    let w = lost;
    if (blocker[r] === 1) {
      down = true;
      openBlocker = true;
      if (status === FAIL) {
        knockedOut = true;
        w = 2000 + lost;
      } else w = 1000 + lost;
    }
    if (status === MISSING) unknown += max;
    open[count] = r;
    order[count] = r;
    weight[count++] = w;
  }
  e.blockerDown = down;
  e.notApplicable = notApplicable;
  e.openCount = count;
  e.knockedOut = knockedOut;
  e.openBlocker = openBlocker;
  e.unknown = unknown;
}

/** Per rule, its category's weight times its own: the numerator of its points (see totals). */
const weightsOf = new WeakMap<CompiledPack, Float64Array>();
function ruleWeights(pack: CompiledPack): Float64Array {
  let weights = weightsOf.get(pack);
  if (!weights) {
    const { ruleCategory, ruleWeight, categoryWeight } = packNumbers(pack);
    weights = Float64Array.from(ruleWeight, (w, r) => categoryWeight[ruleCategory[r]!]! * w);
    weightsOf.set(pack, weights);
  }
  return weights;
}

export function evaluate(pack: CompiledPack, values: unknown[], waivers: ActiveWaivers | null): Evaluation {
  const e = rowEvaluation(pack);
  evaluateRow(pack, values, waivers, e);
  e.input = null;
  return toEvaluation(pack, e, waivers);
}

/**
 * The Evaluation of `input` as assessProfile has just made it with this pack and date, or null when the pack has
 * evaluated anything since: the planner, called right after the row's assessment, then starts from it instead
 * of evaluating the profile a second time (a tenth of a plan). `waivers`: the active ones of `input` that day.
 */
export function lastEvaluation(
  pack: CompiledPack,
  input: object,
  today: string | undefined,
  waivers: ActiveWaivers | null,
): Evaluation | null {
  const e = rowEvaluation(pack);
  return e.input === input && e.today === today ? toEvaluation(pack, e, waivers) : null;
}

function toEvaluation(pack: CompiledPack, e: RowEvaluation, waivers: ActiveWaivers | null): Evaluation {
  const n = pack.rules.length;
  const nc = pack.categories.length;
  const ev: Evaluation = {
    status: new Array(n),
    credit: new Array(n),
    maxPoints: new Array(n),
    score: e.score,
    completeness: e.completeness,
    categoryEarned: new Array(nc),
    categoryMax: new Array(nc),
    blockerDown: e.blockerDown,
    waived: new Array(n),
    applicableWeight: new Array(nc),
    presentWeight: new Array(nc),
    earnedWeight: new Array(nc),
  };
  for (let r = 0; r < n; r++) {
    const code = e.code[r]!;
    ev.status[r] = STATUS_OF[code]!;
    ev.credit[r] = code === PASS || code === FAIL ? e.credit[r]! : null;
    ev.waived[r] = e.waived[r] === 1 ? waivers!.get(pack.rules[r]!.id)!.waiver : null;
    ev.maxPoints[r] = e.maxPoints[r]!;
  }
  for (let ci = 0; ci < nc; ci++) {
    ev.categoryEarned[ci] = e.categoryEarned[ci]!;
    ev.categoryMax[ci] = e.categoryMax[ci]!;
    ev.applicableWeight[ci] = e.applicable[ci]!;
    ev.presentWeight[ci] = e.present[ci]!;
    ev.earnedWeight[ci] = e.earned[ci]!;
  }
  return ev;
}

/**
 * The evaluation of `values`, which differ from those `base` was made from only in `slots`: only the rules that
 * read those slots are evaluated again, and only their categories summed again. Gives exactly what `evaluate`
 * gives (test/property/engine.test.ts holds it to that). `withPoints: false` leaves `maxPoints` as in `base`
 * (a caller that only compares scores, as the planner does for each candidate step). `inPlace`: `base` itself
 * is updated and returned, nothing copied (the planner's search, which keeps only the latest evaluation).
 */
export function evaluateChange(
  pack: CompiledPack,
  base: Evaluation,
  values: unknown[],
  slots: Iterable<number>,
  waivers: ActiveWaivers | null,
  withPoints = true,
  inPlace = false,
): Evaluation {
  const ev: Evaluation = inPlace
    ? base
    : {
        ...base,
        status: base.status.slice(),
        credit: base.credit.slice(),
        waived: base.waived.slice(),
        maxPoints: withPoints ? base.maxPoints.slice() : base.maxPoints,
        categoryEarned: base.categoryEarned.slice(),
        categoryMax: base.categoryMax.slice(),
        applicableWeight: base.applicableWeight.slice(),
        presentWeight: base.presentWeight.slice(),
        earnedWeight: base.earnedWeight.slice(),
      };
  const tables = changeTables(pack);
  const { categoryBit } = tables;
  const rules = pack.rules;
  let touched = 0;
  for (const slot of slots) {
    const readers = tables.readers[slot]!;
    for (let k = 0; k < readers.length; k++) {
      const r = readers[k]!;
      evaluateRule(rules[r]!, r, values, waivers, ev);
      touched |= categoryBit[r]!;
    }
  }
  for (let ci = 0; ci < pack.categories.length; ci++) if (ci >= 31 || touched & (1 << ci)) addCategory(pack, ci, ev);
  totals(pack, ev, withPoints);
  return ev;
}

/** Reused arrays for scoreOfChange: one per planner, so that trying a candidate step allocates nothing. */
export class ChangeScratch {
  readonly status: Status[] = [];
  readonly credit: (number | null)[] = [];
  readonly waived: (Waiver | null)[] = [];
  readonly mark: number[] = [];
  readonly applicable: number[] = [];
  readonly present: number[] = [];
  readonly earned: number[] = [];
  stamp = 0;
}

/**
 * What evaluateChange and scoreOfChange read of the pack for every candidate step, by index and in typed arrays,
 * rather than through the pack's objects and a WeakMap lookup or two for each (with the knock-outs' own list:
 * a plan, single thread, 40.2 -> 34.7 µs a row on brands-20000, medians of 41 alternated rounds).
 */
interface ChangeTables {
  /** per field slot: rulesReading */
  readers: (readonly number[])[];
  /** per rule: its category's bit, and its weight; the knock-outs' indexes */
  categoryBit: Int32Array;
  weight: Float64Array;
  blocker: Uint8Array;
  blockers: Int32Array;
  byCategory: number[][];
  categoryWeight: Float64Array;
}

// made once per pack, as rowEvaluation is: a batch plans with one pack
const changeTables = perPack((pack): ChangeTables => {
  const numbers = packNumbers(pack);
  return {
    readers: FIELDS.map((_, slot) => rulesReading(pack, slot)),
    categoryBit: Int32Array.from(pack.rules, (rule) => 1 << rule.categoryIndex),
    weight: numbers.ruleWeight,
    blocker: numbers.blocker,
    blockers: numbers.blockers,
    byCategory: rulesOfCategory(pack),
    categoryWeight: numbers.categoryWeight,
  };
});

/**
 * The score and the number of knock-outs down that `evaluateChange` would give, without making the evaluation:
 * what the planner compares candidate steps by. The same additions in the same order, so the same numbers.
 * `baseDown`: base's knock-outs down when the caller knows them (the planner's search does); only the rules
 * evaluated again are then counted, not every knock-out of the pack.
 */
export function scoreOfChange(
  pack: CompiledPack,
  base: Evaluation,
  values: unknown[],
  slots: Iterable<number>,
  waivers: ActiveWaivers | null,
  scratch: ChangeScratch,
  baseDown = -1,
): { score: number; blockersDown: number } {
  const tables = changeTables(pack);
  const { categoryBit, weight, categoryWeight, blocker } = tables;
  const rules = pack.rules;
  const stamp = ++scratch.stamp;
  const mark = scratch.mark;
  let touched = 0;
  // what the rules evaluated again change in the knock-outs down
  let downDelta = 0;
  for (const slot of slots) {
    const readers = tables.readers[slot]!;
    for (let k = 0; k < readers.length; k++) {
      const r = readers[k]!;
      if (mark[r] === stamp) continue;
      mark[r] = stamp;
      evaluateRule(rules[r]!, r, values, waivers, scratch);
      touched |= categoryBit[r]!;
      if (blocker[r] === 1) downDelta += isDownIn(scratch, r) - isDownIn(base, r);
    }
  }
  const nc = categoryWeight.length;
  const byCategory = tables.byCategory;
  for (let ci = 0; ci < nc; ci++) {
    if (ci < 31 && !(touched & (1 << ci))) {
      scratch.applicable[ci] = base.applicableWeight[ci]!;
      scratch.present[ci] = base.presentWeight[ci]!;
      scratch.earned[ci] = base.earnedWeight[ci]!;
      continue;
    }
    let applicable = 0;
    let present = 0;
    let earned = 0;
    const members = byCategory[ci]!;
    for (let k = 0; k < members.length; k++) {
      const r = members[k]!;
      const own = mark[r] === stamp;
      const status = own ? scratch.status[r] : base.status[r];
      const waived = own ? scratch.waived[r] : base.waived[r];
      if (status === 'not-applicable' || waived !== null) continue;
      const w = weight[r]!;
      applicable += w;
      const c = own ? scratch.credit[r] : base.credit[r];
      if (c !== null && c !== undefined) {
        present += w;
        earned += w * c;
      }
    }
    scratch.applicable[ci] = applicable;
    scratch.present[ci] = present;
    scratch.earned[ci] = earned;
  }
  let totalCategoryWeight = 0;
  for (let ci = 0; ci < nc; ci++) if (scratch.applicable[ci]! > 0) totalCategoryWeight += categoryWeight[ci]!;
  const scale = totalCategoryWeight > 0 ? 100 / totalCategoryWeight : 0;
  let score = 0;
  for (let ci = 0; ci < nc; ci++) {
    if (scratch.applicable[ci] === 0) continue;
    score += ((categoryWeight[ci]! * scratch.earned[ci]!) / scratch.applicable[ci]!) * scale;
  }
  if (baseDown >= 0) return { score, blockersDown: baseDown + downDelta };
  let down = 0;
  const blockers = tables.blockers;
  for (let k = 0; k < blockers.length; k++) {
    const r = blockers[k]!;
    if (mark[r] === stamp ? isDownIn(scratch, r) : isDownIn(base, r)) down++;
  }
  return { score, blockersDown: down };
}

/** 1 when knock-out rule r counts against the brand in these arrays (failed or unknown, not waived), else 0. */
export function isDownIn(ev: Pick<Evaluation, 'status' | 'waived'>, r: number): number {
  const status = ev.status[r];
  return ev.waived[r] === null && (status === 'fail' || status === 'missing') ? 1 : 0;
}

/** How much a finding decides the verdict: failed blockers, then missing blockers, then lost points. */
export function decisiveness(rule: CompiledRule, status: Status, lost: number): number {
  if (rule.blocker && status === 'fail') return 2000 + lost;
  if (rule.blocker && status === 'missing') return 1000 + lost;
  return lost;
}

/**
 * v2: what decided a verdict. A failed knock-out decides whatever the score. Otherwise a turn-down rests on
 * missing data when the score could reach the threshold were every unknown criterion (knock-outs included) met;
 * else the score decides, as it does for an approve.
 */
export function decide(
  pack: CompiledPack,
  ev: Evaluation,
  threshold: number,
): { verdict: 'approve' | 'turn-down'; decidedBy: DecidedBy; scoreIfComplete: number } {
  let knockedOut = false;
  let unknown = 0;
  for (let r = 0; r < pack.rules.length; r++) {
    if (!counts(ev, r)) continue;
    if (ev.status[r] === 'fail' && pack.rules[r]!.blocker) knockedOut = true;
    // an unknown rule met would earn its full points: the same category sums as the engine's, credit 1
    if (ev.status[r] === 'missing') unknown += ev.maxPoints[r]!;
  }
  return decision(ev.blockerDown, ev.score, knockedOut, unknown, threshold);
}

/** decide's verdict from its sums (assessProfile adds them up in its own pass over the rules). */
function decision(
  blockerDown: boolean,
  score: number,
  knockedOut: boolean,
  unknown: number,
  threshold: number,
): { verdict: 'approve' | 'turn-down'; decidedBy: DecidedBy; scoreIfComplete: number } {
  const scoreIfComplete = round1(score + unknown);
  if (!blockerDown && round1(score) >= threshold) return { verdict: 'approve', decidedBy: 'score', scoreIfComplete };
  if (knockedOut) return { verdict: 'turn-down', decidedBy: 'knock-out', scoreIfComplete };
  return { verdict: 'turn-down', decidedBy: scoreIfComplete >= threshold ? 'missing-data' : 'score', scoreIfComplete };
}

/**
 * The rule ids of `count` decisive findings, most decisive first, ties in the pack's order. An insertion sort
 * on the scratch keys (a pack's few dozen rules; Array.sort with a comparator was a sixth of a row's
 * assessment). Weights are then a total order, so any sort gives this order; a NaN weight (only from a
 * library caller's NaN value, which the validator refuses) goes through Array.sort as before.
 */
function decisiveIds(pack: CompiledPack, s: RowEvaluation, count: number): string[] {
  const { order, weight } = s;
  let nan = false;
  for (let j = 0; j < count; j++) if (weight[j] !== weight[j]) nan = true;
  if (nan) {
    const list: { index: number; weight: number }[] = [];
    for (let j = 0; j < count; j++) list.push({ index: order[j]!, weight: weight[j]! });
    list.sort((a, b) => b.weight - a.weight || a.index - b.index);
    return list.map((o) => pack.rules[o.index]!.id);
  }
  for (let j = 1; j < count; j++) {
    const w = weight[j]!;
    const r = order[j]!;
    let k = j - 1;
    // indexes were added in increasing order: stopping at an equal weight keeps the pack's order on ties
    while (k >= 0 && weight[k]! < w) {
      weight[k + 1] = weight[k]!;
      order[k + 1] = order[k]!;
      k--;
    }
    weight[k + 1] = w;
    order[k + 1] = r;
  }
  const ids: string[] = new Array(count);
  for (let j = 0; j < count; j++) ids[j] = pack.rules[order[j]!]!.id;
  return ids;
}

export function assessProfile(pack: CompiledPack, input: InputProfile, options: EngineOptions = {}): Result {
  const threshold = options.threshold ?? pack.threshold;
  const values = input.values;
  const waivers = input.waivers.length > 0 ? activeWaivers(input.waivers, options.today) : null;
  const e = rowEvaluation(pack);
  if (options.sheet === true && options.allFindings === false && waivers === null) {
    // the met rules' points are never read for a sheet: not worked out (a division each), so the evaluation is
    // no plan's to start from (lastEvaluation)
    evaluateRow(pack, values, waivers, e, false);
    e.input = null;
    return sheetResult(pack, input, e, threshold);
  }
  evaluateRow(pack, values, waivers, e);
  e.input = input;
  e.today = options.today;

  const rules = pack.rules;
  const n = rules.length;
  const all: Finding[] | undefined = options.allFindings === false ? undefined : new Array(n);
  const findings: Finding[] = [];
  const passed: string[] = [];
  let notApplicable = 0;
  let decisive = 0;
  // decide's sums, in its order
  let knockedOut = false;
  let unknown = 0;
  // a batch's usual rule is met in full or does not apply: with no waivers and no finding asked for it, it is only
  // named or counted (three in five rules of the bench's rows)
  const plain = all === undefined && waivers === null;
  for (let r = 0; r < n; r++) {
    const rule = rules[r]!;
    const code = e.code[r]!;
    if (plain) {
      if (code === NOT_APPLICABLE) {
        notApplicable++;
        continue;
      }
      if (code === PASS && e.credit[r] === 1) {
        passed.push(rule.id);
        continue;
      }
    }
    // a credit is known for a pass or a fail; kept as a plain number (a number-or-null boxed it on every rule)
    const known = code === PASS || code === FAIL;
    const credit = known ? e.credit[r]! : 0;
    const maxPoints = e.maxPoints[r]!;
    // a partly met rule costs points (its credit as findingOf rounds it)
    const shownCredit = credit === 1 || credit === 0 ? credit : Math.round(credit * 100) / 100;
    const points = known ? maxPoints * credit : 0;
    let waiver: { waiver: Waiver; expired: boolean } | undefined;
    if (waivers !== null) {
      const w = waivers.get(rule.id);
      if (w && (e.waived[r] === 1 || w.expired)) waiver = w;
    }
    const costly = waiver !== undefined || code === FAIL || code === MISSING || (code === PASS && shownCredit < 1);
    if (!costly) {
      if (code === NOT_APPLICABLE) notApplicable++;
      else passed.push(rule.id);
    }
    if (costly || all !== undefined) {
      const finding = findingOf(rule, code, credit, maxPoints, values);
      if (waiver !== undefined) {
        finding.waiver = {
          reason: waiver.waiver.reason,
          approvedBy: waiver.waiver.approvedBy,
          expires: waiver.waiver.expires ?? null,
          expired: waiver.expired,
        };
      }
      if (all !== undefined) all[r] = finding;
      if (costly) findings.push(finding);
    }
    if ((code === FAIL || code === MISSING) && e.waived[r] === 0) {
      if (code === FAIL && rule.blocker) knockedOut = true;
      // an unknown rule met would earn its full points: the same category sums as the engine's, credit 1
      if (code === MISSING) unknown += maxPoints;
      e.order[decisive] = r;
      e.weight[decisive++] = decisiveness(rule, STATUS_OF[code]!, maxPoints - points);
    }
  }

  const categories: CategoryScore[] = [];
  for (let ci = 0; ci < pack.categories.length; ci++) {
    const c = pack.categories[ci]!;
    if (e.categoryMax[ci]! > 0) categories.push({ id: c.id, score: round1(e.categoryEarned[ci]!), max: c.weight });
  }

  const brand = values[BRAND_SLOT];
  const verdict = decision(e.blockerDown, e.score, knockedOut, unknown, threshold);
  return {
    source: input.source,
    brand: typeof brand === 'string' ? brand : null,
    verdict: verdict.verdict,
    decidedBy: verdict.decidedBy,
    score: round1(e.score),
    threshold,
    completeness: round1(e.completeness),
    scoreIfComplete: verdict.scoreIfComplete,
    categories,
    findings,
    passed,
    notApplicable,
    decisive: decisiveIds(pack, e, decisive),
    allFindings: all,
    errors: [],
    warnings: input.warnings,
  };
}

/**
 * A rule's finding from its status code, credit (0 unless known: a pass or a fail) and points, as every result
 * has it (the waiver, if any, is added by the caller).
 */
function findingOf(
  rule: CompiledRule,
  code: number,
  credit: number,
  maxPoints: number,
  values: InputProfile['values'],
): Finding {
  const finding = plainFinding(rule, code, credit, maxPoints, values[rule.fieldIndex]);
  // only a failure's message quotes the table's number (words.ts): no lookup for the other statuses
  if (rule.required !== undefined && code === FAIL) {
    const required = rule.required(values);
    if (required !== undefined) finding.required = required;
  }
  return finding;
}

function plainFinding(rule: CompiledRule, code: number, credit: number, maxPoints: number, actual: unknown): Finding {
  const known = code === PASS || code === FAIL;
  const shownMax = round1(maxPoints);
  // credits of 0 and 1 (every boolean check) round to themselves, and a full credit's points are the maximum
  const shownCredit = credit === 1 || credit === 0 ? credit : Math.round(credit * 100) / 100;
  return {
    ruleId: rule.id,
    category: rule.category,
    status: STATUS_OF[code]!,
    blocker: rule.blocker,
    weight: rule.weight,
    points: credit === 1 ? shownMax : known ? round1(maxPoints * credit) : 0,
    maxPoints: shownMax,
    credit: known ? shownCredit : null,
    field: rule.field,
    actual: actual === undefined ? null : actual,
  };
}

/** How many reasons a spreadsheet row shows (src/report/sheet.ts, mainReasons). */
export const SHEET_REASONS = 3;

/**
 * The result of a profile without waivers for a spreadsheet row: the same verdict, scores and counts as the full
 * result, with only the findings it shows or the batch's summary counts, and `partial: 'sheet'`. A csv row shows
 * the knock-outs failed or unknown (every blocking finding that is not met is kept) and the first SHEET_REASONS
 * reasons (`decisive` is cut to those); the summary counts a turn-down's open knock-outs, or, when it has none
 * and the score decided, every open rule (all are kept then). `categories` and `passed` stay empty. The full
 * result made a Finding for each of some 22 costly rules of a bench row, and the passed list, the categories and
 * the sort of the 20 decisive ones; csv reads 6 to 9 findings of it.
 */
function sheetResult(pack: CompiledPack, input: InputProfile, e: RowEvaluation, threshold: number): Result {
  const rules = pack.rules;
  const { code, credit, maxPoints, open } = e;
  const { blocker } = e.numbers;
  // decide's sums and the decisive rules as assessProfile makes them (no rule is waived here): see sheetTallies
  const { notApplicable, knockedOut, openBlocker, unknown } = e;
  const decisive = e.openCount;
  const verdict = decision(e.blockerDown, e.score, knockedOut, unknown, threshold);
  const shown = firstDecisive(pack, e, decisive, SHEET_REASONS);
  const everyOpen = verdict.verdict === 'turn-down' && verdict.decidedBy !== 'missing-data' && !openBlocker;
  const values = input.values;
  const findings: Finding[] = [];
  // the open rules only, in the pack's order (firstDecisive reordered `order`)
  for (let j = 0; j < decisive; j++) {
    const r = open[j]!;
    const c = code[r]!;
    if (everyOpen || blocker[r] === 1 || shownAt(e, shown.length, r)) {
      const rule = rules[r]!;
      findings.push(findingOf(rule, c, c === FAIL ? credit[r]! : 0, maxPoints[r]!, values));
    }
  }
  const brand = values[BRAND_SLOT];
  return {
    source: input.source,
    brand: typeof brand === 'string' ? brand : null,
    verdict: verdict.verdict,
    decidedBy: verdict.decidedBy,
    score: round1(e.score),
    threshold,
    completeness: round1(e.completeness),
    scoreIfComplete: verdict.scoreIfComplete,
    categories: [],
    findings,
    passed: [],
    notApplicable,
    decisive: shown,
    errors: [],
    warnings: input.warnings,
    partial: 'sheet',
  };
}

/** Whether rule `r` is among the first `count` of the order firstDecisive left. */
function shownAt(e: RowEvaluation, count: number, r: number): boolean {
  for (let j = 0; j < count; j++) if (e.order[j] === r) return true;
  return false;
}

/**
 * The first `k` of decisiveIds' ids, left in the first `k` places of the scratch order: the best `k` kept in
 * order as the rules come (a later rule of equal weight goes after, as in decisiveIds' sort).
 */
function firstDecisive(pack: CompiledPack, s: RowEvaluation, count: number, k: number): string[] {
  const { order, weight } = s;
  for (let j = 0; j < count; j++) {
    if (weight[j] !== weight[j]) {
      const ids = decisiveIds(pack, s, count).slice(0, k);
      for (let i = 0; i < ids.length; i++) order[i] = pack.rules.findIndex((rule) => rule.id === ids[i]);
      return ids;
    }
  }
  let kept = 0;
  for (let j = 0; j < count; j++) {
    const w = weight[j]!;
    if (kept === k && !(w > weight[k - 1]!)) continue;
    const r = order[j]!;
    let at = kept < k ? kept++ : k - 1;
    while (at > 0 && weight[at - 1]! < w) {
      weight[at] = weight[at - 1]!;
      order[at] = order[at - 1]!;
      at--;
    }
    weight[at] = w;
    order[at] = r;
  }
  const ids: string[] = new Array(kept);
  for (let j = 0; j < kept; j++) ids[j] = pack.rules[order[j]!]!.id;
  return ids;
}
