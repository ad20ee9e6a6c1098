// Rule packs may use `matches: <regex>`. A pack is third-party data, so its patterns must not be able to hang the
// tool. No checker of backtracking shapes is complete (`^a*a*a*a*a*a*a*a*$` has no nested quantifier and still
// takes 41 s on 50 characters with a backtracking engine), so patterns are not run by JavaScript's RegExp at all:
// they are compiled and matched by RE2 (re2js, a pure-JavaScript port of Google's RE2), whose automaton matches in
// time linear in the input whatever the pattern. What RE2 cannot do in linear time (back-references, lookaround)
// it refuses to compile, and the pack is refused at load with that reason.
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';
import { t } from '../i18n/index.js';
import type { Lang } from '../types.js';

// loaded on the first pattern only: most packs have none, and start-up stays as fast as before
let re2js: typeof RE2JSClass | undefined;
const RE2JS = (): typeof RE2JSClass =>
  (re2js ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS);

/** A pattern is written by a person; past this it is more likely generated, and its automaton grows with it. */
export const MAX_PATTERN_LENGTH = 200;
/** RE2 instructions of one compiled pattern: bounds the work per character (`[\s\S]{1000}` has 1,002). */
export const MAX_PROGRAM_SIZE = 2_000;

export interface PackRegex {
  /** true when the pattern matches somewhere in `text`, as RegExp.prototype.test does */
  test(text: string): boolean;
}

/** Compiles a pack's pattern for linear-time matching, or says why it is refused (in `lang`). */
export function compilePackRegex(pattern: string, lang: Lang = 'en'): PackRegex | { refused: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { refused: t(lang, 'regex.tooLong', { limit: MAX_PATTERN_LENGTH }) };
  // the pack is written in JavaScript's syntax (the JSON Schema `pattern` keyword's): it must also be valid there
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    // the engine's own words (JavaScript's), quoted: they name the character at fault
    return { refused: t(lang, 'regex.invalid', { detail: (e as Error).message }) };
  }
  let compiled: RE2JSClass;
  try {
    // JavaScript's `\uXXXX` and `\u{X}` escapes become RE2's `\x{X}`, and `\p{Script=Han}` RE2's `\p{Han}`; the
    // rest of the syntax is shared
    const unicodeClasses = pattern.replace(/\\([pP])\{(?:Script|sc|General_Category|gc)=([A-Za-z_]+)\}/g, '\\$1{$2}');
    compiled = RE2JS().compile(RE2JS().translateRegExp(unicodeClasses));
  } catch (e) {
    const detail = (e as Error).message.replace(/^error parsing regexp: /, '');
    return { refused: t(lang, 'regex.notLinear', { detail }) };
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    return { refused: t(lang, 'regex.tooLarge', { size: compiled.programSize(), limit: MAX_PROGRAM_SIZE }) };
  }
  return { test: (text) => compiled.test(text) };
}

/** Why a pattern is refused at pack load, or undefined when it is accepted. */
export function unsafeRegexReason(pattern: string, lang: Lang = 'en'): string | undefined {
  const compiled = compilePackRegex(pattern, lang);
  return 'refused' in compiled ? compiled.refused : undefined;
}
