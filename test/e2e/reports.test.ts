// End to end: the plan, --baseline and the markdown and html formats through the built binary.
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-reports-'));
const WINE = 'fixtures/brands/turn-down-reseller-wine.yaml';
const SKINCARE = 'fixtures/brands/approve-french-skincare.yaml';

describe('plan in the results', () => {
  it('json carries the plan with the contract fields; following it is shown to approve', async () => {
    const r = await run(['assess', WINE, '--format', 'json']);
    const result = JSON.parse(r.stdout).results[0];
    expect(result.plan.kind).toBe('to-approve');
    expect(result.plan.reachable).toBe(true);
    for (const step of result.plan.steps)
      expect(Object.keys(step)).toEqual(
        expect.arrayContaining(['ruleId', 'field', 'action', 'effort', 'gain', 'projectedScore', 'target']),
      );
    expect(result.plan.steps.at(-1).projectedScore).toBeGreaterThanOrEqual(result.threshold);
  });

  it('a knock-out no change can clear (a food brand on the Luxury Pavilion) is a step at its place: its score is the one before it', async () => {
    const r = await run([
      'assess',
      'fixtures/brands/approve-breton-biscuits.yaml',
      '--pack',
      'luxury-pavilion',
      '--format',
      'json',
    ]);
    const result = JSON.parse(r.stdout).results[0];
    const steps: { ruleId: string; gain: number; projectedScore: number; target: unknown }[] = result.plan.steps;
    expect(result.plan.reachable).toBe(false);
    const at = steps.findIndex((s) => s.ruleId === 'company/luxury-category');
    expect(at).toBeGreaterThan(0);
    expect(steps[at]).toMatchObject({ gain: 0, target: null });
    // no change is proposed, so the score stays where the steps before it left it
    expect(steps[at]!.projectedScore).toBe(steps[at - 1]!.projectedScore);
    for (let i = 1; i < steps.length; i++)
      expect(steps[i]!.projectedScore).toBeCloseTo(steps[i - 1]!.projectedScore + steps[i]!.gain, 1);
  });

  it.each([
    // the score would reach 80, but no change clears the category's knock-out
    ['approve-breton-biscuits.yaml', 'a knock-out of this plan cannot be cleared by any change'],
    // every knock-out met: the points are what is missing
    ['turn-down-young-small-sportswear.yaml', 'even with every step of this plan, the score stays under the threshold'],
  ])('an unreachable plan says why, after its steps (%s)', async (file, why) => {
    for (const format of ['text', 'markdown', 'html']) {
      const r = await run(['assess', `fixtures/brands/${file}`, '--pack', 'luxury-pavilion', '--format', format]);
      expect(r.stdout, format).toContain(why);
      expect(r.stdout, format).not.toContain('every step below');
      // said in the plan, after its heading
      expect(r.stdout.indexOf(why), format).toBeGreaterThan(r.stdout.indexOf('Plan to approval'));
    }
  });

  it('a plan on missing data asks for each missing fact once, however many rules read it', async () => {
    const r = await run(['assess', 'fixtures/brands/minimal-required-only.yaml', '--format', 'json']);
    const result = JSON.parse(r.stdout).results[0];
    expect(result.decidedBy).toBe('missing-data');
    const steps: { action: string; field: string; gain: number; projectedScore: number }[] = result.plan.steps;
    const asked = steps.filter((s) => s.action === 'provide').map((s) => s.field);
    expect(asked).toContain('pricing.year1BudgetEur');
    expect(asked).toContain('productRange.positiveListSharePct');
    expect(new Set(asked).size).toBe(asked.length);
    expect(result.plan.reachable).toBe(true);
    expect(steps.at(-1)!.projectedScore).toBeGreaterThanOrEqual(result.threshold);
    let score = result.score;
    for (const s of steps) {
      expect(s.projectedScore).toBeCloseTo(score + s.gain, 1);
      score = s.projectedScore;
    }
  });

  it('the machine formats skip it unless --plan asks; --no-plan drops it from json', async () => {
    const ndjson = await run(['assess', WINE, '--format', 'ndjson']);
    expect(JSON.parse(ndjson.stdout).plan).toBeUndefined();
    const forced = await run(['assess', WINE, '--format', 'ndjson', '--plan']);
    expect(JSON.parse(forced.stdout).plan.kind).toBe('to-approve');
    const none = await run(['assess', WINE, '--format', 'json', '--no-plan']);
    expect(JSON.parse(none.stdout).results[0].plan).toBeUndefined();
  });
});

