// PURE: the interview's questions, derived from the selected pack and the field catalogue so that nothing is
// written twice. A question exists for every field a rule of the pack reads (in its check or its `when`) and
// for every required field; wording comes from the catalogue's help texts and the titles of the rules.
import { t, pick } from '../i18n/index.js';
import { FIELDS, FIELD_INDEX, type FieldDef } from '../profile/fields.js';
import { fieldsOf } from '../rules/compile.js';
import type { Check, CompiledPack, CompiledRule, Condition } from '../rules/types.js';
import { LANGS, type FieldValues, type Lang, type Localized } from '../types.js';

export interface Question {
  readonly field: FieldDef;
  /** the field's slot in FieldValues */
  readonly slot: number;
  /** a blocker rule checks this field: asked first in its section */
  readonly blocker: boolean;
  /** the rules that read the field, in pack order; empty for a required field no rule reads */
  readonly rules: readonly CompiledRule[];
}

export interface Section {
  /** a pack category id, or OPENING_SECTION for the required fields */
  readonly id: string;
  readonly title: Localized;
  readonly questions: readonly Question[];
}

export interface QuestionPlan {
  readonly sections: readonly Section[];
}

export const OPENING_SECTION = '$brand';

/** Fields read by a rule: its check first, then the fields that decide whether it applies. */
function readsOf(rule: CompiledRule): string[] {
  return fieldsOf(rule.spec.when, [...rule.fields]);
}

function localized(key: Parameters<typeof t>[1]): Localized {
  const out: Localized = { en: t('en', key) };
  for (const lang of LANGS) out[lang] = t(lang, key);
  return out;
}

/**
 * Fields in a rule's `when` decide whether other questions are asked at all, so within a section each one is
 * moved just before the first question that depends on it (otherwise "blockers first, then pack order").
 */
function putGatesFirst(questions: Question[]): Question[] {
  const order = [...questions];
  for (let pass = 0; pass < order.length; pass++) {
    let moved = false;
    for (let i = 0; i < order.length && !moved; i++) {
      const gates = new Set(order[i]!.rules.flatMap((r) => fieldsOf(r.spec.when)));
      for (let j = i + 1; j < order.length; j++) {
        if (gates.has(order[j]!.field.path) && order[j]!.field.path !== order[i]!.field.path) {
          const [gate] = order.splice(j, 1);
          order.splice(i, 0, gate!);
          moved = true;
          break;
        }
      }
    }
    if (!moved) break;
  }
  return order;
}

export function buildQuestions(pack: CompiledPack): QuestionPlan {
  const readers = new Map<string, CompiledRule[]>();
  const firstSeen: string[] = [];
  for (const rule of pack.rules) {
    for (const path of readsOf(rule)) {
      if (!readers.has(path)) {
        readers.set(path, []);
        firstSeen.push(path);
      }
      const list = readers.get(path)!;
      if (!list.includes(rule)) list.push(rule);
    }
  }
  const question = (field: FieldDef): Question => {
    const rules = readers.get(field.path) ?? [];
    return {
      field,
      slot: FIELD_INDEX.get(field.path)!,
      blocker: rules.some((r) => r.blocker && r.fields.includes(field.path)),
      rules,
    };
  };

  // the required fields open the interview: the brand's category decides which later questions apply
  const opening = FIELDS.filter((f) => f.required && f.type !== 'version').map(question);
  const sections: Section[] = [
    { id: OPENING_SECTION, title: localized('interview.section.opening'), questions: opening },
  ];

  const byCategory = new Map<number, Question[]>();
  for (const path of firstSeen) {
    const field = FIELDS[FIELD_INDEX.get(path)!]!;
    if (field.required) continue;
    // a field several categories read is asked once, in the first of them in the pack's order
    const category = Math.min(...readers.get(path)!.map((r) => r.categoryIndex));
    if (!byCategory.has(category)) byCategory.set(category, []);
    byCategory.get(category)!.push(question(field));
  }
  pack.categories.forEach((category, index) => {
    const questions = byCategory.get(index);
    if (!questions) return;
    // stable sort: blockers first, then the order in which the pack's rules read the fields
    const sorted = [...questions].sort((a, b) => Number(b.blocker) - Number(a.blocker));
    sections.push({ id: category.id, title: category.title, questions: putGatesFirst(sorted) });
  });
  return { sections };
}

/**
 * A question is skipped when every rule that reads its field is known not to apply, given the answers so far
 * (cosmetics registration for a wine brand). The field's own value is ignored for that test: a rule whose
 * `when` reads the field itself must not hide the question that could change it.
 */
