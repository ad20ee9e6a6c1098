// The one per-row function of the pipeline: a read item (a profile, or an error naming its file and row)
// becomes its result, assessed, explained (plan, change since a baseline) and located, with the lines it
// prints on stderr. The main thread and the worker threads both call it, so they give the same results.
import { assessProfile } from '../engine/assess.js';
import { formatDiagnosticIn } from '../errors.js';
import { forTerminal } from '../report/escape.js';
import { locateResult } from '../report/locate.js';
import { attachRow } from '../report/sheet.js';
import type { Diagnostic, Lang, ReadItem, Result } from '../types.js';
import type { CompiledPack } from '../rules/types.js';
import type { RowEnv } from './setup.js';

export function errorResult(item: ReadItem & { kind: 'error' }, threshold: number): Result {
  return {
    source: item.source,
    brand: item.brand,
    verdict: 'error',
    decidedBy: null,
    score: null,
    threshold,
    completeness: null,
    scoreIfComplete: null,
    categories: [],
    findings: [],
    passed: [],
    notApplicable: 0,
    decisive: [],
    errors: item.errors.filter((e) => e.severity === 'error'),
    warnings: item.errors.filter((e) => e.severity === 'warning'),
  };
}

/** The stderr lines of diagnostics, as every command prints them. */
export function diagnosticLines(diagnostics: readonly Diagnostic[], lang: Lang = 'en'): string {
  let out = '';
  for (const d of diagnostics)
    out += `${d.severity === 'warning' ? 'warning' : 'error'}: ${forTerminal(formatDiagnosticIn(d, lang))}\n`;
  return out;
}

/**
 * `detailed`: false for a brand the report does not detail (past html's or markdown's --sections), which then
 * needs no plan, the costly part. `log` takes the row's stderr lines.
 */
export function assessItem(env: RowEnv, item: ReadItem, detailed: boolean, log: (lines: string) => void): Result {
  let result: Result;
  if (item.kind === 'error') {
    log(diagnosticLines(item.errors, env.setup.lang));
    result = errorResult(item, env.threshold);
  } else {
    const { lang, today } = env.setup;
    result = assessProfile(env.pack, item.profile, {
      lang,
      threshold: env.threshold,
      today,
      // a brand past html's or markdown's --sections is only counted in the overview: what it meets is not shown
      allFindings: env.allFindings || (env.listsMet && detailed),
    });
    if (!env.setup.quiet && result.warnings.length > 0) log(diagnosticLines(result.warnings, env.setup.lang));
  }
  // csv and xlsx give the spreadsheet's own row back beside the verdict (never printed in json)
  attachRow(result, item.kind === 'error' ? item.row : item.profile.row);
  if (env.explain && detailed) env.explain(result, item.kind === 'profile' ? item.profile : null);
  if (env.formatter.locations) locateResult(result, item);
  return result;
}

/**
 * What the batch's summary reads of a result (SummaryBuilder.add), small enough to send back from a worker
 * with every result of a slice (whose words the formatter has already turned into bytes): cloning whole
 * results cost the worker a sixth of its time. `open`: the pack's indices of the rules the brand failed or left
 * unknown (not waived), for a turn-down.
 */
export interface Tally {
  brand: string | null;
  verdict: Result['verdict'];
  decidedBy: Result['decidedBy'];
  score: number | null;
  open: number[];
}

export function tally(result: Result, ruleIndex: ReadonlyMap<string, number>): Tally {
  const open: number[] = [];
  // the summary counts the rules of the other turn-downs only (SummaryBuilder.add)
  if (result.verdict === 'turn-down' && result.decidedBy !== 'missing-data') {
    for (const f of result.findings) {
      if ((f.status === 'fail' || f.status === 'missing') && (!f.waiver || f.waiver.expired))
        open.push(ruleIndex.get(f.ruleId)!);
    }
  }
  return { brand: result.brand, verdict: result.verdict, decidedBy: result.decidedBy, score: result.score, open };
}

/** each rule of a pack as a failed finding, made once: the summary reads only its id, status and blocker */
const failedOf = new WeakMap<CompiledPack, Result['findings']>();

/** The tally as the summary takes it: a result with only what SummaryBuilder.add reads. */
export function fromTally(t: Tally, pack: CompiledPack, threshold: number): Result {
  let failed = failedOf.get(pack);
  if (!failed) {
    failed = pack.rules.map(
      (rule) => ({ ruleId: rule.id, status: 'fail', blocker: rule.blocker }) as Result['findings'][number],
    );
    failedOf.set(pack, failed);
  }
  return {
    source: { file: '', row: null, document: null },
    brand: t.brand,
    verdict: t.verdict,
    decidedBy: t.decidedBy,
    score: t.score,
    threshold,
    completeness: null,
    scoreIfComplete: null,
    categories: [],
    findings: t.open.map((i) => failed[i]!),
    passed: [],
    notApplicable: 0,
    decisive: [],
    errors: [],
    warnings: [],
  };
}
