// Convenience for library users: assess a profile given as plain data (as parsed from YAML or JSON), and get the
// result as `--format json` prints it (contract v2): findings that cost points with their messages, the ids of
// the rules passed, `decidedBy`, the reasons worded in `lang`.
import { assessProfile as assessInput, type AssessOptions } from './engine/assess.js';
import { UserError } from './errors.js';
import { validateProfileData } from './profile/validate.js';
import { planFor } from './engine/plan.js';
import { jsonResult, type FindingsMode, type JsonResult } from './report/json-shape.js';
import { wordsFor } from './report/words.js';
import type { CompiledPack } from './rules/types.js';
import type { Source } from './types.js';

export interface ProfileAssessOptions extends AssessOptions {
  source?: Source;
  /** unknown fields are errors rather than warnings */
  strict?: boolean;
  /** add the remediation plan (`result.plan`), as `assess` does for its text and json reports */
  plan?: boolean;
  /** `costly` (default): the findings that cost points; `all`: every rule as a finding with its texts (v1) */
  findings?: FindingsMode;
}

/**
 * Validates `profile` (nested data, e.g. from YAML), assesses it against `pack` and words the result in
 * `options.lang` (default English). Throws a UserError listing every problem when the profile is invalid.
 * For the engine's result as data (no words), use `assessInput` with a normalised profile.
 */
export function assessProfile(pack: CompiledPack, profile: unknown, options: ProfileAssessOptions = {}): JsonResult {
  const copy = structuredClone(profile);
  const lang = options.lang ?? 'en';
  const checked = validateProfileData(copy, { strict: options.strict ?? false, lang });
  const file = options.source?.file ?? '<profile>';
  const diagnostics = checked.problems.map((p) => ({
    severity: p.severity,
    file,
    ...(p.field ? { field: p.field } : {}),
    message: p.message,
  }));
  if (checked.values === null)
    throw new UserError(diagnostics.map((d) => `${file} ${d.field ?? ''}: ${d.message}`).join('\n'), diagnostics);
  const input = {
    source: options.source ?? { file, row: null, document: null },
    values: checked.values,
    waivers: checked.waivers,
    warnings: diagnostics,
  };
  const result = assessInput(pack, input, options);
  if (options.plan)
    result.plan = planFor(pack, input, { threshold: options.threshold ?? pack.threshold, today: options.today });
  return jsonResult(result, wordsFor(pack, lang), options.findings ?? 'costly');
}
