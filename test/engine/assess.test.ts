import { describe, expect, it } from 'vitest';
import { assessProfile } from '../../src/engine/assess.js';
import { wordsFor } from '../../src/report/words.js';
import type { Lang, Result } from '../../src/types.js';
import type { CompiledPack } from '../../src/rules/types.js';
import { pack, profile, rule } from '../helpers/pack.js';

/** The reasons as a report words them. */
const reasons = (p: CompiledPack, r: Result, lang: Lang = 'en'): string[] => wordsFor(p, lang).reasons(r);

const bank = rule({
  id: 'company/bank',
  category: 'company',
  weight: 1,
  blocker: true,
  check: { field: 'company.overseasBankAccount', equals: true },
});
const team = rule({
  id: 'company/team',
  category: 'company',
  weight: 3,
  check: { field: 'company.chinaTeamFte', ramp: { from: 0, to: 2 } },
});
const tm = rule({
  id: 'ip/tm',
  category: 'ip',
  weight: 2,
  check: { field: 'ip.chinaTrademark', map: { registered: 1, pending: 0.5 } },
});
const ipp = rule({
  id: 'ip/ipp',
  category: 'ip',
  weight: 2,
  check: { field: 'ip.ipProtectionPlatform', equals: true },
});
const beautyOnly = rule({
  id: 'ip/beauty-only',
  category: 'ip',
  weight: 4,
  when: { field: 'brand.category', in: ['beauty'] },
  check: { field: 'productRange.regulatoryPath', in: ['nmpa-filed'] },
});
const all = pack([bank, team, tm, ipp, beautyOnly]);

const full = {
  'brand.category': 'wine-spirits',
  'company.overseasBankAccount': true,
  'company.chinaTeamFte': 2,
  'ip.chinaTrademark': 'registered',
  'ip.ipProtectionPlatform': true,
};

