import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadResolvedPack } from '../../src/rules/load.js';
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

  it.each([
    ['broken-field', 'test/fixtures/packs/broken-field/rules.yaml:9:21 rules[0].check.field: field company.overseasBankAcount does not exist (did you mean company.overseasBankAccount?)'],
    ['broken-weight', 'test/fixtures/packs/broken-weight/rules.yaml:16:13 rules[1].weight: expected a number'],
    ['broken-operator', 'test/fixtures/packs/broken-operator/rules.yaml:9:50 rules[0].check.equal: unknown property equal (did you mean equals?)'],
    ['broken-regex', 'test/fixtures/packs/broken-regex/rules.yaml:30:51 rules[2].check.matches: regular expression refused: a repeated group contains a repetition or an alternation (it could backtrack for ever)'],
    ['broken-override', 'test/fixtures/packs/broken-override/pack.yaml:9:27 overrides.company/bank.weight: must be > 0'],
  ])('refuses %s with file:line:column, path and problem', (name, message) => {
    expect(loadErrors(name)).toEqual([message]);
  });

  it('refuses an extends loop, naming the chain', () => {
    const [line] = loadErrors('loop-a');
    expect(line).toMatch(/^test\/fixtures\/packs\/loop-b\/pack.yaml:4:10 extends: extends loop: .*loop-a\/pack.yaml -> .*loop-b\/pack.yaml -> .*loop-a\/pack.yaml$/);
  });
});

describe('regular expressions in packs', () => {
  it.each([
    ['^[A-Z]{2}$', undefined],
    ['^(FR|IT|ES)$', undefined],
    ['^(a+)+$', 'a repeated group contains a repetition or an alternation (it could backtrack for ever)'],
    ['(a|aa)*', 'a repeated group contains a repetition or an alternation (it could backtrack for ever)'],
    ['((ab)*c)+', 'a repeated group contains a repetition or an alternation (it could backtrack for ever)'],
    ['(x)\\1', 'back-references are not allowed'],
    ['(?<=a)b', 'lookbehind is not allowed'],
    ['[', 'not a valid regular expression'],
  ])('%s', (pattern, reason) => {
    const got = unsafeRegexReason(pattern);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(reason);
  });
});
