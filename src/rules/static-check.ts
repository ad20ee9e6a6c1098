// Checks every rule of a pack against the profile schema before anything runs: the fields exist, the
// operators suit the field's type, enum values are real values, regular expressions are safe.
import { FIELDS, fieldDef, type FieldDef } from '../profile/fields.js';
import { suggest } from '../profile/suggest.js';
import type { Check, Condition, Lookup, RuleSpec, TableRef, TableSpec } from './types.js';
import { unsafeRegexReason } from './safe-regex.js';
import { neverTrue } from './satisfiable.js';
import { tableComparison } from './expand.js';
import { t } from '../i18n/index.js';
import type { Lang } from '../types.js';

/** What a rule may refer to besides profile fields: the pack's market tables, routes and marketplace name. */
export interface RuleContext {
  tables: ReadonlyMap<string, TableSpec>;
  routes: ReadonlySet<string>;
  /** the pack (or a pack it extends) names its marketplace, so `{marketplace}` can be filled in */
  marketplace: boolean;
  /** false when a rule file was refused: its tables are unknown, so a lookup of them is not reported */
  tablesComplete?: boolean;
  /** the language of the problems (default en): the pack author's --lang */
  lang?: Lang;
}

export const EMPTY_CONTEXT: RuleContext = { tables: new Map(), routes: new Set(), marketplace: false };

export interface StaticProblem {
  /** path inside the rule, e.g. ['check', 'all', 0, 'gte'] */
  path: (string | number)[];
  message: string;
}

const NUMERIC_OPS = ['gte', 'gt', 'lte', 'lt', 'between'];
const LIST_OPS = ['contains-any', 'contains-all', 'min-items'];
const STRING_OPS = ['min-length', 'matches', 'script'];
const VALUE_OPS = ['equals', 'not-equals', 'in', 'not-in'];
const isNumeric = (f: FieldDef) => f.type === 'number' || f.type === 'integer' || f.type === 'version';
const isStringy = (f: FieldDef) => f.type === 'string' || f.type === 'country' || f.type === 'enum';
const FIELD_PATHS = FIELDS.map((f) => f.path);

function checkValue(f: FieldDef, value: unknown, at: (string | number)[], problems: StaticProblem[], lang: Lang): void {
  const show = JSON.stringify(value);
  if (f.type === 'boolean' && typeof value !== 'boolean')
    problems.push({
      path: at,
      message: t(lang, 'check.booleanNeverMatches', { field: f.path, value: show }),
    });
  else if (isNumeric(f) && typeof value !== 'number')
    problems.push({
      path: at,
      message: t(
        lang,
        typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? 'check.numberQuoted' : 'check.numberNeverMatches',
        {
          field: f.path,
          value: show,
        },
      ),
    });
  else if ((f.type === 'enum' || f.type === 'list') && !f.values!.includes(String(value))) {
    const hint = suggest(String(value), f.values!);
    const values = f.values!.join(', ');
    const after = hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '';
    problems.push({
      path: at,
      message: t(lang, 'check.notAValue', { value: show, field: f.path, values, hint: after }),
    });
  } else if ((f.type === 'string' || f.type === 'country') && typeof value !== 'string')
    problems.push({ path: at, message: t(lang, 'check.stringNeverMatches', { field: f.path, value: show }) });
}

function resolveField(
  field: string,
  at: (string | number)[],
  problems: StaticProblem[],
  lang: Lang,
): FieldDef | undefined {
  const f = fieldDef(field);
  if (!f) {
    const hint = suggest(field, FIELD_PATHS);
    problems.push({
      path: [...at, 'field'],
      message: t(lang, 'check.fieldMissing', {
        field,
        hint: hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '',
      }),
    });
  }
  return f;
}

