import { describe, expect, it } from 'vitest';
import { assessProfile } from '../../src/engine/assess.js';
import { pack, profile, rule } from '../helpers/pack.js';

const bank = rule({ id: 'company/bank', category: 'company', weight: 1, blocker: true, check: { field: 'company.overseasBankAccount', equals: true } });
const team = rule({ id: 'company/team', category: 'company', weight: 3, check: { field: 'company.chinaTeamFte', ramp: { from: 0, to: 2 } } });
const tm = rule({ id: 'ip/tm', category: 'ip', weight: 2, check: { field: 'ip.chinaTrademark', map: { registered: 1, pending: 0.5 } } });
const ipp = rule({ id: 'ip/ipp', category: 'ip', weight: 2, check: { field: 'ip.ipProtectionPlatform', equals: true } });
const beautyOnly = rule({ id: 'ip/beauty-only', category: 'ip', weight: 4, when: { field: 'brand.category', in: ['beauty'] }, check: { field: 'productRange.regulatoryPath', in: ['nmpa-filed'] } });
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
    expect(r.reasons).toEqual([]);
    expect(r.findings.find((f) => f.ruleId === 'ip/beauty-only')!.status).toBe('not-applicable');
  });

  it('does not count a not-applicable rule for or against the brand', () => {
    const wine = assessProfile(all, profile(full));
    const beauty = assessProfile(all, profile({ ...full, 'brand.category': 'beauty', 'productRange.regulatoryPath': 'nmpa-filed' }));
    expect(wine.score).toBe(beauty.score);
    const beautyFailing = assessProfile(all, profile({ ...full, 'brand.category': 'beauty', 'productRange.regulatoryPath': 'none' }));
    // ip: tm 2 + ipp 2 of 8 applicable weight -> 25 of 50; company 50 -> 75
    expect(beautyFailing.score).toBe(75);
  });

  it('gives partial credit from map and ramp, scaled inside the category', () => {
    const r = assessProfile(all, profile({ ...full, 'company.chinaTeamFte': 1, 'ip.chinaTrademark': 'pending' }));
    // company: (1 + 3*0.5)/4 * 50 = 31.25; ip: (2*0.5 + 2)/4 * 50 = 37.5
    expect(r.score).toBe(68.8);
    expect(r.categories).toEqual([
      { id: 'company', title: 'company', score: 31.3, max: 50 },
      { id: 'ip', title: 'ip', score: 37.5, max: 50 },
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
    expect(r.reasons[0]).toBe('got no, expected what is expected');
  });

  it('turns down on a missing blocker: no approval on unknown data', () => {
    const { 'company.overseasBankAccount': _, ...rest } = full;
    const r = assessProfile(all, profile(rest));
    expect(r.verdict).toBe('turn-down');
    expect(r.findings.find((f) => f.ruleId === 'company/bank')!.status).toBe('missing');
    expect(r.completeness).toBe(87.5);
    expect(r.reasons[0]).toMatch(/knock-out criterion/);
  });

  it('counts missing non-blocker data as zero and lowers completeness', () => {
    const r = assessProfile(all, profile({ 'brand.category': 'food', 'company.overseasBankAccount': true }));
    expect(r.score).toBe(12.5);
    expect(r.completeness).toBe(12.5);
    expect(r.findings.filter((f) => f.status === 'missing').map((f) => f.ruleId)).toEqual(['company/team', 'ip/tm', 'ip/ipp']);
  });

  it('orders reasons: failed blockers, missing blockers, then points lost', () => {
    const twoBlockers = pack([
      rule({ id: 'company/a', weight: 1, blocker: true, check: { field: 'company.overseasBankAccount', equals: true } }),
      rule({ id: 'company/b', weight: 1, blocker: true, message: { en: 'B failed' }, check: { field: 'company.entityOutsideMainlandChina', equals: true } }),
      rule({ id: 'ip/small', category: 'ip', weight: 1, message: { en: 'small' }, check: { field: 'ip.ipProtectionPlatform', equals: true } }),
      rule({ id: 'ip/big', category: 'ip', weight: 5, message: { en: 'big' }, check: { field: 'ip.homeTrademark', equals: 'registered' } }),
    ]);
    const r = assessProfile(twoBlockers, profile({ 'company.entityOutsideMainlandChina': false, 'ip.ipProtectionPlatform': false, 'ip.homeTrademark': 'none' }));
    expect(r.reasons[0]).toBe('B failed');
    expect(r.reasons[1]).toMatch(/company.overseasBankAccount is not in the profile/);
    expect(r.reasons.slice(2)).toEqual(['big', 'small']);
  });

  it.each([
    [70, 'approve'],
    [75, 'approve'],
    [75.1, 'turn-down'],
  ])('threshold %s gives %s for a score of 75', (threshold, verdict) => {
    const r = assessProfile(all, profile({ ...full, 'brand.category': 'beauty', 'productRange.regulatoryPath': 'none' }), { threshold });
    expect(r.score).toBe(75);
    expect(r.verdict).toBe(verdict);
    expect(r.threshold).toBe(threshold);
  });

  it('speaks French with --lang fr', () => {
    const r = assessProfile(all, profile({ ...full, 'company.overseasBankAccount': false }), { lang: 'fr' });
    expect(r.reasons[0]).toBe('reçu non, attendu ce qui est attendu');
    expect(r.findings[0]!.remedy).toBe('corrigez');
  });
});

describe('waivers', () => {
  it('a waived failing blocker does not turn the brand down, and the finding says who waived it', () => {
    const r = assessProfile(all, profile({ ...full, 'company.overseasBankAccount': false }, [{ rule: 'company/bank', reason: 'account opening in progress', approvedBy: 'J. Wang', expires: '2027-01-31' }]), { today: '2026-11-22' });
    expect(r.verdict).toBe('approve');
    const f = r.findings.find((x) => x.ruleId === 'company/bank')!;
    expect(f.status).toBe('fail');
    expect(f.waiver).toEqual({ reason: 'account opening in progress', approvedBy: 'J. Wang', expires: '2027-01-31', expired: false });
    expect(f.maxPoints).toBe(0);
    expect(r.reasons).toEqual([]);
  });

  it('an expired waiver stops applying and says so', () => {
    const r = assessProfile(all, profile({ ...full, 'company.overseasBankAccount': false }, [{ rule: 'company/bank', reason: 'r', approvedBy: 'J. Wang', expires: '2026-01-31' }]), { today: '2026-11-22' });
    expect(r.verdict).toBe('turn-down');
    expect(r.findings.find((x) => x.ruleId === 'company/bank')!.waiver?.expired).toBe(true);
  });

  it('a waiver on a passing rule changes nothing', () => {
    const r = assessProfile(all, profile(full, [{ rule: 'ip/ipp', reason: 'r', approvedBy: 'x' }]));
    expect(r.score).toBe(100);
    expect(r.findings.find((x) => x.ruleId === 'ip/ipp')!.waiver).toBeUndefined();
  });
});
