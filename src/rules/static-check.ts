// Checks every rule of a pack against the profile schema before anything runs: the fields exist, the
// operators suit the field's type, enum values are real values, regular expressions are safe.
import { FIELDS, fieldDef, type FieldDef } from '../profile/fields.js';
import { suggest } from '../profile/suggest.js';
import type { Check, Condition, RuleSpec } from './types.js';
import { unsafeRegexReason } from './safe-regex.js';

export interface StaticProblem {
  /** path inside the rule, e.g. ['check', 'all', 0, 'gte'] */
  path: (string | number)[];
  message: string;
}

const NUMERIC_OPS = ['gte', 'gt', 'lte', 'lt', 'between'];
const LIST_OPS = ['contains-any', 'contains-all', 'min-items'];
const STRING_OPS = ['min-length', 'matches'];
const VALUE_OPS = ['equals', 'not-equals', 'in', 'not-in'];
const isNumeric = (f: FieldDef) => f.type === 'number' || f.type === 'integer' || f.type === 'version';
const isStringy = (f: FieldDef) => f.type === 'string' || f.type === 'country' || f.type === 'enum';
const FIELD_PATHS = FIELDS.map((f) => f.path);

function checkValue(f: FieldDef, value: unknown, at: (string | number)[], problems: StaticProblem[]): void {
  const show = JSON.stringify(value);
  if (f.type === 'boolean' && typeof value !== 'boolean') problems.push({ path: at, message: `field ${f.path} is a boolean; ${show} can never match` });
  else if (isNumeric(f) && typeof value !== 'number') problems.push({ path: at, message: `field ${f.path} is a number; ${show} can never match` });
  else if ((f.type === 'enum' || f.type === 'list') && !f.values!.includes(String(value))) {
    const hint = suggest(String(value), f.values!);
    problems.push({ path: at, message: `${show} is not a value of ${f.path} (one of ${f.values!.join(', ')})${hint ? `; did you mean ${hint}?` : ''}` });
  } else if ((f.type === 'string' || f.type === 'country') && typeof value !== 'string') problems.push({ path: at, message: `field ${f.path} is a string; ${show} can never match` });
}

function resolveField(field: string, at: (string | number)[], problems: StaticProblem[]): FieldDef | undefined {
  const f = fieldDef(field);
  if (!f) {
    const hint = suggest(field, FIELD_PATHS);
    problems.push({ path: [...at, 'field'], message: `field ${field} does not exist${hint ? ` (did you mean ${hint}?)` : ''}` });
  }
  return f;
}

function checkCondition(cond: Condition, at: (string | number)[], problems: StaticProblem[], depth: number): void {
  if (depth > 20) {
    problems.push({ path: at, message: 'conditions are nested more than 20 levels deep' });
    return;
  }
  if ('all' in cond) return cond.all.forEach((c, i) => checkCondition(c, [...at, 'all', i], problems, depth + 1));
  if ('any' in cond) return cond.any.forEach((c, i) => checkCondition(c, [...at, 'any', i], problems, depth + 1));
  if ('not' in cond) return checkCondition(cond.not, [...at, 'not'], problems, depth + 1);
  const f = resolveField(cond.field, at, problems);
  if (!f) return;
  const op = Object.keys(cond).find((k) => k !== 'field')!;
  const operand = (cond as unknown as Record<string, unknown>)[op];
  const opAt = [...at, op];
  if (NUMERIC_OPS.includes(op) && !isNumeric(f) && f.type !== 'list') {
    problems.push({ path: opAt, message: `${op} compares numbers, but ${f.path} is ${f.type === 'enum' ? 'an enum' : `a ${f.type}`}` });
  } else if (NUMERIC_OPS.includes(op) && f.type === 'list') {
    problems.push({ path: opAt, message: `${op} compares numbers, but ${f.path} is a list (use min-items)` });
  } else if (LIST_OPS.includes(op) && f.type !== 'list') {
    problems.push({ path: opAt, message: `${op} needs a list field, but ${f.path} is ${f.type === 'enum' ? 'an enum' : `a ${f.type}`}` });
  } else if (STRING_OPS.includes(op) && !isStringy(f)) {
    problems.push({ path: opAt, message: `${op} needs a text field, but ${f.path} is a ${f.type}` });
  } else if (op === 'matches') {
    const reason = unsafeRegexReason(String(operand));
    if (reason) problems.push({ path: opAt, message: `regular expression refused: ${reason}` });
  } else if (VALUE_OPS.includes(op)) {
    if (f.type === 'list') problems.push({ path: opAt, message: `${op} compares one value, but ${f.path} is a list (use contains-any or contains-all)` });
    else (Array.isArray(operand) ? operand : [operand]).forEach((v, i) => checkValue(f, v, Array.isArray(operand) ? [...opAt, i] : opAt, problems));
  } else if (op === 'contains-any' || op === 'contains-all') {
    (operand as unknown[]).forEach((v, i) => checkValue(f, v, [...opAt, i], problems));
  }
  if (op === 'between') {
    const [lo, hi] = operand as [number, number];
    if (lo > hi) problems.push({ path: opAt, message: `between [${lo}, ${hi}] is empty: the first bound must not exceed the second` });
  }
}

function checkCheck(check: Check, at: (string | number)[], problems: StaticProblem[]): void {
  if ('map' in check || 'ramp' in check) {
    const f = resolveField(check.field, at, problems);
    if (!f) return;
    if (check.map) {
      if (f.type !== 'enum' && f.type !== 'boolean') problems.push({ path: [...at, 'map'], message: `map gives credit per value, so it needs an enum or boolean field, but ${f.path} is a ${f.type}` });
      else {
        const allowed = f.type === 'boolean' ? ['true', 'false'] : f.values!;
        for (const key of Object.keys(check.map)) {
          if (!allowed.includes(key)) {
            const hint = suggest(key, allowed);
            problems.push({ path: [...at, 'map', key], message: `${key} is not a value of ${f.path} (one of ${allowed.join(', ')})${hint ? `; did you mean ${hint}?` : ''}` });
          }
        }
      }
    } else if (!isNumeric(f) && f.type !== 'list') {
      problems.push({ path: [...at, 'ramp'], message: `ramp needs a number or list field, but ${f.path} is ${f.type === 'enum' ? 'an enum' : `a ${f.type}`}` });
    }
    return;
  }
  checkCondition(check, at, problems, 0);
}

export function checkRule(rule: RuleSpec, categories: ReadonlySet<string>): StaticProblem[] {
  const problems: StaticProblem[] = [];
  if (!categories.has(rule.category)) {
    const hint = suggest(rule.category, categories);
    problems.push({ path: ['category'], message: `category ${rule.category} is not declared in the manifest (${[...categories].join(', ')})${hint ? `; did you mean ${hint}?` : ''}` });
  }
  checkCheck(rule.check, ['check'], problems);
  if (rule.when) checkCondition(rule.when, ['when'], problems, 0);
  if (rule.field) resolveField(rule.field, [], problems);
  // only the message is filled in, with {actual} and {expected}; any other {name} would be printed as it is
  for (const [lang, text] of Object.entries(rule.message ?? {})) {
    for (const [, name] of String(text).matchAll(/\{(\w+)\}/g)) {
      if (name === 'actual' || name === 'expected') continue;
      const hint = suggest(name!, ['actual', 'expected']);
      problems.push({ path: ['message', lang], message: `unknown placeholder {${name}}: a message can use {actual} and {expected}${hint ? ` (did you mean {${hint}}?)` : ''}` });
    }
  }
  return problems;
}
