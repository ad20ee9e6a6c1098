// Compiles a resolved (validated) pack into closures over field slots. This is the hot path of a batch:
// each rule becomes one or two small functions reading `values[slot]`; no object walking, no string keys.
// Nothing from the pack is ever evaluated as code: conditions are data interpreted once, here.
import { FIELD_INDEX } from '../profile/fields.js';
import { keyDomain, tableComparison } from './expand.js';
import type { FieldValues } from '../types.js';
import type {
  Check,
  CompiledPack,
  CompiledRule,
  Condition,
  GradedCheck,
  ResolvedPack,
  RuleSpec,
  Scalar,
  Tri,
} from './types.js';
import { compilePackRegex } from './safe-regex.js';

type Predicate = (v: FieldValues) => Tri;

const HAN = /\p{Script=Han}/u;
const MANGLED = /[?\uFFFD]/u;

function slot(field: string): number {
  const i = FIELD_INDEX.get(field);
  // static checks run before compilation, so this only guards against misuse of the API
  if (i === undefined) throw new Error(`unknown field ${field}`);
  return i;
}

function isGraded(check: Check): check is GradedCheck {
  return 'map' in check || 'ramp' in check;
}

const listLength = (x: unknown): number | undefined => (Array.isArray(x) ? x.length : undefined);

/**
 * One comparison as a closure giving `yes`, `no`, or undefined when the field is unknown: true/false for
 * conditions, 1/0 for a boolean check's credit (so that a check made of one comparison is one call per row).
 */
function compileComparison<T>(c: Record<string, unknown>, yes: T, no: T): (v: FieldValues) => T | undefined {
  const i = slot(c.field as string);
  if ('present' in c) {
    const want = c.present as boolean;
    return (v) => ((v[i] !== undefined) === want ? yes : no);
  }
  if ('equals' in c) {
    const x = c.equals as Scalar;
    return (v) => (v[i] === undefined ? undefined : v[i] === x ? yes : no);
  }
  if ('not-equals' in c) {
    const x = c['not-equals'] as Scalar;
    return (v) => (v[i] === undefined ? undefined : v[i] !== x ? yes : no);
  }
  if ('in' in c) {
    const set = new Set(c.in as Scalar[]);
    return (v) => (v[i] === undefined ? undefined : set.has(v[i] as Scalar) ? yes : no);
  }
  if ('not-in' in c) {
    const set = new Set(c['not-in'] as Scalar[]);
    return (v) => (v[i] === undefined ? undefined : set.has(v[i] as Scalar) ? no : yes);
  }
  if ('gte' in c) {
    const n = c.gte as number;
    return (v) => (typeof v[i] === 'number' ? ((v[i] as number) >= n ? yes : no) : undefined);
  }
  if ('gt' in c) {
    const n = c.gt as number;
    return (v) => (typeof v[i] === 'number' ? ((v[i] as number) > n ? yes : no) : undefined);
  }
  if ('lte' in c) {
    const n = c.lte as number;
    return (v) => (typeof v[i] === 'number' ? ((v[i] as number) <= n ? yes : no) : undefined);
  }
  if ('lt' in c) {
    const n = c.lt as number;
    return (v) => (typeof v[i] === 'number' ? ((v[i] as number) < n ? yes : no) : undefined);
  }
  if ('between' in c) {
    const [lo, hi] = c.between as [number, number];
    return (v) =>
      typeof v[i] === 'number' ? ((v[i] as number) >= lo && (v[i] as number) <= hi ? yes : no) : undefined;
  }
  if ('contains-any' in c) {
    const wanted = c['contains-any'] as Scalar[];
    // loops rather than some/includes with a callback: a closure made on every row was a third of this check
    return (v) => {
      const list = v[i];
      if (!Array.isArray(list)) return undefined;
      for (let k = 0; k < wanted.length; k++) if (list.includes(wanted[k])) return yes;
      return no;
    };
  }
  if ('contains-all' in c) {
    const wanted = c['contains-all'] as Scalar[];
    return (v) => {
      const list = v[i];
      if (!Array.isArray(list)) return undefined;
      for (let k = 0; k < wanted.length; k++) if (!list.includes(wanted[k])) return no;
      return yes;
    };
  }
  if ('min-items' in c) {
    const n = c['min-items'] as number;
    return (v) => {
      const len = listLength(v[i]);
      return len === undefined ? undefined : len >= n ? yes : no;
    };
  }
  if ('min-length' in c) {
    const n = c['min-length'] as number;
    return (v) => (typeof v[i] === 'string' ? ((v[i] as string).trim().length >= n ? yes : no) : undefined);
  }
  if ('key-in' in c) {
    // a table's key: never unknown, since the table's `*` rows say what holds when the value is not known
    const set = new Set(c['key-in'] as Scalar[]);
    const orAbsent = c['or-absent'] === true;
    return (v) => ((v[i] === undefined ? orAbsent : set.has(v[i] as Scalar)) ? yes : no);
  }
  if ('script' in c) {
    // Chinese characters, and none of what a lossy export leaves in their place ("????", U+FFFD)
    return (v) =>
      typeof v[i] === 'string' ? (HAN.test(v[i] as string) && !MANGLED.test(v[i] as string) ? yes : no) : undefined;
  }
  if ('matches' in c) {
    // matched by RE2 in linear time, never by RegExp (see safe-regex.ts); a refused pattern failed the pack's load
    const re = compilePackRegex(c.matches as string);
    if ('refused' in re) throw new Error(`regular expression refused: ${re.refused}`);
    return (v) => (typeof v[i] === 'string' ? (re.test(v[i] as string) ? yes : no) : undefined);
  }
  throw new Error(`no operator in condition on ${String(c.field)}`);
}

