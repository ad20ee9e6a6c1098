// The shape of a result in json and ndjson (contract v2, section 3), built key by key: the engine's data with the
// words json shows (each finding's message, the reasons), in the report's language. A rule's own texts (title,
// expected, remedy, source) are the pack's: json prints them once, in `pack.rules`, not in every result.
import type { Finding, Result } from '../types.js';
import type { Words } from './words.js';

/**
 * Which findings json and ndjson list. `costly` (the default): those that cost points (failed, unknown, partly
 * met, waived), each with its message; the rules met in full are `passed` ids, the others counted in
 * `notApplicable`. `all`: every rule as a finding with its words, as v1 printed them. `full` is v1's name of `all`.
 */
export type FindingsMode = 'costly' | 'all';
export const FINDINGS_MODES: readonly string[] = ['costly', 'all', 'full'];

/** `--findings` as given: `full` (v1) is `all`. */
export function findingsMode(value: string | undefined): FindingsMode {
  return value === 'all' || value === 'full' ? 'all' : 'costly';
}

export interface JsonFinding {
  ruleId: string;
  category: string;
  status: Finding['status'];
  blocker: boolean;
  weight: number;
  points: number;
  maxPoints: number;
  /** `all` only (v1's shape): points / maxPoints, null when unknown; `costly` findings have points and maxPoints */
  credit?: number | null;
  field: string;
  actual: unknown;
  message: string;
  expected?: string;
  title?: string;
  remedy?: string;
  effort?: string;
  source?: string;
  waiver?: Finding['waiver'];
}

/**
 * The finding as json prints it: its data and its message; with `all`, the rule's texts and the credit too
 * (v1's shape). A costly finding leaves `credit` out: it is points / maxPoints, and every result of a batch
 * would repeat it for each finding.
 */
export function jsonFinding(f: Finding, words: Words, mode: FindingsMode): JsonFinding {
  return findingShape(f, words, mode, words.message(f));
}

function findingShape(f: Finding, words: Words, mode: FindingsMode, message: string): JsonFinding {
  let out: JsonFinding;
  if (mode === 'all') {
    const rule = words.rule(f.ruleId);
    out = {
      ruleId: f.ruleId,
      category: f.category,
      status: f.status,
      blocker: f.blocker,
      weight: f.weight,
      points: f.points,
      maxPoints: f.maxPoints,
      credit: f.credit,
      field: f.field,
      actual: f.actual,
      message,
      expected: rule.expected,
      title: rule.title,
      remedy: rule.remedy,
      effort: rule.effort,
      source: rule.source,
    };
  } else {
    out = {
      ruleId: f.ruleId,
      category: f.category,
      status: f.status,
      blocker: f.blocker,
      weight: f.weight,
      points: f.points,
      maxPoints: f.maxPoints,
      field: f.field,
      actual: f.actual,
      message,
    };
  }
  if (f.waiver) out.waiver = f.waiver;
  return out;
}

/** A result as json and ndjson print it (contract v2, section 3). */
export interface JsonResult {
  source: Result['source'];
  brand: string | null;
  verdict: Result['verdict'];
  decidedBy: Result['decidedBy'];
  score: number | null;
  threshold: number;
  completeness: number | null;
  scoreIfComplete: number | null;
  categories: Result['categories'];
  findings: JsonFinding[];
  passed: string[];
  notApplicable: number;
  /** the messages of the failed and unknown findings, most decisive first */
  reasons: string[];
  errors: Result['errors'];
  warnings: Result['warnings'];
  plan?: Result['plan'];
  change?: Result['change'];
}

/** Per Words: where each rule's finding is in the result being shaped (its `stamp` is the result's number). */
interface ReasonScratch {
  readonly stamp: Float64Array;
  readonly position: Int32Array;
  current: number;
}

const scratches = new WeakMap<Words, ReasonScratch>();
function reasonScratch(words: Words): ReasonScratch {
  let scratch = scratches.get(words);
  if (!scratch) {
    const n = words.ruleCount;
    scratches.set(words, (scratch = { stamp: new Float64Array(n), position: new Int32Array(n), current: 0 }));
  }
  return scratch;
}

/** The message of the finding of rule `id` among `worded` (an id no rule of the pack has), else its title. */
function reasonOf(id: string, worded: readonly JsonFinding[], words: Words): string {
  for (const f of worded) if (f.ruleId === id) return f.message;
  return words.title(id);
}

/** The result as json and ndjson print it; key order is the contract's. The spreadsheet row is never printed. */
export function jsonResult(result: Result, words: Words, mode: FindingsMode): JsonResult {
  const findings = mode === 'all' && result.allFindings ? result.allFindings : result.findings;
  const worded: JsonFinding[] = new Array(findings.length);
  const scratch = reasonScratch(words);
  const { stamp, position } = scratch;
  const current = ++scratch.current;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    const index = words.indexOf(f.ruleId);
    if (index < 0) {
      worded[i] = jsonFinding(f, words, mode);
      continue;
    }
    worded[i] = findingShape(f, words, mode, words.messageAt(index, f));
    stamp[index] = current;
    position[index] = i;
  }
  // the reasons are messages of these findings, each filled once, found by its rule's index: scanning the
  // findings for each reason's id was a fifth of a line's object
  const decisive = result.decisive;
  const reasons: string[] = new Array(decisive.length);
  for (let j = 0; j < decisive.length; j++) {
    const id = decisive[j]!;
    const index = words.indexOf(id);
    reasons[j] =
      index >= 0 && stamp[index] === current ? worded[position[index]!]!.message : reasonOf(id, worded, words);
  }
  const out: JsonResult = {
    source: result.source,
    brand: result.brand,
    verdict: result.verdict,
    decidedBy: result.decidedBy,
    score: result.score,
    threshold: result.threshold,
    completeness: result.completeness,
    scoreIfComplete: result.scoreIfComplete,
    categories: result.categories,
    findings: worded,
    passed: result.passed,
    notApplicable: result.notApplicable,
    reasons,
    errors: result.errors,
    warnings: result.warnings,
  };
  if (result.plan) out.plan = result.plan;
  if (result.change) out.change = result.change;
  return out;
}
