// End to end: a write that fails for want of a writable folder names the way the command takes its path. init
// takes it as its argument, interview as --out (test/e2e/interview.test.ts): telling their users to fix -o, an
// option those commands do not have, left them nothing to act on.
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-write-option-'));
// a folder nobody may write to: refused whoever runs the tool (root included), by its mode
const locked = join(dir, 'locked');
mkdirSync(locked);
chmodSync(locked, 0o555);
afterAll(() => chmodSync(locked, 0o755));

describe('a folder init cannot write to', () => {
  it.each([
    ['en', 'init [file] needs a folder you may write to'],
    ['fr', 'init [file] demande un dossier où vous pouvez écrire'],
    ['zh', 'init [file] 需要一个您可以写入的文件夹'],
  ])('%s: names init [file], not -o', async (lang, advice) => {
    const file = join(locked, 'profile.yaml');
    const r = await run(['init', file, '--lang', lang]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(advice);
    expect(r.stderr).not.toContain('-o ');
  });

  it('assess still names -o', async () => {
    const r = await run(['assess', 'fixtures/brands/approve-french-skincare.yaml', '-o', join(locked, 'r.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-o needs a folder you may write to');
  });
});
