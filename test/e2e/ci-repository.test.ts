// End to end: a repository of brand dossiers as a CI pipeline holds it, the tool run from wherever a step runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ROOT, run } from '../helpers/cli.js';

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'market-ready-ci-repo-'));
  // a checkout: `.git` is all that marks its root (a folder here; a file in a worktree or submodule)
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'dossiers', 'fr'), { recursive: true });
  copyFileSync(join(ROOT, 'fixtures/brands/turn-down-reseller-wine.yaml'), join(repo, 'dossiers/fr/wine.yaml'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('annotated files are named from the repository root, whatever the working directory', () => {
  const inRepo = 'dossiers/fr/wine.yaml';
  // `working-directory: dossiers` in a workflow step; `assess ../dossiers` from a sibling folder; the root itself
  const runs: [string, string, string[]][] = [
    ['the root', '', ['dossiers']],
    ['a sub-folder', 'dossiers', ['fr']],
    ['a sibling folder, with ..', 'dossiers/fr', ['../fr/wine.yaml']],
  ];

  it.each(runs)('github, from %s', async (_, cwd, inputs) => {
    const r = await run(['assess', ...inputs, '--format', 'github'], { cwd: join(repo, cwd) });
    expect(r.code).toBe(1);
    const files = new Set([...r.stdout.matchAll(/^::(?:error|warning) file=([^,]*),/gm)].map((m) => m[1]));
    expect([...files]).toEqual([inRepo]);
    expect(r.stdout).toContain(`market-ready ${inRepo}:2: `);
  });

  it.each(runs)('sarif and junit, from %s', async (_, cwd, inputs) => {
    const sarif = await run(['assess', ...inputs, '--format', 'sarif'], { cwd: join(repo, cwd) });
    const uris = new Set<string>();
    for (const result of JSON.parse(sarif.stdout).runs[0].results)
      for (const l of result.locations) uris.add(l.physicalLocation.artifactLocation.uri);
    expect([...uris]).toEqual([inRepo]);
    const junit = await run(['assess', ...inputs, '--format', 'junit'], { cwd: join(repo, cwd) });
    expect(junit.stdout).toContain(`classname="${inRepo.replaceAll('.', '_')}" file="${inRepo}"`);
  });

  it('validate --format github too', async () => {
    const r = await run(['validate', 'fr', '--format', 'github'], { cwd: join(repo, 'dossiers') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`market-ready ${inRepo}:2: `);
  });

  it('outside any repository, paths stay relative to the working directory', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'market-ready-ci-plain-'));
    try {
      mkdirSync(join(plain, 'sub'));
      copyFileSync(join(repo, inRepo), join(plain, 'sub/wine.yaml'));
      const r = await run(['assess', 'wine.yaml', '--format', 'github'], { cwd: join(plain, 'sub') });
      expect(r.stdout).toMatch(/^::error file=wine\.yaml,/m);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('--baseline in the CI formats: a dossier changed between two commits', () => {
  it('github, junit and sarif say what changed since the baseline; an unchanged dossier says so', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'market-ready-ci-baseline-'));
    try {
      copyFileSync(join(ROOT, 'fixtures/brands/approve-french-skincare.yaml'), join(cwd, 'skincare.yaml'));
      copyFileSync(join(ROOT, 'fixtures/brands/turn-down-reseller-wine.yaml'), join(cwd, 'wine.yaml'));
      const before = await run(
        ['assess', 'skincare.yaml', 'wine.yaml', '--format', 'json', '-o', 'before.json', '--fail-on', 'none'],
        { cwd },
      );
      expect(before.code).toBe(0);
      // the next commit: the skincare house cut its first-year budget below the floor
      const text = readFileSync(join(cwd, 'skincare.yaml'), 'utf8');
      writeFileSync(join(cwd, 'skincare.yaml'), text.replace('year1BudgetEur: 850000', 'year1BudgetEur: 50000'));
      const github = await run(
        ['assess', 'skincare.yaml', 'wine.yaml', '--baseline', 'before.json', '--format', 'github'],
        {
          cwd,
        },
      );
      expect(github.code).toBe(1);
      const lines = github.stdout.split('\n').filter((l) => l.startsWith('market-ready '));
      expect(lines[0]).toMatch(
        /^market-ready skincare\.yaml:2: Maison Lumière: turn-down, score [\d.]+ \(threshold 70\); since the baseline: was approved at 92\.4 \(-[\d.]+\); now failing: [^;]*pricing\/year1-budget-minimum/,
      );
      expect(lines[1]).toMatch(
        /: turn-down, score [\d.]+ \(threshold 70\); since the baseline: was turned down at [\d.]+; no criterion changed$/,
      );
      const junit = await run(['assess', 'skincare.yaml', '--baseline', 'before.json', '--format', 'junit'], { cwd });
      expect(junit.stdout).toMatch(
        /<failure [^>]*>turn-down, score [^\n]*\nsince the baseline: was approved at 92\.4 /,
      );

      const sarif = await run(['assess', 'skincare.yaml', '--baseline', 'before.json', '--format', 'sarif'], { cwd });
      const states = new Map<string, string>(
        JSON.parse(sarif.stdout)
          .runs[0].results.filter((x: { baselineState?: string }) => x.baselineState)
          .map((x: { ruleId: string; baselineState: string }) => [x.ruleId, x.baselineState]),
      );
      expect(states.get('pricing/year1-budget-minimum')).toBe('new');
      expect(states.get('market/investment-for-segment')).toBe('unchanged');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('junit: a dossier with an error beside good ones', () => {
  it("the error's message names the field, in assess and validate; every dossier is one testcase", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'market-ready-ci-junit-'));
    try {
      copyFileSync(join(ROOT, 'fixtures/brands/approve-french-skincare.yaml'), join(cwd, 'a-good.yaml'));
      writeFileSync(
        join(cwd, 'b-bad.yaml'),
        'schemaVersion: 1\nbrand:\n  name: Bad Value\n  country: FRANCEE\n  category: beauty\n',
      );
      for (const command of ['assess', 'validate']) {
        const r = await run([command, '.', '--format', 'junit'], { cwd });
        expect(r.code).toBe(2);
        const parsed = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
        const cases = parsed.testsuites.testsuite.testcase as Record<string, unknown>[];
        expect(cases.map((c) => c['@_file'])).toEqual(['a-good.yaml', 'b-bad.yaml']);
        const error = cases[1]!.error as Record<string, string>;
        expect(error['@_message']).toMatch(/^brand\.country: "FRANCEE" is not one of the ISO 3166-1 alpha-2 codes/);
        expect(error['#text']).toMatch(/^b-bad\.yaml:4:12: error: brand\.country: /);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("junit: a dossier that cannot be read is a testcase at its first error's line", () => {
  it('a YAML syntax error at 7:9, a bad value at 11:12 in a second document; the document line when none', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'market-ready-ci-junit-line-'));
    try {
      const good = 'schemaVersion: 1\nbrand:\n  name: Good\n  country: FR\n  category: beauty\n';
      writeFileSync(join(cwd, 'a-syntax.yaml'), `${good}company:\n  role: owner: x\n`);
      // the second document starts at line 8; its bad country at its line 4 (the file's line 11), column 12
      writeFileSync(join(cwd, 'b-two.yaml'), `---\n${good}---\n${good.replace('country: FR', 'country: FRANCEE')}`);
      writeFileSync(join(cwd, 'c-empty.yaml'), '');
      for (const command of ['assess', 'validate']) {
        const r = await run([command, '.', '--format', 'junit'], { cwd });
        expect(r.code).toBe(2);
        const parsed = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
        const cases = parsed.testsuites.testsuite.testcase as Record<string, unknown>[];
        const where = cases.map((c) => `${c['@_file']}:${c['@_line']}`);
        expect(where).toEqual(['a-syntax.yaml:7', 'b-two.yaml:2', 'b-two.yaml:11', 'c-empty.yaml:1']);
        expect((cases[0]!.error as Record<string, string>)['#text']).toMatch(
          /^a-syntax\.yaml:7:9: error: YAML syntax: /,
        );
        expect((cases[2]!.error as Record<string, string>)['#text']).toMatch(
          /^b-two\.yaml:11:12: error: brand\.country: /,
        );
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('a wildcard pattern no shell expanded', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'market-ready-pattern-'));
    mkdirSync(join(dir, 'dossiers', 'fr', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'dossiers', '.drafts'));
    const wine = readFileSync(join(ROOT, 'fixtures/brands/turn-down-reseller-wine.yaml'), 'utf8');
    for (const path of ['dossiers/b.yaml', 'dossiers/fr/a.yaml', 'dossiers/fr/deep/c.yml', 'dossiers/.drafts/d.yaml'])
      writeFileSync(join(dir, path), wine);
    writeFileSync(join(dir, 'dossiers/README.md'), '# dossiers\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = (stdout: string): string[] =>
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).source.file);

  it('is expanded as bash with globstar would: ** crosses folders, dot files and non-profiles are left out', async () => {
    const r = await run(['assess', 'dossiers/**/*.y*ml', '--format', 'ndjson', '--fail-on', 'none'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(files(r.stdout)).toEqual(['dossiers/b.yaml', 'dossiers/fr/a.yaml', 'dossiers/fr/deep/c.yml']);
    const one = await run(['assess', 'dossiers/*', 'dossiers/fr/?.yaml', '--format', 'ndjson', '--fail-on', 'none'], {
      cwd: dir,
    });
    // `*` stays within its folder: the README is not a profile, fr/ is a folder
    expect(files(one.stdout)).toEqual(['dossiers/b.yaml', 'dossiers/fr/a.yaml']);
    const picked = await run(['assess', 'dossiers/{fr,de}/a.yaml', '--format', 'ndjson', '--fail-on', 'none'], {
      cwd: dir,
    });
    expect(files(picked.stdout)).toEqual(['dossiers/fr/a.yaml']);
  });

  it('an absolute pattern gives absolute paths; one file matched twice is read once', async () => {
    const r = await run(
      ['assess', join(dir, 'dossiers/fr/*.yaml'), 'dossiers/fr/a.yaml', '--format', 'ndjson', '--fail-on', 'none'],
      { cwd: dir },
    );
    expect(files(r.stdout)).toEqual([join(dir, 'dossiers/fr/a.yaml')]);
    expect(r.stderr).toContain('dossiers/fr/a.yaml');
  });

  it('matching nothing, or no profile, is one error naming the pattern; a missing file keeps its message', async () => {
    const r = await run(['assess', 'nowhere/**/*.yaml', 'dossiers/*.md', 'nowhere.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'nowhere/**/*.yaml: error: no file matches this pattern',
      'dossiers/*.md: error: no profile matches this pattern: the files it matches are none of .yaml, .yml, .json, ' +
        '.csv, .tsv, .xlsx',
      'nowhere.yaml: error: no such file or directory',
    ]);
    const fr = await run(['assess', 'nowhere/*.yaml', '--lang', 'fr'], { cwd: dir });
    expect(fr.stderr).toContain('nowhere/*.yaml: error: aucun fichier ne correspond à ce motif');
  });
});

describe('junit classnames Jenkins groups one per dossier (it splits a classname at its last dot)', () => {
  it.each(['assess', 'validate'])('%s: no dot in a classname; `file` the real relative path', async (command) => {
    mkdirSync(join(repo, 'dossiers', 'grouped'), { recursive: true });
    copyFileSync(
      join(ROOT, 'fixtures/brands/approve-french-skincare.yaml'),
      join(repo, 'dossiers/grouped/maison.x.yaml'),
    );
    writeFileSync(
      join(repo, 'dossiers/grouped/leads.v2.csv'),
      'brand.name,brand.country,brand.category\nA,FR,beauty\nB,Narnia,food\n',
    );
    const r = await run([command, 'dossiers/grouped', '--format', 'junit'], { cwd: repo });
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' });
    const cases = xml.parse(r.stdout).testsuites.testsuite.testcase as Record<string, string>[];
    expect(cases.map((c) => [c.classname, c.file, c.line])).toEqual([
      ['dossiers/grouped/leads_v2_csv:2', 'dossiers/grouped/leads.v2.csv', '2'],
      ['dossiers/grouped/leads_v2_csv:3', 'dossiers/grouped/leads.v2.csv', '3'],
      ['dossiers/grouped/maison_x_yaml', 'dossiers/grouped/maison.x.yaml', '2'],
    ]);
    for (const c of cases) expect(c.classname).not.toContain('.');
  });
});
