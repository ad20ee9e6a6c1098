// The rule-pack data as written in YAML (after schema validation), and as compiled for the engine.
import type { Diagnostic, Effort, FieldValues, Localized } from '../types.js';

export type Scalar = string | number | boolean;

export interface Comparison {
  field: string;
  equals?: Scalar;
  'not-equals'?: Scalar;
  in?: Scalar[];
  'not-in'?: Scalar[];
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
  between?: [number, number];
  'contains-any'?: Scalar[];
  'contains-all'?: Scalar[];
  'min-items'?: number;
  'min-length'?: number;
  present?: boolean;
  matches?: string;
  /** the text is written in this script: `han` holds at least one Chinese character and no `?` or U+FFFD */
  script?: 'han';
  /**
   * Internal, never written in a pack: a match on a market table's key, made by the loader when it expands a
   * lookup. It reads like `in`, but names a fact about the brand that no plan should propose to change.
   */
  'key-in'?: Scalar[];
  /** with `key-in`: an unknown value matches too (the table's `*` rows hold for it) */
  'or-absent'?: boolean;
}

/** A numeric operand read from a market table: the value of `column` in the row the profile's keys select. */
export interface TableRef {
  table: string;
  column: string;
}

/** A comparison on a market table's column (for the row the profile's keys select) rather than on a field. */
export interface Lookup {
  /** a lookup compares a table's column, not a field (declared so code walking conditions can ask) */
  field?: never;
  table: string;
  column: string;
  equals?: Scalar;
  'not-equals'?: Scalar;
  in?: Scalar[];
  'not-in'?: Scalar[];
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

export type Condition = Comparison | Lookup | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export interface GradedCheck {
  field: string;
  map?: Record<string, number>;
  default?: number;
  ramp?: { from: number; to: number };
}

export type Check = Condition | GradedCheck;

export interface RuleSpec {
  id: string;
  category: string;
  title: Localized;
  weight: number;
  blocker?: boolean;
  effort: Effort;
  source: string;
  field?: string;
  when?: Condition;
  check: Check;
  expected: Localized;
  message: Localized;
  remedy: Localized;
  /** the routes to the store on which the rule applies (all of them when absent) */
  routes?: string[];
  /** when the rule's facts or cut-off were last checked (YYYY, YYYY-MM or YYYY-MM-DD) */
  asOf?: string;
  /** set by the loader when it expanded market-table lookups: the check and condition as written, for display */
  written?: { check: Check; when?: Condition };
}

export type RuleOverride = Partial<Omit<RuleSpec, 'id' | 'category'>> & { disabled?: boolean };

export interface CategorySpec {
  id: string;
  weight: number;
  title: Localized;
}

/**
 * A way into the store with its own gates (cross-border from an overseas company, general trade through a
 * Chinese subsidiary): a rule naming routes applies only where one of their conditions holds.
 */
export interface RouteSpec {
  id: string;
  title: Localized;
  when: Condition;
}

export type TableCell = string | number | boolean;

/** One row of a market table: key values (`*` for any other or unknown value), cells, source and date. */
export interface TableRow {
  key: TableCell[];
  source: string;
  asOf: string;
  note?: string;
  [column: string]: TableCell | TableCell[] | undefined;
}

export interface TableColumn {
  /** the column's values (an enum); absent for a numeric column */
  values?: string[];
  type?: 'number' | 'boolean';
}

/** Pack data a rule can look up: per category and segment, China's market maturity, crowding, entry cost... */
export interface TableSpec {
  id: string;
  title: Localized;
  /** profile fields (enum or boolean) whose values select a row, in order; the first row that matches wins */
  keys: string[];
  columns: Record<string, TableColumn>;
  rows: TableRow[];
}

export interface ManifestSpec {
  id: string;
  version: string;
  name: Localized;
  description?: Localized;
  /** the marketplace the pack is for, filled into `{marketplace}` in every rule text when the pack loads */
  marketplace?: Localized;
  routes?: RouteSpec[];
  extends?: string;
  /** only with extends may these two be left out: the parent's are inherited */
  threshold?: number;
  categories?: CategorySpec[];
  include?: string[];
  tests?: string[];
  overrides?: Record<string, RuleOverride>;
}

export interface TestCaseSpec {
  name: string;
  profile?: Record<string, unknown>;
  unset?: string[];
  expect: {
    verdict?: 'approve' | 'turn-down';
    rules?: Record<string, 'pass' | 'fail' | 'missing' | 'not-applicable'>;
    scoreAtLeast?: number;
    scoreAtMost?: number;
  };
}

export interface TestFileSpec {
  base?: Record<string, unknown>;
  cases: TestCaseSpec[];
}

/**
 * Where a test case was written (`file:line:column`), and each of its expectations (`verdict`, `scoreAtLeast`,
 * `scoreAtMost`, `rules.<id>`), so that `rules test` points at the line of a case that fails.
 */
export interface CaseLocation {
  at: string;
  expect: Record<string, string>;
}

/** Where a rule came from, for messages about it. */
export interface Origin {
  file: string;
  /** path inside the file, e.g. rules[3] */
  path: string;
  /**
   * where that is in the file (a rule's mapping, an override's key), for `rules show` to name as file:line:column;
   * found as the pack is read, so the built-in packs carry it precompiled. Absent for a pack not read from a file.
   */
  line?: number;
  column?: number;
}

/** A pack after extends, overrides and validation: plain data, serialisable (built-in packs are precompiled to it). */
export interface ResolvedPack {
  id: string;
  version: string;
  name: Localized;
  description?: Localized;
  threshold: number;
  categories: CategorySpec[];
  marketplace?: Localized;
  routes?: RouteSpec[];
  tables?: (TableSpec & { origin: Origin })[];
  rules: (RuleSpec & { origin: Origin })[];
  tests: { file: string; spec: TestFileSpec; locations?: CaseLocation[] }[];
  /** sha256 over the pack's files (and its parents'), hex */
  digest: string;
  /** the manifest file and the chain of packs it extends */
  files: string[];
  extendsChain: string[];
  /** what `rules validate` mentions without refusing the pack (its own rules' missing translations) */
  warnings?: Diagnostic[];
}

/** Tri-state: true, false, or undefined when the data needed is unknown. */
export type Tri = boolean | undefined;

export interface CompiledRule {
  readonly id: string;
  readonly category: string;
  readonly categoryIndex: number;
  readonly weight: number;
  readonly blocker: boolean;
  readonly effort: Effort;
  readonly source: string;
  readonly field: string;
  readonly fieldIndex: number;
  readonly fields: readonly string[];
  readonly title: Localized;
  readonly expected: Localized;
  readonly message: Localized;
  readonly remedy: Localized;
  readonly spec: RuleSpec;
  /** null when the rule always applies */
  readonly applies: ((values: FieldValues) => Tri) | null;
  /** credit 0..1, or undefined when the data is unknown */
  readonly credit: (values: FieldValues) => number | undefined;
  /**
   * For a check that compares its field to a number from a market table (`gte: { table, column }`): the number
   * the profile's row holds (a message's {required}), undefined where no row applies; absent for other rules
   */
  readonly required?: (values: FieldValues) => number | undefined;
}

export interface CompiledPack {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  readonly name: Localized;
  readonly description?: Localized;
  readonly threshold: number;
  readonly categories: readonly CategorySpec[];
  readonly rules: readonly CompiledRule[];
  readonly resolved: ResolvedPack;
}