const isComparison = (cond: Condition): boolean =>
  !('all' in cond || 'any' in cond || 'not' in cond || 'table' in cond);

/** Only matches on market-table keys (what the loader makes of a lookup): a fact about the brand, never unknown. */
function keysOnly(cond: Condition): boolean {
  if ('all' in cond) return cond.all.every(keysOnly);
  if ('any' in cond) return cond.any.every(keysOnly);
  if ('not' in cond) return keysOnly(cond.not);
  return 'key-in' in cond;
}

/**
 * The offset of a row's combination of key values in the table of every combination, for one list of key
 * fields; shared by every selector on those fields. Most of a pack's tables are keyed on the same fields (the
 * category, the segment), so a row asks the same question a dozen times: the last answer is kept with the
 * values it was for, and given again while a row holds the same values. It is a pure function of those values
 * (compared with ===, which agrees with the maps' lookups and never matches a NaN), so a memo that cannot go
 * stale, whichever rows or patched profiles ask in whatever order.
 */
class KeyIndex {
  readonly slots: number[];
  readonly sizes: number[];
  readonly domains: ReturnType<typeof keyDomain>[];
  readonly total: number;
  private readonly offsets: Map<unknown, number>[];
  private readonly absent: number[];
  private last0: unknown = NO_VALUE;
  private last1: unknown = NO_VALUE;
  private lastOffset = 0;

  constructor(fields: readonly string[]) {
    this.slots = fields.map(slot);
    this.domains = fields.map(keyDomain);
    this.sizes = this.domains.map((d) => d.length);
    const scales: number[] = [];
    let total = 1;
    for (const n of this.sizes) {
      scales.push(total);
      total *= n;
    }
    this.total = total;
    // keyDomain puts "unknown" last; a value outside the field's domain cannot reach here (profiles are
    // validated), and reads as unknown
    this.offsets = this.domains.map((d, f) => new Map(d.map((x, k) => [x, k * scales[f]!] as [unknown, number])));
    this.absent = this.sizes.map((n, f) => (n - 1) * scales[f]!);
  }

