// `rules show` names where each rule was written as file:line:column (the rule's mapping, or an override's key),
// so that a pack author jumps there: for the built-in packs (precompiled) and for a pack folder of one's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from '../helpers/cli.js';

/** Each `(file:line:column path)` that `rules show` prints, by rule id. */
function origins(stdout: string): Map<string, { file: string; line: number; column: number; path: string }> {
  const found = new Map<string, { file: string; line: number; column: number; path: string }>();
  let rule = '';
  for (const line of stdout.split('\n')) {
    const id = /^ {2}(\S+)/.exec(line);
    if (id) rule = id[1]!;
    const at = /\((\S+):(\d+):(\d+) (\S+)\)$/.exec(line);
    if (at) found.set(rule, { file: at[1]!, line: Number(at[2]), column: Number(at[3]), path: at[4]! });
  }
  return found;
}

/** The 1-based line and column of the first line that starts with `text` in a file, found by reading it. */
function positionIn(file: string, text: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.trim() === text || l.trim().startsWith(`${text} `));
  expect(line, text).toBeGreaterThanOrEqual(0);
  // a rule's mapping starts at its first key, after the dash of the list item
  return { line: line + 1, column: lines[line]!.indexOf(text.replace(/^- /, '')) + 1 };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-origins-'));
  cpSync(join(ROOT, 'test/fixtures/packs/mini'), join(dir, 'parent'), { recursive: true });
  // comments and a deeper indent move every rule away from where a guess would put it
  const rules = readFileSync(join(dir, 'parent', 'rules.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'parent', 'rules.yaml'),
    `# a pack of one's own\n\n# its rules:\n${rules.replace(/^( *)/gm, '$1    ')}`,
  );
  mkdirSync(join(dir, 'child'));
  writeFileSync(
    join(dir, 'child', 'pack.yaml'),
    [
      'id: child',
      'version: 1.0.0',
      'name: { en: Child }',
      'extends: ../parent',
      'threshold: 60',
      'categories: []',
      'overrides:',
      '  # the trademark weighs more here',
      '  ip/tm: { weight: 3 }',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rules show: where each rule was written', () => {
  it('built-in packs: each rule at the line and column of its mapping in the YAML, in every language', async () => {
    for (const lang of ['en', 'fr', 'zh']) {
      const r = await run(['rules', 'show', 'tmall-global', '--lang', lang]);
      expect(r.code).toBe(0);
      const found = origins(r.stdout);
      expect(found.size).toBeGreaterThan(30);
      for (const [id, at] of found) {
        expect(at.file).toMatch(/^rules\/tmall-global\/[a-z-]+\.yaml$/);
        expect(at.path).toMatch(/^rules\[\d+\]$/);
        expect({ line: at.line, column: at.column }, id).toEqual(positionIn(join(ROOT, at.file), `- id: ${id}`));
      }
    }
  });

  it('an override: the line and column of its key in the manifest', async () => {
    const r = await run(['rules', 'show', 'tmall', 'productRange/cosmetics-regulatory-path']);
    const at = origins(r.stdout).get('productRange/cosmetics-regulatory-path')!;
    expect(at.file).toBe('rules/tmall/pack.yaml');
    expect(at.path).toBe('overrides.productRange/cosmetics-regulatory-path');
    expect({ line: at.line, column: at.column }).toEqual(
      positionIn(join(ROOT, at.file), 'productRange/cosmetics-regulatory-path:'),
    );
  });

  it('a pack folder of one’s own, and one that extends it with overrides', async () => {
    const parent = join(dir, 'parent');
    // outside the working directory, a pack's files are named by their absolute path
    const shown = join(parent, 'rules.yaml');
    const r = await run(['rules', 'show', parent]);
    expect(r.code).toBe(0);
    const found = origins(r.stdout);
    expect([...found.keys()]).toEqual(['company/bank', 'company/team', 'ip/tm']);
    found.forEach((at, id) => {
      expect(at.file).toBe(shown);
      expect({ line: at.line, column: at.column }).toEqual(positionIn(join(parent, 'rules.yaml'), `- id: ${id}`));
    });
    expect(r.stdout).toContain(`(${shown}:5:9 rules[0])`);

    const child = await run(['rules', 'show', join(dir, 'child'), '--lang', 'fr']);
    expect(child.code).toBe(0);
    const manifest = join(dir, 'child', 'pack.yaml');
    const inChild = origins(child.stdout);
    expect(inChild.get('ip/tm')).toEqual({
      file: manifest,
      ...positionIn(manifest, 'ip/tm:'),
      path: 'overrides.ip/tm',
    });
    expect(inChild.get('ip/tm')).toMatchObject({ line: 9, column: 3 });
    expect(inChild.get('company/bank')).toEqual(found.get('company/bank'));
  });
});
