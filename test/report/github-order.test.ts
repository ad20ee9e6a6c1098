// `--format github` and GitHub's limit of 10 error and 10 warning annotations per step: each failing profile's
// most decisive problem comes first (one per profile, in input order), the rest after it, memory bounded, and a
// notice says how many annotations there are when GitHub hides some.
import { describe, expect, it } from 'vitest';
import { assessProfile } from '../../src/engine/assess.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import { github } from '../../src/report/github.js';
import type { Lang, Result } from '../../src/types.js';
import { profile } from '../helpers/pack.js';
import { context, sampleResults, summarise, testPack } from './fixtures.js';

function named(name: string, values: Record<string, unknown>): Result {
  const input = profile(values);
  input.values[FIELD_INDEX.get('brand.name')!] = name;
  return assessProfile(testPack, input, { lang: 'en' });
}
/** turned down by the knock-out (the bank account): its decisive problem is an ::error */
const knockOut = (name: string): Result =>
  named(name, {
    'company.overseasBankAccount': false,
    'company.chinaTeamFte': 0,
    'ip.chinaTrademark': 'none',
    'ip.ipProtectionPlatform': false,
  });
/** turned down by the score, every knock-out met: its decisive problem is a ::warning */
const lowScore = (name: string): Result =>
  named(name, {
    'company.overseasBankAccount': true,
    'company.chinaTeamFte': 0,
    'ip.chinaTrademark': 'none',
    'ip.ipProtectionPlatform': false,
    'partners.tmallPartner': 'Agency',
  });

/** What the format writes for these results, piece by piece: the header, each result's text, the footer. */
function render(results: Result[], lang: Lang = 'en'): { pieces: string[]; all: string } {
  const ctx = context(lang);
  const pieces = [github.header(ctx), ...results.map((r, i) => github.result(r, ctx, i))];
  pieces.push(github.footer(ctx, summarise(results), results));
  return { pieces, all: pieces.join('') };
}
const annotations = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('::'));
const verdicts = (text: string): string[] => text.split('\n').filter((l) => /^market-ready [^:]/.test(l));

describe('github annotations, most decisive first', () => {
  it('writes each failing profile’s decisive annotation first, in input order, then every result as before', () => {
    const [, approve, error] = sampleResults();
    const results = [approve!, knockOut('Alpha'), lowScore('Beta'), error!, knockOut('Gamma')];
    const { all } = render(results);
    const lines = annotations(all);
    expect(lines.slice(0, 4).map((l) => /^::(\w+) .*title=([^:]*)::([^%]*)/.exec(l)!.slice(1, 3))).toEqual([
      ['error', expect.stringContaining('[company/bank]')],
      ['warning', expect.stringContaining('[company/team]')],
      ['error', 'market-ready%3A the profile cannot be assessed'],
      ['error', expect.stringContaining('[company/bank]')],
    ]);
    expect(lines[0]).toContain('::Alpha: ');
    expect(lines[1]).toContain('::Beta: ');
    expect(lines[3]).toContain('::Gamma: ');
    // then each result in input order, its verdict line first, without the annotation already written
    const rest = all.slice(all.indexOf('\nmarket-ready ') + 1);
    expect(verdicts(rest).map((l) => l.split(': ')[1])).toEqual([
      'Maison Claire',
      'Alpha',
      'Beta',
      'Broken <b>',
      'Gamma',
    ]);
    // nothing lost, nothing written twice
    const each = results.map((r) => annotations(render([r]).all).sort());
    expect(lines.filter((l) => !l.startsWith('::notice ')).sort()).toEqual(each.flat().sort());
    expect(all.trimEnd().split('\n').at(-1)).toBe('market-ready: 5 profiles: 1 approve, 3 turn-down, 1 error');
  });

  it('streams in input order once ten decisive annotations of each level are out', () => {
    const results: Result[] = [];
    for (let i = 0; i < 10; i++) results.push(knockOut(`K${i}`), lowScore(`S${i}`));
    results.push(knockOut('Late'), lowScore('Later'));
    const { pieces } = render(results);
    // up to the twentieth result, each call writes its decisive annotation alone
    for (const piece of pieces.slice(1, 20)) {
      expect(annotations(piece)).toHaveLength(1);
      expect(verdicts(piece)).toEqual([]);
    }
    // the twentieth writes its own and everything held back; from then on each result is written whole
    expect(verdicts(pieces[20]!)).toHaveLength(20);
    expect(annotations(pieces[20]!)[0]).toContain('::S9: ');
    expect(verdicts(pieces[21]!)).toHaveLength(1);
    expect(pieces[21]!.split('\n')[1]).toMatch(/^::error .*::Late: /);
    expect(verdicts(pieces.at(-1)!)).toEqual([]);
  });

  it('holds back a bounded amount: a long run of approvals streams without waiting for decisive annotations', () => {
    const [, approve] = sampleResults();
    const results = Array.from({ length: 30_000 }, () => approve!);
    const { pieces } = render(results);
    const firstWritten = pieces.findIndex((p, i) => i > 0 && p !== '');
    expect(firstWritten).toBeGreaterThan(1);
    expect(firstWritten).toBeLessThan(20_000);
    // from there on, each approval is written as it comes
    expect(pieces.slice(firstWritten + 1, -1).every((p) => verdicts(p).length === 1)).toBe(true);
  });

  it('ends with one notice when GitHub hides some: how many annotations of each level, in --lang', () => {
    const results = Array.from({ length: 12 }, (_, i) => knockOut(`K${i}`));
    const count = (all: string, level: string): number =>
      annotations(all).filter((l) => l.startsWith(`::${level} `)).length;
    const en = render(results).all;
    const notices = annotations(en).filter((l) => l.startsWith('::notice '));
    expect(notices).toHaveLength(1);
    expect(annotations(en).at(-1)).toBe(notices[0]);
    const errors = count(en, 'error');
    const warnings = count(en, 'warning');
    expect(errors).toBeGreaterThan(10);
    expect(notices[0]).toContain(`::${errors + warnings} annotations (errors: ${errors}, warnings: ${warnings}); `);
    expect(notices[0]).toContain('GitHub shows at most 10 errors and 10 warnings per step');
    expect(annotations(render(results, 'fr').all).at(-1)).toContain(
      `(erreurs\u00a0: ${errors}, avertissements\u00a0: ${warnings})\u202f; GitHub affiche au plus 10 erreurs`,
    );
    expect(annotations(render(results, 'zh').all).at(-1)).toContain(`（错误：${errors}，警告：${warnings}）`);
    // ten or fewer of each level: GitHub shows them all, no notice
    expect(count(render(results.slice(0, 2)).all, 'warning')).toBe(8);
    expect(render(results.slice(0, 2)).all).not.toContain('::notice');
  });
});
