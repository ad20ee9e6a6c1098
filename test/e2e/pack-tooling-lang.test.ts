// The pack author's tools (`rules test`, `rules validate`, a pack's load errors, the command line's own usage
// errors) in the run's --lang, else LANG: a French consultant or a Chinese partner writes packs too.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, run, isErrorLine, withoutWarnings } from '../helpers/cli.js';
import { spawn } from 'node:child_process';
import { eastAsianWidth } from 'get-east-asian-width';

const dir = mkdtempSync(join(tmpdir(), 'mr-pack-lang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's worked example pack (`# my-pack/<file>` yaml blocks), written into `dir/<name>`. */
function readmePack(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Worked example'), readme.indexOf('## Library API'));
  mkdirSync(join(dir, name));
  for (const [, body] of section.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const file = /^# my-pack\/([\w.-]+)/.exec(body!)?.[1];
    if (file) writeFileSync(join(dir, name, file), body!);
  }
  return join(dir, name);
}

describe('rules test and rules validate in --lang', () => {
  const pack = readmePack('wrong-pack');
  const tests = join(pack, 'tests.yaml');
  // an author who expects the wrong verdict for the base profile, and the wrong status for a rule
  writeFileSync(
    tests,
    readFileSync(tests, 'utf8')
      .replace('expect: { verdict: approve }', 'expect: { verdict: turn-down }')
      .replace('acme/launch-lead-time: fail', 'acme/launch-lead-time: pass'),
  );

  it('fr: the failures and the count are French, numbers written the French way', async () => {
    const r = await run(['rules', 'test', 'wrong-pack', '--lang', 'fr'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /wrong-pack\/tests\.yaml:\d+:24 verdict\u00a0: turn-down attendu, obtenu approve \(score 86,2\)\u00a0: /,
    );
    expect(r.stdout).toMatch(/:\d+:47 règle acme\/launch-lead-time\u00a0: pass attendu, obtenu fail \(valeur 1\)\n/);
    expect(r.stdout).toContain('\nacme-beauty\u00a0: 1 réussi(s), 2 en échec\n');
    expect(r.stdout).not.toMatch(/expected|passed|failed/);
  });

  it('zh from LANG alone: the failures and the count are Chinese', async () => {
    const r = await run(['rules', 'test', 'wrong-pack'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/:\d+:24 结论：应为 turn-down，实际为 approve（得分 86\.2）：/);
    expect(r.stdout).toContain('acme-beauty：1 个通过，2 个失败\n');
  });

  it('fr and zh: rules validate says the pack is valid in the language', async () => {
    const fr = await run(['rules', 'validate', 'wrong-pack', '--lang', 'fr'], { cwd: dir });
    expect(fr.code).toBe(0);
    expect(fr.stdout).toMatch(
      /^acme-beauty 2026\.1\.0\u00a0: valide \(59 règles, 3 cas de test, sha256 [0-9a-f]{12}\)\n$/,
    );
    const zh = await run(['rules', 'validate', 'wrong-pack', '--lang', 'zh'], { cwd: dir });
    expect(zh.stdout).toMatch(/^acme-beauty 2026\.1\.0：有效（59 条规则，3 个测试用例，sha256 [0-9a-f]{12}）\n$/);
  });

  it('en stays as it was', async () => {
    const r = await run(['rules', 'test', 'wrong-pack', '--lang', 'en'], { cwd: dir, env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.stdout).toMatch(/:\d+:24 verdict: expected turn-down, got approve \(score 86\.2\): /);
    expect(r.stdout).toContain('\nacme-beauty: 1 passed, 2 failed\n');
  });
});

describe('rules test: a value the profile lacks', () => {
  const pack = readmePack('unset-pack');
  const tests = join(pack, 'tests.yaml');
  // an author who unsets the lead time and expects its rule to pass: it is missing, and the value is unknown
  writeFileSync(
    tests,
    readFileSync(tests, 'utf8').replace(
      'profile: { market: { launchLeadTimeMonths: 1 } }\n    expect: { rules: { acme/launch-lead-time: fail } }',
      'unset: [market.launchLeadTimeMonths]\n    expect: { rules: { acme/launch-lead-time: pass } }',
    ),
  );

  it.each([
    ['fr', /règle acme\/launch-lead-time\u00a0: pass attendu, obtenu missing \(valeur inconnu\)\n/],
    ['zh', /规则 acme\/launch-lead-time：应为 pass，实际为 missing（实际值 未知）\n/],
    ['en', /rule acme\/launch-lead-time: expected pass, got missing \(actual unknown\)\n/],
  ])('%s: says it unknown, as the reports do, not null', async (lang, line) => {
    const r = await run(['rules', 'test', 'unset-pack', '--lang', lang], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(line);
    expect(r.stdout).not.toContain('null');
  });
});

describe("a pack's load problems in --lang, each at its file:line:column with its did-you-mean", () => {
  it('fr: unknown and missing properties, a value not among those allowed, a bound', async () => {
    const misspelt = await run(['rules', 'validate', 'test/fixtures/packs/broken-misspelt', '--lang', 'fr']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toBe(
      [
        'test/fixtures/packs/broken-misspelt/pack.yaml:9:12: error: overrides.ip/tm.wieght: propriété inconnue wieght (vouliez-vous dire weight\u202f?)',
        'test/fixtures/packs/broken-misspelt/rules.yaml:2:5: error: rules[0]: propriété weight manquante',
        'test/fixtures/packs/broken-misspelt/rules.yaml:5:5: error: rules[0].wieght: propriété inconnue wieght (vouliez-vous dire weight\u202f?)',
        '',
      ].join('\n'),
    );
    const everywhere = await run(['rules', 'validate', 'test/fixtures/packs/broken-everywhere'], {
      env: { LANG: 'fr_FR.UTF-8' },
    });
    expect(everywhere.stderr).toContain('pack.yaml:5:12: error: threshold: doit être <= 100\n');
    expect(everywhere.stderr).toContain(
      'rules.yaml:6:13: error: rules[0].effort: doit être l’une des valeurs low, medium, high\n',
    );
  });

  it("fr: a test file's mistakes (an unknown rule, a misspelt profile field) in rules test", async () => {
    const r = await run(['rules', 'test', 'test/fixtures/packs/broken-tests', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'tests.yaml:7:24: error: cases[0].expect.rules.company/lead-tme: la règle company/lead-tme n’est pas dans le pack (vouliez-vous dire company/lead-time\u202f?)\n',
    );
    expect(r.stderr).toContain(
      'tests.yaml:3:55: error: base.brand.foundedYaer: champ inconnu (vouliez-vous dire brand.foundedYear\u202f?)\n',
    );
  });

  it("fr: assess --pack and rules show on a broken pack say its problems in the run's language too", async () => {
    const assess = await run([
      'assess',
      'fixtures/brands/approve-french-skincare.yaml',
      '--pack',
      'test/fixtures/packs/broken-misspelt',
      '--lang',
      'fr',
    ]);
    expect(assess.code).toBe(2);
    expect(assess.stderr).toContain('rules.yaml:2:5: error: rules[0]: propriété weight manquante\n');
    const show = await run(['rules', 'show', 'test/fixtures/packs/broken-misspelt'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(show.stderr).toContain('rules.yaml:2:5: error: rules[0]: 缺少属性 weight\n');
  });

  it('zh: the same problems in Chinese', async () => {
    const r = await run(['rules', 'validate', 'test/fixtures/packs/broken-misspelt', '--lang', 'zh']);
    expect(r.stderr).toContain(
      'pack.yaml:9:12: error: overrides.ip/tm.wieght: 未知属性 wieght（您是否要输入 weight？）\n',
    );
    expect(r.stderr).toContain('rules.yaml:2:5: error: rules[0]: 缺少属性 weight\n');
  });

  it('fr and zh: the warning for a rule written in English only', async () => {
    const pack = readmePack('english-only');
    const fr = await run(['rules', 'validate', pack, '--lang', 'fr']);
    expect([fr.code, fr.stderr.replace(/^.*extra\.yaml/, 'extra.yaml')]).toEqual([
      0,
      'extra.yaml:3:5: warning: rules[0]: la règle acme/launch-lead-time n’a pas de texte en français (fr) ou chinois (zh) pour title, expected, message, remedy\u00a0: ces rapports l’affichent en anglais\n',
    ]);
    const zh = await run(['rules', 'validate', pack, '--lang', 'zh']);
    expect(zh.stderr).toContain('没有法语（fr）或中文（zh）文本');
  });
});

describe("commander's usage errors in --lang, else LANG", () => {
  it('fr: an unknown option with its did-you-mean, an invalid choice, a missing value, too many arguments', async () => {
    const unknown = await run(['assess', 'x.yaml', '--formt', 'json', '--lang', 'fr']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      "error: option inconnue '--formt'\n(vouliez-vous dire --format\u202f?)\n",
    ]);
    const choice = await run(['assess', '-f', 'jsn', 'x.yaml', '--lang', 'fr']);
    expect(choice.stderr).toBe(
      "error: la valeur 'jsn' de l’option '-f, --format <name>' n’est pas valide\u00a0: valeurs possibles\u00a0: text, json, ndjson, csv, junit, markdown, html, github, sarif, xlsx (vouliez-vous dire json\u202f?)\n",
    );
    const missing = await run(['assess', '--lang', 'fr', '--pack']);
    expect(missing.stderr).toBe("error: il manque la valeur de l’option '-p, --pack <id or path>'\n");
    const argument = await run(['rules', 'validate'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect([argument.code, argument.stderr]).toEqual([2, "error: il manque l’argument obligatoire 'pack'\n"]);
    const tooMany = await run(['rules', 'show', 'a', 'b', 'c', '--lang=fr']);
    expect(tooMany.stderr).toBe("error: trop d’arguments pour 'show'\u00a0: 2 au plus, 3 donnés.\n");
  });

  it('fr: validate with no input says so in French', async () => {
    const r = await run(['validate', '--lang', 'fr']);
    expect([r.code, r.stderr]).toEqual([
      2,
      'error: validate attend au moins une entrée (un fichier, un dossier, ou - pour l’entrée standard)\n',
    ]);
  });

  it('zh from LANG: an unknown command', async () => {
    const r = await run(['asess'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect([r.code, r.stderr]).toEqual([2, "error: 未知命令 'asess'\n（您是否要输入 assess？）\n"]);
  });

  it('en, and an invalid --lang itself, as commander says them', async () => {
    const r = await run(['assess', '-f', 'jsn', 'x.yaml', '--lang', 'en'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.stderr).toBe(
      "error: option '-f, --format <name>' argument 'jsn' is invalid. expected one of text, json, ndjson, csv, junit, markdown, html, github, sarif, xlsx (did you mean json?)\n",
    );
    const lang = await run(['init', '--lang', 'de'], { env: { LANG: 'C' } });
    expect(lang.stderr).toBe("error: option '--lang <lang>' argument 'de' is invalid. expected one of en, fr, zh\n");
  });
});

describe('rules list and rules show in --lang', () => {
  it('fr: the columns, the packs extended, a broken package; zh: the columns', async () => {
    const home = mkdtempSync(join(dir, 'list-'));
    const broken = join(home, 'node_modules', 'market-ready-pack-broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'market-ready-pack-broken', version: '1.0.0' }));
    writeFileSync(join(broken, 'pack.yaml'), 'id: broken\nversion: 1\n');
    const fr = await run(['rules', 'list', '--lang', 'fr'], { cwd: home });
    expect(fr.code).toBe(2);
    expect(fr.stdout).toMatch(/^tmall +2026\.\d+\.\d+ +\d+ règles {2}seuil 70 {2}Tmall .*\(étend tmall-global\)$/m);
    expect(fr.stderr).toMatch(
      /^error: market-ready-pack-broken\u00a0: le pack ne se charge pas \(\d+ problème\(s\)\)\u202f; lancez market-ready rules validate market-ready-pack-broken\n$/,
    );
    const zh = await run(['rules', 'list'], { cwd: home, env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toMatch(/^tmall +2026\.\d+\.\d+ +\d+ 条规则 {2}门槛 70 {2}.*（继承自 tmall-global）$/m);
  });

  it('fr and zh: a rule the pack does not have, with its did-you-mean', async () => {
    const fr = await run(['rules', 'show', 'tmall-global', 'ip/china-trademrk', '--lang', 'fr']);
    expect([fr.code, fr.stderr]).toEqual([
      2,
      'error: le pack tmall-global n’a pas de règle ip/china-trademrk (vouliez-vous dire ip/china-trademark\u202f?)\u202f; market-ready rules show tmall-global les liste\n',
    ]);
    const zh = await run(['rules', 'show', 'tmall-global', 'ip/china-trademrk', '--lang', 'zh']);
    expect(zh.stderr).toBe(
      'error: 规则包 tmall-global 中没有规则 ip/china-trademrk（您是否要输入 ip/china-trademark？）；market-ready rules show tmall-global 会列出全部规则\n',
    );
  });
});

describe("a rule's own problems in --lang", () => {
  it('fr: a misspelt field, an unknown placeholder; zh: a condition that can never be true', async () => {
    const field = await run(['rules', 'validate', 'test/fixtures/packs/broken-field', '--lang', 'fr']);
    expect(field.stderr).toBe(
      'test/fixtures/packs/broken-field/rules.yaml:9:21: error: rules[0].check.field: le champ company.overseasBankAcount n’existe pas (vouliez-vous dire company.overseasBankAccount\u202f?)\n',
    );
    const placeholder = await run(['rules', 'validate', 'test/fixtures/packs/broken-tests', '--lang', 'fr']);
    expect(placeholder.stderr).toContain(
      'extra.yaml:10:20: error: rules[0].message.en: espace réservé inconnu {actul}\u00a0: un message peut utiliser {actual}, {expected} et {marketplace} (vouliez-vous dire {actual}\u202f?)\n',
    );
    const never = await run(['rules', 'validate', 'test/fixtures/packs/broken-never-true', '--lang', 'zh']);
    expect(never.stderr).toContain(
      'rules.yaml:9:7: error: rules[0].when: 该条件永远不可能成立，因此该规则永远不会生效\n',
    );
    expect(never.stderr).toContain(
      'rules.yaml:35:7: error: rules[2].check: 没有任何档案能满足此检查，因此该一票否决项会拒绝所有品牌\n',
    );
  });
});

describe("a pack's deeper checks in --lang: tables, operators, regexes, routes, files, extends", () => {
  // the mistakes an author makes on the README's pack, all at once (each refuses the pack at its line:column)
  const pack = readmePack('deep-mistakes');
  const edit = (file: string, from: string, to: string): void => {
    const text = readFileSync(join(pack, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    writeFileSync(join(pack, file), text.replace(from, to));
  };
  edit('pack.yaml', 'include: [extra.yaml]', 'include: [extra.yaml, more.yaml, ../x.yaml]');
  edit('extra.yaml', 'gte: 4 }', 'contains-any: [x] }\n    routes: [bonded]');
  edit('extra.yaml', '{actual} months', '{actuel} months');
  writeFileSync(
    join(pack, 'extra.yaml'),
    readFileSync(join(pack, 'extra.yaml'), 'utf8') +
      [
        '  - { id: acme/name, category: ip, title: { en: t }, weight: 1, effort: low, source: judgment,',
        '      check: { field: brand.name, matches: "(?=a)b" }, expected: { en: e }, message: { en: m }, remedy: { en: r } }',
        '  - { id: acme/years, category: ip, title: { en: t }, weight: 1, effort: low, source: judgment,',
        '      check: { field: brand.foundedYear, between: [2000, 1990] }, expected: { en: e }, message: { en: m }, remedy: { en: r } }',
        'tables:',
        '  - id: acme-market',
        '    title: { en: ACME market }',
        '    keys: [brand.category, brand.foundedYear]',
        '    columns: { lead: { type: number }, mood: { values: [calm, busy] } }',
        '    rows:',
        '      - { key: [beauty], lead: "4", mood: calmm, leed: 3, source: judgment, asOf: "2026-12" }',
        '',
      ].join('\n'),
  );

  it('fr: every problem in French, at its file:line:column, saying what to write', async () => {
    const r = await run(['rules', 'validate', 'deep-mistakes', '--lang', 'fr'], { cwd: dir });
    expect(r.code).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => isErrorLine(l));
    expect(errors.map((l) => l.replace(/^deep-mistakes\/([\w.]+:\d+:\d+): error: (\S+): .*$/, '$1 $2'))).toEqual([
      // the rule files' tables are read first: the rules look them up
      'extra.yaml:22:28 tables[0].keys[1]',
      'extra.yaml:25:16 tables[0].rows[0].key',
      'extra.yaml:25:32 tables[0].rows[0].lead',
      'extra.yaml:25:43 tables[0].rows[0].mood',
      'extra.yaml:25:50 tables[0].rows[0].leed',
      'pack.yaml:7:23 include[1]',
      'pack.yaml:7:34 include[2]',
      'extra.yaml:9:64 rules[0].check.contains-any',
      'extra.yaml:10:14 rules[0].routes[0]',
      'extra.yaml:12:20 rules[0].message.en',
      'extra.yaml:16:44 rules[1].check.matches',
      'extra.yaml:18:51 rules[2].check.between',
    ]);
    const said = errors.map((l) => l.replace(/^\S+: error: \S+: /, '')).join('\n');
    for (const words of [
      'le fichier de règles more.yaml n’existe pas à côté de pack.yaml',
      'le fichier de règles ../x.yaml est hors du dossier du pack\u00a0: un pack ne lit que les fichiers de son propre dossier',
      'contains-any demande un champ liste, mais market.launchLeadTimeMonths est un nombre',
      'la voie bonded n’est pas déclarée dans le manifeste (le pack ne déclare aucune voie)',
      'expression régulière refusée\u00a0:',
      'seul ce qu’un moteur en temps linéaire (RE2) sait reconnaître est admis',
      'between [2000, 1990] est vide\u00a0: la première borne ne doit pas dépasser la seconde',
      'une clé de table doit être un champ enum ou booléen, mais brand.foundedYear est un nombre entier',
      'la clé a 1 valeur\u202f; la table a 2 clés (brand.category, brand.foundedYear)\u202f; écrivez * pour n’importe quelle valeur',
      'la colonne lead contient des nombres\u202f; "4" n’en est pas un',
      '"calmm" n’est pas une valeur de la colonne mood (l’une de calm, busy)\u202f; vouliez-vous dire calm\u202f?',
      'colonne inconnue leed (colonnes de la table\u00a0: lead, mood)\u202f; vouliez-vous dire lead\u202f?',
    ])
      expect(said).toContain(words);
    expect(said).not.toMatch(/\b(is|does not|holds|compares|needs|(?<!\{)expected|outside|refused|did you mean)\b/);
  });

  it('zh from LANG: the same problems in Chinese', async () => {
    const r = await run(['rules', 'validate', 'deep-mistakes'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code).toBe(2);
    for (const line of [
      'deep-mistakes/pack.yaml:7:23: error: include[1]: pack.yaml 旁边不存在规则文件 more.yaml',
      'deep-mistakes/extra.yaml:9:64: error: rules[0].check.contains-any: contains-any 需要列表字段，但 market.launchLeadTimeMonths 是数字',
      'deep-mistakes/extra.yaml:18:51: error: rules[2].check.between: between [2000, 1990] 为空：第一个边界不能大于第二个',
      'deep-mistakes/extra.yaml:25:50: error: tables[0].rows[0].leed: 未知列 leed（该表的列：lead, mood）；您是否要输入 lead？',
    ])
      expect(r.stderr).toContain(`${line}\n`);
    expect(withoutWarnings(r.stderr)).not.toMatch(/\b(is|does not|holds|compares|needs|outside)\b/);
  });

  it('fr and zh: a pattern said in words, an extends loop, an unknown pack', async () => {
    const ids = readmePack('bad-id');
    writeFileSync(
      join(ids, 'extra.yaml'),
      readFileSync(join(ids, 'extra.yaml'), 'utf8').replace('acme/launch-lead-time', 'Acme_launch'),
    );
    const id = await run(['rules', 'validate', 'bad-id', '--lang', 'fr'], { cwd: dir });
    expect(id.stderr).toContain(
      'bad-id/extra.yaml:3:9: error: rules[0].id: attendu\u00a0: un identifiant de règle, soit un préfixe, une barre oblique et un nom en minuscules, chiffres et tirets (ip/china-trademark)\n',
    );
    const loop = await run(['rules', 'validate', 'test/fixtures/packs/loop-a', '--lang', 'fr']);
    expect(loop.stderr).toMatch(
      /loop-b\/pack\.yaml:4:10: error: extends: boucle d’extends\u00a0: .*loop-a\/pack\.yaml -> /,
    );
    const unknown = await run(['rules', 'validate', 'tmall-globl'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'error: 未知规则包 "tmall-globl"：既不是内置规则包（tmall-global, tmall, luxury-pavilion），也不是文件、文件夹或已安装的 market-ready-pack-* 包；您是否要输入 tmall-global？\n',
    ]);
  });

  it('fr and en: a rule whose category the manifest cannot hold, since it declares none, says how to declare one', async () => {
    const alone = readmePack('no-categories');
    const manifest = readFileSync(join(alone, 'pack.yaml'), 'utf8');
    writeFileSync(
      join(alone, 'pack.yaml'),
      manifest
        .replace(/^extends: .*\n/m, '')
        // a pack of its own must declare its categories: here it declares none
        .replace(/^include:/m, 'categories: []\ninclude:')
        .replace(/^overrides:[\s\S]*$/m, '')
        .replace('tests: [tests.yaml]\n', ''),
    );
    const fr = await run(['rules', 'validate', 'no-categories', '--lang', 'fr'], { cwd: dir });
    expect([fr.code, withoutWarnings(fr.stderr)]).toEqual([
      2,
      'no-categories/extra.yaml:4:15: error: rules[0].category: la catégorie partners n’est pas déclarée\u00a0: le manifeste ne déclare aucune catégorie (categories: [{ id: partners, weight: 10, title: { en: ... } }])\n',
    ]);
    const en = await run(['rules', 'validate', 'no-categories', '--lang', 'en'], { cwd: dir });
    expect(en.stderr).toContain(
      'category partners is not declared: the manifest declares no categories (categories: [',
    );
  });

  it('fr: a key written twice in a rule names the key (the YAML parser said "Map keys must be unique" in English)', async () => {
    const twice = readmePack('key-twice');
    writeFileSync(
      join(twice, 'extra.yaml'),
      readFileSync(join(twice, 'extra.yaml'), 'utf8').replace('effort: low', 'effort: low\n    effort: high'),
    );
    const r = await run(['rules', 'validate', 'key-twice', '--lang', 'fr'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([
      2,
      'key-twice/extra.yaml:8:5: error: syntaxe YAML\u00a0: la clé "effort" apparaît deux fois dans le même dictionnaire\n',
    ]);
  });
});

describe('init in --lang, else LANG', () => {
  it('fr: what it wrote and what to do next; zh: a file that exists; fr: an unknown dialect', async () => {
    const home = mkdtempSync(join(dir, 'init-'));
    const wrote = await run(['init', 'lumiere.yaml', '--lang', 'fr'], { cwd: home });
    expect([wrote.code, wrote.stderr]).toEqual([
      0,
      'lumiere.yaml écrit\u00a0: remplissez-le, puis lancez market-ready assess lumiere.yaml\n',
    ]);
    const again = await run(['init', 'lumiere.yaml'], { cwd: home, env: { LANG: 'zh_CN.UTF-8' } });
    expect([again.code, again.stderr]).toEqual([2, 'error: lumiere.yaml 已存在（如需覆盖请加 --force）\n']);
    const dialect = await run(['init', '--csv', '--csv-dialect', 'foo', '--lang', 'fr'], { cwd: home });
    expect([dialect.code, dialect.stderr]).toEqual([
      2,
      'error: --csv-dialect\u00a0: attendu l’un de excel-fr, excel, rfc4180\n',
    ]);
  });
});

/** Every command whose help the tests read. */
const HELP_COMMANDS = [
  [],
  ['assess'],
  ['validate'],
  ['init'],
  ['interview'],
  ['rules'],
  ['rules', 'list'],
  ['rules', 'show'],
  ['rules', 'validate'],
  ['rules', 'test'],
];

describe('--help in --lang, else LANG', () => {
  // every command's help: its headings, descriptions, options and arguments, with commander's "default:"
  const commands = HELP_COMMANDS;
  const english =
    /\b(display|output the|the built-in|write|print|show|check|describe|run|language of|report format|Usage|Commands|default)\b/;

  it.each(commands.map((c) => [c.join(' ') || 'market-ready', c]))('fr: %s --help', async (_name, command) => {
    const r = await run([...(command as string[]), '--help', '--lang', 'fr']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Utilisation\u00a0: market-ready/);
    expect(r.stdout).toMatch(/\nOptions\u00a0:\n/);
    expect(r.stdout).toContain('affiche l’aide de la commande');
    // the descriptions, without the options' and arguments' own names (--help, <id or path>, [options])
    const described = r.stdout
      .slice(r.stdout.indexOf('\n'))
      .replace(/^ {2}\S+( \S+)*? {2,}/gm, '')
      .replace(/\[options\]|<[^>]*>/g, '');
    expect(described).not.toMatch(english);
    // never a colon or a semicolon at the start of a line: the no-break space before it holds
    expect(r.stdout).not.toMatch(/\n *[:;]/);
  });

  it('fr: an option whose text quotes the code (the formats) and its default; zh from LANG', async () => {
    const fr = await run(['assess', '--help'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout.replace(/ *\n */g, ' ')).toContain(
      'format du rapport\u00a0: text, json, ndjson, csv, junit, markdown, html, github, sarif, xlsx (par défaut\u00a0: "text")',
    );
    const zh = await run(['rules', 'test', '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toContain('\n参数：\n  pack           规则包 id、文件夹或清单文件（默认："tmall-global"）\n');
    const en = await run(['rules', 'test', '--help', '--lang', 'en'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(en.stdout).toContain(
      '\nArguments:\n  pack           pack id, directory or manifest (default: "tmall-global")\n',
    );
  });
});

describe('--help --lang zh: wrapped at the width in display columns, a Chinese character two', () => {
  const commands = HELP_COMMANDS;
  // the columns a terminal gives each character (the help holds no combining marks nor colour codes)
  const columns = (line: string): number => [...line].reduce((w, ch) => w + eastAsianWidth(ch.codePointAt(0)!), 0);
  // the same help unwrapped: a terminal 1,000 columns wide
  const wide = join(dir, 'wide-terminal.mjs');
  writeFileSync(
    wide,
    "Object.defineProperty(process.stdout, 'isTTY', { value: true });\n" +
      "Object.defineProperty(process.stdout, 'columns', { value: 1000 });\n",
  );

  it.each(commands.map((c) => [c.join(' ') || 'market-ready', c]))('%s --help', async (_name, command) => {
    const r = await run([...(command as string[]), '--help', '--lang', 'zh']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((line) => columns(line) > 80)).toEqual([]);
    const unwrapped = await run([...(command as string[]), '--help', '--lang', 'zh'], {
      env: { NODE_OPTIONS: `--import=${wide}` },
    });
    // the same text once the line breaks (and the spaces at them) are taken out
    expect(r.stdout.replace(/\s+/g, '')).toBe(unwrapped.stdout.replace(/\s+/g, ''));
    // no Latin word, option name or value cut in two: the same runs of ASCII, each whole on its line
    const latin = (text: string): string[] => (text.match(/[!-~]+/g) ?? []).sort();
    expect(latin(r.stdout)).toEqual(latin(unwrapped.stdout));
    // (each of these helps but the rules' short list has a description to wrap)
    if (command.join(' ') !== 'rules') expect(r.stdout).not.toBe(unwrapped.stdout);
    // a description's continuation lines start at its column, as commander aligns them
    let column = 0;
    for (const line of lines) {
      const item = /^ {2}\S+(?: \S+)*? {2,}/.exec(line);
      if (item) column = item[0].length;
      else if (/^ {3}/.test(line)) expect(line.length - line.trimStart().length).toBe(column);
      else if (!line.startsWith('  ')) column = 0;
    }
  });
});

describe('a closed pipe after rules show, in --lang', () => {
  it('fr: `rules show | head` says its EPIPE line in French (rules show opens no sink that would set it)', async () => {
    const child = spawn(process.execPath, [BIN, 'rules', 'show', 'tmall-global', '--lang', 'fr'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // the reader is gone before the first line: every write fails, whatever the pipe's buffer holds
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect([code, stderr]).toEqual([
      2,
      'error: la sortie standard\u00a0: impossible d’écrire le résultat\u00a0: le programme qui le lit a fermé le tube avant la fin\u00a0: ce qu’il a reçu est incomplet (EPIPE)\n',
    ]);
  });
});
