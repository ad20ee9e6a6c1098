// Batch analytics: which rules turn brands down. A brand turned down by a knock-out counts that knock-out, not
// the criteria it also lost points on; a brand turned down on score counts every criterion it failed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SummaryBuilder } from '../../src/engine/summary.js';
import type { Result, Status } from '../../src/types.js';

function result(verdict: 'approve' | 'turn-down', score: number, findings: [string, Status, boolean][]): Result {
  return {
    source: { file: 'x.csv', row: null, document: null },
    brand: 'B',
    verdict,
    score,
    threshold: 70,
    completeness: 100,
    categories: [],
    reasons: [],
    errors: [],
    warnings: [],
    findings: findings.map(([ruleId, status, blocker]) => ({ ruleId, status, blocker })),
  } as unknown as Result;
}

describe('SummaryBuilder: the rules that turn most brands down', () => {
  it('counts a brand’s knock-outs when it has any, else its failed and unknown criteria', () => {
    const s = new SummaryBuilder();
    // three brands knocked out on the trademark, all three also missing the (whole-column) social data
    for (let i = 0; i < 3; i++)
      s.add(
        result('turn-down', 80, [
          ['ip/squatted', 'fail', true],
          ['loc/social', 'missing', false],
        ]),
      );
    // two turned down on score alone
    for (let i = 0; i < 2; i++)
      s.add(
        result('turn-down', 60, [
          ['loc/social', 'missing', false],
          ['pricing/budget', 'fail', false],
          ['ip/squatted', 'pass', true],
        ]),
      );
    // an approve's failures never count
    s.add(result('approve', 90, [['loc/social', 'missing', false]]));
    expect(s.build().topTurnDownRules).toEqual([
      { ruleId: 'ip/squatted', count: 3, share: 50, blocker: true },
      { ruleId: 'loc/social', count: 2, share: 33.3, blocker: false },
      { ruleId: 'pricing/budget', count: 2, share: 33.3, blocker: false },
    ]);
  });

  it('puts a knock-out before a criterion at equal counts, and a waived rule nowhere', () => {
    const s = new SummaryBuilder();
    s.add(result('turn-down', 90, [['z/knock-out', 'missing', true]]));
    s.add(result('turn-down', 50, [['a/criterion', 'fail', false]]));
    const waived = result('turn-down', 50, [
      ['a/criterion', 'fail', false],
      ['b/waived', 'fail', false],
    ]);
    (waived.findings[1] as { waiver?: unknown }).waiver = { expired: false };
    s.add(waived);
    expect(s.build().topTurnDownRules!.map((r) => [r.ruleId, r.count])).toEqual([
      ['a/criterion', 2],
      ['z/knock-out', 1],
    ]);
  });
});

describe('SummaryBuilder: the top and bottom five', () => {
  it('are the highest and lowest scores, the earlier brand first at equal scores, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 40 }), (scores) => {
        const s = new SummaryBuilder();
        scores.forEach((score, i) => s.add({ ...result('approve', score, []), brand: `B${i}` }));
        const all = scores.map((score, i) => ({ brand: `B${i}`, score }));
        // Array.prototype.sort is stable: equal scores keep the input's order
        const top = [...all].sort((a, b) => b.score - a.score).slice(0, 5);
        const bottom = [...all].sort((a, b) => a.score - b.score).slice(0, 5);
        const summary = s.build();
        expect(summary.top).toEqual(top);
        expect(summary.bottom).toEqual(bottom);
      }),
    );
  });
});
