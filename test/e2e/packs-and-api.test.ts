// Waivers, packs from npm packages, and the library API, from the built package.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, run, withoutWarnings } from '../helpers/cli.js';

describe('waivers', () => {
  it('a waived rule does not count, the report names who waived it, an expired waiver says so, a misspelt one warns', async () => {
    const r = await run(['assess', 'fixtures/waivers/waived-margin.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout).results[0];
    const margin = result.findings.find((f: { ruleId: string }) => f.ruleId === 'pricing/margin-after-fees');
    expect(margin.waiver).toEqual({
      reason: 'launch pricing agreed with the category manager',
      approvedBy: 'L. Chen',
      expires: '2099-06-30',
      expired: false,
    });
    expect(margin.maxPoints).toBe(0);
    expect(result.reasons.join(' ')).not.toMatch(/margin/i);
    const stock = result.findings.find((f: { ruleId: string }) => f.ruleId === 'partners/stock-cover');
    expect(stock).toMatchObject({ status: 'fail', waiver: { expired: true, expires: '2020-03-31' } });
    expect(result.reasons.some((x: string) => /stock/i.test(x))).toBe(true);
    // at the misspelt rule's own line and column, not at the waivers list
    expect(r.stderr).toBe(
      'fixtures/waivers/waived-margin.yaml:14:13: warning: waivers: waiver for pricing/margin-after-fee, which is not a rule of pack tmall-global (did you mean pricing/margin-after-fees?)\n',
    );
  });

  it.each([
    [
      'fr',
      'waivers: dérogation pour pricing/margin-after-fee, qui n’est pas une règle du jeu tmall-global (vouliez-vous dire pricing/margin-after-fees\u202f?)',
    ],
    [
      'zh',
      'waivers: 豁免的规则 pricing/margin-after-fee 不是规则包 tmall-global 中的规则（您是否要输入 pricing/margin-after-fees？）',
    ],
  ])('a misspelt waiver is said in --lang %s, at its line', async (lang, words) => {
    const r = await run(['assess', 'fixtures/waivers/waived-margin.yaml', '--format', 'json', '--lang', lang]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`fixtures/waivers/waived-margin.yaml:14:13: warning: ${words}\n`);
  });
});

describe('waivers in the text report', () => {
  it.each([
    ['en', '  ~ [waived] Margin after fees (pricing/margin-after-fees): waived by L. Chen:'],
    ['fr', '  ~ [dérogation] Marge après frais (pricing/margin-after-fees)\u00a0: dérogation accordée par L. Chen'],
    ['zh', '  ~ [已豁免] 扣除费用后的毛利率（pricing/margin-after-fees）：已由 L. Chen 豁免'],
  ])('a waived rule is one line written as %s writes it', async (lang, line) => {
    const r = await run(['assess', 'fixtures/waivers/waived-margin.yaml', '--lang', lang]);
    expect(r.stdout.split('\n').find((l) => l.includes('pricing/margin-after-fees'))).toContain(line);
  });
});

describe('packs from elsewhere', () => {
  it('--pack <name> finds an installed market-ready-pack-<name> package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-npm-'));
    const pkg = join(dir, 'node_modules', 'market-ready-pack-acme');
    mkdirSync(pkg, { recursive: true });
    cpSync(join(ROOT, 'examples/acme-pack'), pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'market-ready-pack-acme', version: '1.0.0' }));
    const r = await run(
      ['assess', join(ROOT, 'fixtures/brands/approve-french-skincare.yaml'), '--pack', 'acme', '--format', 'json'],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).pack).toMatchObject({ id: 'acme-beauty', version: '2026.1.0' });
  });

  it('--pack finds a package whose exports map leaves out package.json, and runs none of its code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-npm-exports-'));
    const pkg = join(dir, 'node_modules', 'market-ready-pack-acme');
    mkdirSync(pkg, { recursive: true });
    cpSync(join(ROOT, 'examples/acme-pack'), pkg, { recursive: true });
    const marker = join(dir, 'MARKER');
    writeFileSync(join(pkg, 'index.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: 'market-ready-pack-acme',
        version: '1.0.0',
        main: 'index.js',
        exports: { '.': './index.js' },
        scripts: { postinstall: 'node index.js' },
      }),
    );
    const profile = join(ROOT, 'fixtures/brands/approve-french-skincare.yaml');
    for (const args of [
      ['assess', profile, '--pack', 'acme', '--format', 'json'],
      ['rules', 'validate', 'market-ready-pack-acme'],
      ['rules', 'test', 'acme'],
    ]) {
      const r = await run(args, { cwd: dir });
      expect([args.join(' '), r.code, withoutWarnings(r.stderr)]).toEqual([args.join(' '), 0, '']);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('rules list names the installed packages after the built-in packs; a broken one is one error line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-npm-list-'));
    const install = (name: string): string => {
      const pkg = join(dir, 'node_modules', name);
      mkdirSync(pkg, { recursive: true });
      cpSync(join(ROOT, 'examples/acme-pack'), pkg, { recursive: true });
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
      return pkg;
    };
    install('market-ready-pack-acme');
    const listed = await run(['rules', 'list'], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['tmall-global', 'tmall', 'luxury-pavilion', 'market-ready-pack-acme']);
    expect(listed.stdout).toMatch(/market-ready-pack-acme +2026\.1\.0 .*extends tmall-global/);
    // the versions stand in one column, whatever the length of a package's name
    const versionColumns = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.search(/ 20\d\d\.\d+\.\d+ /));
    expect(new Set(versionColumns).size).toBe(1);
    const broken = install('@team/market-ready-pack-broken');
    writeFileSync(join(broken, 'pack.yaml'), 'id: broken\nversion: 1\n');
    const r = await run(['rules', 'list'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/market-ready-pack-acme/);
    expect(r.stderr).toMatch(
      /^error: @team\/market-ready-pack-broken: the pack does not load \(\d+ problem\(s\)\); run market-ready rules validate @team\/market-ready-pack-broken\n$/,
    );
  });

  it('a pack given as a path to its manifest or its directory', async () => {
    for (const ref of ['examples/acme-pack', 'examples/acme-pack/pack.yaml']) {
      const r = await run([
        'assess',
        'fixtures/brands/approve-french-skincare.yaml',
        '--pack',
        ref,
        '--format',
        'json',
      ]);
      expect(JSON.parse(r.stdout).pack.id).toBe('acme-beauty');
    }
  });

  it.each(['tmall', 'luxury-pavilion'])('built-in pack %s assesses the fixtures', async (pack) => {
    const r = await run(['assess', 'fixtures/brands', '--pack', pack, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.pack.id).toBe(pack);
    expect(report.summary.total).toBe(29);
    expect(report.summary.error).toBe(0);
  });

  it('the luxury pavilion turns down an exclusive licensee that tmall-global accepts (brand owners only)', async () => {
    const file = 'fixtures/brands/multi/portfolio.yaml';
    const global = JSON.parse((await run(['assess', file, '--format', 'json'])).stdout).results;
    const luxury = JSON.parse(
      (await run(['assess', file, '--format', 'json', '--pack', 'luxury-pavilion'])).stdout,
    ).results;
    const licensee = luxury.find((x: { brand: string }) => x.brand === 'Ombre & Musc');
    expect(global.find((x: { brand: string }) => x.brand === 'Ombre & Musc').verdict).toBe('approve');
    expect(licensee.verdict).toBe('turn-down');
    expect(
      licensee.findings.find((f: { status: string; blocker: boolean }) => f.status === 'fail' && f.blocker),
    ).toBeTruthy();
  });
});

