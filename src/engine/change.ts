// PURE: what changed for one brand since an earlier report (`--baseline previous.json`).
import type { Change, Result, Status, Verdict } from '../types.js';

/** The part of an earlier result the diff needs; an older report may carry less than today's Result. */
export interface BaselineResult {
  source: { file: string; row: number | null; document: number | null };
  brand: string | null;
  verdict: Verdict;
  score: number | null;
  findings: { ruleId: string; status: Status; waiver?: { expired: boolean } }[];
  /** v2: the ids of the rules met in full (the findings then list only what cost points) */
  passed?: readonly string[];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** A waived rule neither passes nor fails; an unknown value counts against the brand, as in the verdict. */
function state(f: { status: Status; waiver?: { expired: boolean } }): 'pass' | 'failing' | 'neutral' {
  if (f.waiver && !f.waiver.expired) return 'neutral';
  if (f.status === 'pass') return 'pass';
  if (f.status === 'fail' || f.status === 'missing') return 'failing';
  return 'neutral';
}

/**
 * Rules now passing that failed (or were unknown) before, rules now failing that passed or did not apply
 * before, and rules that failed before and now do not count (not applicable, or waived). A rule the earlier pack
 * did not have is none of these: it is not progress or a regression of the brand. Before, a profile that could not
 * be read: every rule failing now is newly failing (a verdict never moves while no criterion did).
 */
export function diffResults(
  before: BaselineResult,
  after: Pick<Result, 'score' | 'findings' | 'passed' | 'allFindings'>,
): Change {
  const earlier = new Map(before.findings.map((f) => [f.ruleId, state(f)]));
  for (const id of before.passed ?? []) if (!earlier.has(id)) earlier.set(id, 'pass');
  const newlyPassing: string[] = [];
  const newlyFailing: string[] = [];
  const noLongerCounted: string[] = [];
  // every rule of the pack: the engine's whole list, else (a result read back) the costly findings and the passed ids
  const rules = after.allFindings ?? [
    ...after.findings,
    ...after.passed.map((ruleId) => ({ ruleId, status: 'pass' as const })),
  ];
  // a profile the baseline could not read had no rule evaluated: each rule failing now fails for the first time,
  // whether the report names the pack's rules (json's pack.rules) or not (ndjson)
  const unread = before.verdict === 'error' ? 'neutral' : undefined;
  for (const f of rules) {
    const was = earlier.get(f.ruleId) ?? unread;
    if (was === undefined) continue;
    const now = state(f);
    if (now === 'pass' && was === 'failing') newlyPassing.push(f.ruleId);
    else if (now === 'failing' && was !== 'failing') newlyFailing.push(f.ruleId);
    else if (now === 'neutral' && was === 'failing') noLongerCounted.push(f.ruleId);
  }
  return {
    verdictBefore: before.verdict,
    scoreBefore: before.score,
    scoreDelta: before.score !== null && after.score !== null ? round1(after.score - before.score) : null,
    newlyPassing,
    newlyFailing,
    noLongerCounted,
  };
}

const key = (...parts: (string | number | null)[]): string => JSON.stringify(parts);

/**
 * Finds each brand's earlier result: same brand, file, row and document; else same brand and file (rows move
 * when a spreadsheet gains lines); else the same brand name alone when the baseline holds it once (a dossier
 * renamed or moved between the two runs).
 */
export class BaselineIndex {
  private readonly exact = new Map<string, BaselineResult>();
  private readonly byFile = new Map<string, BaselineResult | null>();
  private readonly byBrand = new Map<string, BaselineResult | null>();

  constructor(results: readonly BaselineResult[]) {
    for (const r of results) {
      if (r.brand === null) continue;
      this.exact.set(key(r.brand, r.source.file, r.source.row, r.source.document), r);
      const f = key(r.brand, r.source.file);
      // a name seen twice is ambiguous: null marks it so that neither copy is guessed
      this.byFile.set(f, this.byFile.has(f) ? null : r);
      this.byBrand.set(r.brand, this.byBrand.has(r.brand) ? null : r);
    }
  }

  get size(): number {
    return this.exact.size;
  }

  find(result: Pick<Result, 'brand' | 'source'>): BaselineResult | undefined {
    if (result.brand === null) return undefined;
    const { file, row, document } = result.source;
    return (
      this.exact.get(key(result.brand, file, row, document)) ??
      this.byFile.get(key(result.brand, file)) ??
      this.byBrand.get(result.brand) ??
      undefined
    );
  }
}