  /** one or two key fields are the common case: no loop over the fields */
  offsetOf(v: FieldValues): number {
    const slots = this.slots;
    if (slots.length === 1) {
      const x0 = v[slots[0]!];
      if (x0 === this.last0) return this.lastOffset;
      this.last0 = x0;
      return (this.lastOffset = this.offsets[0]!.get(x0) ?? this.absent[0]!);
    }
    if (slots.length === 2) {
      const x0 = v[slots[0]!];
      const x1 = v[slots[1]!];
      if (x0 === this.last0 && x1 === this.last1) return this.lastOffset;
      this.last0 = x0;
      this.last1 = x1;
      return (this.lastOffset =
        (this.offsets[0]!.get(x0) ?? this.absent[0]!) + (this.offsets[1]!.get(x1) ?? this.absent[1]!));
    }
    let n = 0;
    for (let f = 0; f < slots.length; f++) n += this.offsets[f]!.get(v[slots[f]!]) ?? this.absent[f]!;
    return n;
  }
}
const NO_VALUE = Symbol('no value yet');
const keyIndexes = new Map<string, KeyIndex>();
function keyIndex(fields: readonly string[]): KeyIndex {
  const key = fields.join('\n');
  let index = keyIndexes.get(key);
  if (!index) keyIndexes.set(key, (index = new KeyIndex(fields)));
  return index;
}

/**
 * Which of a few outcomes a combination of key values gives, read back with the combination's offset (see
 * KeyIndex: a table allows at most 10,000 combinations). Each combination is worked out by `classify` the
 * first time a row has it, not when the pack loads: working all of them out for every rule was a sixth of a
 * cold start, while a batch meets few combinations and a single profile one per rule. `classify` sees a row
 * holding only the key fields and returns an outcome 0..254.
 */
class KeySelector {
  private readonly index: KeyIndex;
  /** per combination: 0 not worked out yet, else its outcome + 1 */
  private readonly memo: Uint8Array;
  private readonly probe: unknown[] = new Array(FIELD_INDEX.size);
  constructor(
    private readonly classify: (probe: FieldValues) => number,
    fields: readonly string[],
  ) {
    this.index = keyIndex(fields);
    this.memo = new Uint8Array(this.index.total);
  }

  // a method of one class rather than a closure per table, so that the callers' one call site inlines it
  outcome(v: FieldValues): number {
    const n = this.index.offsetOf(v);
    const known = this.memo[n]!;
    return known === 0 ? this.workOut(n) : known - 1;
  }

  private workOut(n: number): number {
    const { slots, domains, sizes } = this.index;
    let rest = n;
    for (let f = 0; f < slots.length; f++) {
      const x = domains[f]![rest % sizes[f]!];
      this.probe[slots[f]!] = typeof x === 'symbol' ? undefined : x;
      rest = Math.floor(rest / sizes[f]!);
    }
    const outcome = this.classify(this.probe);
    this.memo[n] = outcome + 1;
    return outcome;
  }
}

/**
 * A condition made only of key matches: one lookup per row instead of a walk through the nested conditions an
 * expanded table becomes (never unknown: the table's `*` rows say what holds when a key is not known).
 */
function compileKeyTable(cond: Condition, fields: readonly string[]): Predicate {
  let plain: Predicate | undefined;
  const select = new KeySelector((probe) => ((plain ??= compilePlain(cond))(probe) === true ? 1 : 0), fields);
  return (v) => select.outcome(v) === 1;
}

const NUMERIC = ['gte', 'gt', 'lte', 'lt'] as const;

/**
 * What a comparison with a number read from a market table expands to (expand.ts): `any` of `all[field op x,
 * where]`, one part per distinct x, each `where` made of key matches saying which rows hold x. At most one
 * `where` holds for a brand (its keys select one row), so a lookup on the keys finds the part and its
 * comparison is the answer: one map lookup and one comparison instead of every part's walk. A combination where
 * two parts' `where` hold (not from expand.ts) is left to the plain walk. Undefined when not of that shape.
 */