describe('library API', () => {
  it("import { loadPack, assessProfile } from 'market-ready' works from the built package", () => {
    const script = `
      import { loadPack, assessProfile, UserError } from 'market-ready';
      import { parse } from 'yaml';
      import { readFileSync } from 'node:fs';
      const pack = await loadPack('tmall-global');
      const result = assessProfile(pack, parse(readFileSync('fixtures/brands/turn-down-reseller-wine.yaml', 'utf8')), { lang: 'fr' });
      let invalid;
      try { assessProfile(pack, { schemaVersion: 1, brand: { name: 'X', country: 'FR', category: 'cosmetics' } }); } catch (e) { invalid = e instanceof UserError ? e.message : 'other'; }
      console.log(JSON.stringify({ verdict: result.verdict, pack: pack.id, rules: pack.rules.length, first: result.reasons[0], invalid }));
    `;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const got = JSON.parse(out.stdout);
    expect(got).toMatchObject({ verdict: 'turn-down', pack: 'tmall-global' });
    expect(got.rules).toBeGreaterThanOrEqual(30);
    expect(got.first).toMatch(/Le candidat/);
    expect(got.invalid).toMatch(/brand.category: "cosmetics" is not one of/);
  });

  it('the plan and the change since a baseline are there for library users too', () => {
    const script = `
      import { loadPack, assessProfile, diffResults } from 'market-ready';
      import { parse } from 'yaml';
      import { readFileSync } from 'node:fs';
      const pack = await loadPack('tmall-global');
      const data = parse(readFileSync('fixtures/brands/turn-down-reseller-wine.yaml', 'utf8'));
      const before = assessProfile(pack, data);
      const planned = assessProfile(pack, data, { plan: true });
      // apply every step of the plan to the profile, as the brand would, and assess again
      for (const step of planned.plan.steps) {
        for (const [path, value] of Object.entries(step.target)) {
          const [group, key] = path.split('.');
          data[group] ??= {};
          data[group][key] = value;
        }
      }
      const after = assessProfile(pack, data);
      console.log(JSON.stringify({ plain: 'plan' in before, kind: planned.plan.kind, steps: planned.plan.steps.length, after: after.verdict, change: diffResults(before, after) }));
    `;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const got = JSON.parse(out.stdout);
    expect(got).toMatchObject({ plain: false, kind: 'to-approve', after: 'approve' });
    expect(got.steps).toBeGreaterThan(0);
    expect(got.change.verdictBefore).toBe('turn-down');
    expect(got.change.scoreDelta).toBeGreaterThan(0);
    expect(got.change.newlyPassing.length).toBeGreaterThan(0);
    expect(got.change.newlyFailing).toEqual([]);
  });
});