/** The table and column a lookup names, with a "did you mean" for either. */
function resolveColumn(ref: TableRef, at: (string | number)[], problems: StaticProblem[], ctx: RuleContext) {
  const lang = ctx.lang ?? 'en';
  const table = ctx.tables.get(ref.table);
  if (!table && ctx.tablesComplete === false) return undefined;
  if (!table) {
    const hint = suggest(ref.table, [...ctx.tables.keys()]);
    const known =
      ctx.tables.size > 0
        ? t(lang, 'check.tablesKnown', { tables: [...ctx.tables.keys()].join(', ') })
        : t(lang, 'check.noTables');
    problems.push({
      path: [...at, 'table'],
      message: t(lang, 'check.tableMissing', {
        table: ref.table,
        hint: hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : known,
      }),
    });
    return undefined;
  }
  const column = table.columns[ref.column];
  if (!column) {
    const names = Object.keys(table.columns);
    const hint = suggest(ref.column, names);
    problems.push({
      path: [...at, 'column'],
      message: t(lang, 'check.columnMissing', {
        table: table.id,
        column: ref.column,
        columns: names.join(', '),
        hint: hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '',
      }),
    });
    return undefined;
  }
  return column;
}

function checkLookup(cond: Lookup, at: (string | number)[], problems: StaticProblem[], ctx: RuleContext): void {
  const column = resolveColumn(cond, at, problems, ctx);
  if (!column) return;
  const lang = ctx.lang ?? 'en';
  const where = { column: cond.column, table: cond.table };
  const op = Object.keys(cond).find((k) => k !== 'table' && k !== 'column')!;
  const operand = (cond as unknown as Record<string, unknown>)[op];
  const opAt = [...at, op];
  const numeric = column.type === 'number';
  if (NUMERIC_OPS.includes(op) && !numeric) {
    problems.push({
      path: opAt,
      message: t(lang, column.values ? 'check.opColumnValues' : 'check.opColumnBooleans', { op, ...where }),
    });
    return;
  }
  for (const [i, v] of (Array.isArray(operand) ? operand : [operand]).entries()) {
    const valueAt = Array.isArray(operand) ? [...opAt, i] : opAt;
    const show = JSON.stringify(v);
    if (column.values && !column.values.includes(String(v))) {
      const hint = suggest(String(v), column.values);
      problems.push({
        path: valueAt,
        message: t(lang, 'check.notAColumnValue', {
          value: show,
          ...where,
          values: column.values.join(', '),
          hint: hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '',
        }),
      });
    } else if (column.type === 'boolean' && typeof v !== 'boolean')
      problems.push({ path: valueAt, message: t(lang, 'check.columnBooleans', { ...where, value: show }) });
    else if (numeric && typeof v !== 'number')
      problems.push({ path: valueAt, message: t(lang, 'check.columnNumbers', { ...where, value: show }) });
  }
}

