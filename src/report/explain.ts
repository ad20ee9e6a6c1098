// Shared by the reports made for people (text, markdown, html): the order findings are explained in, and how a
// plan step's target reads. Pure; wording comes from the catalogue.
import { formatSource } from '../errors.js';
import { aside, formatActual, formatNumber, formatValue, t } from '../i18n/index.js';
import { PLACEHOLDER } from '../engine/plan.js';
import type { Finding, Lang, PlanStep, Result, Source, Summary } from '../types.js';
import type { Words } from './words.js';

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
export function splitFindings(result: Result): {
  toImprove: Finding[];
  met: Finding[];
  waived: Finding[];
  notApplicable: number;
} {
  const toImprove = result.findings.filter(
    (f) => !waived(f) && (f.status === 'fail' || f.status === 'missing' || isPartial(f)),
  );
  // ties stay in the findings' order: the filter kept it and the sort is stable (a tie broken by indexOf made each
  // comparison two scans of the findings)
  toImprove.sort((a, b) => decisiveRank(b) - decisiveRank(a));
  // what is met in full is not among the costly findings: the engine's whole list has it (a result read back
  // from json has only the ids)
  const all = result.allFindings ?? result.findings;
  return {
    toImprove,
    met: all.filter((f) => !waived(f) && f.status === 'pass' && !isPartial(f)),
    waived: result.findings.filter(waived),
    notApplicable: result.notApplicable,
  };
}

/** What formatTarget has worded for one report (one Words): filled once, then looked up for every plan step. */
interface TargetWords {
  /** "provide the average unit price", by field */
  provide: Map<string, string>;
  /** a target's string, boolean or null value as worded; null for a string of placeholders only (left out) */
  values: Map<unknown, string | null>;
}

/** a pack's values and fields are few; past this (values no pack names) a text is made each time */
const TARGET_WORDS_MAX = 4096;
const targetWordsOf = new WeakMap<Words, TargetWords>();

/**
 * What a step asks for: for data the profile lacks, to provide it ("provide the average unit price"), never a
 * made-up value; for a change, the value to reach ("registered"), or '' when it is text only the brand can supply
 * (a partner's name). Each piece is worded once per report: filling the catalogue's templates for every step
 * cost some 20-25 ms over 500 html sections at a cold start.
 */
export function formatTarget(step: PlanStep, words: Words): string {
  const lang = words.lang;
  let cache = targetWordsOf.get(words);
  if (!cache) {
    cache = { provide: new Map(), values: new Map() };
    targetWordsOf.set(words, cache);
  }
  if (step.action === 'provide') {
    let text = cache.provide.get(step.field);
    if (text === undefined) {
      text = t(lang, 'report.plan.provide', { field: words.field(step.field) });
      if (cache.provide.size < TARGET_WORDS_MAX) cache.provide.set(step.field, text);
    }
    return text;
  }
  const target = step.target;
  if (!target) return '';
  const separator = t(lang, 'punct.semicolon');
  let out = '';
  let any = false;
  for (const field in target) {
    const value = target[field];
    // a number reads with its field's unit, as "profile says" does: a budget "EUR 500,000", a share "90%"
    const text = typeof value === 'number' ? formatActual(field, value, lang) : valueText(value, lang, cache.values);
    if (text === null) continue;
    out = any ? out + separator + text : text;
    any = true;
  }
  return out;
}

/** A target's value as formatTarget shows it; null for a string made of placeholders only (left out). */
function valueText(value: unknown, lang: Lang, values: Map<unknown, string | null>): string | null {
  const cacheable = value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean';
  if (!cacheable) return formatValue(value, lang);
  let text = values.get(value);
  if (text === undefined && !values.has(value)) {
    const placeholders = typeof value === 'string' && value.length > 0 && value.split(PLACEHOLDER).join('') === '';
    text = placeholders ? null : formatValue(value, lang);
    if (values.size < TARGET_WORDS_MAX) values.set(value, text);
  }
  return text ?? null;
}

/** What to do, worded once per rule and unknown field for one report (one Words). */
const askFirstOf = new WeakMap<Words, Map<string, string>>();