describe('scoring and verdicts', () => {
  it('scores 100 and approves when every applicable rule passes', () => {
    const r = assessProfile(all, profile(full));
    expect(r.verdict).toBe('approve');
    expect(r.score).toBe(100);
    expect(r.completeness).toBe(100);
    expect(r.decisive).toEqual([]);
    expect(r.decidedBy).toBe('score');
    // v2: nothing costs points, so no finding; the rest are ids met and a count of rules that do not apply
    expect(r.findings).toEqual([]);
    expect(r.passed).toEqual(['company/bank', 'company/team', 'ip/tm', 'ip/ipp']);
    expect(r.notApplicable).toBe(1);
    expect(r.allFindings!.find((f) => f.ruleId === 'ip/beauty-only')!.status).toBe('not-applicable');
  });

  it('does not count a not-applicable rule for or against the brand', () => {
    const wine = assessProfile(all, profile(full));
    const beauty = assessProfile(
      all,
      profile({ ...full, 'brand.category': 'beauty', 'productRange.regulatoryPath': 'nmpa-filed' }),
    );
    expect(wine.score).toBe(beauty.score);
    const beautyFailing = assessProfile(
      all,
      profile({ ...full, 'brand.category': 'beauty', 'productRange.regulatoryPath': 'none' }),
    );
    // ip: tm 2 + ipp 2 of 8 applicable weight -> 25 of 50; company 50 -> 75
    expect(beautyFailing.score).toBe(75);
  });

  it('gives partial credit from map and ramp, scaled inside the category', () => {
    const r = assessProfile(all, profile({ ...full, 'company.chinaTeamFte': 1, 'ip.chinaTrademark': 'pending' }));
    // company: (1 + 3*0.5)/4 * 50 = 31.25; ip: (2*0.5 + 2)/4 * 50 = 37.5
    expect(r.score).toBe(68.8);
    expect(r.categories).toEqual([
      { id: 'company', score: 31.3, max: 50 },
      { id: 'ip', score: 37.5, max: 50 },
    ]);
    expect(r.verdict).toBe('turn-down');
    const partial = r.findings.find((f) => f.ruleId === 'ip/tm')!;
    expect(partial.status).toBe('pass');
    expect(partial.credit).toBe(0.5);
    expect(partial.points).toBe(12.5);
    expect(partial.maxPoints).toBe(25);
  });

  it('turns down on a failed blocker whatever the score', () => {
    const r = assessProfile(all, profile({ ...full, 'company.overseasBankAccount': false }));
    expect(r.score).toBe(87.5);
    expect(r.verdict).toBe('turn-down');
    expect(reasons(all, r)[0]).toBe('got no, expected what is expected');
    expect(r.decidedBy).toBe('knock-out');
  });

  it('turns down on a missing blocker: no approval on unknown data', () => {
    const { 'company.overseasBankAccount': _, ...rest } = full;
    const r = assessProfile(all, profile(rest));
    expect(r.verdict).toBe('turn-down');
    expect(r.findings.find((f) => f.ruleId === 'company/bank')!.status).toBe('missing');
    expect(r.completeness).toBe(87.5);
    expect(reasons(all, r)[0]).toMatch(/a knock-out: no approval without it/);
  });

  it('counts missing non-blocker data as zero and lowers completeness', () => {
    const r = assessProfile(all, profile({ 'brand.category': 'food', 'company.overseasBankAccount': true }));
    expect(r.score).toBe(12.5);
    expect(r.completeness).toBe(12.5);
    expect(r.findings.filter((f) => f.status === 'missing').map((f) => f.ruleId)).toEqual([
      'company/team',
      'ip/tm',
      'ip/ipp',
    ]);
  });

  it('orders reasons: failed blockers, missing blockers, then points lost', () => {
    const twoBlockers = pack([
      rule({
        id: 'company/a',
        weight: 1,
        blocker: true,
        check: { field: 'company.overseasBankAccount', equals: true },
      }),
      rule({
        id: 'company/b',
        weight: 1,
        blocker: true,
        message: { en: 'B failed' },
        check: { field: 'company.entityOutsideMainlandChina', equals: true },
      }),
      rule({
        id: 'ip/small',
        category: 'ip',
        weight: 1,
        message: { en: 'small' },
        check: { field: 'ip.ipProtectionPlatform', equals: true },
      }),
      rule({
        id: 'ip/big',
        category: 'ip',
        weight: 5,
        message: { en: 'big' },
        check: { field: 'ip.homeTrademark', equals: 'registered' },
      }),
    ]);
    const r = assessProfile(
      twoBlockers,
      profile({
        'company.entityOutsideMainlandChina': false,
        'ip.ipProtectionPlatform': false,
        'ip.homeTrademark': 'none',
      }),
    );
    expect(r.decisive).toEqual(['company/b', 'company/a', 'ip/big', 'ip/small']);
    const worded = reasons(twoBlockers, r);
    expect(worded[0]).toBe('B failed');
    expect(worded[1]).toMatch(/Overseas bank account \(company.overseasBankAccount\) is not in the profile/);
    expect(worded.slice(2)).toEqual(['big', 'small']);
  });

  it.each([
    [70, 'approve'],
    [75, 'approve'],
    [75.1, 'turn-down'],
  ])('threshold %s gives %s for a score of 75', (threshold, verdict) => {
    const r = assessProfile(
      all,
      profile({ ...full, 'brand.category': 'beauty', 'productRange.regulatoryPath': 'none' }),
      { threshold },
    );
    expect(r.score).toBe(75);
    expect(r.verdict).toBe(verdict);
    expect(r.threshold).toBe(threshold);
  });

  it('speaks French with --lang fr', () => {
    const r = assessProfile(all, profile({ ...full, 'company.overseasBankAccount': false }));
    expect(reasons(all, r, 'fr')[0]).toBe('reçu non, attendu ce qui est attendu');
    expect(wordsFor(all, 'fr').rule(r.findings[0]!.ruleId).remedy).toBe('corrigez');
  });
});

describe('waivers', () => {
  it('a waived failing blocker does not turn the brand down, and the finding says who waived it', () => {
    const r = assessProfile(
      all,
      profile({ ...full, 'company.overseasBankAccount': false }, [
        { rule: 'company/bank', reason: 'account opening in progress', approvedBy: 'J. Wang', expires: '2027-01-31' },
      ]),
      { today: '2026-11-22' },
    );
    expect(r.verdict).toBe('approve');
    const f = r.findings.find((x) => x.ruleId === 'company/bank')!;
    expect(f.status).toBe('fail');
    expect(f.waiver).toEqual({
      reason: 'account opening in progress',
      approvedBy: 'J. Wang',
      expires: '2027-01-31',
      expired: false,
    });
    expect(f.maxPoints).toBe(0);
    expect(r.decisive).toEqual([]);
  });

  it('an expired waiver stops applying and says so', () => {
    const r = assessProfile(
      all,
      profile({ ...full, 'company.overseasBankAccount': false }, [
        { rule: 'company/bank', reason: 'r', approvedBy: 'J. Wang', expires: '2026-01-31' },
      ]),
      { today: '2026-11-22' },
    );
    expect(r.verdict).toBe('turn-down');
    expect(r.findings.find((x) => x.ruleId === 'company/bank')!.waiver?.expired).toBe(true);
  });

  it('a waiver on a passing rule changes nothing', () => {
    const r = assessProfile(all, profile(full, [{ rule: 'ip/ipp', reason: 'r', approvedBy: 'x' }]));
    expect(r.score).toBe(100);
    expect(r.allFindings!.find((x) => x.ruleId === 'ip/ipp')!.waiver).toBeUndefined();
    expect(r.passed).toContain('ip/ipp');
  });
});

