// formatTarget words a plan step's target once per report (per Words) and gives every step the same text after.
import { describe, expect, it } from 'vitest';
import { formatActual } from '../../src/i18n/index.js';
import { formatTarget } from '../../src/report/explain.js';
import { Words } from '../../src/report/words.js';
import type { PlanStep } from '../../src/types.js';
import { pack, rule } from '../helpers/pack.js';

const pk = pack([
  rule({ id: 'ip/tm', category: 'ip', weight: 2, check: { field: 'ip.chinaTrademark', equals: 'registered' } }),
]);

function step(action: PlanStep['action'], target: PlanStep['target'], field = 'ip.chinaTrademark'): PlanStep {
  return { ruleId: 'ip/tm', field, effort: 'low', blocker: false, action, gain: 1, projectedScore: 70, target };
}

describe('formatTarget', () => {
  it('says what to reach, in the report language, the same for every step of a report', () => {
    const en = new Words(pk, 'en');
    const fr = new Words(pk, 'fr');
    const target = { 'company.overseasBankAccount': true, 'company.chinaTeamFte': 2, 'ip.partner': '…' };
    for (let i = 0; i < 3; i++) {
      expect(formatTarget(step('change', target), en)).toBe('yes; 2');
      expect(formatTarget(step('change', target), fr)).toBe('oui\u202f; 2');
      expect(formatTarget(step('change', { a: false, b: null, c: '', d: 2.5 }), fr)).toBe(
        'non\u202f; inconnu\u202f; aucun\u202f; 2,5',
      );
    }
    expect(formatTarget(step('change', { partner: '……' }), en)).toBe('');
    expect(formatTarget(step('change', null), en)).toBe('');
  });

  it('asks to provide the field, once worded per field and language', () => {
    const en = new Words(pk, 'en');
    const zh = new Words(pk, 'zh');
    for (let i = 0; i < 2; i++) {
      expect(formatTarget(step('provide', null), en)).toBe(`provide: ${en.field('ip.chinaTrademark')}`);
      expect(formatTarget(step('provide', null), zh)).toBe(`请提供：${zh.field('ip.chinaTrademark')}`);
      expect(formatTarget(step('provide', null, 'company.chinaTeamFte'), en)).toBe(
        `provide: ${en.field('company.chinaTeamFte')}`,
      );
    }
  });

  it("gives a number its field's unit, as 'profile says' does", () => {
    const en = new Words(pk, 'en');
    const fr = new Words(pk, 'fr');
    const zh = new Words(pk, 'zh');
    const budget = { 'pricing.year1BudgetEur': 500000 };
    const share = { 'localization.listingsZhHansPct': 90 };
    expect([en, fr, zh].map((w) => formatTarget(step('change', budget), w))).toEqual([
      'EUR 500,000',
      formatActual('pricing.year1BudgetEur', 500000, 'fr'),
      '50 万欧元',
    ]);
    expect([en, fr, zh].map((w) => formatTarget(step('change', share), w))).toEqual(['90%', '90\u00a0%', '90%']);
    expect(formatTarget(step('change', { 'productRange.chinaAdaptedSkus': 3 }), en)).toBe('3');
  });
});
