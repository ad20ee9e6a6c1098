// The whole question flow through a scripted terminal: answers land in the profile, the standing after each
// section, --from defaults, and the promise that re-interviewing with Enter throughout changes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runFlow, type InterviewState } from '../../src/interview/flow.js';
import { answersUnchanged, emptyProfile, headerLines, profileFromText, profileYaml, slugify, toProfileData, type StartingProfile } from '../../src/interview/profile.js';
import { buildQuestions } from '../../src/interview/questions.js';
import { validateProfileData } from '../../src/profile/validate.js';
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

async function interview(packId: string, from: StartingProfile, replies: Record<string, Reply> = {}, lang: Lang = 'en') {
  const pack = await loadPack(packId);
  const state: InterviewState = { values: from.values.slice(), waivers: from.waivers, asked: 0, skipped: 0 };
  const ask = script(replies);
  await runFlow(buildQuestions(pack), pack, ask, state, { lang, threshold: pack.threshold });
  const header = ['test header'];
  return { ask, state, yaml: profileYaml(toProfileData(from.base, state.values), lang, header) };
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
      'The brand, 1 of 8', 'Product range, 2 of 8', 'Company, 3 of 8', 'Localisation, 4 of 8',
      'Pricing and budget, 5 of 8', 'Partners and operations, 6 of 8', 'Intellectual property, 7 of 8', 'Market fit, 8 of 8',
    ]);
    const standing = ask.said.filter((s) => s.kind === 'standing').map((s) => s.text);
    expect(standing).toHaveLength(7);
    // the section's own score first: the running total is low while later sections are unanswered
    expect(standing[0]).toMatch(/^Product range: [\d.]+ \/ 25 · so far: score [\d.]+ \/ 100 \(threshold 70\), data completeness [\d.]+%$/);
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
    const { ask, yaml } = await interview('tmall-global', emptyProfile(), { 'brand.name': 'Maison Éclat', 'brand.country': 'FR', 'brand.category': 'wine-spirits', 'partners.payment': ['alipay'] }, 'fr');
    expect(ask.said[0]!.text).toBe('La marque, 1 sur 8');
    expect(ask.said.find((s) => s.kind === 'standing')!.text).toMatch(/^Gamme de produits : [\d,]+ \/ 25 · à ce stade : score [\d,]+ \/ 100 \(seuil 70\)/);
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
    const catalogueSections = new Set(['schemaVersion', 'brand', 'company', 'ip', 'productRange', 'localization', 'pricing', 'partners', 'market']);
    const others = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([k]) => !catalogueSections.has(k)));
    expect(others(parse(first.yaml))).toEqual(others(parse(readFileSync(join(BRANDS, file), 'utf8'))));
    // and a profile the interview wrote comes back byte for byte
    const again = await interview(packId, profileFromText('again.yaml', first.yaml, 'en') as StartingProfile);
    expect(again.yaml).toBe(first.yaml);
  });
});

describe('--from', () => {
  it('shows each answer as the default, and changes only what is answered differently', async () => {
    const from = start(join(BRANDS, 'approve-french-skincare.yaml'));
    const { state, yaml } = await interview('tmall-global', from, { 'pricing.year1BudgetEur': '50 000', 'ip.chineseBrandName': '?' });
    expect(state.values).not.toBe(from.values);
    const data = parse(yaml);
    expect(data.pricing.year1BudgetEur).toBe(50000);
    expect(data.ip.chineseBrandName).toBeUndefined();
    expect(data.brand).toEqual({ name: 'Maison Lumière', country: 'FR', category: 'beauty', foundedYear: 1987, annualRevenueEur: 38000000, retailStores: 14 });
  });

  it('keeps waivers and fields it does not ask about', async () => {
    const text = 'schemaVersion: 1\nbrand: { name: W, country: DE, category: home }\nwaivers:\n  - { rule: pricing/margin, reason: launch year, approvedBy: CFO }\n';
    const { yaml } = await interview('tmall-global', profileFromText('w.yaml', text, 'en') as StartingProfile);
    expect(parse(yaml).waivers).toEqual([{ rule: 'pricing/margin', reason: 'launch year', approvedBy: 'CFO' }]);
  });

  it('resumes a draft that lacks required fields, asking them again', async () => {
    const draft = profileFromText('x.draft.yaml', 'schemaVersion: 1\nproductRange:\n  skuCount: 12\n', 'en');
    expect('errors' in draft).toBe(false);
    const { ask, yaml } = await interview('tmall-global', draft as StartingProfile, { 'brand.name': 'Draft Co', 'brand.country': 'ES', 'brand.category': 'fashion' });
    expect(ask.asked.slice(0, 3)).toEqual(['brand.name', 'brand.country', 'brand.category']);
    expect(parse(yaml).productRange).toEqual({ skuCount: 12 });
  });

  it('refuses a profile with wrong values, with line and column', () => {
    const loaded = profileFromText('bad.yaml', 'schemaVersion: 1\nbrand:\n  name: X\n  country: FR\n  category: beauty\n  retailStores: many\n', 'en');
    expect('errors' in loaded && loaded.errors.map((e) => `${e.line}:${e.column} ${e.field}`)).toEqual(['6:17 brand.retailStores']);
  });
});

describe('the file’s own comment and an unchanged profile', () => {
  const file = join(BRANDS, 'approve-bordeaux-wine-estate.yaml');
  const description = readFileSync(file, 'utf8').split('\n')[0]!.slice(2);

  it('keeps the comment at the top of the file above the interview’s header, once, whatever the language', async () => {
    const from = start(file);
    expect(from.comment).toEqual([description]);
    const { state } = await interview('tmall-global', from, { 'pricing.year1BudgetEur': '250000' });
    const written = profileYaml(toProfileData(from.base, state.values), 'fr', headerLines(from, 'fr', 'tmall-global 1'));
    expect(written.startsWith(`# ${description}\n# Profil de marque market-ready, écrit par market-ready interview`)).toBe(true);
    // read again (in another language, as a draft), the interview's own lines are not taken for the file's
    const again = start(file);
    Object.assign(again, profileFromText('again.yaml', written, 'en'));
    expect(again.comment).toEqual([description]);
    const draft = profileYaml(toProfileData(again.base, again.values), 'en', headerLines(again, 'en', 'tmall-global 1', 'x.draft.yaml'));
    expect((profileFromText('x.draft.yaml', draft, 'zh') as StartingProfile).comment).toEqual([description]);
  });

  it('knows when no answer changed', async () => {
    const from = start(file);
    expect(answersUnchanged(from, (await interview('tmall-global', from)).state.values)).toBe(true);
    expect(answersUnchanged(from, (await interview('tmall-global', from, { 'partners.payment': ['alipay', 'wechat-pay'] })).state.values)).toBe(false);
    expect(answersUnchanged(from, (await interview('tmall-global', from, { 'ip.chineseBrandName': '?' })).state.values)).toBe(false);
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

