// `--format markdown`: a report to paste in a pull-request comment or an email. A summary table of every brand,
// then one section per brand: verdict, score against threshold, categories, what to work on (what the profile
// said against what was expected, and what to do), the plan and the change since a baseline.
// Profile text (brand names, file names, values) is user input: every piece of it is escaped so that it reads as
// text, never as markup, a table cell break or an HTML tag.
import { formatDiagnosticIn } from '../errors.js';
import { changeBefore, counted, formatActual, percent, formatNumber, t } from '../i18n/index.js';
import type { Finding, Lang, Result, Summary } from '../types.js';
import { bar } from './text.js';
import {
  formatTarget,
  isPartial,
  mainReason,
  missingDataNote,
  planSummary,
  planUnreachable,
  remedyText,
  signed,
  splitFindings,
  where,
} from './explain.js';
import { renderInMemory, sectionLimit } from './spooled.js';
import type { Formatter, ReportContext, SpooledReport } from './types.js';
import { oncePerWords, type Words } from './words.js';
import { codeSpan, escapeMarkdown } from './escape.js';

// the one Markdown escaping (src/report/escape.ts)
export { codeSpan, escapeMarkdown } from './escape.js';

const md = escapeMarkdown;
const num = formatNumber;

/**
 * A rule's cells as the sections print them, escaped once per report rather than once per brand: a section
 * lists some thirty rules, and only the profile's value and the points differ from brand to brand.
 */
interface RuleCells {
  /** the title over its id, on two lines (findings, plan) */
  stacked: string;
  /** the title then its id, on one line (at risk) */
  inline: string;
  expected: string;
  remedy: string;
}
const ruleCells = oncePerWords((id, words): RuleCells => {
  const rule = words.rule(id);
  const title = md(rule.title);
  return {
    stacked: `${title}<br>${codeSpan(id)}`,
    inline: `${title} ${codeSpan(id)}`,
    expected: md(rule.expected),
    remedy: md(rule.remedy),
  };
});

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function verdictBadge(result: Result, lang: Lang): string {
  const mark = result.verdict === 'approve' ? '✅' : result.verdict === 'turn-down' ? '❌' : '⚠️';
  return `${mark} **${t(lang, `verdict.${result.verdict}`)}**`;
}

function statusLabel(f: Finding, lang: Lang): string {
  const status = isPartial(f) ? t(lang, 'report.partial') : t(lang, `status.${f.status}`);
  return f.blocker ? `**${t(lang, 'label.blocker')}** · ${status}` : status;
}

const SUMMARY_ALIGN: ('l' | 'r')[] = ['l', 'l', 'r', 'r', 'r', 'l'];

function summaryRow(r: Result, words: Words): string {
  const lang = words.lang;
  return `| ${[
    md(r.brand ?? '?'),
    verdictBadge(r, lang),
    r.score === null ? '—' : num(r.score, lang),
    num(r.threshold, lang),
    r.completeness === null ? '—' : `${percent(r.completeness, lang)}`,
    md(mainReason(r, words)),
  ].join(' | ')} |`;
}

/** The summary table's heading and alignment rows; its rows are spooled. */
function summaryHead(lang: Lang): string[] {
  return table(
    [
      t(lang, 'label.brand'),
      t(lang, 'label.verdict'),
      t(lang, 'label.score'),
      t(lang, 'label.threshold'),
      t(lang, 'label.completeness'),
      t(lang, 'report.topReason'),
    ],
    SUMMARY_ALIGN,
    [],
  );
}

function overview(summary: Summary, ctx: ReportContext): string[] {
  const lang = ctx.lang;
  const lines = [
    `## ${t(lang, 'report.overview')}`,
    '',
    `**${num(summary.total, lang)}** ${t(lang, summary.total === 1 ? 'label.total.one' : 'label.total')}${t(lang, 'punct.colon')}✅ ${counted(lang, summary.approve, 'label.approved')} · ❌ ${counted(lang, summary.turnDown, 'label.turnedDown')}${missingDataNote(summary, lang)} · ⚠️ ${counted(lang, summary.error, 'label.errored')}`,
  ];
  const top = summary.topTurnDownRules ?? [];
  if (top.length > 0) {
    lines.push('', `### ${t(lang, 'label.topRules')}`, '');
    lines.push(
      ...table(
        [t(lang, 'label.rule'), t(lang, 'report.count'), t(lang, 'report.share')],
        ['l', 'r', 'r'],
        top.map((r) => [
          `${md(ctx.words.title(r.ruleId))} ${codeSpan(r.ruleId)}`,
          String(r.count),
          `${percent(r.share, lang)}`,
        ]),
      ),
    );
  }
  return lines;
}

