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
      // a plan or a change since a baseline reads the whole result
      sheet: env.formatter.needs === 'sheet' && env.explain === null && !env.allFindings,
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
 * What the batch's summary reads of a slice's results (SummaryBuilder.add), sent back from a worker with the
 * slice's bytes (whose words the formatter has already made): cloning whole results cost the worker a sixth of
 * its time, and an object per result (brand, verdict, score, the rules it failed) still cost a structured clone
 * of some 110 objects a slice and as many results made again on the main thread. So they are packed: the brands
 * in order, and per result in `words` its verdict, what decided it, its score (NaN: none), the count of its open
 * rules and their indices in the pack (the rules a turn-down failed or left unknown, not waived).
 */
export interface Tallies {
  brands: (string | null)[];
  words: Float64Array;
}

/** the codes of verdicts and of what decided them in Tallies.words (TallyWriter.add writes them) */
const VERDICTS: readonly Result['verdict'][] = ['approve', 'turn-down', 'error'];
const DECIDED_BY: readonly Result['decidedBy'][] = [null, 'knock-out', 'score', 'missing-data'];

/** Packs the tallies of a slice's results, one result at a time. */
export class TallyWriter {
  private readonly brands: (string | null)[] = [];
  private words = new Float64Array(1024);
  private length = 0;

  constructor(private readonly ruleIndex: ReadonlyMap<string, number>) {}

  add(result: Result): void {
    const { findings } = result;
    // at most four words and one a finding
    if (this.words.length - this.length < 4 + findings.length) {
      const bigger = new Float64Array(Math.max(this.words.length * 2, this.length + 4 + findings.length));
      bigger.set(this.words.subarray(0, this.length));
      this.words = bigger;
    }
    const w = this.words;
    let at = this.length;
    this.brands.push(result.brand);
    const { verdict, decidedBy } = result;
    w[at++] = verdict === 'approve' ? 0 : verdict === 'turn-down' ? 1 : 2;
    w[at++] = decidedBy === null ? 0 : decidedBy === 'knock-out' ? 1 : decidedBy === 'score' ? 2 : 3;
    w[at++] = result.score ?? NaN;
    const count = at++;
    let open = 0;
    // the summary counts the rules of the other turn-downs only (SummaryBuilder.add)
    if (result.verdict === 'turn-down' && result.decidedBy !== 'missing-data') {
      for (const f of findings) {
        if ((f.status === 'fail' || f.status === 'missing') && (!f.waiver || f.waiver.expired)) {
          w[at++] = this.ruleIndex.get(f.ruleId)!;
          open++;
        }
      }
    }
    w[count] = open;
    this.length = at;
  }

  /** The slice's tallies; the writer is not used after. */
  done(): Tallies {
    return { brands: this.brands, words: this.words.slice(0, this.length) };
  }
}

/** each rule of a pack as a failed finding, made once: the summary reads only its id, status and blocker */
const failedOf = new WeakMap<CompiledPack, Result['findings']>();

/**
 * Gives each packed result to `add` as a result with only what SummaryBuilder.add reads. The same object each
 * time: the summary keeps none of it.
 */
export function eachTally(tallies: Tallies, pack: CompiledPack, threshold: number, add: (r: Result) => void): void {
  let failed = failedOf.get(pack);
  if (!failed) {
    failed = pack.rules.map(
      (rule) => ({ ruleId: rule.id, status: 'fail', blocker: rule.blocker }) as Result['findings'][number],
    );
    failedOf.set(pack, failed);
  }
  const findings: Result['findings'] = [];
  const result: Result = {
    source: { file: '', row: null, document: null },
    brand: null,
    verdict: 'error',
    decidedBy: null,
    score: null,
    threshold,
    completeness: null,
    scoreIfComplete: null,
    categories: [],
    findings,
    passed: [],
    notApplicable: 0,
    decisive: [],
    errors: [],
    warnings: [],
  };
  const { brands, words } = tallies;
  for (let i = 0, at = 0; i < brands.length; i++) {
    result.brand = brands[i]!;
    result.verdict = VERDICTS[words[at++]!]!;
    result.decidedBy = DECIDED_BY[words[at++]!]!;
    const score = words[at++]!;
    result.score = Number.isNaN(score) ? null : score;
    const open = words[at++]!;
    findings.length = 0;
    for (let k = 0; k < open; k++) findings.push(failed[words[at++]!]!);
    add(result);
  }
}
