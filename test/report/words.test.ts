// The words of a report: made late, from the pack's rules and the engine's data, in the report's language.
import { describe, expect, it } from 'vitest';
import { assessProfile } from '../../src/engine/assess.js';
import { Words, wordsFor } from '../../src/report/words.js';
import { jsonResult } from '../../src/report/json-shape.js';
import { formatActual } from '../../src/i18n/index.js';
import { loadPack } from '../../src/rules/packs.js';
import { pack, profile, rule } from '../helpers/pack.js';

const bank = rule({
  id: 'company/bank',
  category: 'company',
  blocker: true,
  check: { field: 'company.overseasBankAccount', equals: true },
});
const team = rule({
  id: 'company/team',
  category: 'company',
  weight: 3,
  check: { field: 'company.chinaTeamFte', gte: 2 },
  message: { en: '{actual} people; expected {expected}; {other} stays', fr: '{actual} personnes ; attendu {expected}' },
});
const tm = rule({
  id: 'ip/tm',
  category: 'ip',
  weight: 2,
  check: { field: 'ip.chinaTrademark', equals: 'registered' },
});
const pk = pack([bank, team, tm]);

describe('Words', () => {
  it('fills a failure message with the value and what is expected, keeping a placeholder it does not know', () => {
    const r = assessProfile(
      pk,
      profile({ 'company.overseasBankAccount': true, 'company.chinaTeamFte': 1.5, 'ip.chinaTrademark': 'registered' }),
    );
    const f = r.findings.find((x) => x.ruleId === 'company/team')!;
    expect(wordsFor(pk, 'en').message(f)).toBe('1.5 people; expected what is expected; {other} stays');
    expect(wordsFor(pk, 'fr').message(f)).toBe('1,5 personnes ; attendu ce qui est attendu');
  });

  it('says a euro amount in Chinese in 万, as the packs\' own texts do, in the message and in "profile says"', () => {
    const budget = rule({
      id: 'company/budget',
      category: 'company',
      check: { field: 'pricing.year1BudgetEur', gte: 1000000 },
      expected: { en: 'EUR 1 million', fr: '1 million d’euros', zh: '100 万欧元' },
      message: {
        en: 'EUR {actual}; {expected}',
        fr: '{actual} EUR ; {expected}',
        zh: '预算为 {actual} 欧元；我们期望{expected}',
      },
    });
    const p = pack([budget]);
    const said = (value: number): string => {
      const r = assessProfile(p, profile({ 'pricing.year1BudgetEur': value }));
      return new Words(p, 'zh').message(r.findings.find((x) => x.ruleId === 'company/budget')!);
    };
    expect(said(300000)).toBe('预算为 30 万欧元；我们期望100 万欧元');
    expect(said(123456)).toBe('预算为 123,456 欧元；我们期望100 万欧元');
    expect(said(5000)).toBe('预算为 5000 欧元；我们期望100 万欧元');
    expect(
      new Words(p, 'en').message(assessProfile(p, profile({ 'pricing.year1BudgetEur': 300000 })).findings[0]!),
    ).toBe('EUR 300,000; EUR 1 million');
    expect(formatActual('pricing.year1BudgetEur', 800000, 'zh')).toBe('80 万欧元');
    expect(formatActual('brand.annualRevenueEur', 12500000, 'zh')).toBe('1250 万欧元');
    expect(formatActual('pricing.year1BudgetEur', 3300, 'zh')).toBe('3300 欧元');
    expect(formatActual('pricing.year1BudgetEur', 800000, 'en')).toBe('EUR 800,000');
  });

  it("fills a market-table rule's {required} with the profile's row, kept apart per figure for the same value", async () => {
    const global = await loadPack('tmall-global');
    const words = new Words(global, 'en');
    const said = (category: string, segment: string): string => {
      const input = profile({
        'brand.category': category,
        'market.segment': segment,
        'pricing.year1BudgetEur': 100000,
      });
      const f = assessProfile(global, input).findings.find((x) => x.ruleId === 'market/investment-for-segment')!;
      return words.message(f);
    };
    expect(said('sports', 'outdoor-gear')).toContain('below the EUR 500,000 new foreign brands');
    expect(said('sports', 'sportswear')).toContain('below the EUR 800,000 new foreign brands');
    expect(said('sports', 'outdoor-gear')).toContain('below the EUR 500,000 new foreign brands');
    expect(said('baby', 'infant-formula')).toContain('below the EUR 1,500,000 new foreign brands');
  });

  it('fills a failure message once per value, and a value past the kept ones still reads as itself', () => {
    const words = new Words(pk, 'en');
    const said = (actual: unknown): string => words.message({ ruleId: 'company/team', status: 'fail', actual });
    expect(said(1.5)).toBe('1.5 people; expected what is expected; {other} stays');
    expect(said(3)).toBe('3 people; expected what is expected; {other} stays');
    expect(said(1.5)).toBe('1.5 people; expected what is expected; {other} stays');
    // 0 and -0 are one key of a Map: -0 is not kept, so each reads as formatValue says
    expect(said(0)).toBe('0 people; expected what is expected; {other} stays');
    expect(said(-0)).toBe(new Words(pk, 'en').message({ ruleId: 'company/team', status: 'fail', actual: -0 }));
    for (let n = 0; n < 600; n++)
      expect(said(n + 0.25)).toBe(`${n + 0.25} people; expected what is expected; {other} stays`);
    // each language its own words
    expect(new Words(pk, 'fr').message({ ruleId: 'company/team', status: 'fail', actual: 1.5 })).toBe(
      '1,5 personnes ; attendu ce qui est attendu',
    );
  });

  it('words an unknown knock-out as one, and a rule met as its title', () => {
    const words = new Words(pk, 'en');
    // the field by its label, for a director, and its path, for whoever fills the file in
    expect(words.message({ ruleId: 'company/bank', status: 'missing', actual: null })).toBe(
      'title of company/bank: Overseas bank account (company.overseasBankAccount) is not in the profile ' +
        '(a knock-out: no approval without it).',
    );
    expect(new Words(pk, 'zh').message({ ruleId: 'company/bank', status: 'missing', actual: null })).toMatch(
      /^.*：档案中没有 境外银行账户（company\.overseasBankAccount）（/,
    );
    expect(words.message({ ruleId: 'ip/tm', status: 'pass', actual: 'registered' })).toBe('title of ip/tm');
    // an id the pack does not have (a result from another pack) reads as itself
    expect(words.rule('other/rule').title).toBe('other/rule');
  });

  it('says first that a missing-data turn-down lacks data, and what the score could reach, in en, fr and zh', () => {
    const r = assessProfile(pk, profile({ 'company.overseasBankAccount': true, 'company.chinaTeamFte': 3 }));
    expect(r.decidedBy).toBe('missing-data');
    // the field named as a person reads it: its label (ip.chinaTrademark: "China trademark")
    expect(wordsFor(pk, 'en').missingData(r)).toBe(
      'Turned down for now: the dossier lacks China trademark. With them met, the score could reach 100.',
    );
    expect(wordsFor(pk, 'fr').missingData(r)).toMatch(
      /^Refusé pour l’instant\s: il manque au dossier .+ pourrait atteindre 100\.$/,
    );
    expect(wordsFor(pk, 'zh').missingData(r)).toMatch(/^暂不通过：档案缺少.+最高可达 100。$/);
    const refused = assessProfile(pk, profile({ 'company.overseasBankAccount': false }));
    expect(wordsFor(pk, 'en').missingData(refused)).toBe('');
  });

  it('gives json the reasons as the messages of the decisive findings, most decisive first, whatever the order', () => {
    const r = assessProfile(pk, profile({ 'company.overseasBankAccount': false, 'company.chinaTeamFte': 1 }));
    const words = new Words(pk, 'en');
    const messages = (x: typeof r): string[] =>
      x.decisive.map((id) => words.message(x.findings.find((f) => f.ruleId === id)!));
    expect(r.decisive).toEqual(['company/bank', 'ip/tm', 'company/team']);
    expect(jsonResult(r, words, 'costly').reasons).toEqual(messages(r));
    // findings in another order than the pack's, one of another pack, and a decisive id with no finding: the
    // reasons are still each finding's own message, and a rule's title where it has none
    const other = { ...r.findings[0]!, ruleId: 'other/rule', status: 'fail' as const };
    const shuffled = {
      ...r,
      findings: [r.findings[2]!, other, r.findings[0]!],
      decisive: [...r.decisive, 'other/rule'],
    };
    expect(jsonResult(shuffled, words, 'costly').reasons).toEqual([
      messages(r)[0],
      messages(r)[1],
      'title of company/team',
      'other/rule',
    ]);
    // a result shaped after another made with the same words does not see that one's findings
    const met = assessProfile(pk, profile({ 'company.overseasBankAccount': true, 'company.chinaTeamFte': 3 }));
    expect(jsonResult({ ...met, decisive: ['company/bank'] }, words, 'costly').reasons).toEqual([
      'title of company/bank',
    ]);
  });
});
