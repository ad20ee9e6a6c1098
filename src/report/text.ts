// `--format text` (the default): what an account manager reads in a terminal. Each profile: the verdict,
// score against threshold, a bar per category, then the reasons with what the profile said, what was expected
// and what to do; a batch ends with its analytics.
import { Chalk, type ChalkInstance } from 'chalk';
import { formatDiagnosticIn, formatSource } from '../errors.js';
import { aside, changeBefore, counted, formatActual, percent, formatNumber, t } from '../i18n/index.js';
import type { Finding, Lang, Result, Summary } from '../types.js';
import type { Formatter, ReportContext } from './types.js';
import type { Words } from './words.js';
import { formatTarget, missingDataNote, planSummary, planUnreachable, remedyText } from './explain.js';
import { forTerminal, forTerminalDeep } from './escape.js';
import { wrapText } from './wrap.js';

const chalks = new Map<boolean, ChalkInstance>();
function paint(ctx: ReportContext): ChalkInstance {
  let c = chalks.get(ctx.color);
  if (!c) chalks.set(ctx.color, (c = new Chalk({ level: ctx.color ? 1 : 0 })));
  return c;
}

export function bar(value: number, max: number, width: number): string {
  const filled = max > 0 ? Math.round((value / max) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Display width: CJK characters take two columns in a terminal. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

// text from a profile or a pack, made safe for a terminal: the one terminal escaping of src/report/escape.ts
export { forTerminal as plain } from './escape.js';
const plain = forTerminal;

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const num = (n: number, lang: Lang): string => formatNumber(n, lang);
const MAX_PLAN_STEPS = 10;

function verdictLine(result: Result, ctx: ReportContext): string {
  const c = paint(ctx);
  const label = t(ctx.lang, `verdict.${result.verdict}`);
  const badge =
    result.verdict === 'approve'
      ? c.bold.green(`✔ ${label}`)
      : result.verdict === 'turn-down'
        ? c.bold.red(`✖ ${label}`)
        : c.bold.yellow(`! ${label}`);
  const where = formatSource(result.source, ctx.lang);
  return `${badge}  ${c.bold(plain(result.brand ?? '?'))}  ${c.dim(`(${plain(where)})`)}`;
}

function findingBlock(f: Finding, ctx: ReportContext): string[] {
  const c = paint(ctx);
  const lang = ctx.lang;
  const rule = ctx.words.rule(f.ruleId);
  const mark = f.status === 'missing' ? c.yellow('?') : c.red('✖');
  const tag = f.blocker ? c.red.bold(`[${t(lang, 'label.blocker')}] `) : '';
  const lines = [`  ${mark} ${tag}${plain(ctx.words.message(f))}`];
  const colon = t(lang, 'punct.colon');
  lines.push(
    c.dim(`      ${t(lang, 'label.said')}${colon}`) +
      plain(formatActual(f.field, f.actual ?? undefined, lang)) +
      c.dim(` · ${t(lang, 'label.expected')}${colon}`) +
      plain(rule.expected) +
      c.dim(` · ${f.ruleId}`),
  );
  lines.push(
    c.dim(`      ${t(lang, 'label.remedy')}${colon}`) +
      plain(remedyText(f, ctx.words)) +
      c.dim(aside(`${t(lang, 'label.effort')}${colon}${t(lang, `label.effort.${rule.effort}`)}`, lang)),
  );
  if (f.waiver?.expired)
    lines.push(
      c.yellow(
        `      ${t(lang, 'finding.waiverExpired', { approvedBy: f.waiver.approvedBy, expires: f.waiver.expires })}`,
      ),
    );
  return lines;
}

const safeWords = new WeakMap<Words, Words>();
/**
 * Of the words' methods, those whose answer depends only on a rule's or category's id: neutralised once per id
 * and kept, since a brand's report asks for each rule's texts several times (each answer walked again was a
 * tenth of the text report's CPU).
 */
const BY_ID = new Set<PropertyKey>(['rule', 'title', 'category']);
/** The pack's words as the terminal may show them: every text a rule or category gives is neutralised. */
function terminalWords(words: Words): Words {
  let safe = safeWords.get(words);
  if (!safe) {
    const methods = new Map<PropertyKey, (...args: unknown[]) => unknown>();
    safe = new Proxy(words, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        let method = methods.get(key);
        if (!method) {
          const call = (...args: unknown[]): unknown =>
            forTerminalDeep((value as (...a: unknown[]) => unknown).apply(target, args));
          if (BY_ID.has(key)) {
            const known = new Map<unknown, unknown>();
            method = (...args: unknown[]) => {
              if (args.length !== 1 || typeof args[0] !== 'string') return call(...args);
              let answer = known.get(args[0]);
              if (answer === undefined) known.set(args[0], (answer = call(...args)));
              return answer;
            };
          } else method = call;
          methods.set(key, method);
        }
        return method;
      },
    });
    safeWords.set(words, safe);
  }
  return safe;
}

