// Runs a pack's test cases (rule tests as data, in the spirit of `conftest verify`): each case is a
// profile (a fragment merged over the file's base), assessed with the pack, compared with its expectations.
import { assessProfile } from '../engine/assess.js';
import { validateProfileData } from '../profile/validate.js';
import { wordsFor } from '../report/words.js';
import { formatNumber, t } from '../i18n/index.js';
import type { Lang } from '../types.js';
import type { CaseLocation, CompiledPack, TestCaseSpec } from './types.js';

export interface CaseOutcome {
  file: string;
  /** `file:line:column` of the case, when the pack was loaded from its files */
  at?: string;
  name: string;
  passed: boolean;
  failures: string[];
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Deep merge for profile fragments: objects merge, everything else (lists included) replaces. */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export function unsetPath(data: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  let node: unknown = data;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node)) return;
    node = node[part];
  }
  if (isPlainObject(node)) delete node[parts[parts.length - 1]!];
}

export function runCase(
  pack: CompiledPack,
  file: string,
  base: Record<string, unknown>,
  testCase: TestCaseSpec,
  location?: CaseLocation,
  lang: Lang = 'en',
): CaseOutcome {
  // each failure starts with the line of the expectation it contradicts, as a load error does
  const where = (key: string): string => (location?.expect[key] ? `${location.expect[key]} ` : '');
  const at = location ? { at: location.at } : {};
  const data = structuredClone(deepMerge(base, testCase.profile ?? {}));
  for (const path of testCase.unset ?? []) unsetPath(data, path);
  const failures: string[] = [];
  const checked = validateProfileData(data, { strict: true, lang });
  if (checked.values === null) {
    return {
      file,
      ...at,
      name: testCase.name,
      passed: false,
      failures: checked.problems.map((p) => t(lang, 'packTest.invalidProfile', { field: p.field, message: p.message })),
    };
  }
  const result = assessProfile(
    pack,
    { source: { file, row: null, document: null }, values: checked.values, waivers: checked.waivers, warnings: [] },
    { today: '2026-01-01' },
  );
  const expect = testCase.expect;
  // numbers as the language writes them (86,2 in French), the verdicts and statuses as the test file writes them
  const score = typeof result.score === 'number' ? formatNumber(result.score, lang) : String(result.score);
  const say = (key: string, words: string): void => void failures.push(`${where(key)}${words}`);
  if (expect.verdict && result.verdict !== expect.verdict) {
    const why = wordsFor(pack, lang).reasons(result).slice(0, 3).join(' | ');
    const said = t(lang, 'packTest.verdict', { expected: expect.verdict, actual: result.verdict, score });
    say('verdict', `${said}${why ? `${t(lang, 'punct.colon')}${why}` : ''}`);
  }
  for (const [ruleId, status] of Object.entries(expect.rules ?? {})) {
    const finding = result.allFindings?.find((f) => f.ruleId === ruleId);
    const key = `rules.${ruleId}`;
    if (!finding) say(key, t(lang, 'packTest.ruleMissing', { id: ruleId }));
    else if (finding.status !== status) {
      // a value the profile lacks is said as the reports say it (unknown, inconnu, 未知), not as JSON's null; a
      // value it has stays as the test file writes it, which the author compares it with
      const value = finding.actual == null ? t(lang, 'value.unknown') : JSON.stringify(finding.actual);
      say(key, t(lang, 'packTest.ruleStatus', { id: ruleId, expected: status, actual: finding.status, value }));
    }
  }
  if (expect.scoreAtLeast !== undefined && result.score! < expect.scoreAtLeast)
    say('scoreAtLeast', t(lang, 'packTest.scoreAtLeast', { expected: formatNumber(expect.scoreAtLeast, lang), score }));
  if (expect.scoreAtMost !== undefined && result.score! > expect.scoreAtMost)
    say('scoreAtMost', t(lang, 'packTest.scoreAtMost', { expected: formatNumber(expect.scoreAtMost, lang), score }));
  return { file, ...at, name: testCase.name, passed: failures.length === 0, failures };
}

/** Each case's outcome, its failures said in `lang` (the pack author's --lang). */
export function runPackTests(pack: CompiledPack, lang: Lang = 'en'): CaseOutcome[] {
  const outcomes: CaseOutcome[] = [];
  for (const { file, spec, locations } of pack.resolved.tests) {
    spec.cases.forEach((testCase, i) =>
      outcomes.push(runCase(pack, file, spec.base ?? {}, testCase, locations?.[i], lang)),
    );
  }
  return outcomes;
}

/**
 * Rules defined or overridden by this pack (not merely inherited, whose parent tests them) that no case names
 * in `expect.rules`: every rule should have at least one case.
 */
export function untestedRules(pack: CompiledPack): string[] {
  const named = new Set<string>();
  for (const { spec } of pack.resolved.tests)
    for (const c of spec.cases) for (const id of Object.keys(c.expect.rules ?? {})) named.add(id);
  const own = new Set(pack.resolved.files);
  return pack.resolved.rules.filter((r) => own.has(r.origin.file) && !named.has(r.id)).map((r) => r.id);
}
