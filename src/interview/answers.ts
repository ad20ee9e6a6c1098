// PURE: how each question is put (the prompt that fits the field's type) and how an answer becomes a profile
// value. The specs are plain data shaped like @inquirer/prompts' configs, so the CLI passes them through and
// tests can drive them with a scripted `Ask` or with @inquirer/testing.
import { t } from '../i18n/index.js';
import { valueLabel } from '../i18n/values.js';
import { ambiguousMessage, convertCell, parseNumber } from '../profile/convert.js';
import { AmbiguousNumber, decimalMarkOf, numberEcho, readNumber as readNumberCell } from '../profile/numbers.js';
import type { FieldDef } from '../profile/fields.js';
import { isNoneWord } from '../profile/none-words.js';
import type { Lang } from '../types.js';
import { questionText, type Question } from './questions.js';

/** The "don't know" choice of selects and checkboxes; no enum value of the catalogue can look like it. */
export const DONT_KNOW = '\u0000dont-know';
/** Typed in a text or number question, "don't know". */
export const DONT_KNOW_TEXT = '?';

/**
 * The number a typed answer stands for, NaN when it is none. The one place the interview reads a number, so that
 * the shared reading of numbers (spreadsheets, cells) replaces it in a single line.
 */
export function readNumber(text: string, lang: Lang = 'en'): number {
  // "450,000" typed under --lang en is 450000, under --lang fr 450 (each language's decimal mark)
  return parseNumber(text, decimalMarkOf(lang));
}

/** The answer as typed, and what the tool understood when the two are written differently (`450 000 → 450000`). */
export function echoNumber(typed: string, value: number): string {
  return numberEcho(typed, value) ?? typed.trim();
}

export interface Choice {
  value: string;
  name: string;
  checked?: boolean;
}

export interface SelectSpec {
  /** the field asked about (for tests and logs; prompts ignore it) */
  field: string;
  message: string;
  choices: Choice[];
  default: string;
}

export interface CheckboxSpec {
  /** the field asked about (for tests and logs; prompts ignore it) */
  field: string;
  message: string;
  choices: Choice[];
  validate: (values: readonly string[]) => true | string;
  /** the answer as the finished prompt shows it */
  display: (values: readonly string[]) => string;
}

export interface TextSpec {
  /** the field asked about (for tests and logs; prompts ignore it) */
  field: string;
  message: string;
  default?: string;
  validate: (raw: string) => true | string;
  /** the answer as the finished prompt shows it: "?" and an empty answer read as "don't know" */
  display: (raw: string) => string;
}

export type PromptSpec =
  { kind: 'select'; spec: SelectSpec } | { kind: 'checkbox'; spec: CheckboxSpec } | { kind: 'text'; spec: TextSpec };

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** An enum value as a person reads it, with the value the YAML file will hold when the two differ. */
function choiceName(value: string, lang: Lang): string {
  const label = valueLabel(value, lang);
  return label === value ? value : `${label} (${value})`;
}

/** The text shown as the default of a text question: the current value, written so that it parses back to itself. */
export function defaultText(field: FieldDef, current: unknown, lang: Lang): string | undefined {
  if (current === undefined) return undefined;
  if (typeof current === 'number') {
    const text = String(current);
    // French users read and type a decimal comma; parseNumber reads it back to the same number
    return lang === 'fr' ? text.replace('.', ',') : text;
  }
  // a none-word of the interview's language: the same words read as none in a spreadsheet (isNoneWord)
  if (current === '' && field.type === 'string') return t(lang, 'interview.none');
  return String(current);
}

function numberMessage(field: FieldDef, lang: Lang): string {
  const range =
    field.min !== undefined && field.max !== undefined
      ? t(lang, 'interview.number.between', { min: field.min, max: field.max })
      : field.min !== undefined
        ? t(lang, 'interview.number.atLeast', { min: field.min })
        : '';
  return t(lang, field.type === 'integer' ? 'interview.integer.invalid' : 'interview.number.invalid', { range });
}

/** The text fields the contract says are "empty if none": their absence of a name is a real answer. */
const EMPTY_IS_NONE = new Set(['partners.tmallPartner']);