export function renderResult(unsafe: Result, unsafeCtx: ReportContext): string {
  // every string of the result and of the pack (titles, versions, messages, file names), not only the ones known
  // to come from a profile, is made safe for the terminal before any colour is added
  const result = forTerminalDeep(unsafe);
  const ctx: ReportContext = {
    ...unsafeCtx,
    pack: forTerminalDeep(unsafeCtx.pack),
    words: terminalWords(unsafeCtx.words),
  };
  const c = paint(ctx);
  const lang = ctx.lang;
  const words = ctx.words;
  const lines: string[] = [verdictLine(result, ctx)];
  if (result.verdict === 'error') {
    for (const e of result.errors) lines.push(`  ${c.red(plain(formatDiagnosticIn(e, lang)))}`);
    return lines.join('\n') + '\n';
  }
  const scoreText = t(lang, 'label.score.ofThreshold', {
    score: num(result.score!, lang),
    threshold: num(result.threshold, lang),
  });
  lines.push(
    `  ${t(lang, 'label.score')} ${c.bold(scoreText)} · ${t(lang, 'label.completeness')} ${percent(result.completeness!, lang)} · ${t(lang, 'label.pack')} ${ctx.pack.id} ${ctx.pack.version}`,
  );
  if (result.change) {
    const ch = result.change;
    const delta =
      ch.scoreDelta === null ? '' : aside(`${ch.scoreDelta >= 0 ? '+' : ''}${num(ch.scoreDelta, lang)}`, lang);
    const colon = t(lang, 'punct.colon');
    lines.push(`  ${t(lang, 'label.change')}${colon}${changeBefore(ch, lang)}${delta}`);
    const named = (ids: string[]): string =>
      ids.map((id) => `${words.title(id)}${aside(id, lang)}`).join(t(lang, 'punct.semicolon'));
    if (ch.newlyPassing.length)
      lines.push(c.green(`    + ${t(lang, 'label.change.newlyPassing')}${colon}${named(ch.newlyPassing)}`));
    if (ch.newlyFailing.length)
      lines.push(c.red(`    - ${t(lang, 'label.change.newlyFailing')}${colon}${named(ch.newlyFailing)}`));
    const gone = ch.noLongerCounted;
    if (gone.length) lines.push(`    ~ ${t(lang, 'label.change.noLongerCounted')}${colon}${named(gone)}`);
    if (!ch.newlyPassing.length && !ch.newlyFailing.length && !gone.length)
      lines.push(c.dim(`    ${t(lang, 'report.unchanged')}`));
  }
  lines.push('', `  ${c.bold(t(lang, 'label.categories'))}`);
  const width = Math.max(...result.categories.map((cat) => displayWidth(words.category(cat.id))), 8);
  for (const cat of result.categories) {
    const share = cat.max > 0 ? cat.score / cat.max : 0;
    const colour = share >= 0.7 ? c.green : share >= 0.4 ? c.yellow : c.red;
    lines.push(
      `    ${pad(words.category(cat.id), width)}  ${colour(bar(cat.score, cat.max, 20))}  ${num(cat.score, lang)}/${num(cat.max, lang)}`,
    );
  }
  const counted = result.findings.filter((f) => !(f.waiver && !f.waiver.expired));
  // a turn-down that rests on missing data says so before anything else: the dossier is incomplete, not refused
  const missingData = words.missingData(result);
  // failures and unknown knock-outs are explained one by one; other unknown data is listed in one line,
  // so that a sparse profile gets a readable report rather than forty paragraphs
  const decisive = counted.filter((f) => f.status === 'fail' || (f.status === 'missing' && f.blocker));
  const unknown = counted.filter((f) => f.status === 'missing' && !f.blocker);
  // same order as `reasons`: blockers first, then by points lost
  decisive.sort((a, b) => rank(b) - rank(a));
  lines.push('', `  ${c.bold(t(lang, 'label.reasons'))}`);
  if (missingData) lines.push(`  ${c.yellow('?')} ${c.bold(plain(missingData))}`);
  if (
    decisive.length === 0 &&
    unknown.length === 0 &&
    !counted.some((x) => x.status === 'pass' && x.credit !== null && x.credit < 1)
  )
    lines.push(`  ${c.green('✔')} ${t(lang, 'label.noReasons')}`);
  for (const f of decisive) lines.push(...findingBlock(f, ctx));
  if (unknown.length > 0) {
    const points = unknown.reduce((sum, f) => sum + f.maxPoints, 0);
    // named as the missing-data sentence names them, by their labels: a field path means nothing to a brand's director
    const fields = [...new Set(unknown.map((f) => words.field(words.unknownField(f))))].join(
      t(lang, 'punct.semicolon'),
    );
    lines.push(`  ${c.yellow('?')} ${t(lang, 'label.unknownData', { points: num(points, lang), fields })}`);
  }
  // partial credit is a pass, but the points it leaves on the table are worth seeing
  for (const f of counted.filter((x) => x.status === 'pass' && x.credit !== null && x.credit < 1)) {
    lines.push(
      `  ${c.cyan('~')} ${t(lang, 'label.partial', { title: words.title(f.ruleId), points: num(f.points, lang), max: num(f.maxPoints, lang) })} ${c.dim(`· ${f.ruleId}`)}`,
    );
  }
  const waived = result.findings.filter((f) => f.waiver && !f.waiver.expired);
  for (const f of waived)
    lines.push(
      `  ${c.cyan('~')} [${t(lang, 'label.waived')}] ${words.title(f.ruleId)}${aside(f.ruleId, lang)}${t(lang, 'punct.colon')}${plain(t(lang, 'finding.waived', { approvedBy: f.waiver!.approvedBy, reason: f.waiver!.reason }))}`,
    );
  if (result.plan && result.plan.steps.length > 0) {
    lines.push(
      '',
      `  ${c.bold(t(lang, result.plan.kind === 'to-approve' ? 'label.plan.toApprove' : 'label.plan.atRisk'))}`,
    );
    if (result.plan.margin !== null && result.plan.kind === 'at-risk')
      lines.push(`    ${t(lang, 'label.plan.margin', { margin: num(result.plan.margin, lang) })}`);
    const colon = t(lang, 'punct.colon');
    const toApprove = result.plan.kind === 'to-approve';
    if (!toApprove) lines.push(`    ${t(lang, 'report.plan.atRiskIntro')}`);
    // each step: the criterion and the value to reach, its effect on the score, then (to approve) what to do
    // a near-empty profile has a plan as long as the pack; the terminal shows its head, json and html the rest
    const shown = result.plan.steps.slice(0, MAX_PLAN_STEPS);
    shown.forEach((s, i) => {
      const effect = `${toApprove ? '+' : '-'}${num(s.gain, lang)} → ${num(s.projectedScore, lang)}`;
      const tag = s.blocker ? c.red(`[${t(lang, 'label.blocker')}] `) : '';
      const goal = toApprove ? formatTarget(s, words) : '';
      const effort = toApprove ? ` · ${t(lang, 'label.effort')}${colon}${t(lang, `label.effort.${s.effort}`)}` : '';
      lines.push(
        `    ${i + 1}. ${tag}${plain(words.title(s.ruleId))}${goal ? ` → ${c.bold(plain(goal))}` : ''}${c.dim(aside(`${effect}${effort} · ${s.ruleId}`, lang))}`,
      );
      // under the step's title, whatever the width of its number ("10. " is a column wider than "9. ")
      const under = ' '.repeat(4 + String(i + 1).length + 2);
      if (toApprove) lines.push(c.dim(`${under}${plain(remedyText(s, words))}`));
    });
    const hidden = result.plan.steps.length - shown.length;
    if (hidden > 0) lines.push(c.dim(`    ${t(lang, 'label.andMore', { count: hidden })}`));
    const reach = planSummary(result, lang);
    if (reach) lines.push(c.green(`    ${reach}`));
    if (!result.plan.reachable) lines.push(c.yellow(`    ${planUnreachable(result, lang)}`));
  }
  for (const w of result.warnings) lines.push(c.yellow(`  ⚠ ${plain(formatDiagnosticIn(w, lang))}`));
  return lines.join('\n') + '\n';
}

