import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadResolvedPack, PATTERN_WORDS } from '../../src/rules/load.js';
import { compilePack } from '../../src/rules/compile.js';
import { runPackTests } from '../../src/rules/test-runner.js';
import { PackError } from '../../src/errors.js';
import { ROOT } from '../helpers/cli.js';
import { unsafeRegexReason } from '../../src/rules/safe-regex.js';

const fixture = (name: string) => join(ROOT, 'test/fixtures/packs', name, 'pack.yaml');

function loadErrors(name: string): string[] {
  try {
    loadResolvedPack(fixture(name), { cwd: ROOT });
  } catch (e) {
    if (e instanceof PackError) return e.message.split('\n');
    throw e;
  }
  throw new Error(`${name} loaded without error`);
}

describe('loading packs', () => {
  it('loads a valid pack and its tests pass', () => {
    const pack = compilePack(loadResolvedPack(fixture('mini'), { cwd: ROOT }));
    expect(pack.rules.map((r) => r.id)).toEqual(['company/bank', 'company/team', 'ip/tm']);
    expect(pack.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(runPackTests(pack).filter((o) => !o.passed)).toEqual([]);
  });

  it('extends a parent: categories merge, overrides change, disable and add rules', () => {
    const child = loadResolvedPack(fixture('mini-child'), { cwd: ROOT });
    expect(child.threshold).toBe(80);
    expect(child.categories.map((c) => [c.id, c.weight, c.title.en])).toEqual([
      ['company', 50, 'Company'],
      ['ip', 30, 'Intellectual property'],
      ['pricing', 20, 'Pricing'],
    ]);
    expect(child.rules.map((r) => r.id)).toEqual(['company/bank', 'ip/tm', 'pricing/gap']);
    const tm = child.rules.find((r) => r.id === 'ip/tm')!;
    expect([tm.blocker, tm.weight]).toEqual([true, 3]);
    expect(child.rules.find((r) => r.id === 'company/bank')!.message.en).toBe('No overseas account ({actual}).');
    expect(child.extendsChain).toEqual(['mini']);
    const parent = loadResolvedPack(fixture('mini'), { cwd: ROOT });
    expect(child.digest).not.toBe(parent.digest);
  });

  it("a child pack may leave out threshold and categories: it inherits its parent's; a pack of its own may not", () => {
    const root = mkdtempSync(join(tmpdir(), 'mr-inherit-'));
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), join(root, 'mini'), { recursive: true });
    mkdirSync(join(root, 'child'));
    writeFileSync(
      join(root, 'child', 'pack.yaml'),
      'id: child\nversion: 1.0.0\nname: { en: Child }\nextends: ../mini\n',
    );
    const child = loadResolvedPack(join(root, 'child', 'pack.yaml'), { cwd: root });
    const parent = loadResolvedPack(join(root, 'mini', 'pack.yaml'), { cwd: root });
    expect(child.threshold).toBe(parent.threshold);
    expect(child.categories).toEqual(parent.categories);
    expect(child.rules.map((r) => r.id)).toEqual(parent.rules.map((r) => r.id));
    // only the threshold given: the categories still come from the parent
    writeFileSync(
      join(root, 'child', 'pack.yaml'),
      'id: child\nversion: 1.0.0\nname: { en: Child }\nextends: ../mini\nthreshold: 55\n',
    );
    const lower = loadResolvedPack(join(root, 'child', 'pack.yaml'), { cwd: root });
    expect([lower.threshold, lower.categories]).toEqual([55, parent.categories]);
    writeFileSync(
      join(root, 'child', 'pack.yaml'),
      'id: child\nversion: 1.0.0\nname: { en: Child }\ninclude: [r.yaml]\n',
    );
    let message = '';
    try {
      loadResolvedPack(join(root, 'child', 'pack.yaml'), { cwd: root });
    } catch (e) {
      message = e instanceof PackError ? e.message : String(e);
    }
    // one missing property at a place is told, as for any other file of a pack
    expect(message).toMatch(/^child\/pack\.yaml:1:1: missing property threshold$/m);
  });

  it.each([
    [
      'broken-field',
      'test/fixtures/packs/broken-field/rules.yaml:9:21 rules[0].check.field: field company.overseasBankAcount does not exist (did you mean company.overseasBankAccount?)',
    ],
    ['broken-weight', 'test/fixtures/packs/broken-weight/rules.yaml:16:13 rules[1].weight: expected a number'],
    [
      'broken-operator',
      'test/fixtures/packs/broken-operator/rules.yaml:9:50 rules[0].check.equal: unknown property equal (did you mean equals?)',
    ],
    [
      'broken-regex',
      'test/fixtures/packs/broken-regex/rules.yaml:30:51 rules[2].check.matches: regular expression refused: invalid escape sequence: `\\1`: only what a linear-time engine (RE2) can match is allowed (no back-references, lookahead or lookbehind)',
    ],
    [
      'broken-override',
      'test/fixtures/packs/broken-override/pack.yaml:9:27 overrides.company/bank.weight: must be > 0',
    ],
  ])('refuses %s with file:line:column, path and problem', (name, message) => {
    expect(loadErrors(name)).toEqual([message]);
  });

  it('checks test cases at load: unknown rules, unknown profile fields (base and case), missing test files; and message placeholders', () => {
    expect(loadErrors('broken-tests')).toEqual([
      'test/fixtures/packs/broken-tests/extra.yaml:10:20 rules[0].message.en: unknown placeholder {actul}: a message can use {actual}, {expected} and {marketplace} (did you mean {actual}?)',
      'test/fixtures/packs/broken-tests/tests.yaml:3:55 base.brand.foundedYaer: unknown field (did you mean brand.foundedYear?)',
      'test/fixtures/packs/broken-tests/tests.yaml:7:24 cases[0].expect.rules.company/lead-tme: rule company/lead-tme is not in the pack (did you mean company/lead-time?)',
      'test/fixtures/packs/broken-tests/tests.yaml:9:26 cases[1].profile.market.launchLeadTimeMonth: unknown field (did you mean market.launchLeadTimeMonths?)',
      'test/fixtures/packs/broken-tests/pack.yaml:8:21 tests[1]: test file missing-tests.yaml does not exist beside pack.yaml',
    ]);
  });

  it('an invalid manifest does not hide the problems of its rule files', () => {
    expect(loadErrors('broken-everywhere')).toEqual([
      'test/fixtures/packs/broken-everywhere/pack.yaml:5:12 threshold: must be <= 100',
      'test/fixtures/packs/broken-everywhere/rules.yaml:5:13 rules[0].weight: must be > 0',
      'test/fixtures/packs/broken-everywhere/rules.yaml:6:13 rules[0].effort: must be one of low, medium, high',
    ]);
  });

  it('names a misspelt property at its key, with a suggestion, beside the property it then lacks', () => {
    expect(loadErrors('broken-misspelt')).toEqual([
      'test/fixtures/packs/broken-misspelt/pack.yaml:9:12 overrides.ip/tm.wieght: unknown property wieght (did you mean weight?)',
      'test/fixtures/packs/broken-misspelt/rules.yaml:2:5 rules[0]: missing property weight',
      'test/fixtures/packs/broken-misspelt/rules.yaml:5:5 rules[0].wieght: unknown property wieght (did you mean weight?)',
    ]);
  });

  it('refuses an extends loop, naming the chain', () => {
    const [line] = loadErrors('loop-a');
    expect(line).toMatch(
      /^test\/fixtures\/packs\/loop-b\/pack.yaml:4:10 extends: extends loop: .*loop-a\/pack.yaml -> .*loop-b\/pack.yaml -> .*loop-a\/pack.yaml$/,
    );
  });
});

