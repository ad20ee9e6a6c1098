// Shared by the reports made for people (text, markdown, html): the order findings are explained in, and how a
// plan step's target reads. Pure; wording comes from the catalogue.
import { formatNumber, formatValue, t } from '../i18n/index.js';
import { PLACEHOLDER } from '../engine/plan.js';
import type { Finding, Lang, PlanStep, Result, Source } from '../types.js';

/** Failed knock-outs, then unknown knock-outs, then by points lost: the order of `reasons`. */
export function decisiveRank(f: Finding): number {
  const lost = f.maxPoints - f.points;
  if (f.blocker && f.status === 'fail') return 2000 + lost;
  if (f.blocker && f.status === 'missing') return 1000 + lost;
  return lost;
}

const waived = (f: Finding): boolean => !!f.waiver && !f.waiver.expired;
export const isPartial = (f: Finding): boolean => f.status === 'pass' && f.credit !== null && f.credit < 1;

/** What a brand should work on (failed, unknown, partly met), most decisive first; and what it already meets. */
export function splitFindings(result: Result): { toImprove: Finding[]; met: Finding[]; waived: Finding[]; notApplicable: number } {
  const toImprove = result.findings.filter((f) => !waived(f) && (f.status === 'fail' || f.status === 'missing' || isPartial(f)));
  toImprove.sort((a, b) => decisiveRank(b) - decisiveRank(a) || result.findings.indexOf(a) - result.findings.indexOf(b));
  return {
    toImprove,
    met: result.findings.filter((f) => !waived(f) && f.status === 'pass' && !isPartial(f)),
    waived: result.findings.filter(waived),
    notApplicable: result.findings.filter((f) => f.status === 'not-applicable').length,
  };
}

/** "ip.chinaTrademark: registered", or '' when the target is text only the brand can supply (a partner's name). */
export function formatTarget(step: PlanStep, lang: Lang): string {
  if (!step.target) return '';
  const parts = Object.entries(step.target)
    .filter(([, value]) => !(typeof value === 'string' && value.length > 0 && value.split(PLACEHOLDER).join('') === ''))
    .map(([, value]) => formatValue(value, lang));
  return parts.join(lang === 'zh' ? '；' : '; ');
}

export function signed(n: number, lang: Lang): string {
  return `${n >= 0 ? '+' : ''}${formatNumber(n, lang)}`;
}

export function where(source: Source): string {
  if (source.row !== null) return `${source.file}:${source.row}`;
  if (source.document) return `${source.file} #${source.document + 1}`;
  return source.file;
}

/** One line on a plan: how far it takes the score, for the top of its section. */
export function planSummary(result: Result, lang: Lang): string {
  const plan = result.plan;
  if (!plan || plan.kind !== 'to-approve' || !plan.reachable || plan.steps.length === 0) return '';
  const last = plan.steps[plan.steps.length - 1]!;
  return t(lang, 'report.plan.reach', { from: formatNumber(result.score ?? 0, lang), to: formatNumber(last.projectedScore, lang), threshold: formatNumber(result.threshold, lang) });
}

/** The title of a rule as the result words it (in the report's language), else its id. */
export function ruleTitle(result: Result, ruleId: string): string {
  return result.findings.find((f) => f.ruleId === ruleId)?.title || ruleId;
}

/**
 * What a summary table says of a brand in one cell: the problem that stopped an unreadable profile, the most
 * decisive reason of a turn-down, and for an approve its margin (its first failure did not decide anything,
 * and shown there it read as the reason for the approval).
 */
export function mainReason(r: Result, lang: Lang): string {
  if (r.verdict === 'error') return r.errors[0]?.message ?? '';
  if (r.verdict === 'approve' && r.score !== null) return t(lang, 'label.plan.margin', { margin: formatNumber(Math.round((r.score - r.threshold) * 10) / 10, lang) });
  return r.reasons[0] ?? '—';
}
