import { describe, expect, it } from 'vitest';
import { BaselineIndex, diffResults, type BaselineResult } from '../../src/engine/change.js';
import { assessProfile } from '../../src/engine/assess.js';
import { parseBaseline } from '../../src/io/baseline.js';
import { pack, profile, rule } from '../helpers/pack.js';

const bank = rule({
  id: 'company/bank',
  category: 'company',
  blocker: true,
  check: { field: 'company.overseasBankAccount', equals: true },
});
const ipp = rule({
  id: 'ip/ipp',
  category: 'ip',
  weight: 2,
  check: { field: 'ip.ipProtectionPlatform', equals: true },
});
const tm = rule({
  id: 'ip/tm',
  category: 'ip',
  weight: 2,
  check: { field: 'ip.chinaTrademark', equals: 'registered' },
});
const p = pack([bank, ipp, tm]);

const before = assessProfile(p, profile({ 'company.overseasBankAccount': false, 'ip.chinaTrademark': 'registered' }));
const after = assessProfile(
  p,
  profile({ 'company.overseasBankAccount': true, 'ip.ipProtectionPlatform': true, 'ip.chinaTrademark': 'none' }),
);

describe('diffResults', () => {
  it('gives the verdict and score before, the delta, and the rules that moved', () => {
    expect(before.verdict).toBe('turn-down');
    const change = diffResults(before, after);
    expect(change).toEqual({
      verdictBefore: 'turn-down',
      scoreBefore: before.score,
      scoreDelta: Math.round((after.score! - before.score!) * 10) / 10,
      // bank failed and ipp was unknown: both count as failing before
      newlyPassing: ['company/bank', 'ip/ipp'],
      newlyFailing: ['ip/tm'],
      noLongerCounted: [],
    });
  });

  it('lists a rule that failed before and now does not apply, or is waived: it no longer counts', () => {
    // the trademark rule applies to cosmetics alone: the brand moved to fashion, so its failure no longer counts
    const scoped = rule({
      id: 'ip/tm',
      category: 'ip',
      weight: 2,
      when: { field: 'brand.category', equals: 'beauty' },
      check: { field: 'ip.chinaTrademark', equals: 'registered' },
    });
    const q = pack([bank, ipp, scoped]);
    const was = assessProfile(q, profile({ 'brand.category': 'beauty', 'ip.chinaTrademark': 'none' }));
    const now = assessProfile(q, profile({ 'brand.category': 'fashion', 'ip.chinaTrademark': 'none' }));
    expect(was.findings.find((f) => f.ruleId === 'ip/tm')?.status).toBe('fail');
    expect(diffResults(was, now)).toMatchObject({ newlyPassing: [], newlyFailing: [], noLongerCounted: ['ip/tm'] });
    // waived now: the failure no longer counts either
    const waived = assessProfile(
      q,
      profile({ 'brand.category': 'beauty', 'ip.chinaTrademark': 'none' }, [
        { rule: 'ip/tm', reason: 'agreed', approvedBy: 'L. Chen', expires: '2099-01-01' },
      ]),
    );
    expect(diffResults(was, waived)).toMatchObject({ newlyFailing: [], noLongerCounted: ['ip/tm'] });
  });

  it('reports nothing moved for the same profile twice', () => {
    expect(diffResults(after, after)).toMatchObject({ scoreDelta: 0, newlyPassing: [], newlyFailing: [] });
  });

  it('ignores rules the earlier pack did not have; a waived rule was neither passing nor failing', () => {
    const earlier: BaselineResult = {
      ...before,
      passed: [],
      findings: [{ ruleId: 'ip/ipp', status: 'fail', waiver: { expired: false } }],
    };
    expect(diffResults(earlier, after)).toMatchObject({ newlyPassing: [], newlyFailing: [] });
    // a waiver that lapsed: the rule counts against the brand again, which is news
    const lapsed: BaselineResult = {
      ...before,
      passed: [],
      findings: [{ ruleId: 'ip/tm', status: 'fail', waiver: { expired: false } }],
    };
    expect(diffResults(lapsed, after)).toMatchObject({ newlyPassing: [], newlyFailing: ['ip/tm'] });
  });

  it('has no delta when either side could not be scored', () => {
    const broken: BaselineResult = {
      source: before.source,
      brand: before.brand,
      verdict: 'error',
      score: null,
      findings: [],
    };
    // nothing was evaluated before: what fails now fails for the first time, what passes now is no progress
    expect(after.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId)).toEqual(['ip/tm']);
    expect(diffResults(broken, after)).toEqual({
      verdictBefore: 'error',
      scoreBefore: null,
      scoreDelta: null,
      newlyPassing: [],
      newlyFailing: ['ip/tm'],
      noLongerCounted: [],
    });
  });
});

