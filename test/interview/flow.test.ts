// The whole question flow through a scripted terminal: answers land in the profile, the standing after each
// section, --from defaults, and the promise that re-interviewing with Enter throughout changes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { firstUnanswered, runFlow, type InterviewState } from '../../src/interview/flow.js';
import {
  answersUnchanged,
  commentLanguage,
  emptyProfile,
  headerLines,
  profileFromText,
  profileYaml,
  slugify,
  toProfileData,
  type StartingProfile,
} from '../../src/interview/profile.js';
import { buildQuestions } from '../../src/interview/questions.js';
import { validateProfileData } from '../../src/profile/validate.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import { loadPack } from '../../src/rules/packs.js';
import { BUILTIN_PACKS } from '../../src/rules/locate.js';
import type { Lang } from '../../src/types.js';
import { ROOT } from '../helpers/cli.js';
import { script, type Reply } from './script.js';

const BRANDS = join(ROOT, 'fixtures', 'brands');
const FIXTURES = readdirSync(BRANDS).filter((f) => f.endsWith('.yaml'));

function start(file: string, lang: Lang = 'en'): StartingProfile {
  const loaded = profileFromText(file, readFileSync(file, 'utf8'), lang);
  if ('errors' in loaded) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded;
}

async function interview(
  packId: string,
  from: StartingProfile,
  replies: Record<string, Reply> = {},
  lang: Lang = 'en',
) {
  const pack = await loadPack(packId);
  const state: InterviewState = { values: from.values.slice(), waivers: from.waivers, asked: 0, skipped: 0 };
  const ask = script(replies);
  // a profile read from a file (not a new one): its absent fields are answers, "unknown", that Enter keeps
  const fromFile = Object.keys(from.base).length > 0;
  await runFlow(buildQuestions(pack), pack, ask, state, { lang, threshold: pack.threshold, fromFile });
  const header = ['test header'];
  return { ask, state, yaml: profileYaml(toProfileData(from.base, state.values, from.values), lang, header) };
}

describe('a new profile', () => {
  it('asks section by section, says the standing after each, and writes what was answered', async () => {
    const { ask, yaml } = await interview('tmall-global', emptyProfile(), {
      'brand.name': 'Maison Éclat',
      'brand.country': 'fr',
      'brand.category': 'beauty',
      'company.entityOutsideMainlandChina': 'false',
      'productRange.positiveListSharePct': '87,5',
      'localization.socialChannels': ['wechat', 'xiaohongshu'],
      'partners.tmallPartner': 'Acme TP',
      'pricing.year1BudgetEur': '?',
    });
    const sections = ask.said.filter((s) => s.kind === 'section').map((s) => s.text);
    expect(sections).toEqual([
      'The brand, 1 of 8',
      'Product range, 2 of 8',
      'Company, 3 of 8',
      'Localisation, 4 of 8',
      'Pricing and budget, 5 of 8',
      'Partners and operations, 6 of 8',
      'Intellectual property, 7 of 8',
      'Market fit, 8 of 8',
    ]);
    const standing = ask.said.filter((s) => s.kind === 'standing').map((s) => s.text);
    expect(standing).toHaveLength(7);
    // the section's own score first: the running total is low while later sections are unanswered
    expect(standing[0]).toMatch(
      /^Product range: [\d.]+ \/ 25 · so far: score [\d.]+ \/ 100 \(threshold 70\), data completeness [\d.]+%$/,
    );
    // the knock-out answered "no" in the company section shows from then on
    expect(standing[1]).toContain('knock-out already failed: Applicant registered outside mainland China');
    const data = parse(yaml);
    expect(data).toEqual({
      schemaVersion: 1,
      brand: { name: 'Maison Éclat', country: 'FR', category: 'beauty' },
      company: { entityOutsideMainlandChina: false },
      productRange: { positiveListSharePct: 87.5 },
      localization: { socialChannels: ['wechat', 'xiaohongshu'] },
      partners: { tmallPartner: 'Acme TP' },
    });
    expect(validateProfileData(data).values).not.toBeNull();
  });

  it('asks in French and writes French comments', async () => {
    const { ask, yaml } = await interview(
      'tmall-global',
      emptyProfile(),
      {
        'brand.name': 'Maison Éclat',
        'brand.country': 'FR',
        'brand.category': 'wine-spirits',
        'partners.payment': ['alipay'],
      },
      'fr',
    );
    expect(ask.said[0]!.text).toBe('La marque, 1 sur 8');
    expect(ask.said.find((s) => s.kind === 'standing')!.text).toMatch(
      /^Gamme de produits\s: [\d,]+ \/ 25 · à ce stade\s: score [\d,]+ \/ 100 \(seuil 70\)/,
    );
    expect(yaml).toContain('  category: wine-spirits # catégorie principale de produits\n');
    expect(yaml).toContain('  payment: [alipay] # moyens de paiement\n');
    expect(yaml.startsWith('# test header\n')).toBe(true);
  });
});

