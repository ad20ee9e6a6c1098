// Lookup of catalogue messages and of the localized text that rule packs carry.
import type { Change, Lang, Localized } from '../types.js';
import { en, fr, zh, type Catalogue, type MessageKey } from './catalogue.js';
import { valueLabel } from './values.js';

export type { MessageKey } from './catalogue.js';

const catalogues: Record<Lang, Catalogue> = { en, fr, zh };

export function fill(template: string, data: Record<string, unknown> | undefined): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

export function t(lang: Lang, key: MessageKey, data?: Record<string, unknown>): string {
  return fill(catalogues[lang][key] ?? en[key], data);
}

/** A percentage as each language writes it: `85.7%`, `85,7 %` (French puts a no-break space before the sign). */
export function percent(n: number, lang: Lang): string {
  return `${formatNumber(n, lang)}${lang === 'fr' ? '\u00a0' : ''}%`;
}

/** A remark in parentheses after a text: ` (text)`, in Chinese full-width `（text）` with no space before. */
export function aside(text: string, lang: Lang): string {
  return lang === 'zh' ? `（${text}）` : ` (${text})`;
}

/** A count and its label, singular for one: `1 profile`, `3 profiles` (`label.x` and `label.x.one`). */
export function counted(
  lang: Lang,
  count: number,
  key: 'label.total' | 'label.approved' | 'label.turnedDown' | 'label.errored',
): string {
  // grouped as the language writes numbers: '50,000 profiles', '50 000 profils' (the summary of a large batch)
  return `${formatNumber(count, lang)} ${t(lang, count === 1 ? `${key}.one` : key)}`;
}

/**
 * What the brand was at the baseline: `was turned down at 44.1`; a profile the baseline could not read has no score
 * to quote, so `was unreadable` alone.
 */
export function changeBefore(change: Pick<Change, 'verdictBefore' | 'scoreBefore'>, lang: Lang): string {
  const verdict = t(lang, `verdict.was.${change.verdictBefore}`);
  if (change.scoreBefore === null) return t(lang, 'label.change.beforeUnscored', { verdict });
  return t(lang, 'label.change.before', { verdict, score: formatNumber(change.scoreBefore, lang) });
}

/** The text in the wanted language, falling back to English. */
export function pick(text: Localized | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] ?? text.en;
}

/** Language from --lang, else from LC_ALL / LC_MESSAGES / LANG (fr_FR.UTF-8 -> fr), else English. */
export function detectLang(env: Record<string, string | undefined>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (!value) continue;
    const code = value.toLowerCase().slice(0, 2);
    if (code === 'fr' || code === 'zh') return code;
    if (value !== 'C' && value !== 'POSIX') return 'en';
  }
  return 'en';
}

/** A profile value as a person reads it. */
export function formatValue(value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return t(lang, 'value.unknown');
  if (value === true) return t(lang, 'value.yes');
  if (value === false) return t(lang, 'value.no');
  if (Array.isArray(value))
    return value.length === 0
      ? t(lang, 'value.none')
      : value.map((v) => valueLabel(String(v), lang)).join(lang === 'zh' ? '、' : ', ');
  if (typeof value === 'number') return formatNumber(value, lang);
  if (value === '') return t(lang, 'value.none');
  return typeof value === 'string' ? valueLabel(value, lang) : String(value);
}

/**
 * A finding's value as "profile says" shows it, on its own: with the field's unit, so that a price gap reads
 * `60%` and a budget `EUR 50,000` rather than bare numbers. Rule messages carry the unit in their own words
 * and use formatValue.
 */
export function formatActual(field: string | null | undefined, value: unknown, lang: Lang): string {
  const text = formatValue(value, lang);
  if (typeof value !== 'number' || !field) return text;
  if (field.endsWith('Pct')) return lang === 'fr' ? `${text}\u00a0%` : `${text}%`;
  if (field.endsWith('Eur')) return lang === 'fr' ? `${text}\u00a0EUR` : lang === 'zh' ? zhEuros(value) : `EUR ${text}`;
  return text;
}

/**
 * A euro amount as a Chinese reader writes it, and as the packs' texts do: in 万 (ten thousands) from 10,000 on
 * ("80 万欧元", "1000 万欧元"), when that is exact to two decimals; otherwise in digits ("3,300 欧元", "123,456 欧元").
 */
export function zhEuros(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 10000 && n % 100 === 0) return `${formatNumber(n / 10000, 'zh')} 万欧元`;
  return `${formatNumber(n, 'zh')} 欧元`;
}

const SEPARATORS: Record<Lang, { thousands: string; decimal: string }> = {
  en: { thousands: ',', decimal: '.' },
  // French groups digits with a narrow no-break space (1 234 567,5), so that a number never breaks across lines
  fr: { thousands: '\u202f', decimal: ',' },
  zh: { thousands: ',', decimal: '.' },
};

/**
 * At most two decimals, grouped thousands, the language's decimal mark. Written out rather than with
 * Intl.NumberFormat because creating the latter loads ICU data and costs ~10 ms of every start-up.
 */
export function formatNumber(n: number, lang: Lang): string {
  // toFixed writes 1e21 and above in exponent form, with no decimal point to split on: keep that form
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return String(n);
  const { thousands, decimal } = SEPARATORS[lang];
  // whole numbers (most amounts in a batch's failure messages) need no rounding and no decimals
  if (Number.isInteger(n) && n < 1e13 && n > -1e13)
    return (n < 0 ? '-' : '') + grouped(String(n < 0 ? -n : n), thousands);
  // issue 11: below 1e12 the hundredths are counted as an integer, exactly as toFixed(2) of the rounded value
  // writes them (a double there is within 2^-12 of k / 100), without toFixed, split and two regexes (430 ns)
  if (n < 1e12 && n > -1e12) {
    const k = Math.round(n * 100);
    const hundredths = k < 0 ? -k : k;
    const whole = Math.floor(hundredths / 100);
    const fraction = hundredths - whole * 100;
    const decimals =
      fraction === 0 ? '' : fraction % 10 === 0 ? String(fraction / 10) : (fraction < 10 ? '0' : '') + fraction;
    return (k < 0 ? '-' : '') + grouped(String(whole), thousands) + (decimals ? decimal + decimals : '');
  }
  const rounded = Math.round(n * 100) / 100;
  const [whole, fraction] = Math.abs(rounded).toFixed(2).split('.') as [string, string];
  const decimals = fraction.replace(/0+$/, '');
  return `${rounded < 0 ? '-' : ''}${grouped(whole, thousands)}${decimals ? decimal + decimals : ''}`;
}

/** Digits grouped by thousands from the right; four digits or fewer stay as they are (1234, 12,345). */
function grouped(digits: string, thousands: string): string {
  if (digits.length <= 4) return digits;
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += thousands + digits.slice(i, i + 3);
  return out;
}
