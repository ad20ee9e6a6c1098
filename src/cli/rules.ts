// `market-ready rules list|show|validate|test`: the tooling for people who write and review packs.
import { Chalk } from 'chalk';
import { compilePack } from '../rules/compile.js';
import { BUILTIN_PACKS, loadResolvedPack, locatePack } from '../rules/load.js';
import { installedPacks } from '../rules/locate.js';
import type { ResolvedPack } from '../rules/types.js';
import { resolvePack } from '../rules/packs.js';
import { runPackTests, untestedRules } from '../rules/test-runner.js';
import { formatNumber, pick, t } from '../i18n/index.js';
import { describeCheck } from '../rules/describe.js';
import { printDiagnostics, resolveLang, useColor, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';
import { UserError } from '../errors.js';
import { forTerminal, forTerminalDeep } from '../report/escape.js';

/** The built-in packs, then the market-ready-pack-* packages installed where `--pack` would find them. */
export async function runRulesList(options: CommonOptions): Promise<number> {
  const lang = resolveLang(options);
  const line = (ref: string, pack: ResolvedPack): string =>
    `${ref.padEnd(18)} ${pack.version.padEnd(12)} ${String(pack.rules.length).padStart(3)} rules  threshold ${pack.threshold}  ${pick(pack.name, lang)}${pack.extendsChain.length ? ` (extends ${pack.extendsChain.join(' > ')})` : ''}\n`;
  // pack text is third-party data: every string made safe for the terminal before it is printed (escape.ts)
  for (const id of BUILTIN_PACKS) process.stdout.write(line(id, forTerminalDeep(await resolvePack(id))));
  let broken = 0;
  for (const { name, manifest } of installedPacks(process.cwd())) {
    try {
      process.stdout.write(line(forTerminal(name), forTerminalDeep(loadResolvedPack(manifest))));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // one broken package does not hide the others; `rules validate <name>` lists its problems
      broken++;
      process.stderr.write(`error: ${forTerminal(name)}: the pack does not load (${e.message.split('\n').length} problem(s)); run market-ready rules validate ${name}\n`);
    }
  }
  return broken > 0 ? EXIT.usage : EXIT.ok;
}

export async function runRulesShow(ref: string, ruleId: string | undefined, options: CommonOptions): Promise<number> {
  const lang = resolveLang(options);
  const c = new Chalk({ level: useColor(options) ? 1 : 0 });
  const pack = forTerminalDeep(await resolvePack(ref));
  const rules = ruleId ? pack.rules.filter((r) => r.id === ruleId) : pack.rules;
  if (ruleId && rules.length === 0) throw new UserError(`pack ${pack.id} has no rule ${forTerminal(ruleId)}`);
  if (!ruleId) {
    process.stdout.write(`${c.bold(pick(pack.name, lang))} (${pack.id} ${pack.version}) · ${t(lang, 'label.threshold')} ${pack.threshold} · ${t(lang, 'show.rules', { count: pack.rules.length })}\n`);
    if (pack.description) process.stdout.write(`${pick(pack.description, lang)}\n`);
    process.stdout.write(`sha256 ${pack.digest}\n`);
  }
  const colon = t(lang, 'punct.colon');
  for (const category of pack.categories) {
    const inCategory = rules.filter((r) => r.category === category.id);
    if (inCategory.length === 0) continue;
    process.stdout.write(`\n${c.bold(pick(category.title, lang))} (${category.id}, ${t(lang, 'show.weight', { weight: formatNumber(category.weight, lang) })})\n`);
    for (const r of inCategory) {
      process.stdout.write(`  ${c.bold(r.id)}${r.blocker ? c.red(` [${t(lang, 'label.blocker')}]`) : ''} · ${t(lang, 'show.weight', { weight: formatNumber(r.weight, lang) })} · ${t(lang, 'show.effort', { effort: t(lang, `label.effort.${r.effort}`) })}\n`);
      process.stdout.write(`    ${pick(r.title, lang)}\n`);
      process.stdout.write(`    ${t(lang, 'show.checks')}${colon}${describeCheck(r.written?.check ?? r.check, lang)}${r.when ? `${t(lang, 'punct.semicolon')}${t(lang, 'show.onlyWhen')} ${describeCheck(r.written?.when ?? r.when, lang)}` : ''}\n`);
      process.stdout.write(`    ${t(lang, 'label.expected')}${colon}${pick(r.expected, lang)}\n`);
      process.stdout.write(`    ${t(lang, 'label.remedy')}${colon}${pick(r.remedy, lang)}\n`);
      process.stdout.write(`    ${t(lang, 'show.source')}${colon}${r.source}${c.dim(`  (${r.origin.file} ${r.origin.path})`)}\n`);
    }
  }
  return EXIT.ok;
}

export async function runRulesValidate(ref: string, _options: CommonOptions): Promise<number> {
  // always from the files, never from the precompiled copy: this is what pack authors run
  const pack = forTerminalDeep(loadResolvedPack(locatePack(ref, process.cwd())));
  printDiagnostics(pack.warnings ?? []);
  process.stdout.write(`${pack.id} ${pack.version}: valid (${pack.rules.length} rules, ${pack.tests.reduce((n, t) => n + t.spec.cases.length, 0)} test cases, sha256 ${pack.digest.slice(0, 12)})\n`);
  return EXIT.ok;
}

export async function runRulesTest(ref: string, options: CommonOptions): Promise<number> {
  const c = new Chalk({ level: useColor(options) ? 1 : 0 });
  const pack = compilePack(loadResolvedPack(locatePack(ref, process.cwd())));
  const outcomes = forTerminalDeep(runPackTests(pack));
  let failed = 0;
  for (const o of outcomes) {
    if (o.passed) process.stdout.write(`${c.green('✓')} ${o.name}\n`);
    else {
      failed++;
      process.stdout.write(`${c.red('✗')} ${o.name} ${c.dim(`(${o.file})`)}\n`);
      for (const f of o.failures) process.stdout.write(`    ${f}\n`);
    }
  }
  const untested = untestedRules(pack);
  if (untested.length > 0) process.stdout.write(`${c.yellow('!')} rules with no test case: ${forTerminal(untested.join(', '))}\n`);
  process.stdout.write(`\n${forTerminal(pack.id)}: ${outcomes.length - failed} passed, ${failed} failed\n`);
  if (outcomes.length === 0) {
    process.stderr.write(`error: pack ${forTerminal(pack.id)} has no test cases\n`);
    return EXIT.usage;
  }
  return failed > 0 ? EXIT.turnDown : EXIT.ok;
}