describe.each(BUILTIN_PACKS)('Enter throughout keeps the profile (pack %s)', (packId) => {
  it.each(FIXTURES)('%s', async (file) => {
    const from = start(join(BRANDS, file));
    const first = await interview(packId, from);
    // same data as the file: nothing the interview did not ask about is lost, nothing known became unknown.
    // Compared once read, because a file written as people write YAML (oui, "38000000", fr) is written back
    // in the schema's own types (true, 38000000, FR)
    const written = profileFromText('first.yaml', first.yaml, 'en') as StartingProfile;
    expect(written.values).toEqual(from.values);
    expect(written.waivers).toEqual(from.waivers);
    const catalogueSections = new Set([
      'schemaVersion',
      'brand',
      'company',
      'ip',
      'productRange',
      'localization',
      'pricing',
      'partners',
      'market',
    ]);
    const others = (data: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(data).filter(([k]) => !catalogueSections.has(k)));
    expect(others(parse(first.yaml))).toEqual(others(parse(readFileSync(join(BRANDS, file), 'utf8'))));
    // and a profile the interview wrote comes back byte for byte
    const again = await interview(packId, profileFromText('again.yaml', first.yaml, 'en') as StartingProfile);
    expect(again.yaml).toBe(first.yaml);
  });
});

describe('--from', () => {
  it('shows each answer as the default, and changes only what is answered differently', async () => {
    const from = start(join(BRANDS, 'approve-french-skincare.yaml'));
    const { state, yaml } = await interview('tmall-global', from, {
      'pricing.year1BudgetEur': '50 000',
      'ip.chineseBrandName': '?',
    });
    expect(state.values).not.toBe(from.values);
    const data = parse(yaml);
    expect(data.pricing.year1BudgetEur).toBe(50000);
    expect(data.ip.chineseBrandName).toBeUndefined();
    expect(data.brand).toEqual({
      name: 'Maison Lumière',
      country: 'FR',
      category: 'beauty',
      foundedYear: 1987,
      annualRevenueEur: 38000000,
      retailStores: 14,
    });
  });

  it('keeps waivers and fields it does not ask about', async () => {
    const text =
      'schemaVersion: 1\nbrand: { name: W, country: DE, category: home }\nwaivers:\n  - { rule: pricing/margin, reason: launch year, approvedBy: CFO }\n';
    const { yaml } = await interview('tmall-global', profileFromText('w.yaml', text, 'en') as StartingProfile);
    expect(parse(yaml).waivers).toEqual([{ rule: 'pricing/margin', reason: 'launch year', approvedBy: 'CFO' }]);
  });

  it('resumes a draft that lacks required fields, asking them again', async () => {
    const draft = profileFromText('x.draft.yaml', 'schemaVersion: 1\nproductRange:\n  skuCount: 12\n', 'en');
    expect('errors' in draft).toBe(false);
    const { ask, yaml } = await interview('tmall-global', draft as StartingProfile, {
      'brand.name': 'Draft Co',
      'brand.country': 'ES',
      'brand.category': 'fashion',
    });
    expect(ask.asked.slice(0, 3)).toEqual(['brand.name', 'brand.country', 'brand.category']);
    expect(parse(yaml).productRange).toEqual({ skuCount: 12 });
  });

  it('sets a wrong value aside, says so at its line and column, and asks its question again', async () => {
    const loaded = profileFromText(
      'bad.yaml',
      'schemaVersion: 1\nbrand:\n  name: X\n  country: Atlantis\n  category: beauty\n  retailStores: many\n',
      'fr',
    );
    if ('errors' in loaded) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    expect(loaded.warnings.map((w) => `${w.severity} ${w.line}:${w.column} ${w.field}`)).toEqual([
      'warning 4:12 brand.country',
      'warning 6:17 brand.retailStores',
    ]);
    expect(loaded.warnings[0]!.message).toMatch(/"Atlantis" .*\u00a0: l’entretien repose la question$/);
    // neither value is kept: both questions come back with no answer shown, the rest of the profile as it was
    expect(loaded.values[FIELD_INDEX.get('brand.country')!]).toBeUndefined();
    expect(loaded.values[FIELD_INDEX.get('brand.retailStores')!]).toBeUndefined();
    expect(loaded.values[FIELD_INDEX.get('brand.category')!]).toBe('beauty');
    expect((loaded.base.brand as Record<string, unknown>).country).toBeUndefined();
    const questions = buildQuestions(await loadPack('tmall-global'));
    expect(firstUnanswered(questions, { values: loaded.values, unknown: new Set() })?.field.path).toBe('brand.country');
  });

  it('still refuses a file it cannot read as a profile (a YAML syntax error), with line and column', () => {
    const loaded = profileFromText('bad.yaml', 'schemaVersion: 1\nbrand:\n  name: [X\n', 'en');
    expect('errors' in loaded && loaded.errors.length).toBeGreaterThan(0);
  });
});