export function isSkipped(question: Question, values: FieldValues): boolean {
  if (question.field.required || question.rules.length === 0) return false;
  return applicableRules(question, values).length === 0;
}

/** The rules reading the question's field that may still apply given the other answers (all, without answers). */
export function applicableRules(question: Question, values?: FieldValues): readonly CompiledRule[] {
  if (!values) return question.rules;
  const probe = values.slice();
  probe[question.slot] = undefined;
  return question.rules.filter((r) => r.applies === null || r.applies(probe) !== false);
}

/** The values of `field` a condition or check names as ones that count, and whether it also accepts others. */
interface Mentions {
  named: Set<string>;
  /** a negative test (`not-equals`, `not-in`, under `not`) or a default credit: every value means something */
  open: boolean;
}

function mentionsOf(node: Check | Condition | undefined, field: string, out: Mentions, negated = false): Mentions {
  if (!node) return out;
  if ('all' in node) for (const c of node.all) mentionsOf(c, field, out, negated);
  else if ('any' in node) for (const c of node.any) mentionsOf(c, field, out, negated);
  else if ('not' in node) mentionsOf(node.not, field, out, !negated);
  else if (node.field === field) {
    const c = node as unknown as Record<string, unknown>;
    const named = [
      ...('equals' in c ? [c.equals] : []),
      ...(Array.isArray(c.in) ? c.in : []),
      ...(c.map && typeof c.map === 'object' ? Object.keys(c.map) : []),
    ];
    if ('not-equals' in c || 'not-in' in c || (typeof c.default === 'number' && c.default > 0)) out.open = true;
    if (negated) out.open = out.open || named.length > 0;
    else for (const v of named) out.named.add(String(v));
  }
  return out;
}

/**
 * The values of an enum question worth offering, given the answers so far; null offers them all. A value is
 * left out when the only rules that name it cannot apply to this brand (NMPA routes are about cosmetics and
 * supplements, not wine). Values no rule names ("none", "not-required") always stay: they are true answers
 * even when they fail, and so does anything an applicable rule accepts by not excluding it.
 */
export function choicesFor(question: Question, values?: FieldValues): readonly string[] | null {
  const all = question.field.values;
  if (question.field.type !== 'enum' || !all || !values || question.rules.length === 0) return null;
  const applicable = new Set(applicableRules(question, values));
  const named = new Set<string>();
  const offered = new Set<string>();
  for (const rule of question.rules) {
    const m = mentionsOf(
      rule.spec.when,
      question.field.path,
      mentionsOf(rule.spec.check, question.field.path, { named: new Set(), open: false }),
    );
    if (applicable.has(rule) && m.open) return null;
    for (const v of m.named) {
      named.add(v);
      if (applicable.has(rule)) offered.add(v);
    }
  }
  const shown = all.filter((v) => offered.has(v) || !named.has(v));
  return shown.length === all.length ? null : shown;
}

/** What the question asks: the catalogue's help text, as a sentence. */
export function questionText(question: Question, lang: Lang): string {
  const help = pick(question.field.help, lang);
  return help.charAt(0).toUpperCase() + help.slice(1);
}

const MAX_TITLES = 4;

/**
 * The line over the question: the field's path and the rules that read it, knock-outs marked. Given the answers
 * so far, only the rules that may apply are named (a wine brand's import route is not about cosmetics).
 */
export function usedByText(question: Question, lang: Lang, values?: FieldValues): string {
  const titles: string[] = [];
  for (const rule of applicableRules(question, values)) {
    const title =
      pick(rule.title, lang) +
      (rule.blocker && rule.fields.includes(question.field.path) ? ` [${t(lang, 'label.blocker')}]` : '');
    if (!titles.includes(title)) titles.push(title);
  }
  if (titles.length === 0) return question.field.path;
  // the brand's category gates a dozen rules: name the first few, count the rest, keep the note to a line or two
  const shown =
    titles.length > MAX_TITLES
      ? [...titles.slice(0, MAX_TITLES - 1), t(lang, 'interview.andMore', { count: titles.length - MAX_TITLES + 1 })]
      : titles;
  return `${question.field.path} · ${t(lang, 'interview.usedBy', { rules: shown.join(t(lang, 'punct.semicolon')) })}`;
}

export function sectionHeader(plan: QuestionPlan, index: number, lang: Lang): string {
  return t(lang, 'interview.section', {
    title: pick(plan.sections[index]!.title, lang),
    index: index + 1,
    total: plan.sections.length,
  });
}

export function questionCount(plan: QuestionPlan): number {
  return plan.sections.reduce((n, s) => n + s.questions.length, 0);
}