describe('a rule id written twice in a pack', () => {
  it('names where the first one is, rather than calling it inherited', () => {
    const root = mkdtempSync(join(tmpdir(), 'mr-duplicate-'));
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), root, { recursive: true });
    const rules = readFileSync(join(root, 'rules.yaml'), 'utf8');
    // the same file's first rule again, at its end: a copy-paste that kept the id
    const first = rules.slice(rules.indexOf('  - id: company/bank'), rules.indexOf('  - id: company/team'));
    writeFileSync(join(root, 'rules.yaml'), `${rules.trimEnd()}\n${first}`);
    let message = '';
    try {
      loadResolvedPack(join(root, 'pack.yaml'), { cwd: root });
    } catch (e) {
      message = e instanceof PackError ? e.message : String(e);
    }
    expect(message.split('\n')).toEqual([
      expect.stringMatching(
        /^rules\.yaml:\d+:9 rules\[3\]\.id: rule company\/bank is already defined at rules\.yaml:2:9: give each rule its own id$/,
      ),
    ]);
  });
});

describe('the mistakes of a pack author, said with their fix', () => {
  /** The mini pack with one file's text changed; the lines its load refuses with. */
  function errorsAfter(file: string, change: (text: string) => string): string[] {
    const root = mkdtempSync(join(tmpdir(), 'mr-mistake-'));
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), root, { recursive: true });
    writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')));
    try {
      loadResolvedPack(join(root, 'pack.yaml'), { cwd: root });
    } catch (e) {
      if (e instanceof PackError) return e.message.split('\n');
      throw e;
    }
    throw new Error('loaded without error');
  }

  it.each([
    [
      'a weight in quotes',
      'rules.yaml',
      (t: string) => t.replace('weight: 2\n    blocker', 'weight: "2"\n    blocker'),
      'rules.yaml:5:13 rules[0].weight: expected a number, not the string "2": write it without quotes',
    ],
    [
      'a version YAML reads as a number (1.10 is 1.1)',
      'pack.yaml',
      (t: string) => t.replace('version: 1.0.0', 'version: 1.10'),
      'pack.yaml:2:10 version: expected a string: put the value in quotes (YAML reads 1.1 as a number)',
    ],
    [
      'a list written as one name',
      'pack.yaml',
      (t: string) => t.replace('include: [rules.yaml]', 'include: rules.yaml'),
      'pack.yaml:8:10 include: expected a list',
    ],
    [
      'a misspelt expected verdict',
      'tests.yaml',
      (t: string) => t.replace('verdict: turn-down, rules: { company/bank: fail }', 'verdict: turndown'),
      'tests.yaml:11:24 cases[1].expect.verdict: must be one of approve, turn-down (did you mean turn-down?)',
    ],
    [
      'a rule id without its prefix',
      'rules.yaml',
      (t: string) => t.replace('  - id: company/bank', '  - id: bank'),
      'rules.yaml:2:9 rules[0].id: expected a rule id: a prefix, a slash and a name in lower-case letters, digits and dashes (ip/china-trademark)',
    ],
    [
      'a source that is neither a URL nor judgment',
      'rules.yaml',
      (t: string) => t.replace('source: judgment', 'source: our judgment'),
      'rules.yaml:8:13 rules[0].source: expected a URL (https://...) or the word judgment, for a cut-off that is our judgment',
    ],
    [
      // the other shapes of a condition (all, any, not) refuse its keys: they were told instead of the empty list
      'an empty list in a condition',
      'rules.yaml',
      (t: string) => t.replace('not-in: [other]', 'not-in: []'),
      'rules.yaml:29:44 rules[2].when.not-in: expected at least 1 item',
    ],
    [
      'a rule file named with its folder',
      'pack.yaml',
      (t: string) => t.replace('include: [rules.yaml]', 'include: [/etc/rules.yaml]'),
      "pack.yaml:8:11 include[0]: expected the name of a .yaml or .yml file in the pack's folder (extra.yaml)",
    ],
    [
      'a misspelt field under unset (it removed nothing, and the case tested the base)',
      'tests.yaml',
      (t: string) => t.replace('unset: [company.overseasBankAccount]', 'unset: [company.overseasBankAcount]'),
      'tests.yaml:13:13 cases[2].unset[0]: field company.overseasBankAcount does not exist (did you mean company.overseasBankAccount?): unset names a profile field or a group of them',
    ],
    [
      "__proto__ in a case's profile (it set the merged profile's prototype in silence)",
      'tests.yaml',
      (t: string) => t.replace('profile: { company: { chinaTeamFte: 0 } }', 'profile: { __proto__: { x: 1 } }'),
      'tests.yaml:16:16: the key "__proto__" is not allowed in a pack (it names JavaScript object internals)',
    ],
    [
      'a rule file listed twice in include (its rules were each "already defined" at their own place)',
      'pack.yaml',
      (t: string) => t.replace('include: [rules.yaml]', 'include: [rules.yaml, ./rules.yaml]'),
      'pack.yaml:8:23 include[1]: rule file ./rules.yaml is already listed (include[0]): list it once',
    ],
    [
      'yes for a boolean',
      'rules.yaml',
      (t: string) => t.replace('overseasBankAccount, equals: true }', 'overseasBankAccount, equals: yes }'),
      'rules.yaml:9:58 rules[0].check.equals: field company.overseasBankAccount is a boolean; "yes" can never match: write true or false, without quotes',
    ],
    [
      'a text operator on a whole number ("a integer")',
      'rules.yaml',
      (t: string) =>
        t.replace(
          '{ field: company.chinaTeamFte, ramp: { from: 0, to: 2 } }',
          '{ field: brand.foundedYear, script: han }',
        ),
      'rules.yaml:19:48 rules[1].check.script: script needs a text field, but brand.foundedYear is an integer',
    ],
    [
      'an empty list of values',
      'rules.yaml',
      (t: string) => t.replace('overseasBankAccount, equals: true }', 'overseasBankAccount, in: [] }'),
      'rules.yaml:9:54 rules[0].check.in: expected at least 1 item',
    ],
    [
      'a file that is not YAML: its first syntax error only',
      'rules.yaml',
      (t: string) => `${t}\n\`\`\`sh\nnpm install: x: y\n- [\n"\n`,
      expect.stringMatching(/^rules\.yaml:\d+:\d+: YAML syntax: /),
    ],
  ])('%s', (_name, file, change, line) => {
    expect(errorsAfter(file, change)).toEqual([line]);
  });

  it("an override that changes a rule's category, and a manifest key in a rule file, are said as such", () => {
    const root = mkdtempSync(join(tmpdir(), 'mr-override-'));
    for (const name of ['mini', 'mini-child'])
      cpSync(join(ROOT, 'test/fixtures/packs', name), join(root, name), { recursive: true });
    const manifest = join(root, 'mini-child', 'pack.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('ip/tm: { blocker: true, weight: 3 }', 'ip/tm: { category: pricing }'),
    );
    writeFileSync(join(root, 'mini-child', 'extra.yaml'), 'threshold: 70\nrules: []\n');
    let message = '';
    try {
      loadResolvedPack(manifest, { cwd: root });
    } catch (e) {
      message = e instanceof PackError ? e.message : String(e);
    }
    // they said "unknown property category (did you mean category?)"
    expect(message.split('\n')).toEqual([
      "mini-child/pack.yaml:11:12 overrides.ip/tm.category: an override cannot change a rule's category: disable the rule (disabled: true) and write your own under include",
      'mini-child/extra.yaml:1:1 threshold: property threshold is not allowed here',
    ]);
  });

  it('a rule file in UTF-8 with a byte from Windows-1252 is refused at that byte; one in Windows-1252 is read', () => {
    const root = mkdtempSync(join(tmpdir(), 'mr-encoding-'));
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), root, { recursive: true });
    const rules = join(root, 'rules.yaml');
    const text = readFileSync(rules, 'utf8');
    // the file's own UTF-8 accents (l’étranger), and "Café" typed in a Windows-1252 editor on line 15
    writeFileSync(rules, Buffer.from(text.replace('title: { en: China team }', 'title: { en: Caf\u0000 }'), 'utf8'));
    const bytes = readFileSync(rules);
    bytes[bytes.indexOf(0)] = 0xe9;
    writeFileSync(rules, bytes);
    let message = '';
    try {
      loadResolvedPack(join(root, 'pack.yaml'), { cwd: root });
    } catch (e) {
      message = e instanceof PackError ? e.message : String(e);
    }
    // it was read as U+FFFD, shown as "Caf�" in every report
    expect(message).toMatch(/^rules\.yaml:15:21: rule file: not valid UTF-8: byte 0xE9 here/);
    // the whole file in Windows-1252 (no UTF-8 sequence anywhere): read as such, as a profile is
    const win1252 = text.replace(/[’]/g, "'").replace('title: { en: China team }', 'title: { en: Caf\u00e9 }');
    writeFileSync(rules, Buffer.from(win1252, 'latin1'));
    const pack = loadResolvedPack(join(root, 'pack.yaml'), { cwd: root });
    expect(pack.rules.find((r) => r.id === 'company/team')!.title.en).toBe('Café');
  });

  it('every pattern of the pack schema is said in words (but the URL of a source, said with judgment)', () => {
    const schema = readFileSync(join(ROOT, 'schema/pack.schema.json'), 'utf8');
    const patterns = new Set<string>();
    JSON.parse(schema, (key, value: unknown) => {
      if (key === 'pattern') patterns.add(String(value));
      return value;
    });
    patterns.delete('^https?://');
    expect([...patterns].filter((p) => PATTERN_WORDS[p] === undefined)).toEqual([]);
  });
});

