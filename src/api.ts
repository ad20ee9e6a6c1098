// Convenience for library users: assess a profile given as plain data (as parsed from YAML or JSON).
import { assessProfile as assessInput, type AssessOptions } from './engine/assess.js';
import { UserError } from './errors.js';
import { validateProfileData } from './profile/validate.js';
import { planFor } from './engine/plan.js';
import type { CompiledPack } from './rules/types.js';
import type { Result, Source } from './types.js';

export interface ProfileAssessOptions extends AssessOptions {
  source?: Source;
  /** unknown fields are errors rather than warnings */
  strict?: boolean;
  /** add the remediation plan (`result.plan`), as `assess` does for its text and json reports */
  plan?: boolean;
}

/**
 * Validates `profile` (nested data, e.g. from YAML) and assesses it against `pack`.
 * Throws a UserError listing every problem when the profile is invalid.
 */
export function assessProfile(pack: CompiledPack, profile: unknown, options: ProfileAssessOptions = {}): Result {
  const copy = structuredClone(profile);
  const checked = validateProfileData(copy, { strict: options.strict ?? false, lang: options.lang ?? 'en' });
  const file = options.source?.file ?? '<profile>';
  const diagnostics = checked.problems.map((p) => ({ severity: p.severity, file, ...(p.field ? { field: p.field } : {}), message: p.message }));
  if (checked.values === null) throw new UserError(diagnostics.map((d) => `${file} ${d.field ?? ''}: ${d.message}`).join('\n'), diagnostics);
  const input = {
    source: options.source ?? { file, row: null, document: null },
    values: checked.values,
    waivers: checked.waivers,
    warnings: diagnostics,
  };
  const result = assessInput(pack, input, options);
  if (options.plan) result.plan = planFor(pack, input, { threshold: options.threshold ?? pack.threshold, lang: options.lang, today: options.today });
  return result;
}