function compileTableComparison(cond: Condition): Predicate | undefined {
  if (!('any' in cond) || cond.any.length < 2) return undefined;
  const comparisons: Predicate[] = [];
  const wheres: Condition[] = [];
  for (const part of cond.any) {
    if (!('all' in part) || part.all.length !== 2) return undefined;
    const [compare, where] = part.all as [Condition, Condition];
    const c = compare as unknown as Record<string, unknown>;
    if (!NUMERIC.some((op) => typeof c[op] === 'number') || !keysOnly(where)) return undefined;
    comparisons.push(compileComparison(c, true, false));
    wheres.push(where);
  }
  const keyFields: string[] = [];
  for (const where of wheres) fieldsOf(where, keyFields);
  if (wheres.length > 250 || !keyFields.every((f) => FIELD_INDEX.has(f))) return undefined;
  let tests: Predicate[] | undefined;
  let whole: Predicate | undefined;
  // the outcome: the one part whose `where` holds, NONE when none does, BOTH when more than one does
  const NONE = wheres.length;
  const BOTH = wheres.length + 1;
  const select = new KeySelector((probe) => {
    tests ??= wheres.map(compilePlain);
    let found = NONE;
    for (let i = 0; i < tests.length; i++) {
      if (tests[i]!(probe) !== true) continue;
      if (found !== NONE) return BOTH;
      found = i;
    }
    return found;
  }, keyFields);
  return (v) => {
    const part = select.outcome(v);
    if (part < NONE) return comparisons[part]!(v);
    if (part === NONE) return false;
    return (whole ??= compilePlain(cond))(v);
  };
}

export function compileCondition(cond: Condition): Predicate {
  if (!('key-in' in cond) && keysOnly(cond)) {
    const fields = fieldsOf(cond);
    if (fields.every((f) => FIELD_INDEX.has(f))) return compileKeyTable(cond, fields);
  }
  return compileTableComparison(cond) ?? compileGeneric(cond, compileCondition);
}

/** The condition as nested closures all the way down: what a key table works its combinations out with. */
export const compilePlain = (cond: Condition): Predicate => compileGeneric(cond, compilePlain);

