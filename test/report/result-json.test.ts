// The fast ndjson serialiser must write exactly what JSON.stringify writes for the same result (as json and
// ndjson shape it), byte for byte, for every pack, language, findings mode and profile, including profiles with
// unknown fields and values at the edges.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { assessProfile } from '../../src/engine/assess.js';
import { readDocumentText } from '../../src/io/read-document.js';
import { readCsvInput } from '../../src/io/csv.js';
import { FIELDS, type FieldDef } from '../../src/profile/fields.js';
import { COUNTRY_CODES } from '../../src/profile/countries.js';
import { ByteOut, compileResultJson } from '../../src/report/result-json.js';
import { FINDINGS_MODES, isSettled, jsonResult } from '../../src/report/json-shape.js';
import { loadPack } from '../../src/rules/packs.js';
import type { InputProfile, Lang } from '../../src/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKS = ['tmall-global', 'tmall', 'luxury-pavilion'];
const LANGS: Lang[] = ['en', 'fr', 'zh'];
const TODAY = '2026-01-01';

async function fixtureProfiles(): Promise<InputProfile[]> {
  const profiles: InputProfile[] = [];
  const dir = join(ROOT, 'fixtures/brands');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    for (const item of readDocumentText(name, readFileSync(join(dir, name), 'utf8'), {}, 'yaml')) if (item.kind === 'profile') profiles.push(item.profile);
  }
  for await (const item of readCsvInput(join(ROOT, 'fixtures/csv/prospects.csv'), 'csv', {})) if (item.kind === 'profile') profiles.push(item.profile);
  return profiles;
}

function arbitraryValue(field: FieldDef): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'version': return fc.constant(1);
    case 'string': return fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Maison "Quote" \\ é', '品牌', ''));
    case 'country': return fc.constantFrom(...COUNTRY_CODES.slice(0, 30));
    case 'enum': return fc.constantFrom(...field.values!);
    case 'boolean': return fc.boolean();
    // in any order: the writer's caches key a list by its items' places, order included
    case 'list': return fc.shuffledSubarray([...field.values!]);
    case 'integer': return fc.integer({ min: field.min ?? -1000, max: field.max ?? 100_000 });
    case 'number': return fc.double({ min: field.min ?? -1e7, max: field.max ?? 1e9, noNaN: true, noDefaultInfinity: true });
  }
}

const arbitraryProfile = fc.tuple(...FIELDS.map((f) => (f.required ? arbitraryValue(f) : fc.option(arbitraryValue(f), { nil: undefined, freq: 4 })))).map(
  (values, ): InputProfile => ({ source: { file: 'x.csv', row: 2, document: null }, values, waivers: [], warnings: [] }),
);