function section(result: Result, ctx: ReportContext): string[] {
  const lang = ctx.lang;
  const words = ctx.words;
  const colon = t(lang, 'punct.colon');
  const lines = [`## ${md(result.brand ?? '?')} — ${verdictBadge(result, lang)}`, ''];
  lines.push(`${t(lang, 'report.file')}${colon}${codeSpan(where(result.source, lang))}`, '');
  if (result.verdict === 'error') {
    lines.push(`**${t(lang, 'label.errors')}**`, '');
    for (const e of result.errors) lines.push(`- ${md(formatDiagnosticIn(e, lang))}`);
    return lines;
  }
  const score = t(lang, 'label.score.ofThreshold', {
    score: num(result.score!, lang),
    threshold: num(result.threshold, lang),
  });
  lines.push(
    `**${t(lang, 'label.score')}${colon}${md(score)}** · ${t(lang, 'label.completeness')}${colon}${percent(result.completeness!, lang)} · ${t(lang, 'label.pack')}${colon}${md(`${ctx.pack.name} ${ctx.pack.version}`)}`,
  );

  if (result.change) {
    const ch = result.change;
    const before = changeBefore(ch, lang);
    const delta = ch.scoreDelta === null ? '' : ` (**${signed(ch.scoreDelta, lang)}**)`;
    lines.push('', `**${t(lang, 'label.change')}**${colon}${md(before)}${delta}`);
    const named = (ids: string[]): string =>
      ids.map((id) => `${md(words.title(id))} ${codeSpan(id)}`).join(t(lang, 'punct.semicolon'));
    if (ch.newlyPassing.length)
      lines.push(`- ✅ ${t(lang, 'label.change.newlyPassing')}${colon}${named(ch.newlyPassing)}`);
    if (ch.newlyFailing.length)
      lines.push(`- ❌ ${t(lang, 'label.change.newlyFailing')}${colon}${named(ch.newlyFailing)}`);
    const gone = ch.noLongerCounted;
    if (gone.length) lines.push(`- ➖ ${t(lang, 'label.change.noLongerCounted')}${colon}${named(gone)}`);
    if (!ch.newlyPassing.length && !ch.newlyFailing.length && !gone.length)
      lines.push(`- ${t(lang, 'report.unchanged')}`);
  }

  lines.push('', `### ${t(lang, 'label.categories')}`, '');
  lines.push(
    ...table(
      [t(lang, 'label.category'), t(lang, 'label.score'), '', ''],
      ['l', 'r', 'l', 'r'],
      result.categories.map((c) => [
        md(words.category(c.id)),
        `${num(c.score, lang)} / ${num(c.max, lang)}`,
        codeSpan(bar(c.score, c.max, 10)),
        `${percent(c.max > 0 ? Math.round((c.score / c.max) * 100) : 0, lang)}`,
      ]),
    ),
  );

  const { toImprove, waived, notApplicable } = splitFindings(result);
  lines.push('', `### ${t(lang, 'report.toImprove')}`, '');
  const missingData = words.missingData(result);
  if (missingData) lines.push(`**${md(missingData)}**`, '');
  if (toImprove.length === 0) lines.push(t(lang, 'label.noReasons'));
  else {
    lines.push(
      ...table(
        [
          t(lang, 'label.status'),
          t(lang, 'label.rule'),
          t(lang, 'label.said'),
          t(lang, 'label.expected'),
          t(lang, 'label.remedy'),
          t(lang, 'label.effort'),
          t(lang, 'report.points'),
        ],
        ['l', 'l', 'l', 'l', 'l', 'l', 'r'],
        toImprove.map((f) => [
          statusLabel(f, lang),
          ruleCells(f.ruleId, words).stacked,
          md(formatActual(f.field, f.actual ?? undefined, lang)),
          ruleCells(f.ruleId, words).expected,
          f.status === 'missing' ? md(remedyText(f, words)) : ruleCells(f.ruleId, words).remedy,
          t(lang, `label.effort.${words.rule(f.ruleId).effort}`),
          `${num(f.points, lang)} / ${num(f.maxPoints, lang)}`,
        ]),
      ),
    );
  }
  for (const f of waived)
    lines.push(
      '',
      `- ${t(lang, 'label.waived')}${colon}${md(words.title(f.ruleId))} ${codeSpan(f.ruleId)} — ${md(t(lang, 'finding.waived', { approvedBy: f.waiver!.approvedBy, reason: f.waiver!.reason }))}`,
    );
  if (notApplicable > 0) lines.push('', `_${t(lang, 'report.notApplicable', { count: notApplicable })}_`);

  if (result.plan && result.plan.steps.length > 0) lines.push('', ...planLines(result, words));
  for (const w of result.warnings) lines.push('', `> ⚠️ ${md(formatDiagnosticIn(w, lang))}`);
  return lines;
}

