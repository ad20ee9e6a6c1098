// PURE apart from the injected `Ask`: runs the questions section by section, skipping those that do not
// apply, and shows the brand's standing after each section. The state is updated answer by answer, so that
// whoever runs the flow can save the answers given so far if the interview is interrupted.
import { assessProfile } from '../engine/assess.js';
import { unknownWaiverWarnings } from '../profile/waivers.js';
import { formatNumber, pick, t } from '../i18n/index.js';
import type { CompiledPack } from '../rules/types.js';
import { wordsFor } from '../report/words.js';
import type { FieldValues, InputProfile, Lang, Result, Waiver } from '../types.js';
import { answerValue, promptFor, type CheckboxSpec, type SelectSpec, type TextSpec } from './answers.js';
import {
  OPENING_SECTION,
  choicesFor,
  isSkipped,
  sectionHeader,
  usedByText,
  type Question,
  type QuestionPlan,
} from './questions.js';

/** What the flow needs from a terminal; the CLI implements it with @inquirer/prompts, tests with a script. */
export interface Ask {
  select(spec: SelectSpec): Promise<string>;
  checkbox(spec: CheckboxSpec): Promise<string[]>;
  text(spec: TextSpec): Promise<string>;
  /** a line of output: a section header, a question's note, the standing after a section */
  say(text: string, kind: 'section' | 'note' | 'standing'): void;
}

export interface InterviewState {
  values: FieldValues;
  waivers: Waiver[];
  /** questions asked and skipped so far */
  asked: number;
  skipped: number;
  /** fields answered "don't know" (they stay out of the profile; a draft remembers them so they are not asked again) */
  unknown?: Set<string>;
  /** questions of a resumed draft passed over because the draft answers them */
  kept?: number;
}

export interface FlowOptions {
  lang: Lang;
  threshold: number;
  today?: string;
  /** a resumed draft: questions it answers (a value, or "don't know") are kept and not asked again */
  resume?: boolean;
  /** the profile being updated had the question's field out ("unknown"), so Enter keeps unknown (see promptFor) */
  fromFile?: boolean;
}

/** Whether the draft being resumed answers the question already, with a value or with "don't know". */
export function isAnswered(question: Question, state: Pick<InterviewState, 'values' | 'unknown'>): boolean {
  return state.values[question.slot] !== undefined || (state.unknown?.has(question.field.path) ?? false);
}

/** The first question a resumed draft does not answer yet, among those that apply; null when none is left. */
export function firstUnanswered(
  plan: QuestionPlan,
  state: Pick<InterviewState, 'values' | 'unknown'>,
): Question | null {
  for (const section of plan.sections) {
    for (const question of section.questions)
      if (!isSkipped(question, state.values) && !isAnswered(question, state)) return question;
  }
  return null;
}

export function assessValues(
  pack: CompiledPack,
  state: Pick<InterviewState, 'values' | 'waivers'>,
  options: FlowOptions,
  file = 'interview',
): Result {
  const input: InputProfile = {
    source: { file, row: null, document: null },
    values: state.values,
    waivers: state.waivers,
    warnings: [],
  };
  input.warnings = unknownWaiverWarnings(pack, input, options.lang);
  return assessProfile(pack, input, {
    lang: options.lang,
    threshold: options.threshold,
    ...(options.today ? { today: options.today } : {}),
  });
}

/**
 * The one line after a section: the section's own score (the running total alone reads as a failure early on,
 * when most sections are still unanswered), the running score and every knock-out already failed.
 */
export function standingLine(
  pack: CompiledPack,
  state: Pick<InterviewState, 'values' | 'waivers'>,
  options: FlowOptions,
  sectionId?: string,
): string {
  const result = assessValues(pack, state, options);
  const { lang } = options;
  const own = result.categories.find((c) => c.id === sectionId);
  const category = pack.categories.find((c) => c.id === sectionId);
  let line =
    own && category
      ? `${t(lang, 'interview.sectionScore', { title: pick(category.title, lang), score: formatNumber(own.score, lang), max: formatNumber(own.max, lang) })} · `
      : '';
  line += t(lang, 'interview.standing', {
    score: formatNumber(result.score ?? 0, lang),
    threshold: formatNumber(result.threshold, lang),
    completeness: formatNumber(result.completeness ?? 0, lang),
  });
  const failed = result.findings
    .filter((f) => f.blocker && f.status === 'fail' && !(f.waiver && !f.waiver.expired))
    .map((f) => wordsFor(pack, lang).title(f.ruleId));
  if (failed.length > 0)
    line += ` · ${t(lang, 'interview.blockersFailed', { rules: failed.join(t(lang, 'punct.semicolon')) })}`;
  return line;
}

export async function runFlow(
  plan: QuestionPlan,
  pack: CompiledPack,
  ask: Ask,
  state: InterviewState,
  options: FlowOptions,
): Promise<void> {
  const { lang } = options;
  for (let s = 0; s < plan.sections.length; s++) {
    const section = plan.sections[s]!;
    let shown = false;
    for (const question of section.questions) {
      // decided at the last moment: an answer earlier in the section may make this one moot
      if (isSkipped(question, state.values)) {
        state.skipped++;
        continue;
      }
      if (options.resume && isAnswered(question, state)) {
        state.kept = (state.kept ?? 0) + 1;
        continue;
      }
      if (!shown) {
        ask.say(sectionHeader(plan, s, lang), 'section');
        shown = true;
      }
      const current = state.values[question.slot];
      ask.say(usedByText(question, lang, state.values), 'note');
      // "unknown" is an answer to keep when the profile being updated says so, or the draft answered "don't know"
      const knownUnknown = options.fromFile === true || (state.unknown?.has(question.field.path) ?? false);
      const prompt = promptFor(question, current, lang, choicesFor(question, state.values), knownUnknown);
      const answer =
        prompt.kind === 'select'
          ? await ask.select(prompt.spec)
          : prompt.kind === 'checkbox'
            ? await ask.checkbox(prompt.spec)
            : await ask.text(prompt.spec);
      const value = answerValue(question, answer, current, lang);
      state.values[question.slot] = value;
      if (!state.unknown) state.unknown = new Set();
      if (value === undefined) state.unknown.add(question.field.path);
      else state.unknown.delete(question.field.path);
      state.asked++;
    }
    // after the opening questions nothing is scored yet; a standing line there would only say zero
    if (shown && section.id !== OPENING_SECTION) ask.say(standingLine(pack, state, options, section.id), 'standing');
  }
}

/** The pack's name in the interview's language, for the opening line. */
export function packLabel(pack: CompiledPack, lang: Lang): string {
  return `${pick(pack.name, lang)} (${pack.id} ${pack.version})`;
}
