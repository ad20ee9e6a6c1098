// End to end (session 25): what a French office worker's spreadsheet says, and what the report says back about it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-french-values-'));
let n = 0;
const file = (content: string | Buffer, ext = 'csv'): string => {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, content);
  return path;
};

describe('a cell that says "none" is quoted as none, not as an empty cell', () => {
  const csv = [
    'Marque;Pays;Catégorie;Agence Tmall Partner;Nom chinois',
    'Maison A;France;Beauté;aucun;néant',
    'Maison B;France;Beauté;none;-',
    '',
  ].join('\n');
  it.each([
    ['en', 'profile says: none · expected: a signed Tmall Partner (TP)', /\(empty\)/],
    ['fr', 'le profil indique\u00a0: aucun · attendu\u00a0: un Tmall Partner (TP) signé', /\(vide\)/],
    ['zh', '档案填写：无 · 要求：已签约的天猫服务商（TP）', /（空）/],
  ])('%s', async (lang, says, empty) => {
    const r = await run(['assess', file(csv), '--lang', lang, '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split(says).length - 1).toBe(2);
    expect(r.stdout).not.toMatch(empty);
  });
});
