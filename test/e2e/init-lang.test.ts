// End to end: `init --lang fr|zh` writes its template's placeholders in the language, as its comments are: a
// French consultant's template said "name: Your Brand" and "Example TP Agency" among French comments.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-init-lang-'));

describe('init in French and Chinese', () => {
  it.each([
    ['fr', 'name: Votre marque #', '# tmallPartner: Agence TP exemple #', '[liste parmi wechat, weibo'],
    ['zh', 'name: 您的品牌 #', '# tmallPartner: 示例天猫服务商 #', '[可多选：wechat、weibo'],
  ])('%s: no English placeholder, and the template still validates', async (lang, name, partner, list) => {
    const file = join(dir, `template.${lang}.yaml`);
    const written = await run(['init', file, '--lang', lang]);
    expect(written.code).toBe(0);
    const template = readFileSync(file, 'utf8');
    expect(template).toContain(name);
    expect(template).toContain(partner);
    expect(template).toContain(list);
    expect(template).not.toMatch(/Your Brand|Example TP|list of/);
    const checked = await run(['validate', file, '--lang', lang]);
    expect(checked.code, checked.stderr).toBe(0);
  });

  it('en keeps its placeholders', async () => {
    const r = await run(['init', '-', '--lang', 'en']);
    expect(r.stdout).toContain('name: Your Brand #');
    expect(r.stdout).toContain('# tmallPartner: Example TP Agency #');
    expect(r.stdout).toContain('[list of wechat, weibo');
  });
});
