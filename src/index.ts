// The library API: embed the engine in another program.
//   import { loadPack, assessProfile, readProfile } from 'market-ready';
export { loadPack, resolvePack } from './rules/packs.js';
export { compilePack } from './rules/compile.js';
export { BUILTIN_PACKS, DEFAULT_PACK } from './rules/locate.js';
export { loadResolvedPack } from './rules/load.js';
export { assessProfile as assessInput, evaluate } from './engine/assess.js';
export { SummaryBuilder } from './engine/summary.js';
export { validateProfileData } from './profile/validate.js';
export { readDocumentText } from './io/read-document.js';
export { readInputs } from './io/inputs.js';
export { FIELDS } from './profile/fields.js';
export { PackError, UserError, formatDiagnostic } from './errors.js';
export { getExitCode } from './cli/exit-code.js';
export * from './types.js';
export type { CompiledPack, CompiledRule, ResolvedPack, RuleSpec, ManifestSpec } from './rules/types.js';
export { assessProfile } from './api.js';