describe('--baseline', () => {
  it('says which failures no longer count: the reseller became the brand owner, the authorisation chain no longer applies', async () => {
    const previous = join(dir, 'reseller-before.json');
    const copy = join(dir, 'reseller.yaml');
    const earlier = readFileSync(WINE, 'utf8');
    expect(earlier).toMatch(/role: reseller/);
    writeFileSync(copy, earlier);
    await run(['assess', copy, '--format', 'json', '-o', previous]);
    const before = JSON.parse(readFileSync(previous, 'utf8')).results[0];
    expect(before.findings.find((f: { ruleId: string }) => f.ruleId === 'ip/authorization-chain')?.status).toBe('fail');
    writeFileSync(copy, earlier.replace('role: reseller', 'role: brand-owner'));
    const json = JSON.parse((await run(['assess', copy, '--format', 'json', '--baseline', previous])).stdout);
    expect(json.results[0].change.noLongerCounted).toEqual(['ip/authorization-chain']);
    const lines = (lang: string, format: string): Promise<string> =>
      run(['assess', copy, '--format', format, '--lang', lang, '--baseline', previous]).then((r) => r.stdout);
    expect(await lines('en', 'text')).toContain(
      '~ no longer counted (not applicable now, or waived): Complete authorisation chain (ip/authorization-chain)',
    );
    expect(await lines('fr', 'markdown')).toMatch(
      /- ➖ ne comptent plus \(sans objet désormais, ou couverts par une dérogation\)\u00a0: .*`ip\/authorization-chain`/u,
    );
    expect(await lines('zh', 'html')).toContain('不再计入（现已不适用，或已豁免）');
  });

  it('adds the change since an earlier json report, matched by brand and source', async () => {
    const previous = join(dir, 'previous.json');
    // the earlier run: the same brand without its IP Protection Platform enrolment
    const earlier = readFileSync(WINE, 'utf8').replace(/ipProtectionPlatform: \w+/, 'ipProtectionPlatform: false');
    const copy = join(dir, 'wine.yaml');
    writeFileSync(copy, earlier);
    await run(['assess', copy, '--format', 'json', '-o', previous]);
    const improved = earlier.replace('ipProtectionPlatform: false', 'ipProtectionPlatform: true');
    writeFileSync(copy, improved);
    const r = await run(['assess', copy, '--format', 'json', '--baseline', previous]);
    const before = JSON.parse(readFileSync(previous, 'utf8')).results[0];
    const result = JSON.parse(r.stdout).results[0];
    expect(result.change).toEqual({
      verdictBefore: 'turn-down',
      scoreBefore: before.score,
      scoreDelta: Math.round((result.score - before.score) * 10) / 10,
      newlyPassing: ['ip/ip-protection-platform'],
      newlyFailing: [],
      noLongerCounted: [],
    });
    const text = await run(['assess', copy, '--baseline', previous]);
    expect(text.stdout).toContain(`Since last time: was turned down at ${before.score} (+${result.change.scoreDelta})`);
    expect(text.stdout).toContain(
      "+ now passing: Enrolled in Alibaba's IP Protection Platform (ip/ip-protection-platform)",
    );
  });

  it('rejects a file that is not a json report in one line, exit 2', async () => {
    const r = await run(['assess', WINE, '--baseline', WINE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: fixtures\/brands\/turn-down-reseller-wine\.yaml:1:1: the baseline is not valid JSON \(Unexpected token '#'\)/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await run(['assess', WINE, '--baseline', 'nowhere.json']);
    expect(missing.stderr).toBe(
      'error: nowhere.json: cannot read the baseline (no such file): give a report written by --format json -o <file>\n',
    );
  });

  const notJson = '; give a report written by --format json';
  it.each([
    // V8's message quotes the text around the error, its newlines with it: the line is the error's position instead
    ['text with a newline', 'garbage\nmore\n', `:1:1: the baseline is not valid JSON (Unexpected token 'g')${notJson}`],
    [
      'a bad token on line 3',
      '{"results":\n[1,\n  2,,]}',
      `:3:5: the baseline is not valid JSON (Unexpected token ',')${notJson}`,
    ],
    // a null in the findings once crashed with "internal error: Cannot read properties of null (reading 'ruleId')"
    [
      'a null finding',
      JSON.stringify({
        results: [{ source: { file: 'a' }, brand: 'x', verdict: 'approve', score: 1, findings: [null] }],
      }),
      ': results[0] is not a market-ready result (expected source, brand, verdict, score and findings, ' +
        'each finding with its ruleId and status)',
    ],
  ])('a wrong baseline (%s): one line naming where, exit 2, no crash', async (_, content, message) => {
    const bad = join(dir, 'bad-baseline.json');
    writeFileSync(bad, content);
    const r = await run(['assess', WINE, '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${bad}${message}\n`);
  });

  it('a baseline whose pack.rules holds a null is read (the rules named there are what it skips)', async () => {
    const previous = join(dir, 'null-rules.json');
    await run(['assess', WINE, '--format', 'json', '-o', previous]);
    const report = JSON.parse(readFileSync(previous, 'utf8'));
    report.pack.rules.unshift(null, 3);
    writeFileSync(previous, JSON.stringify(report));
    const r = await run(['assess', WINE, '--format', 'json', '--baseline', previous]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0].change).toMatchObject({ verdictBefore: 'turn-down', scoreDelta: 0 });
  });

  it('a dossier unreadable in the baseline and assessed now: its failures are new, whether the baseline is json or ndjson', async () => {
    const copy = join(dir, 'was-broken.yaml');
    const fixed = readFileSync(WINE, 'utf8');
    const broken = fixed.replace('skuCount: 80', 'skuCount: many');
    expect(broken).not.toBe(fixed);
    writeFileSync(copy, broken);
    const changes: unknown[] = [];
    for (const format of ['json', 'ndjson']) {
      const previous = join(dir, `was-broken.${format}`);
      // two dossiers, so that the ndjson report is more than one line
      expect((await run(['assess', copy, SKINCARE, '--format', format, '-o', previous])).code).toBe(2);
      writeFileSync(copy, fixed);
      const assessed = await run(['assess', copy, '--format', 'json', '--baseline', previous]);
      expect(assessed.stderr).toBe('');
      const now = JSON.parse(assessed.stdout);
      const failing = now.results[0].findings
        .filter((f: { status: string }) => f.status === 'fail' || f.status === 'missing')
        .map((f: { ruleId: string }) => f.ruleId);
      expect(failing.length).toBeGreaterThan(0);
      expect(now.results[0].change).toMatchObject({ verdictBefore: 'error', scoreBefore: null });
      expect([...now.results[0].change.newlyFailing].sort()).toEqual([...failing].sort());
      changes.push(now.results[0].change);
      // a verdict that moved from unreadable is never "no criterion changed"
      const text = await run(['assess', copy, '--baseline', previous]);
      expect(text.stdout).not.toContain('no criterion changed');
      writeFileSync(copy, broken);
    }
    expect(changes[1]).toEqual(changes[0]);
  });

  it.each(['en', 'fr', 'zh'])(
    'a dossier unreadable before is said "was unreadable", with no score before, in text, markdown and html (%s)',
    async (lang) => {
      const copy = join(dir, `unscored-${lang}.yaml`);
      const fixed = readFileSync(WINE, 'utf8');
      writeFileSync(copy, fixed.replace('skuCount: 80', 'skuCount: many'));
      const previous = join(dir, `unscored-${lang}.json`);
      expect((await run(['assess', copy, '--format', 'json', '-o', previous])).code).toBe(2);
      writeFileSync(copy, fixed);
      const was = { en: 'was unreadable', fr: 'était illisible', zh: '上次为 无法读取' }[lang]!;
      for (const format of ['text', 'markdown', 'html']) {
        const r = await run(['assess', copy, '--format', format, '--lang', lang, '--baseline', previous]);
        expect(r.stdout, format).toContain(was);
        // no score to quote: never "at -" or "à —"
        expect(r.stdout, format).not.toMatch(/(\bat|à|得分) [-—]/);
      }
    },
  );

  it('an ndjson report of a single result is a baseline too (one line, which is also one JSON document)', async () => {
    const previous = join(dir, 'single.ndjson');
    await run(['assess', WINE, '--format', 'ndjson', '-o', previous]);
    expect(readFileSync(previous, 'utf8').trimEnd().split('\n')).toHaveLength(1);
    const r = await run(['assess', WINE, '--format', 'json', '--baseline', previous]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0].change).toMatchObject({ verdictBefore: 'turn-down', scoreDelta: 0 });
  });

  it('an ndjson report is a baseline too, one result a line; a broken line is named by its number', async () => {
    const previous = join(dir, 'previous.ndjson');
    await run(['assess', WINE, 'fixtures/brands/approve-french-skincare.yaml', '--format', 'ndjson', '-o', previous]);
    const r = await run(['assess', WINE, '--format', 'json', '--baseline', previous]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0].change).toMatchObject({ verdictBefore: 'turn-down', scoreDelta: 0 });
    const cut = join(dir, 'cut.ndjson');
    writeFileSync(cut, readFileSync(previous, 'utf8').split('\n')[0] + '\n{"source": oops}\n');
    const broken = await run(['assess', WINE, '--baseline', cut]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      `error: ${cut}:2:12: line 2 of the ndjson baseline is not valid JSON (Unexpected token 'o'); ` +
        'give a report written by --format json or ndjson, whole\n',
    );
  });

  it('refuses a baseline too large to read whole in one line, before reading it', async () => {
    const huge = join(dir, 'huge.json');
    // a sparse file: 450 MB on paper, nothing on disk
    closeSync(openSync(huge, 'w'));
    truncateSync(huge, 450 * 1024 * 1024);
    const r = await run(['assess', WINE, '--baseline', huge]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${huge}: the baseline is 450 MB; --baseline reads json reports of up to 400 MB (about 15,000 brands): compare a large batch in parts, or its csv reports\n`,
    );
  });

  it('warns when the baseline was made with another pack', async () => {
    const previous = join(dir, 'tmall.json');
    await run(['assess', WINE, '--format', 'json', '--pack', 'tmall', '-o', previous]);
    const r = await run(['assess', WINE, '--baseline', previous, '--format', 'json']);
    expect(r.stderr).toMatch(/^warning: .*tmall\.json was assessed with pack tmall .*, this run uses tmall-global/);
  });
});

describe('markdown and html through the binary', () => {
  it('--format markdown prints the summary table and a section per brand', async () => {
    const r = await run(['assess', 'fixtures/brands/multi/portfolio.yaml', '--format', 'markdown', '--lang', 'fr']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# Rapport de préparation au marché chinois — Tmall Global \(transfrontalier\)\n/);
    expect(r.stdout).toContain('| marque | décision | score | seuil | complétude des données | raison principale |');
    expect(r.stdout.match(/^## .* — (✅|❌)/gm)!.length).toBe(3);
  });

  it('--format html -o writes one page in the language asked for', async () => {
    const out = join(dir, 'report.html');
    const r = await run([
      'assess',
      'fixtures/brands/multi/portfolio.yaml',
      '--format',
      'html',
      '-o',
      out,
      '--lang',
      'zh',
    ]);
    expect(r.stdout).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>\n<html lang="zh-Hans">/);
    expect(page).toContain('中国市场准备度报告');
    expect(page).not.toMatch(/<script/i);
  });

  it('in French, a number is never broken between its groups of digits, on screen or on paper', async () => {
    const page = (await run(['assess', 'fixtures/brands', '--format', 'html', '--lang', 'fr', '-q'])).stdout;
    const text = page.replace(/<style>[^]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
    // the tool's numbers and the pack's texts alike ("au moins 500 000 EUR la première année")
    expect(text).toContain('500\u202f000\u00a0EUR');
    expect(text.match(/\d \d{3}(?!\d)/g) ?? []).toEqual([]);
  });
});
