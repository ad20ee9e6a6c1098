// Writes a synthetic, contract-conformant CSV of N brand rows (every column of the field catalogue, realistic
// spreads of values, some cells empty, some quoted names with commas), deterministic for a given N.
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { FIELDS } from '../dist/index.js';

/** mulberry32: a tiny seeded generator, so the same N always gives the same file */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['FR', 'IT', 'DE', 'ES', 'GB', 'US', 'JP', 'KR', 'CH', 'BE', 'NL', 'AU'];
const WORDS = [
  'Maison',
  'Atelier',
  'Casa',
  'Lumière',
  'Aurelia',
  'Nordic',
  'Verde',
  'Sol',
  'Alba',
  'Haus',
  'Bleu',
  'Orsay',
  'Kiri',
  'Terra',
];

function cellFor(field, rnd, i) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  switch (field.type) {
    case 'version':
      return '1';
    case 'string':
      if (field.path === 'brand.name') {
        const name = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
        // one name in fifty carries a comma, so the file has quoted cells like real exports
        return rnd() < 0.02 ? `"${name}, Paris"` : name;
      }
      return rnd() < 0.5 ? '' : `${pick(WORDS)} ${pick(WORDS)}`;
    case 'country':
      return pick(COUNTRIES);
    case 'enum':
      return pick(field.values);
    case 'boolean':
      return rnd() < 0.7 ? 'true' : 'false';
    case 'list':
      return field.values.filter(() => rnd() < 0.4).join('|');
    case 'integer': {
      const lo = field.min ?? 0;
      const hi = field.max ?? (field.path === 'brand.foundedYear' ? 2024 : 200);
      const from = field.path === 'brand.foundedYear' ? 1850 : lo;
      return String(from + Math.floor(rnd() * (hi - from + 1)));
    }
    case 'number': {
      const lo = field.min ?? -50;
      const hi = field.max ?? (field.path.endsWith('Eur') ? 5_000_000 : 100);
      return String(Math.round((lo + rnd() * (hi - lo)) * 10) / 10);
    }
  }
  return '';
}

export async function generate(path, rows) {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const rnd = random(rows);
  out.write(FIELDS.map((f) => f.path).join(',') + '\n');
  let batch = '';
  for (let i = 1; i <= rows; i++) {
    const cells = FIELDS.map((f) => (f.required || rnd() < 0.9 ? cellFor(f, rnd, i) : ''));
    batch += cells.join(',') + '\n';
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1000);
  await generate(process.argv[3] ?? `bench/out/brands-${rows}.csv`, rows);
}