describe('regular expressions in packs', () => {
  it.each([
    ['^[A-Z]{2}$', undefined],
    ['^(FR|IT|ES)$', undefined],
    // nested and repeated quantifiers are harmless to a linear-time engine: accepted
    ['^(a+)+$', undefined],
    ['(a|aa)*', undefined],
    ['^a*a*a*a*a*a*a*a*$', undefined],
    ['^\\u00e9\\p{L}+$', undefined],
    ['(x)\\1', 'only what a linear-time engine (RE2) can match is allowed'],
    ['(?<=a)b', 'only what a linear-time engine (RE2) can match is allowed'],
    ['(?=a)b', 'only what a linear-time engine (RE2) can match is allowed'],
    ['[\\s\\S]{999}[\\s\\S]{999}[\\s\\S]{999}', 'too large once compiled'],
    ['x'.repeat(201), 'longer than 200 characters'],
    ['[', 'not a valid regular expression'],
  ])('%s', (pattern, reason) => {
    const got = unsafeRegexReason(pattern);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(reason);
  });
});

describe('a pack reads only its own folder', () => {
  it('refuses an include or tests entry that climbs out with ../ or a symbolic link, at its line', () => {
    const root = mkdtempSync(join(tmpdir(), 'mr-outside-'));
    const pack = join(root, 'pack');
    mkdirSync(pack);
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), pack, { recursive: true });
    writeFileSync(join(root, 'secret.yaml'), 'rules: []\n');
    symlinkSync(join(root, 'secret.yaml'), join(pack, 'linked.yaml'));
    const manifest = readFileSync(join(pack, 'pack.yaml'), 'utf8')
      .replace('include: [rules.yaml]', 'include: [rules.yaml, ../secret.yaml, linked.yaml]')
      .replace('tests: [tests.yaml]', 'tests: [tests.yaml, sub/../../secret.yaml]');
    writeFileSync(join(pack, 'pack.yaml'), manifest);
    let message = '';
    try {
      loadResolvedPack(join(pack, 'pack.yaml'), { cwd: root });
    } catch (e) {
      message = e instanceof PackError ? e.message : String(e);
    }
    const lines = message.split('\n');
    expect(lines.filter((l) => /is outside the pack's folder/.test(l))).toHaveLength(3);
    expect(message).toMatch(
      /pack\/pack\.yaml:\d+:\d+ include\[1\]: rule file \.\.\/secret\.yaml is outside the pack's folder/,
    );
    expect(message).toMatch(/include\[2\]: rule file linked\.yaml is outside/);
    expect(message).toMatch(/tests\[1\]: test file sub\/\.\.\/\.\.\/secret\.yaml is outside/);
  });

  it('extends reads only a pack: a file outside it, by ../, an absolute path or a link, is refused unread', () => {
    const root = mkdtempSync(join(tmpdir(), 'mr-extends-'));
    writeFileSync(join(root, 'secret.yaml'), 'db_password: hunter2\napi_key: SECRET-123\n');
    mkdirSync(join(root, 'linked'));
    symlinkSync(join(root, 'secret.yaml'), join(root, 'linked', 'pack.yaml'));
    const child = join(root, 'child');
    cpSync(join(ROOT, 'test/fixtures/packs/mini-child'), child, { recursive: true });
    const manifest = readFileSync(join(child, 'pack.yaml'), 'utf8');
    const errorsWith = (parent: string): string => {
      writeFileSync(join(child, 'pack.yaml'), manifest.replace('extends: ../mini', `extends: ${parent}`));
      try {
        loadResolvedPack(join(child, 'pack.yaml'), { cwd: root });
      } catch (e) {
        return e instanceof PackError ? e.message : String(e);
      }
      return '';
    };
    for (const parent of ['../secret.yaml', join(root, 'secret.yaml'), '../linked', '../linked/pack.yaml']) {
      const message = errorsWith(parent);
      expect(message).toMatch(/^child\/pack\.yaml:4:10 extends: extends .* names no rule pack: write a built-in/);
      expect(message).not.toMatch(/db_password|api_key|SECRET/);
    }
    // what a pack may extend: a pack's folder (beside it or by an absolute path), its pack.yaml, a built-in id, an
    // installed market-ready-pack-* package
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), join(root, 'mini'), { recursive: true });
    const pkg = join(root, 'node_modules', 'market-ready-pack-mini');
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), pkg, { recursive: true });
    for (const parent of ['../mini', '../mini/pack.yaml', join(root, 'mini'), 'mini', 'market-ready-pack-mini'])
      expect([parent, errorsWith(parent)]).toEqual([parent, '']);
    expect(errorsWith('tmall-global')).not.toMatch(/names no rule pack/);
  });
});
