// The shape of a result in json and ndjson: which findings carry the rule's own text (see FindingsMode).
// The text, markdown and html reports read the full findings in memory; only what is printed as JSON is cut.
import type { Finding, Result } from '../types.js';

/**
 * How much of the rule's own text a finding carries in json and ndjson. `compact` (the default): the findings
 * that cost the brand something (failed, unknown, partly met, waived) carry it all (expected, title, message,
 * remedy, effort, source), while a rule met in full or not applicable keeps its numbers, its value and its
 * title as message, with an empty remedy: the rest is the pack's, the same in every result (`rules show`),
 * and was two thirds of a result's bytes. `full`: every finding carries everything.
 */
export type FindingsMode = 'compact' | 'full';
export const FINDINGS_MODES: readonly FindingsMode[] = ['compact', 'full'];

/** A finding as compact mode prints a rule met in full or not applicable (remedy empty). */
export type CompactFinding = Pick<Finding, 'ruleId' | 'category' | 'status' | 'blocker' | 'weight' | 'points' | 'maxPoints' | 'credit' | 'field' | 'actual' | 'message' | 'remedy'>;

/** A finding with nothing to act on: met in full (credit 1 as printed) or not applicable, and not waived. */
export function isSettled(f: Pick<Finding, 'status' | 'credit' | 'waiver'>): boolean {
  return (f.status === 'not-applicable' || (f.status === 'pass' && f.credit === 1)) && f.waiver === undefined;
}

/** The finding as json and ndjson print it (see FindingsMode); key order is the Finding's. */
export function jsonFinding(f: Finding, mode: FindingsMode): Finding | CompactFinding {
  if (mode === 'full' || !isSettled(f)) return f;
  return { ruleId: f.ruleId, category: f.category, status: f.status, blocker: f.blocker, weight: f.weight, points: f.points, maxPoints: f.maxPoints, credit: f.credit, field: f.field, actual: f.actual, message: f.message, remedy: '' };
}

/** The result as json and ndjson print it: the same object, its findings as `mode` says. */
export function jsonResult(result: Result, mode: FindingsMode): Result | (Omit<Result, 'findings'> & { findings: (Finding | CompactFinding)[] }) {
  if (mode === 'full' || result.findings.length === 0) return result;
  return { ...result, findings: result.findings.map((f) => jsonFinding(f, mode)) };
}
