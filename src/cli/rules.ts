// `market-ready rules list|show|validate|test`: the tooling for people who write and review packs.
import { Chalk } from 'chalk';
import { compilePack } from '../rules/compile.js';
import { BUILTIN_PACKS, loadResolvedPack, locatePack } from '../rules/load.js';
import { installedPacks } from '../rules/locate.js';
import type { Origin, ResolvedPack } from '../rules/types.js';
import { resolvePack } from '../rules/packs.js';
import { runPackTests, untestedRules } from '../rules/test-runner.js';
import { aside, formatNumber, pick, t } from '../i18n/index.js';
import { describeCheck } from '../rules/describe.js';
import { printDiagnostics, resolveLang, useColor, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';
import { UserError } from '../errors.js';
import { suggest } from '../profile/suggest.js';
import { forTerminal, forTerminalDeep } from '../report/escape.js';
import { terminalColumns, wrapText } from '../report/wrap.js';

/** What `rules` prints, wrapped between words to the terminal's width (as every line the tool prints is). */
function say(text: string): void {
  process.stdout.write(wrapText(text, terminalColumns(process.stdout)));
}

/** The built-in packs, then the market-ready-pack-* packages installed where `--pack` would find them. */
export async function runRulesList(options: CommonOptions): Promise<number> {
  const lang = resolveLang(options);
  const installed = installedPacks(process.cwd());
  // one column for the names, as wide as the longest (market-ready-pack-acme-beauty is 29 characters)
  const width = Math.max(18, ...installed.map((p) => forTerminal(p.name).length));
  const [rulesWord, thresholdWord] = [t(lang, 'rulesList.rules'), t(lang, 'label.threshold')];
  const extendsText = (pack: ResolvedPack): string =>
    pack.extendsChain.length ? aside(t(lang, 'rulesList.extends', { chain: pack.extendsChain.join(' > ') }), lang) : '';
  const line = (ref: string, pack: ResolvedPack): string =>
    `${ref.padEnd(width)} ${pack.version.padEnd(12)} ${String(pack.rules.length).padStart(3)} ${rulesWord}  ${thresholdWord} ${pack.threshold}  ${pick(pack.name, lang)}${extendsText(pack)}\n`;
  // pack text is third-party data: every string made safe for the terminal before it is printed (escape.ts)
  for (const id of BUILTIN_PACKS) say(line(id, forTerminalDeep(await resolvePack(id))));
  let broken = 0;
  for (const { name, manifest } of installed) {
    try {
      say(line(forTerminal(name), forTerminalDeep(loadResolvedPack(manifest, { lang }))));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // one broken package does not hide the others; `rules validate <name>` lists its problems
      broken++;
      const [shown, count] = [forTerminal(name), e.message.split('\n').length];
      process.stderr.write(`error: ${t(lang, 'rulesList.broken', { name: shown, count, ref: shown })}\n`);
    }
  }
  return broken > 0 ? EXIT.usage : EXIT.ok;
}

/** Where a rule was written, as editors open it (file:line:column), then its path in the file: `rules[2]`. */
function originText(origin: Origin): string {
  const at = origin.line !== undefined ? `:${origin.line}:${origin.column ?? 1}` : '';
  return `${origin.file}${at} ${origin.path}`;
}

export async function runRulesShow(ref: string, ruleId: string | undefined, options: CommonOptions): Promise<number> {
  const lang = resolveLang(options);
  const c = new Chalk({ level: useColor(options) ? 1 : 0 });
  const pack = forTerminalDeep(await resolvePack(ref, { lang }));
  const rules = ruleId ? pack.rules.filter((r) => r.id === ruleId) : pack.rules;
  if (ruleId && rules.length === 0) {
    const hint = suggest(
      ruleId,
      pack.rules.map((r) => r.id),
    );
    const [rule, shownRef] = [forTerminal(ruleId), forTerminal(ref)];
    const didYouMean = hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '';
    throw new UserError(t(lang, 'show.noRule', { pack: pack.id, rule, hint: didYouMean, ref: shownRef }));
  }
  if (!ruleId) {
    say(
      `${c.bold(pick(pack.name, lang))} (${pack.id} ${pack.version}) · ${t(lang, 'label.threshold')} ${pack.threshold} · ${t(lang, 'show.rules', { count: pack.rules.length })}\n`,
    );
    if (pack.description) say(`${pick(pack.description, lang)}\n`);
    say(`sha256 ${pack.digest}\n`);
  }
  const colon = t(lang, 'punct.colon');
  for (const category of pack.categories) {
    const inCategory = rules.filter((r) => r.category === category.id);
    if (inCategory.length === 0) continue;
    say(
      `\n${c.bold(pick(category.title, lang))} (${category.id}, ${t(lang, 'show.weight', { weight: formatNumber(category.weight, lang) })})\n`,
    );
    for (const r of inCategory) {
      say(
        `  ${c.bold(r.id)}${r.blocker ? c.red(` [${t(lang, 'label.blocker')}]`) : ''} · ${t(lang, 'show.weight', { weight: formatNumber(r.weight, lang) })} · ${t(lang, 'show.effort', { effort: t(lang, `label.effort.${r.effort}`) })}\n`,
      );
      say(`    ${pick(r.title, lang)}\n`);
      say(
        `    ${t(lang, 'show.checks')}${colon}${describeCheck(r.written?.check ?? r.check, lang)}${r.when ? `${t(lang, 'punct.semicolon')}${t(lang, 'show.onlyWhen')} ${describeCheck(r.written?.when ?? r.when, lang)}` : ''}\n`,
      );
      say(`    ${t(lang, 'label.expected')}${colon}${pick(r.expected, lang)}\n`);
      say(`    ${t(lang, 'label.remedy')}${colon}${pick(r.remedy, lang)}\n`);
      // `judgment` is the pack's keyword for a cut-off of our own: worded in --lang, as the rest of the rule is
      const source = r.source === 'judgment' ? t(lang, 'show.source.judgment') : r.source;
      say(`    ${t(lang, 'show.source')}${colon}${source}${c.dim(`  (${originText(r.origin)})`)}\n`);
    }
  }
  return EXIT.ok;
}

export async function runRulesValidate(ref: string, options: CommonOptions): Promise<number> {
  const lang = resolveLang(options);
  // always from the files, never from the precompiled copy: this is what pack authors run
  const pack = forTerminalDeep(loadResolvedPack(locatePack(ref, process.cwd(), lang), { lang }));
  printDiagnostics(pack.warnings ?? [], lang);
  const cases = pack.tests.reduce((n, file) => n + file.spec.cases.length, 0);
  const [rules, digest] = [pack.rules.length, pack.digest.slice(0, 12)];
  say(`${t(lang, 'packValidate.valid', { pack: pack.id, version: pack.version, rules, cases, digest })}\n`);
  return EXIT.ok;
}

export async function runRulesTest(ref: string, options: CommonOptions): Promise<number> {
  const lang = resolveLang(options);
  const c = new Chalk({ level: useColor(options) ? 1 : 0 });
  const pack = compilePack(loadResolvedPack(locatePack(ref, process.cwd(), lang), { lang }));
  const outcomes = forTerminalDeep(runPackTests(pack, lang));
  let failed = 0;
  for (const o of outcomes) {
    if (o.passed) say(`${c.green('✓')} ${o.name}\n`);
    else {
      failed++;
      say(`${c.red('✗')} ${o.name} ${c.dim(`(${o.at ?? o.file})`)}\n`);
      for (const f of o.failures) say(`    ${f}\n`);
    }
  }
  const untested = untestedRules(pack);
  if (untested.length > 0)
    say(`${c.yellow('!')} ${t(lang, 'packTest.untested', { ids: forTerminal(untested.join(', ')) })}\n`);
  const [id, passed] = [forTerminal(pack.id), outcomes.length - failed];
  say(`\n${t(lang, 'packTest.summary', { pack: id, passed, failed })}\n`);
  if (outcomes.length === 0) {
    process.stderr.write(`error: ${t(lang, 'packTest.noCases', { pack: id })}\n`);
    return EXIT.usage;
  }
  return failed > 0 ? EXIT.turnDown : EXIT.ok;
}
