// A check or condition described in words, for `rules show`, in the chosen language.
import { t, type MessageKey } from '../i18n/index.js';
import type { Lang } from '../types.js';
import type { Check, Condition } from './types.js';

const SYMBOLS: Record<string, string> = { equals: '=', 'not-equals': '≠', gte: '≥', gt: '>', lte: '≤', lt: '<' };
const WORDS: Record<string, MessageKey> = {
  in: 'check.in',
  'not-in': 'check.notIn',
  between: 'check.between',
  'contains-any': 'check.containsAny',
  'contains-all': 'check.containsAll',
  matches: 'check.matches',
};

export function describeCheck(node: Check | Condition, lang: Lang = 'en'): string {
  const sub = (n: Check | Condition): string => describeCheck(n, lang);
  const sep = t(lang, 'punct.semicolon');
  if ('all' in node) return t(lang, 'check.all', { items: node.all.map(sub).join(sep) });
  if ('any' in node) return t(lang, 'check.any', { items: node.any.map(sub).join(sep) });
  if ('not' in node) return t(lang, 'check.not', { item: sub(node.not) });
  if ('map' in node && node.map)
    return t(lang, 'check.graded', {
      field: node.field,
      map: Object.entries(node.map)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    });
  if ('ramp' in node && node.ramp)
    return t(lang, 'check.ramp', { field: node.field, from: node.ramp.from, to: node.ramp.to });
  if ('table' in node) {
    const op = Object.keys(node).find((k) => k !== 'table' && k !== 'column')!;
    const value = (node as unknown as Record<string, unknown>)[op];
    const word = SYMBOLS[op] ?? (WORDS[op] ? t(lang, WORDS[op]!) : op);
    return `${node.table}.${node.column} ${word} ${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value)}`;
  }
  const op = Object.keys(node).find((k) => k !== 'field' && k !== 'or-absent')!;
  const raw = (node as unknown as Record<string, unknown>)[op];
  // a number read from a market table reads as table.column
  const value =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? `${(raw as { table: string }).table}.${(raw as { column: string }).column}`
      : raw;
  if (op === 'key-in')
    return `${node.field} ${t(lang, 'check.in')} [${(value as unknown[]).join(', ')}${'or-absent' in node ? ', ?' : ''}]`;
  if (typeof value === 'string' && raw !== value) return `${node.field} ${SYMBOLS[op] ?? op} ${value}`;
  if (op === 'present') return t(lang, value ? 'check.known' : 'check.unknown', { field: node.field });
  if (op === 'min-items') return t(lang, 'check.minItems', { field: node.field, value });
  if (op === 'min-length') return t(lang, 'check.minLength', { field: node.field, value });
  const word = SYMBOLS[op] ?? (WORDS[op] ? t(lang, WORDS[op]!) : op);
  return `${node.field} ${word} ${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value)}`;
}