function rank(f: Finding): number {
  const lost = f.maxPoints - f.points;
  if (f.blocker && f.status === 'fail') return 2000 + lost;
  if (f.blocker && f.status === 'missing') return 1000 + lost;
  return lost;
}

/**
 * Brands and their scores in one line, separated by semicolons: in French a comma would read as the decimal
 * comma of the score before it ("Lysandre 98,6, Maison…").
 */
function ranked(brands: { brand: string | null; score: number }[], lang: Lang): string {
  return brands.map((b) => `${plain(b.brand ?? '?')} ${num(b.score, lang)}`).join(t(lang, 'punct.semicolon'));
}

/**
 * The lowest scores that the highest do not already name: a batch of seven has two brands below its top five,
 * and its bottom five would repeat three of them. Brands of equal score rank alike in both lists (the earlier
 * first), so a tie the top list shows is left out here rather than named twice.
 */
function lowestBesides(
  bottom: readonly { brand: string | null; score: number }[],
  top: readonly { brand: string | null; score: number }[],
  scored: number,
): { brand: string | null; score: number }[] {
  const named = top.map((b) => `${b.score}\u0000${b.brand}`);
  const lowest: { brand: string | null; score: number }[] = [];
  for (const b of bottom.slice(0, Math.max(0, scored - top.length))) {
    const k = named.indexOf(`${b.score}\u0000${b.brand}`);
    if (k >= 0) named.splice(k, 1);
    else lowest.push(b);
  }
  return lowest;
}