function checkCondition(
  cond: Condition,
  at: (string | number)[],
  problems: StaticProblem[],
  depth: number,
  ctx: RuleContext = EMPTY_CONTEXT,
): void {
  const lang = ctx.lang ?? 'en';
  if (depth > 20) {
    problems.push({ path: at, message: t(lang, 'check.tooDeep', { depth: 20 }) });
    return;
  }
  if ('all' in cond) return cond.all.forEach((c, i) => checkCondition(c, [...at, 'all', i], problems, depth + 1, ctx));
  if ('any' in cond) return cond.any.forEach((c, i) => checkCondition(c, [...at, 'any', i], problems, depth + 1, ctx));
  if ('not' in cond) return checkCondition(cond.not, [...at, 'not'], problems, depth + 1, ctx);
  if ('table' in cond) return checkLookup(cond, at, problems, ctx);
  const f = resolveField(cond.field, at, problems, lang);
  if (!f) return;
  const op = Object.keys(cond).find((k) => k !== 'field')!;
  const type = aType(f.type, lang);
  const operand = (cond as unknown as Record<string, unknown>)[op];
  const opAt = [...at, op];
  if (NUMERIC_OPS.includes(op) && operand !== null && typeof operand === 'object' && !Array.isArray(operand)) {
    // a number read from a market table
    const column = resolveColumn(operand as TableRef, opAt, problems, ctx);
    if (column && column.type !== 'number')
      problems.push({
        path: opAt,
        message: t(lang, 'check.opColumnNotNumeric', {
          op,
          column: (operand as TableRef).column,
          table: (operand as TableRef).table,
        }),
      });
    if (!isNumeric(f))
      problems.push({
        path: opAt,
        message: t(lang, 'check.opNumbers', { op, field: f.path, type }),
      });
    return;
  }
  if (NUMERIC_OPS.includes(op) && !isNumeric(f) && f.type !== 'list') {
    problems.push({
      path: opAt,
      message: t(lang, 'check.opNumbers', { op, field: f.path, type }),
    });
  } else if (NUMERIC_OPS.includes(op) && f.type === 'list') {
    problems.push({ path: opAt, message: t(lang, 'check.opNumbersList', { op, field: f.path }) });
  } else if (LIST_OPS.includes(op) && f.type !== 'list') {
    problems.push({
      path: opAt,
      message: t(lang, 'check.opNeedsList', { op, field: f.path, type }),
    });
  } else if (STRING_OPS.includes(op) && !isStringy(f)) {
    problems.push({ path: opAt, message: t(lang, 'check.opNeedsText', { op, field: f.path, type }) });
  } else if (op === 'matches') {
    const reason = unsafeRegexReason(String(operand), lang);
    if (reason) problems.push({ path: opAt, message: t(lang, 'check.regexRefused', { reason }) });
  } else if (VALUE_OPS.includes(op)) {
    if (f.type === 'list')
      problems.push({
        path: opAt,
        message: t(lang, 'check.opOneValue', { op, field: f.path }),
      });
    else
      (Array.isArray(operand) ? operand : [operand]).forEach((v, i) =>
        checkValue(f, v, Array.isArray(operand) ? [...opAt, i] : opAt, problems, lang),
      );
  } else if (op === 'contains-any' || op === 'contains-all') {
    (operand as unknown[]).forEach((v, i) => checkValue(f, v, [...opAt, i], problems, lang));
  }
  if (op === 'between') {
    const [lo, hi] = operand as [number, number];
    if (lo > hi)
      problems.push({
        path: opAt,
        message: t(lang, 'check.betweenEmpty', { lo, hi }),
      });
  }
}

/** A field type with its article, in the language: an enum, an integer, a string. */
export function aType(type: FieldDef['type'], lang: Lang): string {
  return t(lang, `check.type.${type}`);
}

function checkCheck(check: Check, at: (string | number)[], problems: StaticProblem[], ctx: RuleContext): void {
  if ('map' in check || 'ramp' in check) {
    const lang = ctx.lang ?? 'en';
    const f = resolveField(check.field, at, problems, lang);
    if (!f) return;
    const type = aType(f.type, lang);
    if (check.map) {
      if (f.type !== 'enum' && f.type !== 'boolean')
        problems.push({
          path: [...at, 'map'],
          message: t(lang, 'check.mapNeedsEnum', { field: f.path, type }),
        });
      else {
        const allowed = f.type === 'boolean' ? ['true', 'false'] : f.values!;
        for (const key of Object.keys(check.map)) {
          if (!allowed.includes(key)) {
            const hint = suggest(key, allowed);
            problems.push({
              path: [...at, 'map', key],
              message: t(lang, 'check.notAValue', {
                value: key,
                field: f.path,
                values: allowed.join(', '),
                hint: hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '',
              }),
            });
          }
        }
      }
    } else if (!isNumeric(f) && f.type !== 'list') {
      problems.push({
        path: [...at, 'ramp'],
        message: t(lang, 'check.rampNeeds', { field: f.path, type }),
      });
    }
    return;
  }
  checkCondition(check, at, problems, 0, ctx);
}

const TEXTS = ['title', 'expected', 'message', 'remedy'] as const;

