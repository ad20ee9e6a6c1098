// Convenience for library users: assess a profile given as plain data (as parsed from YAML or JSON), and get the
// result as `--format json` prints it (contract v2): findings that cost points with their messages, the ids of
// the rules passed, `decidedBy`, the reasons worded in `lang`.
import { assessProfile as assessInput, type AssessOptions } from './engine/assess.js';
import { formatDiagnosticIn, UserError } from './errors.js';
import { validateProfileData } from './profile/validate.js';
import { unknownWaiverWarnings } from './profile/waivers.js';
import { planFor } from './engine/plan.js';
import { FINDINGS_MODES, findingsMode, jsonResult, type FindingsMode, type JsonResult } from './report/json-shape.js';
import { wordsFor } from './report/words.js';
import type { CompiledPack } from './rules/types.js';
import { LANGS, type Lang, type Source } from './types.js';

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
  checkOptions(options);
  const copy = copyOf(profile);
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
    throw new UserError(diagnostics.map((d) => formatDiagnosticIn(d, lang)).join('\n'), diagnostics);
  const input = {
    source: options.source ?? { file, row: null, document: null },
    values: checked.values,
    waivers: checked.waivers,
    warnings: diagnostics,
  };
  input.warnings = [...diagnostics, ...unknownWaiverWarnings(pack, input, lang)];
  const result = assessInput(pack, input, options);
  if (options.plan)
    result.plan = planFor(pack, input, { threshold: options.threshold ?? pack.threshold, today: options.today });
  return jsonResult(result, wordsFor(pack, lang), findingsMode(options.findings ?? 'costly'));
}

/**
 * The options a caller from JavaScript may get wrong, refused as the command line refuses them (--lang,
 * --threshold), rather than failing deep in the wording ("Cannot destructure property 'thousands'") or
 * approving against a threshold no score reaches.
 */
function checkOptions(options: ProfileAssessOptions): void {
  if (options.lang !== undefined && !LANGS.includes(options.lang as Lang))
    throw new UserError(`unknown language ${JSON.stringify(options.lang)}: expected one of ${LANGS.join(', ')}`);
  const { threshold } = options;
  if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 100))
    throw new UserError(`threshold ${JSON.stringify(threshold)}: expected a number from 0 to 100`);
  if (options.findings !== undefined && !FINDINGS_MODES.includes(options.findings))
    throw new UserError(`findings ${JSON.stringify(options.findings)}: expected costly or all`);
}

/** The caller's data is never changed: a copy is validated (a function or a symbol in it is no profile value). */
function copyOf(profile: unknown): unknown {
  try {
    return structuredClone(profile);
  } catch (e) {
    throw new UserError(`a profile is plain data (as parsed from YAML or JSON): ${(e as Error).message}`);
  }
}
