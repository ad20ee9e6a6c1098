// The question list is derived from the pack and the field catalogue: every field a rule reads plus the
// required ones, sections in the pack's category order, knock-outs first, and questions that cannot matter skipped.
import { describe, expect, it } from 'vitest';
import {
  buildQuestions,
  choicesFor,
  isSkipped,
  questionText,
  sectionHeader,
  usedByText,
  OPENING_SECTION,
} from '../../src/interview/questions.js';
import { DONT_KNOW, promptFor } from '../../src/interview/answers.js';
import { runFlow, type InterviewState } from '../../src/interview/flow.js';
import { emptyProfile } from '../../src/interview/profile.js';
import { fieldsOf } from '../../src/rules/compile.js';
import { loadPack } from '../../src/rules/packs.js';
import { BUILTIN_PACKS } from '../../src/rules/locate.js';
import { FIELDS, FIELD_INDEX } from '../../src/profile/fields.js';
import type { FieldValues } from '../../src/types.js';
import { pack, rule } from '../helpers/pack.js';
import { script } from './script.js';

const values = (fields: Record<string, unknown>): FieldValues => {
  const v: FieldValues = new Array(FIELDS.length).fill(undefined);
  for (const [path, value] of Object.entries(fields)) v[FIELD_INDEX.get(path)!] = value;
  return v;
};

describe.each(BUILTIN_PACKS)('questions of pack %s', (id) => {
  it('asks every field a rule reads and every required field, once each', async () => {
    const compiled = await loadPack(id);
    const plan = buildQuestions(compiled);
    const asked = plan.sections.flatMap((s) => s.questions.map((q) => q.field.path));
    const read = new Set(compiled.rules.flatMap((r) => fieldsOf(r.spec.when, [...r.fields])));
    const required = FIELDS.filter((f) => f.required && f.type !== 'version').map((f) => f.path);
    expect(new Set(asked).size).toBe(asked.length);
    expect([...new Set(asked)].sort()).toEqual([...new Set([...read, ...required])].sort());
  });

  it('opens with the required fields, then follows the pack’s category order', async () => {
    const compiled = await loadPack(id);
    const plan = buildQuestions(compiled);
    expect(plan.sections[0]!.id).toBe(OPENING_SECTION);
    expect(plan.sections[0]!.questions.map((q) => q.field.path)).toEqual([
      'brand.name',
      'brand.country',
      'brand.category',
    ]);
    const ids = plan.sections.slice(1).map((s) => s.id);
    expect(ids).toEqual(compiled.categories.map((c) => c.id).filter((c) => ids.includes(c)));
  });

  it('puts knock-out questions first within each section', async () => {
    const plan = buildQuestions(await loadPack(id));
    for (const section of plan.sections.slice(1)) {
      // a gate (a field another question's rules read in `when`) is moved before the questions it decides
      const gates = new Set(section.questions.flatMap((q) => q.rules.flatMap((r) => fieldsOf(r.spec.when))));
      const flags = section.questions.filter((q) => !gates.has(q.field.path) || q.blocker).map((q) => q.blocker);
      // once a non-blocker question came, no blocker follows
      expect(flags.indexOf(false) === -1 || !flags.slice(flags.indexOf(false)).includes(true)).toBe(true);
    }
  });
});