describe('compileResultJson', () => {
  it.each(PACKS.flatMap((p) => LANGS.flatMap((l) => FINDINGS_MODES.map((m) => [p, l, m] as const))))('matches JSON.stringify on the fixture brands (%s, %s, %s)', async (packId, lang, findings) => {
    const pack = await loadPack(packId);
    const profiles = await fixtureProfiles();
    for (const threshold of [undefined, 0, 55.5, 100]) {
      const options = { lang, today: TODAY, ...(threshold === undefined ? {} : { threshold }) };
      const serialise = compileResultJson(pack, { ...options, findings });
      for (const profile of profiles) {
        if (profile.waivers.length > 0) continue;
        const expected = assessProfile(pack, profile, options);
        expect(serialise(profile)).toBe(JSON.stringify(jsonResult(expected, findings)));
        expect(serialise.lastVerdict).toBe(expected.verdict);
        // twice: the second time comes from the message cache
        expect(serialise(profile)).toBe(JSON.stringify(jsonResult(expected, findings)));
      }
    }
  });

  it('matches JSON.stringify on arbitrary profiles', async () => {
    const packs = await Promise.all(PACKS.map((p) => loadPack(p)));
    fc.assert(
      fc.property(arbitraryProfile, fc.constantFrom(...LANGS), fc.constantFrom(0, 1, 2), fc.constantFrom(...FINDINGS_MODES), (profile, lang, p, findings) => {
        const pack = packs[p]!;
        const serialise = compileResultJson(pack, { lang, today: TODAY, findings });
        expect(serialise(profile)).toBe(JSON.stringify(jsonResult(assessProfile(pack, profile, { lang, today: TODAY }), findings)));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same bytes from its finding caches: hits, misses, full caches and dropped ones', async () => {
    // one writer per pack, language and limits for a whole run, so that later profiles meet findings cached
    // from earlier ones; tiny limits fill every cache and drop the maps of values that stop repeating
    const packs = await Promise.all(PACKS.map((p) => loadPack(p)));
    const LIMITS = [undefined, { variants: 2, values: 3, bytes: 4000 }, { variants: 0, values: 0, bytes: 0 }, { variants: 64, values: 1, bytes: 1 << 20 }];
    // values that repeat across profiles, and amounts at the edges of the number writers
    const amount = fc.oneof(
      fc.constantFrom(0, -0, 1, 12.5, 1250000.5, 99999.99, 1e13 - 1, 1e13 + 0.5, -1234567.89, 0.005, -0.004, 123456789012.34, 5e-7, 1e21, 2 ** 53),
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((k) => k / 100),
      fc.double({ min: -1e14, max: 1e14, noNaN: true, noDefaultInfinity: true }),
    );
    const NUMERIC = FIELDS.map((f, i) => (f.type === 'number' || f.type === 'integer' ? i : -1)).filter((i) => i >= 0);
    for (const [p, pack] of packs.entries()) {
      for (const lang of LANGS) {
        for (const [l, cache] of LIMITS.entries()) {
          const findings = FINDINGS_MODES[(p + l) % FINDINGS_MODES.length]!;
          const serialise = compileResultJson(pack, { lang, today: TODAY, findings, ...(cache ? { cache } : {}) });
          const profiles = fc.sample(
            fc.tuple(arbitraryProfile, fc.array(fc.tuple(fc.constantFrom(...NUMERIC), amount), { maxLength: 6 })).map(([profile, amounts]) => {
              const values = [...profile.values];
              for (const [slot, value] of amounts) if (FIELDS[slot]!.type === 'number' || Number.isInteger(value)) values[slot] = value;
              return { ...profile, values };
            }),
            { numRuns: 150, seed: p * 100 + l },
          );
          // each profile twice: once to fill the caches, then from them
          for (const profile of [...profiles, ...profiles]) {
            expect(serialise(profile)).toBe(JSON.stringify(jsonResult(assessProfile(pack, profile, { lang, today: TODAY }), findings)));
          }
        }
      }
    }
  });

  it('leaves profiles with waivers to the general path', async () => {
    const pack = await loadPack('tmall-global');
    const serialise = compileResultJson(pack);
    expect(serialise({ source: { file: 'x', row: null, document: 0 }, values: [], waivers: [{ rule: 'x', reason: 'y', approvedBy: 'z' }], warnings: [] })).toBeNull();
  });
});

describe('jsonResult', () => {
  const CONTRACT = ['ruleId', 'category', 'status', 'blocker', 'weight', 'field', 'actual', 'message', 'remedy'];

  it('keeps the rule texts of findings that cost points, and the contract fields of every finding', async () => {
    const pack = await loadPack('tmall-global');
    const profiles = await fixtureProfiles();
    let settled = 0;
    let costly = 0;
    for (const profile of profiles) {
      const full = assessProfile(pack, profile, { today: TODAY });
      const compact = jsonResult(full, 'compact');
      expect(jsonResult(full, 'full')).toBe(full);
      compact.findings.forEach((f, i) => {
        const original = full.findings[i]!;
        for (const key of CONTRACT) expect(f).toHaveProperty(key);
        if (isSettled(original)) {
          settled++;
          // a rule met in full or not applicable: its title as message, nothing to remedy, no pack prose
          expect(Object.keys(f)).toEqual(['ruleId', 'category', 'status', 'blocker', 'weight', 'points', 'maxPoints', 'credit', 'field', 'actual', 'message', 'remedy']);
          expect(f.message).toBe(original.title);
          expect(f.remedy).toBe('');
        } else {
          costly++;
          expect(f).toBe(original);
        }
      });
    }
    expect(settled).toBeGreaterThan(0);
    expect(costly).toBeGreaterThan(0);
  });
});

describe('ByteOut.scaled', () => {
  it('prints k, k / 10 and k / 100 as String() does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger(), fc.constant(-0)), fc.constantFrom(1 as const, 10 as const, 100 as const), (k, scale) => {
        const out = new ByteOut(64);
        out.scaled(k, scale);
        expect(out.buf.toString('latin1', 0, out.pos)).toBe(String(k / scale));
      }),
      { numRuns: 5000 },
    );
  });
});