function compileGeneric(cond: Condition, compileChild: (c: Condition) => Predicate): Predicate {
  if ('all' in cond) {
    const parts = cond.all.map(compileChild);
    return (v) => {
      let unknown = false;
      for (const p of parts) {
        const r = p(v);
        if (r === false) return false;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    };
  }
  if ('any' in cond) {
    const parts = cond.any.map(compileChild);
    return (v) => {
      let unknown = false;
      for (const p of parts) {
        const r = p(v);
        if (r === true) return true;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    };
  }
  if ('not' in cond) {
    const inner = compileChild(cond.not);
    return (v) => {
      const r = inner(v);
      return r === undefined ? undefined : !r;
    };
  }
  return compileComparison(cond as unknown as Record<string, unknown>, true, false);
}

function compileGraded(check: GradedCheck): (v: FieldValues) => number | undefined {
  const i = slot(check.field);
  if (check.map) {
    const credits = new Map<string, number>(Object.entries(check.map));
    const fallback = check.default ?? 0;
    return (v) => {
      const x = v[i];
      if (x === undefined) return undefined;
      return credits.get(String(x)) ?? fallback;
    };
  }
  const { from, to } = check.ramp!;
  const span = to - from;
  return (v) => {
    const raw = v[i];
    const x = typeof raw === 'number' ? raw : listLength(raw);
    if (x === undefined) return undefined;
    if (span === 0) return x >= to ? 1 : 0;
    const t = (x - from) / span;
    return t <= 0 ? 0 : t >= 1 ? 1 : t;
  };
}

export function compileCheck(check: Check): (v: FieldValues) => number | undefined {
  if (isGraded(check)) return compileGraded(check);
  if (isComparison(check)) return compileComparison(check as unknown as Record<string, unknown>, 1, 0);
  const pred = compileCondition(check);
  return (v) => {
    const r = pred(v);
    return r === undefined ? undefined : r ? 1 : 0;
  };
}

/** Every field a condition or check reads, in order of appearance. */
export function fieldsOf(node: Check | Condition | undefined, out: string[] = []): string[] {
  if (!node) return out;
  if ('all' in node) for (const c of node.all) fieldsOf(c, out);
  else if ('any' in node) for (const c of node.any) fieldsOf(c, out);
  else if ('not' in node) fieldsOf(node.not, out);
  else if ('table' in node) return out;
  else if (!out.includes(node.field)) out.push(node.field);
  return out;
}

/**
 * A check written as a comparison with a market table's number (`{ field, gte: { table, column } }`) was expanded
 * on load into one comparison per distinct number, each where the rows holding it apply (expandCondition): the
 * number the profile's row holds is that of the first part whose key match holds.
 */
function compileRequired(rule: RuleSpec): ((v: FieldValues) => number | undefined) | undefined {
  const op = tableComparison(rule.written?.check);
  if (!op) return undefined;
  const check = rule.check as Condition;
  const cases: { x: number; where: ((v: FieldValues) => boolean | undefined) | null }[] = [];
  for (const part of 'any' in check ? check.any : [check]) {
    const [compare, where] = 'all' in part ? part.all : [part];
    const x = (compare as unknown as Record<string, unknown>)[op];
    if (typeof x === 'number') cases.push({ x, where: where ? compileCondition(where) : null });
  }
  return (v) => {
    for (const c of cases) if (c.where === null || c.where(v) === true) return c.x;
    return undefined;
  };
}

function compileRule(rule: RuleSpec, categoryIndex: number): CompiledRule {
  const fields = fieldsOf(rule.check);
  const field = rule.field ?? fields[0]!;
  const required = compileRequired(rule);
  return {
    ...(required ? { required } : {}),
    id: rule.id,
    category: rule.category,
    categoryIndex,
    weight: rule.weight,
    blocker: rule.blocker === true,
    effort: rule.effort,
    source: rule.source,
    field,
    fieldIndex: slot(field),
    fields,
    title: rule.title,
    expected: rule.expected,
    message: rule.message,
    remedy: rule.remedy,
    spec: rule,
    applies: rule.when ? compileCondition(rule.when) : null,
    credit: compileCheck(rule.check),
  };
}

function holdsLookup(node: Check | Condition | undefined): boolean {
  if (!node) return false;
  if ('all' in node) return node.all.some(holdsLookup);
  if ('any' in node) return node.any.some(holdsLookup);
  if ('not' in node) return holdsLookup(node.not);
  if ('table' in node) return true;
  // a number read from a table: { field, gte: { table, column } }
  return tableComparison(node) !== undefined;
}

export function compilePack(pack: ResolvedPack): CompiledPack {
  // a rule still holding a market-table lookup was not loaded through load.ts (which expands them); checked by
  // walking the conditions (serialising every rule to look for one was a tenth of compiling the pack)
  for (const r of pack.rules) {
    if (holdsLookup(r.when) || holdsLookup(r.check)) throw new Error(`rule ${r.id} has an unexpanded table lookup`);
  }
  const categoryIndex = new Map(pack.categories.map((c, i) => [c.id, i]));
  return {
    id: pack.id,
    version: pack.version,
    digest: pack.digest,
    name: pack.name,
    ...(pack.description ? { description: pack.description } : {}),
    threshold: pack.threshold,
    categories: pack.categories,
    rules: pack.rules.map((r) => compileRule(r, categoryIndex.get(r.category)!)),
    resolved: pack,
  };
}