describe('section headers and help', () => {
  it.each([
    ['en', 'Pricing and budget, 5 of 8'],
    ['fr', 'Prix et budget, 5 sur 8'],
    ['zh', '价格与预算（5/8）'],
  ] as const)('%s: "%s"', async (lang, header) => {
    const plan = buildQuestions(await loadPack('tmall-global'));
    const index = plan.sections.findIndex((s) => s.id === 'pricing');
    expect(sectionHeader(plan, index, lang)).toBe(header);
  });

  it('asks in the catalogue’s words and names the rules that use the field, knock-outs marked', async () => {
    const plan = buildQuestions(await loadPack('tmall-global'));
    const q = plan.sections
      .flatMap((s) => s.questions)
      .find((x) => x.field.path === 'productRange.positiveListSharePct')!;
    expect(questionText(q, 'en')).toBe("Share of SKUs on China's cross-border e-commerce positive list, in percent");
    expect(questionText(q, 'fr')).toMatch(/^Part des références figurant sur la liste positive/);
    expect(questionText(q, 'zh')).toMatch(/正面清单/);
    expect(usedByText(q, 'en')).toBe(
      'productRange.positiveListSharePct · used by: Products on the cross-border positive list [knock-out]; Share of the range on the positive list',
    );
    expect(usedByText(q, 'fr')).toContain('[éliminatoire]');
  });

  it('names only the rules that may still apply, and counts the rest of a long list', async () => {
    const plan = buildQuestions(await loadPack('tmall-global'));
    const q = plan.sections.flatMap((s) => s.questions).find((x) => x.field.path === 'productRange.regulatoryPath')!;
    const wine = usedByText(q, 'en', values({ 'brand.category': 'wine-spirits' }));
    expect(wine).toContain('Food and drink import route');
    expect(wine).not.toMatch(/Cosmetics/);
    const category = plan.sections[0]!.questions[2]!;
    expect(usedByText(category, 'en')).toMatch(/; \d+ more$/);
  });
});

describe('skipping questions that do not apply', () => {
  // cosmetics registration means nothing to a wine brand; labels are asked of wine brands only
  const mini = pack([
    rule({
      id: 'beauty/route',
      category: 'company',
      when: { field: 'brand.category', equals: 'beauty' },
      check: { field: 'productRange.regulatoryPath', in: ['cross-border', 'nmpa-filed'] },
    }),
    rule({
      id: 'wine/labels',
      category: 'company',
      when: { field: 'brand.category', equals: 'wine-spirits' },
      check: { field: 'localization.labelling', equals: 'physical' },
    }),
    rule({
      id: 'ip/chain',
      category: 'ip',
      blocker: true,
      when: { field: 'company.role', 'not-equals': 'brand-owner' },
      check: { field: 'ip.authorizationChainComplete', equals: true },
    }),
    rule({
      id: 'ip/role',
      category: 'ip',
      check: { field: 'company.role', in: ['brand-owner', 'exclusive-licensee'] },
    }),
  ]);
  const run = async (replies: Record<string, string>, start = emptyProfile().values) => {
    const state: InterviewState = { values: start.slice(), waivers: [], asked: 0, skipped: 0 };
    const ask = script({ 'brand.name': 'Château Test', 'brand.country': 'FR', ...replies });
    await runFlow(buildQuestions(mini), mini, ask, state, { lang: 'en', threshold: 70 });
    return { ask, state };
  };

  it('skips the cosmetics question for a wine brand and asks about labels', async () => {
    const { ask, state } = await run({ 'brand.category': 'wine-spirits' });
    expect(ask.asked).toContain('localization.labelling');
    expect(ask.asked).not.toContain('productRange.regulatoryPath');
    expect(state.skipped).toBe(1);
  });

  it('skips the labels question for a beauty brand', async () => {
    const { ask } = await run({ 'brand.category': 'beauty' });
    expect(ask.asked).toContain('productRange.regulatoryPath');
    expect(ask.asked).not.toContain('localization.labelling');
  });

  it('asks a gate before the questions it decides, even before a knock-out', async () => {
    const plan = buildQuestions(mini);
    expect(plan.sections.find((s) => s.id === 'ip')!.questions.map((q) => q.field.path)).toEqual([
      'company.role',
      'ip.authorizationChainComplete',
    ]);
    const { ask } = await run({ 'brand.category': 'other', 'company.role': 'brand-owner' });
    expect(ask.asked).toContain('company.role');
    expect(ask.asked).not.toContain('ip.authorizationChainComplete');
  });

  it('never hides the question that could change the answer it depends on', async () => {
    // the profile said brand owner: the role is still asked, and a new answer brings the chain question back
    const start = values({ schemaVersion: 1, 'company.role': 'brand-owner' });
    const { ask } = await run({ 'brand.category': 'other', 'company.role': 'reseller' }, start);
    expect(ask.asked).toEqual(expect.arrayContaining(['company.role', 'ip.authorizationChainComplete']));
  });

  it('does not skip a question while the data deciding it is unknown', async () => {
    const plan = buildQuestions(mini);
    const chain = plan.sections
      .flatMap((s) => s.questions)
      .find((q) => q.field.path === 'ip.authorizationChainComplete')!;
    expect(isSkipped(chain, values({}))).toBe(false);
    expect(isSkipped(chain, values({ 'company.role': 'brand-owner' }))).toBe(true);
  });

  it('skips the authorisation chain of a brand owner in the luxury-pavilion pack', async () => {
    const plan = buildQuestions(await loadPack('luxury-pavilion'));
    const chain = plan.sections
      .flatMap((s) => s.questions)
      .find((q) => q.field.path === 'ip.authorizationChainComplete')!;
    expect(isSkipped(chain, values({ 'company.role': 'brand-owner' }))).toBe(true);
    expect(isSkipped(chain, values({ 'company.role': 'authorized-distributor' }))).toBe(false);
  });
});