export function renderSummary(unsafe: Summary, ctx: ReportContext): string {
  const summary = forTerminalDeep(unsafe);
  const c = paint(ctx);
  const lang = ctx.lang;
  const lines = [
    c.bold(t(lang, 'label.summary')),
    `  ${counted(lang, summary.total, 'label.total')}${t(lang, 'punct.colon')}${c.green(counted(lang, summary.approve, 'label.approved'))}${t(lang, 'punct.comma')}${c.red(counted(lang, summary.turnDown, 'label.turnedDown'))}${missingDataNote(summary, lang)}${t(lang, 'punct.comma')}${c.yellow(counted(lang, summary.error, 'label.errored'))}`,
  ];
  const hist = summary.scoreHistogram ?? [];
  const peak = Math.max(1, ...hist.map((h) => h.count));
  if (summary.approve + summary.turnDown > 0) {
    lines.push('', `  ${c.bold(t(lang, 'label.distribution'))}`);
    for (const h of hist) {
      const label = `${String(h.from).padStart(3)}-${String(h.to).padEnd(3)}`;
      const mark = h.to <= ctx.threshold ? c.red : c.green;
      lines.push(`    ${label} ${mark('█'.repeat(Math.round((h.count / peak) * 30)))} ${h.count}`);
    }
  }
  if (summary.topTurnDownRules && summary.topTurnDownRules.length > 0) {
    lines.push('', `  ${c.bold(t(lang, 'label.topRules'))}`);
    for (const r of summary.topTurnDownRules)
      lines.push(
        `    ${pad(r.ruleId, 40)} ${String(r.count).padStart(6)}  ${pad(`${percent(r.share, lang)}`, 6)}${r.blocker ? ` ${c.red(`[${t(lang, 'label.blocker')}]`)}` : ''}`.trimEnd(),
      );
  }
  if (summary.top && summary.total > 1 && summary.top.length > 0) {
    const colon = t(lang, 'punct.colon');
    const scored = summary.approve + summary.turnDown;
    // a batch that fits in one list has its scores in one line: its highest and its lowest were the same brands
    if (scored <= summary.top.length)
      lines.push('', `  ${c.bold(t(lang, 'label.allScores'))}${colon}${ranked(summary.top, lang)}`);
    else {
      lines.push('', `  ${c.bold(t(lang, 'label.topBrands'))}${colon}${ranked(summary.top, lang)}`);
      const lowest = lowestBesides(summary.bottom ?? [], summary.top, scored);
      if (lowest.length > 0) lines.push(`  ${c.bold(t(lang, 'label.bottomBrands'))}${colon}${ranked(lowest, lang)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const text: Formatter = {
  streaming: true,
  header: () => '',
  // on a terminal, every line wraps between words to its width (ctx.columns), never cutting a word or a path
  result: (result, ctx, index) => (index > 0 ? '\n' : '') + wrapText(renderResult(result, ctx), ctx.columns),
  // a single profile needs no summary; a batch gets its analytics
  footer: (ctx, summary) =>
    summary.total > 1
      ? '\n' + wrapText(renderSummary(summary, { ...ctx, words: terminalWords(ctx.words) }), ctx.columns)
      : '',
};
