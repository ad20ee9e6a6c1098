// What `assess` adds to each result for the people reading it: the remediation plan and the change since a
// baseline report. Kept out of the assess loop's file so that loop stays one call longer, not one screen.
import { planFor } from '../engine/plan.js';
import { diffResults } from '../engine/change.js';
import { loadBaseline } from '../io/baseline.js';
import type { CompiledPack } from '../rules/types.js';
import type { Format } from '../report/index.js';
import type { InputProfile, Lang, Result } from '../types.js';

/**
 * Formats a person reads get a plan by default; the machine formats meant for big batches (ndjson, csv, junit,
 * github, sarif) do not, because planning re-evaluates a profile once per candidate step (some milliseconds per
 * turn-down) and would slow a million-row run for output nobody reads there. `--plan` / `--no-plan` override.
 */
export const PLAN_BY_DEFAULT: ReadonlySet<Format> = new Set<Format>(['text', 'json', 'markdown', 'html']);

export interface ExplainOptions {
  format: Format;
  plan?: boolean;
  baseline?: string;
  quiet?: boolean;
}

export type Explainer = (result: Result, profile: InputProfile | null) => void;

/** null when there is nothing to add, so the hot loop pays one comparison. */
export function createExplainer(
  options: ExplainOptions,
  pack: CompiledPack,
  context: { threshold: number; lang: Lang; today: string },
): Explainer | null {
  const plan = options.plan ?? PLAN_BY_DEFAULT.has(options.format);
  const baseline = options.baseline ? loadBaseline(options.baseline) : null;
  if (baseline?.pack && !options.quiet && (baseline.pack.id !== pack.id || baseline.pack.version !== pack.version)) {
    process.stderr.write(
      `warning: ${options.baseline} was assessed with pack ${baseline.pack.id} ${baseline.pack.version}, this run uses ${pack.id} ${pack.version}: part of each change may come from the rules\n`,
    );
  }
  if (!plan && !baseline) return null;
  return (result, profile) => {
    if (plan && profile && result.verdict !== 'error') {
      // called right after the row's assessment (src/pipeline/row.ts), with the same pack and date
      const options = { threshold: context.threshold, lang: context.lang, today: context.today, assessed: true };
      result.plan = planFor(pack, profile, options);
    }
    const before = baseline?.index.find(result);
    if (before) result.change = diffResults(before, result);
  };
}