/**
 * What to do about a finding or a plan step. A rule's remedy is written for a failure ("file an opposition" for a
 * squatted mark); where the fact is only unknown (a missing finding, a step that provides data) the brand is
 * first asked for it, and the remedy follows as what to do should the fact fail the rule: a brand whose mark
 * nobody squats must not be sent to fight a squatter.
 */
export function remedyText(
  item: Pick<Finding, 'ruleId' | 'field' | 'actual' | 'status'> | Pick<PlanStep, 'ruleId' | 'field' | 'action'>,
  words: Words,
): string {
  const remedy = words.rule(item.ruleId).remedy;
  const unknown = 'status' in item ? item.status === 'missing' : item.action === 'provide';
  if (!unknown) return remedy;
  const field = 'status' in item ? words.unknownField(item) : item.field;
  let cache = askFirstOf.get(words);
  if (!cache) askFirstOf.set(words, (cache = new Map()));
  const key = `${item.ruleId}\u0000${field}`;
  let text = cache.get(key);
  if (text === undefined) {
    const label = words.field(field);
    text = remedy
      ? t(words.lang, 'report.remedy.askFirst', { field: label, remedy })
      : t(words.lang, 'report.remedy.askOnly', { field: label });
    if (cache.size < TARGET_WORDS_MAX) cache.set(key, text);
  }
  return text;
}

export function signed(n: number, lang: Lang): string {
  return `${n >= 0 ? '+' : ''}${formatNumber(n, lang)}`;
}

export function where(source: Source, lang: Lang = 'en'): string {
  return formatSource(source, lang);
}

/** One line on a plan: how far it takes the score, for the top of its section. */
export function planSummary(result: Result, lang: Lang): string {
  const plan = result.plan;
  if (!plan || plan.kind !== 'to-approve' || !plan.reachable || plan.steps.length === 0) return '';
  const last = plan.steps[plan.steps.length - 1]!;
  // "and clears every knock-out" only when the plan has one to clear
  return t(lang, plan.steps.some((s) => s.blocker) ? 'report.plan.reach' : 'report.plan.reachScore', {
    from: formatNumber(result.score ?? 0, lang),
    to: formatNumber(last.projectedScore, lang),
    threshold: formatNumber(result.threshold, lang),
  });
}

/**
 * Why a plan cannot reach an approval, for after its steps: a knock-out no change can clear (a step with no target,
 * such as a food brand on the Luxury Pavilion), else points the profile cannot earn; '' for a plan that reaches it.
 */
export function planUnreachable(result: Result, lang: Lang): string {
  const plan = result.plan;
  if (!plan || plan.kind !== 'to-approve' || plan.reachable) return '';
  const stuck = plan.steps.some((s) => s.blocker && s.target === null);
  return t(lang, stuck ? 'label.plan.unreachableKnockOut' : 'label.plan.unreachable');
}

/**
 * What a summary table says of a brand in one cell: the problem that stopped an unreadable profile, the most
 * decisive reason of a turn-down, and for an approve its margin (its first failure did not decide anything,
 * and shown there it read as the reason for the approval).
 */
export function mainReason(r: Result, words: Words): string {
  const lang = words.lang;
  if (r.verdict === 'error') return r.errors[0]?.message ?? '';
  if (r.verdict === 'approve' && r.score !== null)
    return t(lang, 'label.plan.margin', { margin: formatNumber(Math.round((r.score - r.threshold) * 10) / 10, lang) });
  // a turn-down that rests on missing data says so first: the dossier is incomplete, not refused
  if (r.decidedBy === 'missing-data') return words.missingData(r);
  const first = r.decisive[0];
  const finding = first === undefined ? undefined : r.findings.find((f) => f.ruleId === first);
  return finding ? words.message(finding) : '—';
}

/** v2: "2 of them for missing data", for a batch's turn-down count when some rest on missing data; '' otherwise. */
export function missingDataCount(summary: Summary, lang: Lang): string {
  const n = summary.missingData ?? 0;
  if (n === 0) return '';
  return n === 1 ? t(lang, 'label.missingData.one') : t(lang, 'label.missingData', { count: n });
}

/** The same in parentheses, after the count of turn-downs. */
export function missingDataNote(summary: Summary, lang: Lang): string {
  const text = missingDataCount(summary, lang);
  if (!text) return '';
  return aside(text, lang);
}
