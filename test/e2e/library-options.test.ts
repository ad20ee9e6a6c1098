// The library API's options, from the built package as a user imports it: what the command line refuses
// (--lang, --threshold, --findings) is refused the same way, as a UserError naming the option, never a TypeError
// from deep inside the wording.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers/cli.js';

/** Runs `assessProfile` on the reseller fixture with each of `calls`' options; what each returned or threw. */
function tryOptions(calls: string[]): { ok?: string; error?: string; message?: string }[] {
  const script = `
    import { loadPack, assessProfile, UserError } from 'market-ready';
    import { parse } from 'yaml';
    import { readFileSync } from 'node:fs';
    const pack = await loadPack('tmall-global');
    const data = parse(readFileSync('fixtures/brands/turn-down-reseller-wine.yaml', 'utf8'));
    const out = [];
    for (const options of [${calls.join(', ')}]) {
      try {
        const result = assessProfile(pack, options.profile ?? data, options);
        out.push({ ok: result.verdict + ' ' + result.threshold + ' ' + result.findings.length });
      } catch (e) {
        out.push({ error: e instanceof UserError ? 'UserError' : e.constructor.name, message: e.message });
      }
    }
    console.log(JSON.stringify(out));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('assessProfile checks its options', () => {
  it('refuses a language, a threshold and a findings mode the command line would refuse', () => {
    const [de, high, text, nan, findings] = tryOptions([
      "{ lang: 'de' }",
      '{ threshold: 150 }',
      "{ threshold: '70' }",
      '{ threshold: NaN }',
      "{ findings: 'some' }",
    ]);
    expect(de).toEqual({ error: 'UserError', message: 'unknown language "de": expected one of en, fr, zh' });
    expect(high).toEqual({ error: 'UserError', message: 'threshold 150: expected a number from 0 to 100' });
    expect(text).toEqual({ error: 'UserError', message: 'threshold "70": expected a number from 0 to 100' });
    expect(nan).toMatchObject({ error: 'UserError', message: 'threshold null: expected a number from 0 to 100' });
    expect(findings).toEqual({ error: 'UserError', message: 'findings "some": expected costly or all' });
  });

  it('takes what it documents: each language, a threshold at the ends of 0-100, and findings all or full', () => {
    const got = tryOptions(["{ lang: 'zh' }", '{ threshold: 0 }', '{ threshold: 100 }', "{ findings: 'full' }"]);
    expect(got.map((g) => g.ok?.split(' ').slice(0, 2).join(' '))).toEqual([
      'turn-down 70',
      'turn-down 0',
      'turn-down 100',
      'turn-down 70',
    ]);
    // --findings full is v1's name of all: every rule as a finding, more than the costly ones
    expect(Number(got[3]!.ok!.split(' ')[2])).toBeGreaterThan(Number(got[0]!.ok!.split(' ')[2]));
  });

  it("an invalid profile's error reads as the command line's does, and data that is no profile is refused", () => {
    const [scalar, missing, fn] = tryOptions([
      '{ profile: 42 }',
      '{ profile: { schemaVersion: 1 } }',
      '{ profile: { schemaVersion: 1, brand: { name: () => 1 } } }',
    ]);
    expect(scalar).toEqual({
      error: 'UserError',
      message: '<profile>: a profile is a mapping of fields (schemaVersion, brand, company...), not 42',
    });
    expect(missing).toEqual({ error: 'UserError', message: '<profile> brand: is required' });
    expect(fn).toMatchObject({ error: 'UserError', message: expect.stringMatching(/^a profile is plain data/) });
  });
});