describe('the README worked example and broken packs, from the command line', () => {
  /** The yaml blocks of the README's "Worked example" that start with `# my-pack/<file>`, as written there. */
  function readmePack(): Record<string, string> {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Worked example'), readme.indexOf('## Library API'));
    const files: Record<string, string> = {};
    for (const [, body] of section.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      const name = /^# my-pack\/([\w.-]+)/.exec(body!)?.[1];
      if (name) files[name] = body!;
    }
    return files;
  }

  it('the worked example validates, its tests pass, and it assesses with --pack', async () => {
    const files = readmePack();
    expect(Object.keys(files).sort()).toEqual(['extra.yaml', 'pack.yaml', 'tests.yaml']);
    const dir = mkdtempSync(join(tmpdir(), 'mr-readme-'));
    mkdirSync(join(dir, 'my-pack'));
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, 'my-pack', name), body);
    const validate = await run(['rules', 'validate', 'my-pack'], { cwd: dir });
    // the example's new rule is written in English only: valid, with one warning saying what falls back
    expect([validate.code, validate.stderr]).toEqual([
      0,
      'my-pack/extra.yaml:3:5: warning: rules[0]: rule acme/launch-lead-time has no French (fr) or Chinese (zh) text for title, expected, message, remedy: those reports show it in English\n',
    ]);
    const test = await run(['rules', 'test', 'my-pack'], { cwd: dir });
    expect(test.stdout).toMatch(/acme-beauty: 3 passed, 0 failed/);
    expect(test.code).toBe(0);
    const show = await run(['rules', 'show', 'my-pack', 'ip/china-trademark'], { cwd: dir });
    expect(show.stdout).toContain('[knock-out]');
    const assess = await run(
      ['assess', join(ROOT, 'fixtures/brands/approve-french-skincare.yaml'), '--pack', './my-pack', '--format', 'json'],
      { cwd: dir },
    );
    expect(JSON.parse(assess.stdout).pack.id).toBe('acme-beauty');
  });

  it('rules test points at the line of each case that fails and of the expectation it contradicts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-readme-wrong-'));
    mkdirSync(join(dir, 'my-pack'));
    for (const [name, body] of Object.entries(readmePack())) writeFileSync(join(dir, 'my-pack', name), body);
    // an author who expects the wrong verdict for the base profile, and the wrong status for a rule
    const tests = join(dir, 'my-pack', 'tests.yaml');
    writeFileSync(
      tests,
      readFileSync(tests, 'utf8')
        .replace('expect: { verdict: approve }', 'expect: { verdict: turn-down }')
        .replace('acme/launch-lead-time: fail', 'acme/launch-lead-time: pass'),
    );
    const lines = readFileSync(tests, 'utf8').split('\n');
    const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;
    const r = await run(['rules', 'test', 'my-pack'], { cwd: dir });
    expect(r.code).toBe(1);
    const verdictLine = lineOf('verdict: turn-down }');
    const ruleLine = lineOf('acme/launch-lead-time: pass');
    expect(r.stdout).toContain(`✗ the base profile is approved (my-pack/tests.yaml:${verdictLine - 1}:5)\n`);
    expect(r.stdout).toContain(`    my-pack/tests.yaml:${verdictLine}:24 verdict: expected turn-down, got approve`);
    expect(r.stdout).toContain(
      `    my-pack/tests.yaml:${ruleLine}:47 rule acme/launch-lead-time: expected pass, got fail (actual 1)\n`,
    );
    expect(r.stdout).toMatch(/acme-beauty: 1 passed, 2 failed/);
  });

  it.each([
    [
      'examples/acme-pack/extra.yaml',
      "this is a rule file, not a pack's manifest: give the pack's folder (examples/acme-pack) or its pack.yaml",
    ],
    [
      'examples/acme-pack/tests.yaml',
      "this is a test file, not a pack's manifest: give the pack's folder (examples/acme-pack) or its pack.yaml",
    ],
    [
      'fixtures/brands/approve-french-skincare.yaml',
      'this is a brand profile, not a rule pack: give it as an input (market-ready assess <profile> --pack <pack>)',
    ],
  ])('--pack %s (not a manifest) is one line saying what to give, not an error per key', async (pack, message) => {
    const r = await run(['assess', 'fixtures/brands/approve-french-skincare.yaml', '--pack', pack]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(new RegExp(`^${pack.replace(/[.]/g, '\\.')}:\\d+:1: error: `));
    expect(r.stderr.replace(/^.*?:\d+:1: error: /, '')).toBe(`${message}\n`);
  });

  it('--pack "" (an unset variable) says so, not that the current folder holds no pack.yaml', async () => {
    const r = await run(['assess', 'fixtures/brands/approve-french-skincare.yaml', '--pack', '']);
    expect([r.code, r.stderr]).toEqual([
      2,
      "error: the rule pack's name is empty (an unset shell variable?): give tmall-global, tmall, luxury-pavilion or a path\n",
    ]);
  });

  it.each([
    ['rules', 'validate'],
    ['rules', 'test'],
    ['assess', 'fixtures/brands/approve-french-skincare.yaml', '--pack'],
  ])(
    '%s %s on a pack with mistakes in its tests: exit 2, every problem with file:line:column, no stack trace',
    async (...args) => {
      const r = await run([...args, 'test/fixtures/packs/broken-tests']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(5);
      for (const line of lines)
        expect(line).toMatch(/^test\/fixtures\/packs\/broken-tests\/[\w.-]+\.yaml:\d+:\d+: error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    },
  );
});
