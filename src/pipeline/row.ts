// The one per-row function of the pipeline: a read item (a profile, or an error naming its file and row)
// becomes its result, assessed, explained (plan, change since a baseline) and located, with the lines it
// prints on stderr. The main thread and the worker threads both call it, so they give the same results.
import { assessProfile } from '../engine/assess.js';
import { unknownWaiverWarnings } from '../profile/waivers.js';
import { diagnosticLine } from '../errors.js';
import { forTerminal } from '../report/escape.js';
import { locateResult } from '../report/locate.js';
import { attachRow } from '../report/sheet.js';
import type { Diagnostic, Lang, ReadItem, Result } from '../types.js';
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

/** The stderr lines of diagnostics, as every command prints them (in the GCC form, see diagnosticLine). */
export function diagnosticLines(diagnostics: readonly Diagnostic[], lang: Lang = 'en'): string {
  let out = '';
  for (const d of diagnostics) out += `${forTerminal(diagnosticLine(d, lang))}\n`;
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
      // a plan or a change since a baseline reads the whole result. A brand past html's or markdown's --sections
      // gets neither and is only counted in the overview, which reads of it what a sheet result holds (the summary)
      sheet: !env.allFindings && (detailed ? env.formatter.needs === 'sheet' && env.explain === null : true),
    });
    const waiverWarnings = unknownWaiverWarnings(env.pack, item.profile, lang);
    if (waiverWarnings.length > 0) result.warnings = [...result.warnings, ...waiverWarnings];
    if (!env.setup.quiet && result.warnings.length > 0) log(diagnosticLines(result.warnings, env.setup.lang));
  }
  // csv and xlsx give the spreadsheet's own row back beside the verdict (never printed in json)
  attachRow(result, item.kind === 'error' ? item.row : item.profile.row);
  if (env.explain && detailed) env.explain(result, item.kind === 'profile' ? item.profile : null);
  if (env.formatter.locations) locateResult(result, item);
  return result;
}
