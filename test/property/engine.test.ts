// Property-based tests of the validator and the engine on the built-in pack: random profiles, valid or not,
// never make them throw; a valid profile always gives exactly one result, in bounds, byte-identical on every run;
// adding a passing fact never lowers the score.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPack } from '../../src/rules/packs.js';
import {
  activeWaivers,
  assessProfile,
  ChangeScratch,
  decide,
  decisiveness,
  evaluate,
  evaluateChange,
  scoreOfChange,
} from '../../src/engine/assess.js';
import { validateProfileData } from '../../src/profile/validate.js';
import { FIELDS, FIELD_INDEX, fieldDef } from '../../src/profile/fields.js';
import type { CompiledPack } from '../../src/rules/types.js';
import { isCostly, type Finding, type InputProfile } from '../../src/types.js';
import { anyData, fieldValue, validProfile } from './arbitraries.js';

let pack: CompiledPack;
beforeAll(async () => {
  pack = await loadPack('tmall-global');
});

const RUNS = Number(process.env.FC_RUNS ?? 300);
const TODAY = '2026-01-15';

function input(values: unknown[], waivers: InputProfile['waivers'] = []): InputProfile {
  return { source: { file: 'property.yaml', row: null, document: 0 }, values, waivers, warnings: [] };
}

/** structuredClone keeps the data apart from what the validator mutates (it tidies nulls and country case) */
function validate(data: unknown) {
  return validateProfileData(structuredClone(data), { lang: 'en' });
}