describe('enum choices narrowed to the brand', () => {
  const routeOf = async (packId: string) => {
    const plan = buildQuestions(await loadPack(packId));
    return plan.sections.flatMap((s) => s.questions).find((q) => q.field.path === 'productRange.regulatoryPath')!;
  };

  it.each([
    // NMPA routes are for cosmetics and supplements, GACC registration for food and drink
    ['wine-spirits', ['cross-border', 'gacc-registered', 'not-required', 'none']],
    ['beauty', ['cross-border', 'nmpa-filed', 'nmpa-registered', 'not-required', 'none']],
    ['health-supplements', ['cross-border', 'nmpa-registered', 'samr-registered', 'not-required', 'none']],
  ])('tmall-global, %s: %j', async (category, shown) => {
    expect(choicesFor(await routeOf('tmall-global'), values({ 'brand.category': category }))).toEqual(shown);
  });

  it('offers every value while the category is unknown, or when an applicable rule only excludes some', async () => {
    const q = await routeOf('tmall-global');
    expect(choicesFor(q, values({}))).toBeNull();
    expect(choicesFor(q)).toBeNull();
    // "any defined route" for electronics: every route is a meaningful answer
    expect(choicesFor(q, values({ 'brand.category': 'electronics' }))).toBeNull();
  });

  it('never narrows what is not gated by the category (a reseller stays a choice for a luxury brand)', async () => {
    const plan = buildQuestions(await loadPack('luxury-pavilion'));
    const role = plan.sections.flatMap((s) => s.questions).find((q) => q.field.path === 'company.role')!;
    expect(choicesFor(role, values({ 'brand.category': 'luxury' }))).toBeNull();
  });

  it('the wine brand’s prompt lists only its routes, plus the current answer and "don’t know"', async () => {
    const q = await routeOf('tmall-global');
    const wine = values({ 'brand.category': 'wine-spirits' });
    const names = (current: unknown) => {
      const p = promptFor(q, current, 'en', choicesFor(q, wine));
      if (p.kind !== 'select') throw new Error('select expected');
      return p.spec.choices.map((c) => c.value);
    };
    expect(names(undefined)).toEqual(['cross-border', 'gacc-registered', 'not-required', 'none', DONT_KNOW]);
    // a profile that holds a value outside the list keeps it on offer, so that Enter keeps it
    expect(names('nmpa-filed')).toEqual([
      'cross-border',
      'nmpa-filed',
      'gacc-registered',
      'not-required',
      'none',
      DONT_KNOW,
    ]);
  });

  it('in the flow, a wine brand is not offered the NMPA routes', async () => {
    const compiled = await loadPack('tmall-global');
    const state: InterviewState = { values: emptyProfile().values.slice(), waivers: [], asked: 0, skipped: 0 };
    const ask = script({ 'brand.name': 'Château Test', 'brand.country': 'FR', 'brand.category': 'wine-spirits' });
    const offered: string[][] = [];
    const select = ask.select.bind(ask);
    ask.select = async (spec) => {
      if (spec.field === 'productRange.regulatoryPath') offered.push(spec.choices.map((c) => c.value));
      return select(spec);
    };
    await runFlow(buildQuestions(compiled), compiled, ask, state, { lang: 'en', threshold: 70 });
    expect(offered).toEqual([['cross-border', 'gacc-registered', 'not-required', 'none', DONT_KNOW]]);
  });
});