describe('the file’s own comment and an unchanged profile', () => {
  const file = join(BRANDS, 'approve-bordeaux-wine-estate.yaml');
  const description = readFileSync(file, 'utf8').split('\n')[0]!.slice(2);

  it('keeps the comment at the top of the file above the interview’s header, once, whatever the language', async () => {
    const from = start(file);
    expect(from.comment).toEqual([description]);
    const { state } = await interview('tmall-global', from, { 'pricing.year1BudgetEur': '250000' });
    const written = profileYaml(
      toProfileData(from.base, state.values),
      'fr',
      headerLines(from, 'fr', 'tmall-global 1'),
    );
    expect(
      written.startsWith(`# ${description}\n# Profil de marque market-ready, écrit par market-ready interview`),
    ).toBe(true);
    // read again (in another language, as a draft), the interview's own lines are not taken for the file's
    const again = start(file);
    Object.assign(again, profileFromText('again.yaml', written, 'en'));
    expect(again.comment).toEqual([description]);
    const draft = profileYaml(
      toProfileData(again.base, again.values),
      'en',
      headerLines(again, 'en', 'tmall-global 1', 'market-ready interview --from x.draft.yaml'),
    );
    expect((profileFromText('x.draft.yaml', draft, 'zh') as StartingProfile).comment).toEqual([description]);
  });

  it('knows when no answer changed', async () => {
    const from = start(file);
    expect(answersUnchanged(from, (await interview('tmall-global', from)).state.values)).toBe(true);
    expect(
      answersUnchanged(
        from,
        (await interview('tmall-global', from, { 'partners.payment': ['alipay', 'wechat-pay'] })).state.values,
      ),
    ).toBe(false);
    expect(
      answersUnchanged(from, (await interview('tmall-global', from, { 'ip.chineseBrandName': '?' })).state.values),
    ).toBe(false);
  });
});