export function checkRule(
  rule: RuleSpec,
  categories: ReadonlySet<string>,
  ctx: RuleContext = EMPTY_CONTEXT,
): StaticProblem[] {
  const problems: StaticProblem[] = [];
  const lang = ctx.lang ?? 'en';
  if (!categories.has(rule.category)) {
    const suggestion = suggest(rule.category, categories);
    const hint = suggestion ? t(lang, 'check.didYouMeanAfter', { suggestion }) : '';
    const declared = [...categories].join(', ');
    problems.push({
      path: ['category'],
      // a pack that extends none and lists no categories: an empty "()" said nothing
      message:
        categories.size === 0
          ? t(lang, 'check.noCategories', { category: rule.category })
          : t(lang, 'check.categoryMissing', { category: rule.category, categories: declared, hint }),
    });
  }
  const before = problems.length;
  checkCheck(rule.check, ['check'], problems, ctx);
  if (rule.when) checkCondition(rule.when, ['when'], problems, 0, ctx);
  if (rule.field) resolveField(rule.field, [], problems, lang);
  for (const [i, route] of (rule.routes ?? []).entries()) {
    if (ctx.routes.has(route)) continue;
    const hint = suggest(route, [...ctx.routes]);
    const known =
      ctx.routes.size > 0
        ? t(lang, 'check.routesKnown', { routes: [...ctx.routes].join(', ') })
        : t(lang, 'check.noRoutes');
    problems.push({
      path: ['routes', i],
      message: t(lang, 'check.routeMissing', {
        route,
        known,
        hint: hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '',
      }),
    });
  }
  // a rule that can never apply, or a knock-out nobody can meet, turns brands down (or not) with no reason
  if (problems.length === before) {
    if (rule.when && neverTrue(rule.when)) problems.push({ path: ['when'], message: t(lang, 'check.neverApplies') });
    if (rule.blocker && !('map' in rule.check || 'ramp' in rule.check) && neverTrue(rule.check as Condition)) {
      problems.push({
        path: ['check'],
        message: t(lang, 'check.knockOutForAll'),
      });
    }
  }
  // the engine fills {actual} and {expected} into a message, and {required} (the table's number for the profile)
  // into that of a check comparing its field to a market table's number; the loader fills {marketplace} everywhere
  const fromTable = tableComparison(rule.check) !== undefined;
  const inMessage = fromTable
    ? ['actual', 'expected', 'required', 'marketplace']
    : ['actual', 'expected', 'marketplace'];
  for (const part of TEXTS) {
    const allowed = part === 'message' ? inMessage : ['marketplace'];
    for (const [textLang, text] of Object.entries(rule[part] ?? {})) {
      for (const [, name] of String(text).matchAll(/\{(\w+)\}/g)) {
        if (name === 'marketplace' && !ctx.marketplace) {
          problems.push({
            path: [part, textLang],
            message: t(lang, 'check.marketplaceUnnamed'),
          });
          continue;
        }
        if (allowed.includes(name!)) continue;
        const hint = suggest(name!, allowed);
        const can =
          part === 'message'
            ? t(lang, fromTable ? 'check.canMessageTable' : 'check.canMessage') +
              (name === 'required' ? t(lang, 'check.requiredWhere') : '')
            : t(lang, 'check.canText', { part });
        const said = hint ? t(lang, 'schema.didYouMean', { suggestion: `{${hint}}` }) : '';
        problems.push({
          path: [part, textLang],
          message: t(lang, 'check.unknownPlaceholder', { placeholder: `{${name}}`, can, hint: said }),
        });
      }
    }
  }
  return problems;
}

/** A route's condition: checked like a rule's `when`, and refused when it can never hold. */
export function checkRouteCondition(cond: Condition, ctx: RuleContext): StaticProblem[] {
  const problems: StaticProblem[] = [];
  checkCondition(cond, [], problems, 0, ctx);
  if (problems.length === 0 && neverTrue(cond))
    problems.push({ path: [], message: t(ctx.lang ?? 'en', 'check.routeNeverTrue') });
  return problems;
}