/** A text field whose empty value is a real answer, "none" (no Tmall Partner signed): its hint says so. */
export function emptyMeansNone(field: FieldDef): boolean {
  return field.type === 'string' && !field.required && EMPTY_IS_NONE.has(field.path);
}

/**
 * Reads what was typed in a text or number question. Empty keeps the current answer, except where the question
 * says empty means none; a none-word (`none`, `aucun`, `无`...) means none there, as it does in a spreadsheet.
 */
export function parseTextAnswer(field: FieldDef, raw: string, current: unknown, lang: Lang): Parsed {
  if (current !== undefined && raw === defaultText(field, current, lang)) return { ok: true, value: current };
  const text = raw.trim();
  // empty is none when there is no name to keep (a name shown as the default is kept by Enter)
  if (text === '' && emptyMeansNone(field) && (current === undefined || current === '')) return { ok: true, value: '' };
  if (text === '')
    return current === undefined && field.required
      ? { ok: false, message: t(lang, 'interview.required') }
      : { ok: true, value: current };
  if (text === DONT_KNOW_TEXT)
    return field.required ? { ok: false, message: t(lang, 'interview.required') } : { ok: true, value: undefined };
  switch (field.type) {
    case 'string':
      if (emptyMeansNone(field) && isNoneWord(text)) return { ok: true, value: '' };
      break;
    case 'country': {
      const result = convertCell(field, text, lang);
      return 'error' in result
        ? { ok: false, message: t(lang, 'interview.country.invalid', { value: text }) }
        : { ok: true, value: result.value };
    }
    case 'integer':
    case 'number': {
      // an amount of money has no third decimal: `450,000` EUR is asked again, naming both readings, as assess
      // refuses it in a file, rather than taken for 450 under --lang fr (the echo showed it, easy to miss)
      // (only where the language's own decimal mark would take it for the decimal: 450,000 is 450000 in en)
      const both = field.unit === 'eur' ? readNumberCell(text, null) : null;
      if (both instanceof AmbiguousNumber && both.mark === decimalMarkOf(lang))
        return { ok: false, message: ambiguousMessage(both, lang) };
      const n = readNumber(text, lang);
      if (!Number.isFinite(n) || (field.type === 'integer' && !Number.isInteger(n)))
        return { ok: false, message: numberMessage(field, lang) };
      if (field.min !== undefined && n < field.min)
        return { ok: false, message: t(lang, 'interview.number.tooSmall', { value: text, min: field.min }) };
      if (field.max !== undefined && n > field.max)
        return { ok: false, message: t(lang, 'interview.number.tooLarge', { value: text, max: field.max }) };
      return { ok: true, value: n === 0 ? 0 : n };
    }
    default:
      break;
  }
  const result = convertCell(field, text, lang);
  return 'error' in result ? { ok: false, message: result.error } : { ok: true, value: result.value };
}

/**
 * The prompt for a question, with the current value as its default so that Enter keeps it. `offered` narrows an
 * enum's choices to those that matter for this brand (see choicesFor); the current value is always offered.
 */
