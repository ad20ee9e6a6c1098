// The pack loader's "did you mean" list of property names is written by the build from the pack schema
// (scripts/build.mjs -> src/generated/pack-properties.js): it holds every name the schema knows and no other.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACK_PROPERTIES } from '../../src/generated/pack-properties.js';
import { packFileSchemas } from '../../src/rules/pack-schema.js';
import { loadResolvedPack } from '../../src/rules/load.js';
import { PackError } from '../../src/errors.js';
import { ROOT } from '../helpers/cli.js';

/** every key of every `properties` object, anywhere in the three files' schemas and their definitions */
function schemaNames(): Set<string> {
  const names = new Set<string>();
  const stack: unknown[] = Object.values(packFileSchemas);
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const properties = (node as { properties?: unknown }).properties;
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties))
      for (const name of Object.keys(properties)) names.add(name);
    stack.push(...Object.values(node));
  }
  return names;
}

function loadMessages(edit: (dir: string) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mr-pack-properties-'));
  try {
    cpSync(join(ROOT, 'test/fixtures/packs/mini'), dir, { recursive: true });
    edit(dir);
    loadResolvedPack(join(dir, 'pack.yaml'), { cwd: dir });
  } catch (e) {
    if (e instanceof PackError) return e.message.split('\n');
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('the pack loaded without error');
}

describe("the pack loader's property names", () => {
  it('are the names of the pack schema, each once', () => {
    expect(new Set(PACK_PROPERTIES).size).toBe(PACK_PROPERTIES.length);
    expect([...PACK_PROPERTIES].sort()).toEqual([...schemaNames()].sort());
    // the 72 of the pack format, with `$schema` (which every kind of file may name)
    expect(PACK_PROPERTIES).toHaveLength(73);
    expect(PACK_PROPERTIES).toContain('$schema');
  });

  it('suggest a name from a definition and one from the files alike', () => {
    const messages = loadMessages((dir) => {
      const rules = join(dir, 'rules.yaml');
      writeFileSync(rules, `$schem: ../pack.schema.json\n${readFileSync(rules, 'utf8')}`);
      const tests = join(dir, 'tests.yaml');
      writeFileSync(tests, readFileSync(tests, 'utf8').replace(/\bverdict:/, 'verdikt:'));
    });
    expect(messages).toContainEqual(
      expect.stringMatching(/rules\.yaml:1:1 .*unknown property \$schem \(did you mean \$schema\?\)$/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/tests\.yaml:.* unknown property verdikt \(did you mean verdict\?\)$/),
    );
  });
});
