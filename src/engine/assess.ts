// PURE: evaluates one normalised profile against a compiled pack and decides. No fs, no process, no colour.
import type { CompiledPack, CompiledRule } from '../rules/types.js';
import type { CategoryScore, Diagnostic, Finding, InputProfile, Lang, Result, Status, Waiver } from '../types.js';
import { suggest } from '../profile/suggest.js';
import { fill, formatValue, pick, t } from '../i18n/index.js';
import { FIELD_INDEX } from '../profile/fields.js';

export interface AssessOptions {
  lang?: Lang;
  /** overrides the pack's threshold */
  threshold?: number;
  /** today's date as YYYY-MM-DD, for waiver expiry; injected so the engine stays pure and reproducible */
  today?: string;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const BRAND_SLOT = FIELD_INDEX.get('brand.name')!;

/** The raw evaluation: status and credit of each rule, before any wording. Shared by assess and the planner. */
export interface Evaluation {
  status: Status[];
  credit: (number | null)[];
  maxPoints: number[];
  score: number;
  completeness: number;
  categoryEarned: number[];
  categoryMax: number[];
  blockerDown: boolean;
  waived: (Waiver | null)[];
}

export function activeWaivers(waivers: readonly Waiver[], today: string | undefined): Map<string, { waiver: Waiver; expired: boolean }> {
  const map = new Map<string, { waiver: Waiver; expired: boolean }>();
  for (const w of waivers) map.set(w.rule, { waiver: w, expired: !!(w.expires && today && w.expires < today) });
  return map;
}

/**
 * `into`: an earlier evaluation of the same pack whose arrays are overwritten rather than allocated, for a
 * caller that is done with it (the ndjson writer evaluates a million rows and keeps none).
 */
export function evaluate(pack: CompiledPack, values: unknown[], waivers: Map<string, { waiver: Waiver; expired: boolean }> | null, into?: Evaluation): Evaluation {
  const rules = pack.rules;
  const n = rules.length;
  const nc = pack.categories.length;
  const status: Status[] = into ? into.status : new Array(n);
  const credit: (number | null)[] = into ? into.credit : new Array(n);
  const waived: (Waiver | null)[] = into ? into.waived : new Array(n);
  const applicableWeight = new Array<number>(nc).fill(0);
  const earnedWeight = new Array<number>(nc).fill(0);
  const presentWeight = new Array<number>(nc).fill(0);
  let blockerDown = false;

  for (let r = 0; r < n; r++) {
    const rule = rules[r]!;
    waived[r] = null;
    if (rule.applies !== null && rule.applies(values) === false) {
      status[r] = 'not-applicable';
      credit[r] = null;
      continue;
    }
    const c = rule.credit(values);
    credit[r] = c ?? null;
    status[r] = c === undefined ? 'missing' : c >= 0.5 ? 'pass' : 'fail';
    const w = waivers?.get(rule.id);
    if (w && !w.expired && (c === undefined || c < 1)) {
      // a waived rule neither counts for nor against the brand (a partial pass is waived whole too)
      waived[r] = w.waiver;
      continue;
    }
    const ci = rule.categoryIndex;
    applicableWeight[ci]! += rule.weight;
    if (c !== undefined) {
      presentWeight[ci]! += rule.weight;
      earnedWeight[ci]! += rule.weight * c;
    }
    if (rule.blocker && status[r] !== 'pass') blockerDown = true;
  }

  let totalCategoryWeight = 0;
  for (let ci = 0; ci < nc; ci++) if (applicableWeight[ci]! > 0) totalCategoryWeight += pack.categories[ci]!.weight;
  const scale = totalCategoryWeight > 0 ? 100 / totalCategoryWeight : 0;

  const categoryEarned = into ? into.categoryEarned.fill(0) : new Array<number>(nc).fill(0);
  const categoryMax = into ? into.categoryMax.fill(0) : new Array<number>(nc).fill(0);
  let score = 0;
  let present = 0;
  for (let ci = 0; ci < nc; ci++) {
    if (applicableWeight[ci] === 0) continue;
    const w = pack.categories[ci]!.weight;
    categoryMax[ci] = w;
    categoryEarned[ci] = (w * earnedWeight[ci]!) / applicableWeight[ci]!;
    score += categoryEarned[ci]! * scale;
    present += ((w * presentWeight[ci]!) / applicableWeight[ci]!) * scale;
  }
  const maxPoints: number[] = into ? into.maxPoints : new Array(n);
  for (let r = 0; r < n; r++) {
    const rule = rules[r]!;
    const ci = rule.categoryIndex;
    const counted = status[r] !== 'not-applicable' && waived[r] === null && applicableWeight[ci]! > 0;
    maxPoints[r] = counted ? ((pack.categories[ci]!.weight * rule.weight) / applicableWeight[ci]!) * scale : 0;
  }
  if (into) {
    into.score = score;
    into.completeness = present;
    into.blockerDown = blockerDown;
    return into;
  }
  return { status, credit, maxPoints, score, completeness: present, categoryEarned, categoryMax, blockerDown, waived };
}

/** How much a finding decides the verdict: failed blockers, then missing blockers, then lost points. */
export function decisiveness(rule: CompiledRule, status: Status, lost: number): number {
  if (rule.blocker && status === 'fail') return 2000 + lost;
  if (rule.blocker && status === 'missing') return 1000 + lost;
  return lost;
}

export function describeFinding(rule: CompiledRule, status: Status, actual: unknown, lang: Lang): string {
  const expected = pick(rule.expected, lang);
  if (status === 'missing') {
    return t(lang, rule.blocker ? 'finding.missingBlocker' : 'finding.missing', { title: pick(rule.title, lang), field: rule.field, expected });
  }
  if (status === 'fail') return fill(pick(rule.message, lang), { actual: formatValue(actual, lang), expected });
  return pick(rule.title, lang);
}

export function assessProfile(pack: CompiledPack, input: InputProfile, options: AssessOptions = {}): Result {
  const lang = options.lang ?? 'en';
  const threshold = options.threshold ?? pack.threshold;
  const values = input.values;
  const waivers = input.waivers.length > 0 ? activeWaivers(input.waivers, options.today) : null;
  const ev = evaluate(pack, values, waivers);

  const findings: Finding[] = new Array(pack.rules.length);
  const order: { index: number; weight: number }[] = [];
  for (let r = 0; r < pack.rules.length; r++) {
    const rule = pack.rules[r]!;
    const status = ev.status[r]!;
    const credit = ev.credit[r]!;
    const maxPoints = ev.maxPoints[r]!;
    const points = credit === null ? 0 : maxPoints * credit;
    const actual = values[rule.fieldIndex];
    const finding: Finding = {
      ruleId: rule.id,
      category: rule.category,
      status,
      blocker: rule.blocker,
      weight: rule.weight,
      points: round1(points),
      maxPoints: round1(maxPoints),
      credit: credit === null ? null : Math.round(credit * 100) / 100,
      field: rule.field,
      actual: actual === undefined ? null : actual,
      expected: pick(rule.expected, lang),
      title: pick(rule.title, lang),
      message: describeFinding(rule, status, actual, lang),
      remedy: pick(rule.remedy, lang),
      effort: rule.effort,
      source: rule.source,
    };
    const w = waivers?.get(rule.id);
    if (w && (ev.waived[r] !== null || w.expired)) {
      finding.waiver = { reason: w.waiver.reason, approvedBy: w.waiver.approvedBy, expires: w.waiver.expires ?? null, expired: w.expired };
    }
    findings[r] = finding;
    if ((status === 'fail' || status === 'missing' || (status === 'pass' && credit !== null && credit < 1)) && ev.waived[r] === null) {
      order.push({ index: r, weight: decisiveness(rule, status, maxPoints - points) });
    }
  }
  order.sort((a, b) => b.weight - a.weight || a.index - b.index);
  const reasons = order.filter((o) => findings[o.index]!.status !== 'pass').map((o) => findings[o.index]!.message);

  const categories: CategoryScore[] = [];
  pack.categories.forEach((c, ci) => {
    if (ev.categoryMax[ci]! > 0) categories.push({ id: c.id, title: pick(c.title, lang), score: round1(ev.categoryEarned[ci]!), max: c.weight });
  });

  const score = round1(ev.score);
  const brand = values[BRAND_SLOT];
  const warnings = input.waivers.length > 0 ? [...input.warnings, ...unknownWaivers(pack, input)] : input.warnings;
  return {
    source: input.source,
    brand: typeof brand === 'string' ? brand : null,
    verdict: !ev.blockerDown && score >= threshold ? 'approve' : 'turn-down',
    score,
    threshold,
    completeness: round1(ev.completeness),
    categories,
    findings,
    reasons,
    errors: [],
    warnings,
  };
}

/** A waiver naming no rule of the pack is almost always a typo: say so rather than silently ignore it. */
function unknownWaivers(pack: CompiledPack, input: InputProfile): Diagnostic[] {
  const ids = pack.rules.map((r) => r.id);
  return input.waivers
    .filter((w) => !ids.includes(w.rule))
    .map((w) => {
      const hint = suggest(w.rule, ids);
      return {
        severity: 'warning' as const,
        file: input.source.file,
        ...(input.source.row !== null ? { row: input.source.row } : {}),
        ...(input.positions?.get('waivers') ? input.positions.get('waivers')! : {}),
        field: 'waivers',
        message: `waiver for ${w.rule}, which is not a rule of pack ${pack.id}${hint ? ` (did you mean ${hint}?)` : ''}`,
      };
    });
}