export function promptFor(
  question: Question,
  current: unknown,
  lang: Lang,
  offered?: readonly string[] | null,
  knownUnknown = false,
): PromptSpec {
  const field = question.field;
  const message = questionText(question, lang);
  const path = field.path;
  const dontKnow: Choice = { value: DONT_KNOW, name: t(lang, 'interview.dontKnow') };
  switch (field.type) {
    case 'enum': {
      const values = offered ? field.values!.filter((v) => offered.includes(v) || v === current) : field.values!;
      const choices = values.map((v) => ({ value: v, name: choiceName(v, lang) }));
      // a required field (the brand's category) cannot stay unknown: no "don't know", and no default to press Enter on
      // by mistake
      if (field.required)
        return {
          kind: 'select',
          spec: { field: path, message, choices, default: typeof current === 'string' ? current : choices[0]!.value },
        };
      return {
        kind: 'select',
        spec: {
          field: path,
          message,
          choices: [...choices, dontKnow],
          default: typeof current === 'string' ? current : DONT_KNOW,
        },
      };
    }
    case 'boolean':
      return {
        kind: 'select',
        spec: {
          field: path,
          message,
          choices: [
            { value: 'true', name: t(lang, 'value.yes') },
            { value: 'false', name: t(lang, 'value.no') },
            dontKnow,
          ],
          default: typeof current === 'boolean' ? String(current) : DONT_KNOW,
        },
      };
    case 'list': {
      const held = Array.isArray(current) ? (current as unknown[]) : null;
      return {
        kind: 'checkbox',
        spec: {
          field: path,
          message,
          choices: [
            ...field.values!.map((v) => ({ value: v, name: choiceName(v, lang), checked: held?.includes(v) ?? false })),
            { ...dontKnow, checked: held === null },
          ],
          // "don't know" starts ticked on an unknown list: ticking items says the answer is known, so they win.
          // On a known list, ticking "don't know" beside its items is ambiguous and asked again.
          validate: (values) =>
            held !== null && values.includes(DONT_KNOW) && values.length > 1
              ? t(lang, 'interview.list.dontKnowAlone')
              : true,
          display: (values) => {
            const items = values.length > 1 ? values.filter((v) => v !== DONT_KNOW) : values;
            if (items.length === 0) return t(lang, 'interview.none');
            return items.map((v) => (v === DONT_KNOW ? dontKnow.name : choiceName(v, lang))).join(', ');
          },
        },
      };
    }
    default: {
      const hint = field.required
        ? ''
        : emptyMeansNone(field)
          ? t(lang, 'interview.textHint.string')
          : t(lang, 'interview.textHint');
      // a profile being updated that leaves a "none"-able field out says "unknown": Enter keeps that, shown as "?"
      const def =
        current === undefined && knownUnknown && emptyMeansNone(field)
          ? DONT_KNOW_TEXT
          : defaultText(field, current, lang);
      return {
        kind: 'text',
        spec: {
          field: path,
          message: hint ? `${message} ${hint}` : message,
          ...(def !== undefined ? { default: def } : {}),
          validate: (raw) => {
            const parsed = parseTextAnswer(field, raw, current, lang);
            return parsed.ok ? true : parsed.message;
          },
          display: (raw) => {
            const parsed = parseTextAnswer(field, raw, current, lang);
            if (parsed.ok && parsed.value === undefined) return dontKnow.name;
            if (parsed.ok && parsed.value === '' && emptyMeansNone(field)) return t(lang, 'interview.none');
            // a country code is stored in capitals whatever was typed
            if (field.type === 'country' && parsed.ok) return String(parsed.value);
            // the number understood, beside what was typed when they differ, so that a misread cannot hide
            if ((field.type === 'number' || field.type === 'integer') && parsed.ok && typeof parsed.value === 'number')
              return echoNumber(raw, parsed.value);
            return raw;
          },
        },
      };
    }
  }
}

/** The profile value an answer stands for; undefined means unknown (the field is left out). */
export function answerValue(
  question: Question,
  answer: string | readonly string[],
  current: unknown,
  lang: Lang,
): unknown {
  const field = question.field;
  if (Array.isArray(answer)) {
    // items ticked beside a "don't know" that was ticked from the start are the answer (see promptFor)
    if (answer.includes(DONT_KNOW) && (answer.length === 1 || Array.isArray(current))) return undefined;
    const items = answer.filter((v) => v !== DONT_KNOW);
    // the same items as before keep their order, so that Enter throughout rewrites the profile unchanged
    if (
      Array.isArray(current) &&
      current.length === items.length &&
      items.every((v) => (current as unknown[]).includes(v))
    )
      return current;
    return items;
  }
  const text = answer as string;
  if (field.type === 'enum') return text === DONT_KNOW ? undefined : text;
  if (field.type === 'boolean') return text === DONT_KNOW ? undefined : text === 'true';
  const parsed = parseTextAnswer(field, text, current, lang);
  // the prompt validated the answer already; an invalid one here would be a bug in the caller: keep the old value
  return parsed.ok ? parsed.value : current;
}
