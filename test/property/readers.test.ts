// Property-based tests of the readers: random bytes and random YAML-ish text never make them throw; every
// document gives exactly one item; the same text gives the same items; nothing reaches Object.prototype.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readDocumentText } from '../../src/io/read-document.js';
import { decodeText } from '../../src/io/decode.js';
import { readInputs } from '../../src/io/inputs.js';
import { assessProfile } from '../../src/engine/assess.js';
import { loadPack } from '../../src/rules/packs.js';
import type { CompiledPack } from '../../src/rules/types.js';
import type { ReadItem } from '../../src/types.js';
import { brokenProfile, validProfile } from './arbitraries.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const ROOT = join(import.meta.dirname, '..', '..');

let pack: CompiledPack;
beforeAll(async () => {
  pack = await loadPack('tmall-global');
});

/** Items as comparable data (positions are a Map). */
const plain = (items: ReadItem[]): string =>
  JSON.stringify(items, (_key, value: unknown) => (value instanceof Map ? [...value] : value));

function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Text made of the pieces that trouble YAML parsers: brackets, anchors, aliases, tags, indentation, quotes. */
const yamlish = fc
  .array(
    fc.constantFrom(
      '[',
      ']',
      '{',
      '}',
      ':',
      ': ',
      '- ',
      ',',
      '&a ',
      '*a',
      '!!str ',
      '!x ',
      '? ',
      '---\n',
      '...\n',
      '\n',
      '  ',
      '"',
      "'",
      '#',
      '|',
      '>',
      'brand',
      'name',
      '__proto__',
      'schemaVersion: 1',
      '1e999',
      '.nan',
      '~',
      'x',
      '\t',
      '\u0000',
      '\ufeff',
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

function readText(text: string, format: 'yaml' | 'json' = 'yaml'): ReadItem[] {
  return readDocumentText('property.yaml', text, { lang: 'en' }, format);
}

function assessAll(items: ReadItem[]): void {
  for (const item of items) {
    if (item.kind !== 'profile') continue;
    const result = assessProfile(pack, item.profile, { today: '2026-01-15' });
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(100);
  }
}

describe('readDocumentText', () => {
  it('random bytes, decoded as a file would be, never throw and give at least one item', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const decoded = decodeText(Buffer.from(bytes));
        if ('error' in decoded) return;
        const items = readText(decoded.text);
        expect(items.length).toBeGreaterThan(0);
        assessAll(items);
      }),
      { numRuns: RUNS * 3 },
    );
    expectNoPollution();
  });

  it('random unicode and YAML-ish text never throw; the same text gives the same items', () => {
    fc.assert(
      fc.property(
        fc.oneof(yamlish, fc.string({ unit: 'binary', maxLength: 200 })),
        fc.constantFrom('yaml', 'json' as const),
        (text, format) => {
          const items = readText(text, format);
          expect(items.length).toBeGreaterThan(0);
          for (const item of items) expect(['profile', 'error']).toContain(item.kind);
          for (const item of items) if (item.kind === 'error') expect(item.errors.length).toBeGreaterThan(0);
          expect(plain(readText(text, format))).toBe(plain(items));
          assessAll(items);
        },
      ),
      { numRuns: RUNS * 3 },
    );
    expectNoPollution();
  });

  it('a stream of N documents, valid or not, gives exactly N items, in order', () => {
    const doc = fc.oneof(
      validProfile.map((data) => ({ data, valid: true })),
      brokenProfile.map((data) => ({ data, valid: false })),
    );
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 6 }), (docs) => {
        const text = docs
          .map((d) => `---\n${stringify(d.data === undefined ? null : d.data, { aliasDuplicateObjects: false })}`)
          .join('');
        const items = readText(text);
        expect(items).toHaveLength(docs.length);
        items.forEach((item, i) =>
          expect(item.kind === 'profile' ? item.profile.source.document : item.source.document).toBe(i),
        );
        // a valid profile is read as one, whatever else is in the stream
        docs.forEach((d, i) => {
          if (d.valid) expect(items[i]!.kind, text).toBe('profile');
        });
        assessAll(items);
      }),
      { numRuns: RUNS },
    );
    expectNoPollution();
  });

  it('JSON with __proto__, constructor and prototype keys anywhere is refused, and pollutes nothing', () => {
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype');
    fc.assert(
      fc.property(validProfile, key, fc.constantFrom('', 'brand', 'company', 'waivers'), (profile, bad, where) => {
        const json = JSON.stringify(profile);
        const inject = `"${bad}":{"polluted":"yes","toString":1}`;
        const text =
          where === ''
            ? json.replace(/^\{/, `{${inject},`)
            : json.includes(`"${where}":{`)
              ? json.replace(`"${where}":{`, `"${where}":{${inject},`)
              : json.replace(/^\{/, `{"${where}":{${inject}},`);
        const items = readText(text, 'json');
        expect(items).toHaveLength(1);
        expect(items[0]!.kind).toBe('error');
        expectNoPollution();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('readInputs over the hostile corpus and random files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'market-ready-readers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every committed hostile file: one error item or assessed profiles, nothing thrown, nothing polluted', async () => {
    const hostile = join(ROOT, 'test/hostile');
    for (const file of readdirSync(hostile).filter((f) => /\.(ya?ml|json)$/.test(f))) {
      const items: ReadItem[] = [];
      for await (const item of readInputs([join(hostile, file)], { lang: 'en' })) items.push(item);
      expect(items.length, file).toBeGreaterThan(0);
      assessAll(items);
    }
    expectNoPollution();
  });

  it('random bytes in .yaml, .json and .csv files never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('yaml', 'json', 'csv'),
        async (bytes, ext) => {
          const file = join(dir, `random.${ext}`);
          writeFileSync(file, bytes);
          const items: ReadItem[] = [];
          for await (const item of readInputs([file], { lang: 'en' })) items.push(item);
          if (ext !== 'csv') expect(items.length).toBeGreaterThan(0);
          assessAll(items);
        },
      ),
      { numRuns: RUNS },
    );
    expectNoPollution();
  });
});