describe('file names', () => {
  it.each([
    ['Maison Éclat & Fils', 'maison-eclat-fils'],
    ['  Château Lafite-Rothschild ', 'chateau-lafite-rothschild'],
    ['光之屋', '光之屋'],
    ['***', 'profile'],
  ])('%j -> %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe('resuming a draft (issue 16)', () => {
  const DRAFT = [
    '# DRAFT of an interrupted interview: resume with market-ready interview --from x.draft.yaml',
    '# Answered “don’t know”, not asked again on resume (market-ready interview): company.entityOutsideMainlandChina, productRange.skuCount',
    'schemaVersion: 1',
    'brand:',
    '  name: Draft Co',
    '  country: ES',
    '  category: fashion',
    'productRange:',
    '  positiveListSharePct: 60',
    '',
  ].join('\n');

  it('reads the fields the draft answered "don’t know", in any language of its header', () => {
    const draft = profileFromText('x.draft.yaml', DRAFT, 'en') as StartingProfile;
    expect(draft.unknown).toEqual(['company.entityOutsideMainlandChina', 'productRange.skuCount']);
    const zh = DRAFT.replace(
      /^# Answered.*$/m,
      '# 回答为“不知道”，续答时不再询问（market-ready interview）：company.entityOutsideMainlandChina，productRange.skuCount',
    );
    expect((profileFromText('x.draft.yaml', zh, 'zh') as StartingProfile).unknown).toEqual([
      'company.entityOutsideMainlandChina',
      'productRange.skuCount',
    ]);
    // the header line that ends in the draft's own name is no list of fields
    expect(
      (profileFromText('x.draft.yaml', DRAFT.replace(/^# Answered.*\n/m, ''), 'en') as StartingProfile).unknown,
    ).toEqual([]);
  });

  it('asks only the questions the draft does not answer, from the first unanswered one', async () => {
    const pack = await loadPack('tmall-global');
    const plan = buildQuestions(pack);
    const draft = profileFromText('x.draft.yaml', DRAFT, 'en') as StartingProfile;
    const state: InterviewState = {
      values: draft.values.slice(),
      waivers: [],
      asked: 0,
      skipped: 0,
      unknown: new Set(draft.unknown),
    };
    const first = firstUnanswered(plan, state)!;
    const ask = script();
    await runFlow(plan, pack, ask, state, { lang: 'en', threshold: pack.threshold, resume: true });
    expect(ask.asked[0]).toBe(first.field.path);
    for (const kept of [
      'brand.name',
      'brand.country',
      'brand.category',
      'productRange.positiveListSharePct',
      'company.entityOutsideMainlandChina',
      'productRange.skuCount',
    ]) {
      expect(ask.asked).not.toContain(kept);
    }
    expect(state.kept).toBe(6);
    // a section whose every question the draft answers is not shown at all
    expect(ask.said.filter((s) => s.kind === 'section').map((s) => s.text)).not.toContain('The brand, 1 of 7');
  });

  it('reviewing a draft, Enter keeps a “don’t know” Tmall Partner unknown; on a new question, Enter means none', async () => {
    const pack = await loadPack('tmall-global');
    const text = DRAFT.replace('productRange.skuCount', 'partners.tmallPartner');
    const draft = profileFromText('x.draft.yaml', text, 'en') as StartingProfile;
    const review: InterviewState = {
      values: draft.values.slice(),
      waivers: [],
      asked: 0,
      skipped: 0,
      unknown: new Set(draft.unknown),
    };
    await runFlow(buildQuestions(pack), pack, script(), review, { lang: 'en', threshold: pack.threshold });
    expect(review.values[FIELD_INDEX.get('partners.tmallPartner')!]).toBeUndefined();
    const fresh: InterviewState = { values: emptyProfile().values.slice(), waivers: [], asked: 0, skipped: 0 };
    await runFlow(
      buildQuestions(pack),
      pack,
      script({ 'brand.name': 'N', 'brand.country': 'FR', 'brand.category': 'beauty' }),
      fresh,
      { lang: 'en', threshold: pack.threshold },
    );
    expect(fresh.values[FIELD_INDEX.get('partners.tmallPartner')!]).toBe('');
  });

  it('writes the "don’t know" answers in the draft’s header, so that they survive another interruption', async () => {
    const pack = await loadPack('tmall-global');
    const from = emptyProfile();
    const state: InterviewState = { values: from.values.slice(), waivers: [], asked: 0, skipped: 0 };
    await runFlow(
      buildQuestions(pack),
      pack,
      script({ 'brand.name': 'K', 'brand.country': 'FR', 'brand.category': 'beauty', 'productRange.skuCount': '?' }),
      state,
      { lang: 'fr', threshold: pack.threshold },
    );
    expect(state.unknown?.has('productRange.skuCount')).toBe(true);
    const unknown = [...state.unknown!].filter((p) => state.values[FIELD_INDEX.get(p)!] === undefined);
    const yaml = profileYaml(
      toProfileData(from.base, state.values),
      'fr',
      headerLines(from, 'fr', 'tmall-global 1', 'market-ready interview --from k.draft.yaml', unknown),
    );
    const again = profileFromText('k.draft.yaml', yaml, 'en') as StartingProfile;
    expect(again.unknown).toContain('productRange.skuCount');
    expect(again.unknown).toEqual(unknown);
  });
});

describe('a rewrite changes only the lines of the answers that changed (issue 16)', () => {
  it('keeps a festival list written as YAML numbers as it was', async () => {
    const text =
      'schemaVersion: 1\nbrand:\n  name: Fest\n  country: FR\n  category: beauty\npricing:\n  promotionCalendar: [cny, 38, 618, 1111, 1212]\n';
    const from = profileFromText('f.yaml', text, 'en') as StartingProfile;
    const { yaml } = await interview('tmall-global', from, { 'pricing.year1BudgetEur': '80000' });
    expect(yaml).toContain('  promotionCalendar: [cny, 38, 618, 1111, 1212]');
    expect(parse(yaml).pricing.year1BudgetEur).toBe(80000);
  });

  it('knows the language of the comments the interview wrote, so that a French file stays French', async () => {
    const from = start(join(BRANDS, 'approve-french-skincare.yaml'));
    const { yaml: french } = await interview('tmall-global', from, {}, 'fr');
    expect(commentLanguage(french)).toBe('fr');
    expect(commentLanguage(french.replace(/ # .*$/gm, ''))).toBeNull();
    const frStart = profileFromText('fr.yaml', french, 'en') as StartingProfile;
    expect(frStart.commentLang).toBe('fr');
    // one answer changed, in English: rewritten with the file's own (French) comments, one line differs
    const state: InterviewState = { values: frStart.values.slice(), waivers: frStart.waivers, asked: 0, skipped: 0 };
    const pack = await loadPack('tmall-global');
    await runFlow(buildQuestions(pack), pack, script({ 'pricing.year1BudgetEur': '450 000' }), state, {
      lang: 'en',
      threshold: pack.threshold,
      fromFile: true,
    });
    const rewritten = profileYaml(toProfileData(frStart.base, state.values, frStart.values), frStart.commentLang!, [
      'test header',
    ]);
    const before = french.split('\n');
    const changed = rewritten.split('\n').filter((line, i) => line !== before[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^ {2}year1BudgetEur: 450000 # /);
  });
});