describe('BaselineIndex', () => {
  const r = (brand: string, file: string, row: number | null = null, document: number | null = 0): BaselineResult => ({
    source: { file, row, document },
    brand,
    verdict: 'approve',
    score: 80,
    findings: [],
  });

  it('matches by brand and source, then by brand and file, then by a brand name seen once', () => {
    const a = r('A', 'x.csv', 2, null);
    const b = r('B', 'x.csv', 3, null);
    const c = r('C', 'old/c.yaml');
    const index = new BaselineIndex([a, b, c]);
    expect(index.find({ brand: 'A', source: { file: 'x.csv', row: 2, document: null } })).toBe(a);
    // a row was inserted above B in the spreadsheet
    expect(index.find({ brand: 'B', source: { file: 'x.csv', row: 4, document: null } })).toBe(b);
    // the dossier was moved
    expect(index.find({ brand: 'C', source: { file: 'new/c.yaml', row: null, document: 0 } })).toBe(c);
    expect(index.find({ brand: 'D', source: { file: 'x.csv', row: 2, document: null } })).toBeUndefined();
    expect(index.find({ brand: null, source: { file: 'x.csv', row: 2, document: null } })).toBeUndefined();
  });

  it('does not guess between two earlier results of the same name', () => {
    const index = new BaselineIndex([r('A', 'one.yaml'), r('A', 'two.yaml')]);
    expect(index.find({ brand: 'A', source: { file: 'three.yaml', row: null, document: 0 } })).toBeUndefined();
    expect(index.find({ brand: 'A', source: { file: 'two.yaml', row: null, document: 0 } })?.source.file).toBe(
      'two.yaml',
    );
  });
});

describe('parseBaseline', () => {
  it('reads a json report', () => {
    const report = {
      tool: { name: 'market-ready' },
      pack: { id: 'test-pack', version: '1' },
      results: [before],
      summary: {},
    };
    const baseline = parseBaseline(JSON.stringify(report), 'prev.json');
    expect(baseline.pack).toEqual({ id: 'test-pack', version: '1' });
    expect(baseline.index.find(after)).toMatchObject({ verdict: 'turn-down', score: before.score });
  });

  it('reads a v2 report: the ids passed, and the other rules of the pack as not applicable rather than unknown', () => {
    // v2: bank failed (a costly finding), tm passed (an id); ipp, a rule of the pack in neither, did not apply
    const v2 = {
      source: before.source,
      brand: before.brand,
      verdict: 'turn-down',
      score: 10,
      findings: [{ ruleId: 'company/bank', status: 'fail' }],
      passed: ['ip/tm'],
      notApplicable: 1,
    };
    const report = {
      pack: { id: 'test-pack', version: '1', rules: [{ id: 'company/bank' }, { id: 'ip/ipp' }, { id: 'ip/tm' }] },
      results: [v2],
    };
    const earlier = parseBaseline(JSON.stringify(report), 'prev.json').index.find(after)!;
    expect(earlier.findings).toEqual([
      { ruleId: 'company/bank', status: 'fail' },
      { ruleId: 'ip/tm', status: 'pass' },
      { ruleId: 'ip/ipp', status: 'not-applicable' },
    ]);
    // bank now passes, tm now fails; ipp passes now but was not applicable then: neither progress nor regression
    expect(diffResults(earlier, after)).toMatchObject({ newlyPassing: ['company/bank'], newlyFailing: ['ip/tm'] });
  });

  it.each([
    ['not json', '{"results": [', /prev\.json:1:1: the baseline is not valid JSON/],
    ['a profile', 'schemaVersion: 1', /prev\.json:1:1: the baseline is not valid JSON/],
    ['no results', '{"brand": {"name": "x"}}', /prev\.json: not a market-ready json report/],
    ['a bad result', '{"results": [{"brand": "x"}]}', /prev\.json: results\[0\] is not a market-ready result/],
  ])('rejects %s in one line', (_name, text, message) => {
    expect(() => parseBaseline(text, 'prev.json')).toThrow(message);
  });
});