describe('validateProfileData', () => {
  it('never throws, and either fills the slots or says why not', () => {
    fc.assert(
      fc.property(anyData, (data) => {
        let copy: unknown;
        try {
          copy = structuredClone(data);
        } catch {
          copy = data; // a value structuredClone refuses is still a value a caller could pass
        }
        const checked = validateProfileData(copy);
        if (checked.values === null) expect(checked.problems.some((p) => p.severity === 'error')).toBe(true);
        else expect(checked.values).toHaveLength(FIELDS.length);
      }),
      { numRuns: RUNS * 3 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts every profile built from the catalogue within its bounds', () => {
    fc.assert(
      fc.property(validProfile, (data) => {
        const checked = validate(data);
        expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(checked.values).not.toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('assessProfile on tmall-global', () => {
  it('one result per profile, score and completeness in 0-100, the same bytes every time', () => {
    fc.assert(
      fc.property(validProfile, fc.constantFrom('en', 'fr', 'zh' as const), (data, lang) => {
        const checked = validate(data);
        const values = checked.values!;
        const a = assessProfile(pack, input(values), { lang, today: TODAY });
        const b = assessProfile(pack, input(validate(data).values!), { lang, today: TODAY });
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(['approve', 'turn-down']).toContain(a.verdict);
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(100);
        expect(a.completeness).toBeGreaterThanOrEqual(0);
        expect(a.completeness).toBeLessThanOrEqual(100);
        // v2: every rule once, as a costly finding, a passed id or counted as not applicable
        expect(a.findings.length + a.passed.length + a.notApplicable).toBe(pack.rules.length);
        expect(a.allFindings).toHaveLength(pack.rules.length);
        if (a.verdict === 'approve') expect(a.score!).toBeGreaterThanOrEqual(a.threshold);
        for (const f of a.findings)
          if (f.blocker && (f.status === 'fail' || f.status === 'missing')) expect(a.verdict).toBe('turn-down');
        // decidedBy: a knock-out failed, or the best case (every unknown met) misses or reaches the threshold
        const knockedOut = a.findings.some((f) => f.blocker && f.status === 'fail' && !(f.waiver && !f.waiver.expired));
        if (a.verdict === 'approve') expect(a.decidedBy).toBe('score');
        else if (knockedOut) expect(a.decidedBy).toBe('knock-out');
        else expect(a.decidedBy).toBe(a.scoreIfComplete! >= a.threshold ? 'missing-data' : 'score');
        expect(a.scoreIfComplete!).toBeGreaterThanOrEqual(a.score!);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on slots holding scalars of the wrong type (a library caller skipping validation)', () => {
    // the shapes YAML, JSON and CSV produce, each in any slot: the engine must not assume the validator ran
    const scalar = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.oneof(fc.string(), fc.double())),
    );
    fc.assert(
      fc.property(fc.array(scalar, { minLength: FIELDS.length, maxLength: FIELDS.length }), (values) => {
        const result = assessProfile(pack, input(values), { today: TODAY });
        // NaN in, NaN out: the validator refuses .nan, so only a caller that skipped it can get here
        if (values.some((v) => Number.isNaN(v))) return;
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
      }),
      { numRuns: RUNS },
    );
  });

  /** a's values, and a's with b's values in `fields` (the slots changed) */
  const changed = (a: unknown, b: unknown, fields: string[]) => {
    const base = validate(a).values!;
    const other = validate(b).values!;
    const next = base.slice();
    const slots = fields.map((f) => FIELD_INDEX.get(f)!);
    for (const slot of slots) next[slot] = other[slot];
    return { base, next, slots };
  };

  it('evaluating again only the rules a change touches gives exactly what a whole evaluation gives', () => {
    const anyField = fc.constantFrom(...FIELDS.filter((f) => !f.required).map((f) => f.path));
    fc.assert(
      fc.property(validProfile, validProfile, fc.array(anyField, { minLength: 1, maxLength: 4 }), (a, b, fields) => {
        const { base, next, slots } = changed(a, b, fields);
        const whole = evaluate(pack, next, null);
        const step = evaluateChange(pack, evaluate(pack, base, null), next, slots, null);
        expect(step).toEqual(whole);
        // in place (the planner's search): the same evaluation, in the very object it was given
        const own = evaluate(pack, base, null);
        expect(evaluateChange(pack, own, next, slots, null, true, true)).toBe(own);
        expect(own).toEqual(whole);
      }),
      { numRuns: RUNS },
    );
  });

  it("the planner's cheaper forms (no points; the score alone, given base's knock-outs down or not) agree with a whole evaluation", () => {
    const anyField = fc.constantFrom(...FIELDS.filter((f) => !f.required).map((f) => f.path));
    const down = (ev: ReturnType<typeof evaluate>): number =>
      pack.rules.filter(
        (rule, r) => rule.blocker && ev.waived[r] === null && (ev.status[r] === 'fail' || ev.status[r] === 'missing'),
      ).length;
    const scratch = new ChangeScratch();
    fc.assert(
      fc.property(validProfile, validProfile, fc.array(anyField, { minLength: 1, maxLength: 4 }), (a, b, fields) => {
        const { base, next, slots } = changed(a, b, fields);
        const whole = evaluate(pack, next, null);
        const before = evaluate(pack, base, null);
        const noPoints = evaluateChange(pack, before, next, slots, null, false);
        expect(noPoints.score).toBe(whole.score);
        expect(noPoints.blockerDown).toBe(whole.blockerDown);
        expect(noPoints.status).toEqual(whole.status);
        const expected = { score: whole.score, blockersDown: down(whole) };
        expect(scoreOfChange(pack, before, next, slots, null, scratch)).toEqual(expected);
        expect(scoreOfChange(pack, before, next, slots, null, scratch, down(before))).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a passing fact (an unknown field set so that its rules pass and nothing else changes) never lowers the score', () => {
    let exercised = 0;
    const unknownField = fc.constantFrom(...FIELDS.filter((f) => !f.required).map((f) => f.path));
    fc.assert(
      fc.property(validProfile, unknownField, (data, field) => {
        const values = validate(data).values!;
        const slot = FIELD_INDEX.get(field)!;
        values[slot] = undefined;
        const before = evaluate(pack, values, null);
        // candidate values: a sample of the field's type; keep those that only turn missing rules into passes
        const candidates = fc.sample(fieldValue(fieldDef(field)!), { numRuns: 12, seed: slot });
        for (const value of candidates) {
          const after = values.slice();
          after[slot] = value;
          const ev = evaluate(pack, after, null);
          let gained = false;
          let other = false;
          for (let r = 0; r < pack.rules.length; r++) {
            if (ev.status[r] === before.status[r]) continue;
            if (before.status[r] === 'missing' && ev.status[r] === 'pass') gained = true;
            else other = true;
          }
          if (!gained || other) continue;
          exercised++;
          expect(ev.score).toBeGreaterThanOrEqual(before.score - 1e-9);
          const scoreBefore = assessProfile(pack, input(values), { today: TODAY }).score!;
          const scoreAfter = assessProfile(pack, input(after), { today: TODAY }).score!;
          expect(scoreAfter).toBeGreaterThanOrEqual(scoreBefore);
        }
      }),
      { numRuns: RUNS },
    );
    // the property must have been put to the test, not skipped for want of a passing fact
    expect(exercised).toBeGreaterThan(RUNS / 10);
  });
});

/**
 * The result as the contract defines it, made the plain way from `evaluate` and `decide`: every rule's finding,
 * the costly ones, the passed ids, the decisive order by a comparator sort. assessProfile makes it in one pass
 * over typed arrays (issue 11's speed work); this holds the two to the very same result.
 */
function plainAssessment(values: unknown[], waivers: InputProfile['waivers'], threshold: number) {
  const active = waivers.length > 0 ? activeWaivers(waivers, TODAY) : null;
  const ev = evaluate(pack, values, active);
  const round1 = (x: number): number => Math.round(x * 10) / 10;
  const all: Finding[] = pack.rules.map((rule, r) => {
    const credit = ev.credit[r]!;
    const points = credit === null ? 0 : ev.maxPoints[r]! * credit;
    const actual = values[rule.fieldIndex];
    const finding: Finding = {
      ruleId: rule.id,
      category: rule.category,
      status: ev.status[r]!,
      blocker: rule.blocker,
      weight: rule.weight,
      points: round1(points),
      maxPoints: round1(ev.maxPoints[r]!),
      credit: credit === null ? null : Math.round(credit * 100) / 100,
      field: rule.field,
      actual: actual === undefined ? null : actual,
    };
    const w = active?.get(rule.id);
    if (w && (ev.waived[r] !== null || w.expired))
      finding.waiver = {
        reason: w.waiver.reason,
        approvedBy: w.waiver.approvedBy,
        expires: w.waiver.expires ?? null,
        expired: w.expired,
      };
    return finding;
  });
  const order = pack.rules
    .map((rule, r) => ({
      r,
      rule,
      lost: ev.maxPoints[r]! - (ev.credit[r] === null ? 0 : ev.maxPoints[r]! * ev.credit[r]!),
    }))
    .filter(({ r }) => (ev.status[r] === 'fail' || ev.status[r] === 'missing') && ev.waived[r] === null)
    .map(({ r, rule, lost }) => ({ r, weight: decisiveness(rule, ev.status[r]!, lost) }))
    .sort((a, b) => b.weight - a.weight || a.r - b.r);
  const decision = decide(pack, ev, threshold);
  return {
    verdict: decision.verdict,
    decidedBy: decision.decidedBy,
    score: round1(ev.score),
    completeness: round1(ev.completeness),
    scoreIfComplete: decision.scoreIfComplete,
    categories: pack.categories.flatMap((c, ci) =>
      ev.categoryMax[ci]! > 0 ? [{ id: c.id, score: round1(ev.categoryEarned[ci]!), max: c.weight }] : [],
    ),
    findings: all.filter(isCostly),
    passed: all.filter((f) => !isCostly(f) && f.status !== 'not-applicable').map((f) => f.ruleId),
    notApplicable: all.filter((f) => !isCostly(f) && f.status === 'not-applicable').length,
    decisive: order.map((o) => pack.rules[o.r]!.id),
    allFindings: all,
  };
}

describe('assessProfile against the plain assessment', () => {
  const waiverOf = fc.record({
    rule: fc.integer({ min: 0, max: 80 }),
    reason: fc.constant('agreed'),
    approvedBy: fc.constant('ops'),
    expires: fc.option(fc.constantFrom('2025-06-30', '2026-01-15', '2027-01-01'), { nil: undefined }),
  });
  it('gives the same result, waivers and thresholds included, and the same again without allFindings', () => {
    fc.assert(
      fc.property(
        validProfile,
        fc.array(waiverOf, { maxLength: 4 }),
        fc.integer({ min: 0, max: 100 }),
        (data, ws, threshold) => {
          const values = validate(data).values!;
          // rule indexes past the pack name no rule: the unknown-waiver warning's path
          const waivers = ws.map(({ rule, expires, ...w }) => ({
            ...w,
            rule: pack.rules[rule]?.id ?? `no/such-rule-${rule}`,
            ...(expires ? { expires } : {}),
          }));
          const result = assessProfile(pack, input(values, waivers), { today: TODAY, threshold });
          const plain = plainAssessment(values, waivers, threshold);
          expect(result).toMatchObject(plain);
          expect(Object.keys(result.allFindings![0]!)).toEqual(Object.keys(plain.allFindings[0]!));
          // the findings the result lists are the very objects of allFindings (locations are set on them)
          for (const f of result.findings) expect(result.allFindings).toContain(f);
          const lean = assessProfile(pack, input(values, waivers), { today: TODAY, threshold, allFindings: false });
          expect(lean.allFindings).toBeUndefined();
          expect({ ...lean, allFindings: result.allFindings }).toEqual(result);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives the same result on slots holding scalars of the wrong type, NaN included', () => {
    const scalar = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.oneof(fc.string(), fc.double())),
    );
    fc.assert(
      fc.property(fc.array(scalar, { minLength: FIELDS.length, maxLength: FIELDS.length }), (values) => {
        const result = assessProfile(pack, input(values), { today: TODAY });
        // Object.is through toEqual: NaN equals NaN, and the order of the decisive ids is compared as is
        expect(result).toMatchObject(plainAssessment(values, [], pack.threshold));
      }),
      { numRuns: RUNS },
    );
  });
});
