// End to end: the built binary on the fixture brands, as a user runs it (`npm run build` first).
// Golden files: UPDATE_GOLDEN=1 npx vitest run test/e2e/assess.test.ts rewrites them; review the diff.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from '../helpers/cli.js';
import { FIELDS, fieldLabel } from '../../src/profile/fields.js';

const BRANDS = join(ROOT, 'fixtures/brands');
const fixtures = readdirSync(BRANDS).filter((f) => f.endsWith('.yaml'));

function golden(name: string, actual: string): void {
  const path = join(ROOT, 'test/golden', name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('assess: the fixture brands', () => {
  it.each(fixtures)('%s gets the verdict its name promises', async (file) => {
    const r = await run(['assess', `fixtures/brands/${file}`, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const [result] = report.results;
    const expected = file.startsWith('approve-') ? 'approve' : 'turn-down';
    expect(result.verdict).toBe(expected);
    expect(r.code).toBe(expected === 'approve' ? 0 : 1);
    if (expected === 'turn-down') expect(result.reasons.length).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
  });

  it('a turn-down on a knock-out names it first, with what was said and what to do', async () => {
    const r = await run(['assess', 'fixtures/brands/turn-down-squatted-trademark-fashion.yaml', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const result = report.results[0];
    const first = result.findings.find((f: { message: string }) => f.message === result.reasons[0]);
    expect(first).toMatchObject({
      ruleId: 'ip/china-trademark-not-squatted',
      status: 'fail',
      blocker: true,
      actual: true,
    });
    expect(result.decidedBy).toBe('knock-out');
    // what to do is the rule's text, printed once for the report in pack.rules
    expect(report.pack.rules.find((x: { id: string }) => x.id === first.ruleId).remedy).toMatch(
      /opposition|invalidation/,
    );
    expect(result.score).toBeGreaterThan(result.threshold);
  });

  it('a multi-document YAML file gives one result per document', async () => {
    const r = await run(['assess', 'fixtures/brands/multi/portfolio.yaml', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.results.map((x: { source: { document: number } }) => x.source.document)).toEqual([0, 1, 2]);
    expect(report.summary.total).toBe(3);
  });
});

describe('assess: golden reports', () => {
  it.each([
    ['approve-french-skincare', 'en'],
    ['turn-down-reseller-wine', 'en'],
    ['turn-down-reseller-wine', 'fr'],
    ['turn-down-price-gap-grey-market-cosmetics', 'fr'],
    ['minimal-required-only', 'en'],
  ])('text of %s in %s', async (name, lang) => {
    const r = await run(['assess', `fixtures/brands/${name}.yaml`, '--lang', lang]);
    golden(`${name}.${lang}.txt`, r.stdout);
  });

  it('json of a turn-down', async () => {
    const r = await run(['assess', 'fixtures/brands/turn-down-reseller-wine.yaml', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.tool.name).toBe('market-ready');
    expect(report.pack).toMatchObject({ id: 'tmall-global' });
    expect(report.pack.digest).toMatch(/^[0-9a-f]{64}$/);
    // the version changes with each release; the golden holds the rest
    golden(
      'turn-down-reseller-wine.json',
      JSON.stringify({ ...report, tool: { name: report.tool.name } }, null, 2) + '\n',
    );
  });

  it('json and ndjson: the findings that cost points, the ids passed; every rule with its texts under --findings all', async () => {
    const file = 'fixtures/brands/turn-down-reseller-wine.yaml';
    // ndjson has no plan by default: leave it out of json too, to compare the rest
    const report = JSON.parse((await run(['assess', file, '--format', 'json', '--no-plan'])).stdout);
    const costly = report.results[0];
    const all = JSON.parse((await run(['assess', file, '--format', 'json', '--no-plan', '--findings', 'all'])).stdout)
      .results[0];
    const ndjson = JSON.parse((await run(['assess', file, '--format', 'ndjson'])).stdout);
    const ndjsonAll = JSON.parse((await run(['assess', file, '--format', 'ndjson', '--findings', 'all'])).stdout);
    // v1's name of all still works, so old scripts keep theirs
    const full = JSON.parse((await run(['assess', file, '--format', 'ndjson', '--findings', 'full'])).stdout);
    expect(ndjson).toEqual(costly);
    expect(ndjsonAll).toEqual(all);
    expect(full).toEqual(all);
    // every rule once: a costly finding, a passed id or counted as not applicable
    expect(all.findings).toHaveLength(report.pack.rules.length);
    expect(costly.findings.length + costly.passed.length + costly.notApplicable).toBe(report.pack.rules.length);
    for (const f of costly.findings) {
      expect(f.status === 'fail' || f.status === 'missing' || f.points < f.maxPoints || f.waiver !== undefined).toBe(
        true,
      );
      // credit is points / maxPoints: only --findings all (v1's shape) repeats it
      expect(f).not.toHaveProperty('credit');
      expect(f.message).not.toBe('');
      expect(f).not.toHaveProperty('remedy');
      expect(f).not.toHaveProperty('title');
    }
    expect(costly.passed).toEqual(
      all.findings
        .filter((f: { status: string; credit: number }) => f.status === 'pass' && f.credit === 1)
        .map((f: { ruleId: string }) => f.ruleId),
    );
    expect(costly.notApplicable).toBe(
      all.findings.filter((f: { status: string }) => f.status === 'not-applicable').length,
    );
    // all: v1's shape, each finding with its rule's words, the same as pack.rules has them
    const rules = new Map(report.pack.rules.map((r: { id: string }) => [r.id, r]));
    for (const f of all.findings) {
      const rule = rules.get(f.ruleId) as {
        title: string;
        expected: string;
        remedy: string;
        source: string;
        effort: string;
      };
      expect(f).toMatchObject({
        title: rule.title,
        expected: rule.expected,
        remedy: rule.remedy,
        source: rule.source,
        effort: rule.effort,
      });
      expect(typeof f.message).toBe('string');
    }
    // the costly findings are the same, words apart, and the numbers and verdict never change
    const pickData = ({
      title: _t,
      expected: _e,
      remedy: _r,
      effort: _f,
      source: _s,
      credit: _c,
      ...rest
    }: Record<string, unknown>) => rest;
    expect(costly.findings).toEqual(
      all.findings
        .filter((f: { ruleId: string }) => costly.findings.some((c: { ruleId: string }) => c.ruleId === f.ruleId))
        .map(pickData),
    );
    expect({ ...costly, findings: null }).toEqual({ ...all, findings: null });
    const bad = await run(['assess', file, '--findings', 'some']);
    expect(bad.code).toBe(2);
  });

  it('a turn-down that rests on missing data says so first, and its plan asks for the data', async () => {
    const file = 'fixtures/brands/minimal-required-only.yaml';
    const result = JSON.parse((await run(['assess', file, '--format', 'json'])).stdout).results[0];
    expect(result).toMatchObject({ verdict: 'turn-down', decidedBy: 'missing-data', score: 0, scoreIfComplete: 100 });
    expect(result.plan.steps.every((s: { action: string }) => s.action === 'provide')).toBe(true);
    for (const lang of ['en', 'fr', 'zh']) {
      const text = (await run(['assess', file, '--lang', lang])).stdout;
      const why = text.split('\n').findIndex((l) => /^ {2}\S/.test(l) && /Why|Pourquoi|原因/.test(l));
      expect(text.split('\n')[why + 1]).toMatch(
        /Turned down for now: the dossier lacks|Refusé pour l’instant\s: il manque au dossier|暂不通过：档案缺少/,
      );
      expect(text).toMatch(/score could reach 100|pourrait atteindre 100|最高可达 100/);
      expect(text).toMatch(/provide: |fournir\s: |请提供：/);
    }
    const md = (await run(['assess', file, '--format', 'markdown'])).stdout;
    expect(md).toMatch(/\| Turned down for now: the dossier lacks/);
    const html = (await run(['assess', file, '--format', 'html'])).stdout;
    expect(html).toMatch(/<p class="note missing-data"><strong>Turned down for now/);
  });

  it('json is byte-identical from one run to the next', async () => {
    const a = await run(['assess', 'fixtures/brands', '--format', 'json']);
    const b = await run(['assess', 'fixtures/brands', '--format', 'json']);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
  });

  it('the batch summary counts every profile', async () => {
    const r = await run(['assess', 'fixtures/brands', '--format', 'json']);
    const { summary, results } = JSON.parse(r.stdout);
    expect(summary.total).toBe(results.length);
    expect(summary.approve + summary.turnDown + summary.error).toBe(summary.total);
    expect(summary.scoreHistogram.reduce((n: number, h: { count: number }) => n + h.count, 0)).toBe(
      summary.approve + summary.turnDown,
    );
    expect(summary.topTurnDownRules.length).toBeGreaterThan(0);
  });
});

describe('assess: exit codes and errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mr-e2e-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'schemaVersion: 1\nbrand:\n  name: Bad\n  country: FR\n  category: cosmetics\n');
  const unknownField = join(dir, 'typo.yaml');
  writeFileSync(
    unknownField,
    'schemaVersion: 1\nbrand:\n  name: Typo\n  country: FR\n  category: beauty\n  foundedYaer: 1990\n',
  );

  it('exit 0 when everything approves', async () => {
    expect((await run(['assess', 'fixtures/brands/approve-french-skincare.yaml'])).code).toBe(0);
  });

  it('exit 1 on a turn-down, 0 with --fail-on none', async () => {
    expect((await run(['assess', 'fixtures/brands/turn-down-reseller-wine.yaml'])).code).toBe(1);
    expect((await run(['assess', 'fixtures/brands/turn-down-reseller-wine.yaml', '--fail-on', 'none'])).code).toBe(0);
  });

  it('--threshold overrides the pack threshold', async () => {
    const strict = await run([
      'assess',
      'fixtures/brands/approve-spanish-fashion-pending-trademark.yaml',
      '--threshold',
      '99',
      '--format',
      'json',
    ]);
    expect(JSON.parse(strict.stdout).results[0]).toMatchObject({ verdict: 'turn-down', threshold: 99 });
    expect(strict.code).toBe(1);
  });

  it('an invalid profile: exit 2, one line with file:line:column, field and what was expected; the rest still assessed', async () => {
    const r = await run(['assess', bad, 'fixtures/brands/approve-french-skincare.yaml', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${bad}:5:13: error: brand.category: "cosmetics" is not one of beauty, fashion, luxury, accessories, food, beverages, wine-spirits, health-supplements, baby, home, sports, electronics, other (did you mean beauty?)\n`,
    );
    const { results, summary } = JSON.parse(r.stdout);
    expect(results.map((x: { verdict: string }) => x.verdict)).toEqual(['error', 'approve']);
    expect(results[0].errors[0]).toMatchObject({ file: bad, line: 5, column: 13, field: 'brand.category' });
    expect(summary).toMatchObject({ total: 2, approve: 1, error: 1 });
  });

  it('an unknown field warns with a suggestion, and is an error under --strict', async () => {
    const loose = await run(['assess', unknownField, '--fail-on', 'none']);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toBe(
      `${unknownField}:6:3: warning: brand.foundedYaer: unknown field (did you mean brand.foundedYear?)\n`,
    );
    const strict = await run(['assess', unknownField, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(
      `${unknownField}:6:3: error: brand.foundedYaer: unknown field (did you mean brand.foundedYear?)\n`,
    );
  });

  it("README's table of assess options lists every option of assess --help, and no other", async () => {
    const help = await run(['assess', '--help']);
    const options = (text: string): string[] =>
      [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].filter((o) => o !== '--help').sort();
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| `assess` option |'), readme.indexOf('### Exit codes'));
    // the options column only: a meaning may name another option (`--findings all`, `--plan`)
    const firstColumn = table
      .split('\n')
      .map((l) => l.split('|')[1] ?? '')
      .join('\n');
    const listed = help.stdout.slice(help.stdout.indexOf('Options:'));
    expect(options(firstColumn)).toEqual(options(listed.replace(/\n {20,}.*/g, '')));
  });

  it('a missing file is one line and exit 2', async () => {
    const r = await run(['assess', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nope.yaml: error: no such file or directory\n');
  });

  it.each([
    [['--lang', 'fr'], {}, 'nope.yaml: error: fichier ou dossier introuvable\n'],
    [[], { LANG: 'fr_FR.UTF-8' }, 'nope.yaml: error: fichier ou dossier introuvable\n'],
    [['--lang', 'zh'], {}, 'nope.yaml: error: 没有这个文件或文件夹\n'],
  ])('a missing file is said in the language of the other messages (%j %j)', async (args, env, line) => {
    const r = await run(['assess', 'nope.yaml', ...args], { env });
    expect([r.code, r.stderr]).toEqual([2, line]);
  });

  it.each([
    ['en', 'nope-map.yaml: error: cannot read the --columns file (no such file or directory)\n'],
    ['fr', 'nope-map.yaml: error: impossible de lire le fichier --columns (fichier ou dossier introuvable)\n'],
  ])('a missing --columns file says so in words (%s), not as ENOENT', async (lang, line) => {
    const r = await run([
      'assess',
      'fixtures/brands/approve-breton-biscuits.yaml',
      '--columns',
      'nope-map.yaml',
      '--lang',
      lang,
    ]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', line]);
  });

  it('no input and nothing piped: usage and exit 2', async () => {
    const r = await run(['assess']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: market-ready assess/);
  });

  it('reads stdin with -', async () => {
    const r = await run(['assess', '-', '--format', 'json'], {
      input: readFileSync(join(BRANDS, 'approve-french-skincare.yaml')),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].source.file).toBe('<stdin>');
  });

  it.each([
    [
      ['assess', 'x.yaml', '--format', 'pdf'],
      /option '-f, --format <name>' argument 'pdf' is invalid. expected one of text/,
    ],
    [['assess', 'x.yaml', '--threshold', '140'], /expected a number from 0 to 100/],
    [['assess', 'x.yaml', '--lang', 'de'], /expected one of en, fr, zh/],
    [['asess'], /unknown command 'asess'/],
    // a close slip is named; a value that is no slip of any is not given a far-fetched one
    [['assess', 'x.yaml', '-f', 'jsn'], /expected one of text, .*, xlsx \(did you mean json\?\)\n$/],
    [['assess', 'x.yaml', '--fail-on', 'turndown'], /expected one of turn-down, none \(did you mean turn-down\?\)\n$/],
    [['assess', 'x.yaml', '--lang', 'FR'], /expected one of en, fr, zh \(did you mean fr\?\)\n$/],
    [['assess', '-', '--input-format', 'xml'], /argument 'xml' is invalid. expected one of yaml, json, csv, tsv\n$/],
    // validate checks its options as assess does: --input-format xml was read as YAML
    [['validate', '-', '--input-format', 'xml'], /argument 'xml' is invalid. expected one of yaml, json, csv, tsv\n$/],
    [
      ['validate', 'x.yaml', '-f', 'sarf'],
      /argument 'sarf' is invalid. expected one of text, json, github, sarif, junit \(did you mean sarif\?\)\n$/,
    ],
  ])('usage error %j: exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('an unknown pack: one line with a suggestion, exit 2, no stack trace', async () => {
    const r = await run(['assess', 'fixtures/brands/approve-french-skincare.yaml', '--pack', 'tmall-globl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown rule pack "tmall-globl".*did you mean tmall-global\?\n$/);
  });

  it('a broken pack is refused at load with file, line and problem, before any profile', async () => {
    const r = await run([
      'assess',
      'fixtures/brands/approve-french-skincare.yaml',
      '--pack',
      'test/fixtures/packs/broken-field',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'test/fixtures/packs/broken-field/rules.yaml:9:21: error: rules[0].check.field: field company.overseasBankAcount does not exist (did you mean company.overseasBankAccount?)\n',
    );
  });

  it('--output writes the report to a file', async () => {
    const out = join(dir, 'report.json');
    const r = await run(['assess', 'fixtures/brands/approve-french-skincare.yaml', '--format', 'json', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.approve).toBe(1);
  });

  it('LANG=fr_FR.UTF-8 speaks French', async () => {
    const r = await run(['assess', 'fixtures/brands/turn-down-reseller-wine.yaml'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.stdout).toMatch(/REFUSER/);
  });
});

describe('other commands', () => {
  it('init writes a template that validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-init-'));
    const file = join(dir, 'brand.yaml');
    expect((await run(['init', file])).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/# annualRevenueEur: 12000000 # last fiscal year's revenue/);
    const v = await run(['validate', file, '--strict']);
    expect(v.code).toBe(0);
    expect(v.stdout).toBe('1 profile: 1 valid, 0 invalid\n');
    expect((await run(['init', file])).code).toBe(2); // never overwrites without --force
  });

  it('init chooses the template from the file name, as assess reads it back; a contradicting option is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-init-kind-'));
    const at = (name: string): string => join(dir, name);
    expect((await run(['init', at('prospects.xlsx')])).code).toBe(0);
    // a zip archive (an Excel workbook), not YAML text
    expect(readFileSync(at('prospects.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await run(['init', at('leads.csv')])).code).toBe(0);
    expect(readFileSync(at('leads.csv'), 'utf8')).toMatch(/^\ufeffSchema version,Brand,Country,Category,/);
    expect((await run(['init', at('leads.tsv')])).code).toBe(0);
    expect(readFileSync(at('leads.tsv'), 'utf8')).toMatch(/^\ufeffSchema version\tBrand\tCountry\t/);
    // each reads back as a spreadsheet with its header (no brand yet), not as a file that is no workbook
    for (const name of ['prospects.xlsx', 'leads.csv', 'leads.tsv'])
      expect((await run(['assess', at(name)])).stderr).toMatch(/no data rows: the file has a header but no brand/);
    const mismatch = await run(['init', '--csv', at('brand.yaml')]);
    expect([mismatch.code, mismatch.stderr]).toEqual([
      2,
      `error: ${at('brand.yaml')}: --csv writes a CSV header, which market-ready would not read from a .yaml file: name it .csv, or leave out --csv\n`,
    ]);
    const json = await run(['init', at('brand.json')]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/init writes a commented YAML template, which is not JSON: name it \.yaml/);
    expect(existsSync(at('brand.yaml')) || existsSync(at('brand.json'))).toBe(false);
  });

  it('init --csv writes the header of every field', async () => {
    // issue 13: the fields' labels, in the dialect --lang implies (excel for en: a BOM, commas, CRLF)
    const r = await run(['init', '--csv']);
    expect(r.stdout.startsWith('\ufeff')).toBe(true);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const header = r.stdout.slice(1).trim().split(',');
    expect(header[0]).toBe(fieldLabel(FIELDS[0]!, 'en'));
    expect(header).toHaveLength(FIELDS.length);
    expect(header).toContain(
      fieldLabel(
        FIELDS.find((f) => f.path === 'partners.payment')!,
        'en',
      ),
    );
  });

  it('validate reports every invalid profile and exits 2', async () => {
    const r = await run(['validate', 'fixtures/brands', 'test/fixtures/packs/mini/pack.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/30 profiles: 29 valid, 1 invalid/);
  });

  it('rules list shows the three built-in packs', async () => {
    const r = await run(['rules', 'list']);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['tmall-global', 'tmall', 'luxury-pavilion']);
  });

  it('rules show describes one rule in French, labels and check included', async () => {
    const r = await run(['rules', 'show', 'tmall-global', 'company/applicant-role', '--lang', 'fr']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/company\/applicant-role \[éliminatoire\] · poids 3 · effort élevé/);
    expect(r.stdout).toMatch(/vérifie\s: l’un de \(company\.role parmi \[brand-owner, exclusive-licensee\]\s; tous \(/);
    expect(r.stdout).toMatch(/\n {4}attendu\s: le propriétaire de la marque/);
    expect(r.stdout).toMatch(/\n {4}source\s: https:\/\//);
    expect(r.stdout).not.toMatch(/weight|checks:|expected:|remedy:/);
  });

  it('rules show with a misspelt rule id suggests the rule, in one line, exit 2', async () => {
    const r = await run(['rules', 'show', 'examples/acme-pack', 'ip/china-trademak']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: pack acme-beauty has no rule ip/china-trademak (did you mean ip/china-trademark?); market-ready rules show examples/acme-pack lists them\n',
    ]);
  });

  it.each([
    // English keeps the pack's own keyword
    ['en', '    source: judgment'],
    ['fr', '    source\u00a0: appréciation (notre seuil, sans source publique)'],
    ['zh', '    来源：我们的判断（无公开来源的门槛）'],
  ])(
    'rules show words a cut-off that is our judgment in --lang %s, not as the keyword judgment',
    async (lang, line) => {
      const r = await run(['rules', 'show', 'tmall-global', 'company/years-in-operation', '--lang', lang]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').find((l) => l.includes('rules/tmall-global/company.yaml'))).toMatch(
        new RegExp(
          `^${line.replace(/[()]/g, '\\$&')}  \\(rules/tmall-global/company\\.yaml:\\d+:\\d+ rules\\[\\d+\\]\\)$`,
        ),
      );
    },
  );

  it('rules show in Chinese', async () => {
    const r = await run(['rules', 'show', 'tmall-global', 'company/applicant-role', '--lang', 'zh']);
    expect(r.stdout).toMatch(/\[一票否决\] · 权重 3 · 难度 高/);
    expect(r.stdout).toMatch(/检查：满足其一（company\.role 属于/);
    expect(r.stdout).toMatch(/来源：https:\/\//);
  });

  it('rules test runs a pack like a test runner', async () => {
    const r = await run(['rules', 'test', 'examples/acme-pack']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/acme-beauty: 3 passed, 0 failed\n$/);
  });

  it('rules validate reports every problem of a broken pack at once', async () => {
    const r = await run(['rules', 'validate', 'test/fixtures/packs/broken-override']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken-override\/pack.yaml:9:27: error: overrides.company\/bank.weight: must be > 0/);
  });
});

// `script` gives the binary a terminal, as a user's shell does: colours there, and only the tool's own
describe('colours on a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'market-ready-tty-'));
  const onTerminal = (name: string, command: string): string => {
    const log = join(dir, `${name}.log`);
    const r = spawnSync('script', ['-q', '-e', '-c', command, log], {
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', LANG: 'C.UTF-8' },
    });
    expect(r.status).toBe(1);
    return readFileSync(log, 'utf8');
  };
  const wine = join(BRANDS, 'turn-down-reseller-wine.yaml');
  const bin = `"${process.execPath}" "${join(ROOT, 'bin/market-ready.js')}"`;

  it('the text report is coloured, its escape sequences sent as such (not shown as �[31m)', () => {
    const shown = onTerminal('colour', `${bin} assess "${wine}"`);
    expect(shown).toContain('\u001b[31m✖ TURN DOWN\u001b[39m');
    expect(shown).not.toContain('\ufffd');
  });

  it('NO_COLOR and --no-color print it plain', () => {
    for (const [name, command] of [
      ['no-color-env', `NO_COLOR=1 ${bin} assess "${wine}"`],
      ['no-color-flag', `${bin} assess "${wine}" --no-color`],
    ]) {
      const shown = onTerminal(name!, command!);
      expect(shown).toContain('✖ TURN DOWN  Cave du Marché');
      expect(shown).not.toContain('\u001b[');
    }
  });

  it('a control character from a profile is still shown, not obeyed, among the colours', () => {
    const ctl = join(dir, 'ctl.json');
    writeFileSync(ctl, '{"schemaVersion":1,"brand":{"name":"A\\u001b[2JB","country":"FR","category":"food"}}');
    const shown = onTerminal('ctl', `${bin} assess "${ctl}"`);
    expect(shown).toContain('A\ufffd[2JB');
    expect(shown).not.toContain('\u001b[2J');
    expect(shown).toContain('\u001b[31m');
  });
});

describe('the plan in the text report', () => {
  it('puts each step’s remedy under its title, step 10 as step 9', async () => {
    const r = await run(['assess', join(BRANDS, 'minimal-required-only.yaml')]);
    const lines = r.stdout.split('\n');
    for (const n of [9, 10]) {
      const at = lines.findIndex((l) => l.startsWith(`    ${n}. `));
      expect(at).toBeGreaterThan(0);
      const title = lines[at]!.indexOf('[knock-out]');
      expect(lines[at + 1]!.length - lines[at + 1]!.trimStart().length).toBe(title);
    }
  });
});
