// Builds small packs and profiles in code for unit tests of the engine and the compiler.
import { compilePack } from '../../src/rules/compile.js';
import type { CompiledPack, ResolvedPack, RuleSpec } from '../../src/rules/types.js';
import { FIELDS, FIELD_INDEX } from '../../src/profile/fields.js';
import type { InputProfile } from '../../src/types.js';

export function rule(
  partial: Partial<RuleSpec> & Pick<RuleSpec, 'id' | 'check'>,
): RuleSpec & { origin: { file: string; path: string } } {
  return {
    category: 'company',
    title: { en: `title of ${partial.id}`, fr: `titre de ${partial.id}` },
    weight: 1,
    effort: 'low',
    source: 'judgment',
    expected: { en: 'what is expected', fr: 'ce qui est attendu' },
    message: { en: 'got {actual}, expected {expected}', fr: 'reçu {actual}, attendu {expected}' },
    remedy: { en: 'fix it', fr: 'corrigez' },
    origin: { file: 'test', path: 'rules[0]' },
    ...partial,
  };
}

export function pack(
  rules: RuleSpec[],
  options: { threshold?: number; categories?: { id: string; weight: number }[] } = {},
): CompiledPack {
  const categories = (
    options.categories ?? [
      { id: 'company', weight: 50 },
      { id: 'ip', weight: 50 },
    ]
  ).map((c) => ({ ...c, title: { en: c.id, fr: c.id } }));
  const resolved: ResolvedPack = {
    id: 'test-pack',
    version: '1',
    name: { en: 'Test pack' },
    threshold: options.threshold ?? 70,
    categories,
    rules: rules.map((r) => ({ origin: { file: 'test', path: 'rules' }, ...r })),
    tests: [],
    digest: '0'.repeat(64),
    files: [],
    extendsChain: [],
  };
  return compilePack(resolved);
}

/** A profile from a flat map of field paths to values; everything else unknown. */
export function profile(fields: Record<string, unknown>, waivers: InputProfile['waivers'] = []): InputProfile {
  const values: unknown[] = new Array(FIELDS.length).fill(undefined);
  values[FIELD_INDEX.get('brand.name')!] = 'Test Brand';
  for (const [path, value] of Object.entries(fields)) {
    const i = FIELD_INDEX.get(path);
    if (i === undefined) throw new Error(`no field ${path}`);
    values[i] = value;
  }
  return { source: { file: 'test.yaml', row: null, document: 0 }, values, waivers, warnings: [] };
}