describe('findings as data (v2)', () => {
  it('the engine words nothing: a finding is the rule id, its numbers and the profile value', () => {
    const r = assessProfile(
      all,
      profile({ ...full, 'company.overseasBankAccount': false, 'ip.chinaTrademark': 'pending' }),
    );
    for (const f of r.allFindings!) {
      expect(Object.keys(f).sort()).toEqual([
        'actual',
        'blocker',
        'category',
        'credit',
        'field',
        'maxPoints',
        'points',
        'ruleId',
        'status',
        'weight',
      ]);
    }
    // costly: the failure and the partial pass, in the pack's order; the rest passed or not applicable
    expect(r.findings.map((f) => [f.ruleId, f.status, f.credit])).toEqual([
      ['company/bank', 'fail', 0],
      ['ip/tm', 'pass', 0.5],
    ]);
    expect(r.passed).toEqual(['company/team', 'ip/ipp']);
    expect(r.notApplicable).toBe(1);
    expect(r.findings.length + r.passed.length + r.notApplicable).toBe(all.rules.length);
  });

  it('the same result words itself in each language, late', () => {
    const r = assessProfile(all, profile({ ...full, 'company.overseasBankAccount': false }));
    expect(reasons(all, r, 'en')).toEqual(['got no, expected what is expected']);
    expect(reasons(all, r, 'fr')).toEqual(['reçu non, attendu ce qui est attendu']);
  });
});

describe('decidedBy (v2)', () => {
  const wine = { 'brand.category': 'wine-spirits' };
  // company: bank (blocker, 1) + team (3); ip: tm (2) + ipp (2); threshold 70
  it.each([
    [
      'a knock-out failed, whatever the score',
      { ...full, 'company.overseasBankAccount': false },
      'turn-down',
      'knock-out',
      87.5,
    ],
    [
      'a knock-out failed even with other data unknown',
      { ...wine, 'company.overseasBankAccount': false },
      'turn-down',
      'knock-out',
      87.5,
    ],
    ['approve', full, 'approve', 'score', 100],
    [
      'below the threshold even were every unknown criterion met',
      { ...wine, 'company.overseasBankAccount': true, 'company.chinaTeamFte': 0, 'ip.chinaTrademark': 'none' },
      'turn-down',
      'score',
      37.5,
    ],
    [
      'turned down on unknown data: criteria whose points could reach the threshold',
      { ...wine, 'company.overseasBankAccount': true, 'company.chinaTeamFte': 2 },
      'turn-down',
      'missing-data',
      100,
    ],
    [
      'turned down on unknown data: an unknown knock-out, the score already above',
      { ...wine, 'company.chinaTeamFte': 2, 'ip.chinaTrademark': 'registered', 'ip.ipProtectionPlatform': true },
      'turn-down',
      'missing-data',
      100,
    ],
    [
      'an unknown knock-out, but the score misses the threshold even at best',
      { ...wine, 'company.chinaTeamFte': 0, 'ip.chinaTrademark': 'none', 'ip.ipProtectionPlatform': false },
      'turn-down',
      'score',
      12.5,
    ],
  ])('%s', (_name, fields, verdict, decidedBy, scoreIfComplete) => {
    const r = assessProfile(all, profile(fields as Record<string, unknown>));
    expect(r.verdict).toBe(verdict);
    expect(r.decidedBy).toBe(decidedBy);
    expect(r.scoreIfComplete).toBe(scoreIfComplete);
  });

  it('unknown is never scored as met: a missing-data turn-down keeps its score and completeness', () => {
    const r = assessProfile(all, profile({ ...wine, 'company.overseasBankAccount': true, 'company.chinaTeamFte': 2 }));
    expect(r.score).toBe(50);
    expect(r.completeness).toBe(50);
    expect(r.findings.filter((f) => f.status === 'missing').every((f) => f.points === 0)).toBe(true);
  });
});
