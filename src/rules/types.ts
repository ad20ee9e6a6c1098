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
}

export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

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
}

export type RuleOverride = Partial<Omit<RuleSpec, 'id' | 'category'>> & { disabled?: boolean };

export interface CategorySpec {
  id: string;
  weight: number;
  title: Localized;
}

export interface ManifestSpec {
  id: string;
  version: string;
  name: Localized;
  description?: Localized;
  extends?: string;
  threshold: number;
  categories: CategorySpec[];
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

/** Where a rule came from, for messages about it. */
export interface Origin {
  file: string;
  /** path inside the file, e.g. rules[3] */
  path: string;
}

/** A pack after extends, overrides and validation: plain data, serialisable (built-in packs are precompiled to it). */
export interface ResolvedPack {
  id: string;
  version: string;
  name: Localized;
  description?: Localized;
  threshold: number;
  categories: CategorySpec[];
  rules: (RuleSpec & { origin: Origin })[];
  tests: { file: string; spec: TestFileSpec }[];
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