function planLines(result: Result, words: Words): string[] {
  const lang = words.lang;
  const plan = result.plan!;
  const colon = t(lang, 'punct.colon');
  if (plan.kind === 'at-risk') {
    const lines = [`### ${t(lang, 'label.plan.atRisk')}`, ''];
    if (plan.margin !== null)
      lines.push(
        md(t(lang, 'label.plan.margin', { margin: num(plan.margin, lang) })) +
          '. ' +
          md(t(lang, 'report.plan.atRiskIntro')),
        '',
      );
    lines.push(
      ...table(
        ['#', t(lang, 'label.rule'), t(lang, 'report.loss'), t(lang, 'report.projected')],
        ['r', 'l', 'r', 'r'],
        plan.steps.map((s, i) => [
          String(i + 1),
          `${s.blocker ? `**${t(lang, 'label.blocker')}**${colon}` : ''}${ruleCells(s.ruleId, words).inline}`,
          `−${num(s.gain, lang)}`,
          num(s.projectedScore, lang),
        ]),
      ),
    );
    return lines;
  }
  const lines = [`### ${t(lang, 'label.plan.toApprove')}`, ''];
  lines.push(
    ...table(
      [
        '#',
        t(lang, 'label.rule'),
        t(lang, 'report.targetColumn'),
        t(lang, 'report.step'),
        t(lang, 'label.effort'),
        t(lang, 'report.gain'),
        t(lang, 'report.projected'),
      ],
      ['r', 'l', 'l', 'l', 'l', 'r', 'r'],
      plan.steps.map((s, i) => [
        String(i + 1),
        `${s.blocker ? `**${t(lang, 'label.blocker')}**${colon}` : ''}${ruleCells(s.ruleId, words).stacked}`,
        md(formatTarget(s, words)),
        s.action === 'provide' ? md(remedyText(s, words)) : ruleCells(s.ruleId, words).remedy,
        t(lang, `label.effort.${s.effort}`),
        signed(s.gain, lang),
        num(s.projectedScore, lang),
      ]),
    ),
  );
  const reach = planSummary(result, lang);
  if (reach) lines.push('', md(reach));
  if (!plan.reachable) lines.push('', `> ⚠️ ${md(planUnreachable(result, lang))}`);
  return lines;
}

/**
 * The report, one result at a time: spool 0 holds the rows of the summary table, spool 1 the brands' sections.
 * Brands past `ctx.sections` (first ones in input order) are counted in the overview but get neither.
 */
function spooled(ctx: ReportContext): SpooledReport {
  const lang = ctx.lang;
  const limit = sectionLimit(ctx.sections);
  return {
    spools: 2,
    detailed: (index) => index < limit,
    add(result, index) {
      if (index >= limit) return ['', ''];
      return [`\n${summaryRow(result, ctx.words)}`, `\n\n---\n\n${section(result, ctx).join('\n')}`];
    },
    finish(summary) {
      const head = [`# ${t(lang, 'report.title')} — ${md(ctx.pack.name)}`, '', ...summaryHead(lang)].join('\n');
      const shown = Math.min(summary.total, limit);
      const capped =
        shown < summary.total
          ? `\n\n_${md(t(lang, 'report.sectionsCapped', { shown: num(shown, lang), total: num(summary.total, lang), omitted: num(summary.total - shown, lang) }))}_`
          : '';
      const middle = summary.total > 1 ? `\n\n${overview(summary, ctx).join('\n')}` : '';
      const tail = `\n\n---\n\n<sub>${md(t(lang, 'label.generatedBy', { tool: ctx.tool.name, version: ctx.tool.version }))} · ${md(`${ctx.pack.id} ${ctx.pack.version}`)} · ${t(lang, 'report.digest')} ${codeSpan(ctx.pack.digest.slice(0, 12))}</sub>\n`;
      return [head, 0, capped + middle, 1, tail];
    },
  };
}

export const markdown: Formatter = {
  // the summary table comes first: each result is spooled as it comes and the report put together at the end
  streaming: false,
  header: () => '',
  result: () => '',
  footer: (ctx, summary, results) => renderInMemory(spooled(ctx), results, summary),
  spooled,
};
