// `validate --format`: the schema check alone, in the formats a pipeline reads (github, sarif, junit, json), so
// that CI can gate on the profile's shape before any rule. One Validation per input profile, valid or not, with
// its problems and warnings as data; each format file words them (github.ts, sarif.ts, junit.ts), json here.
import { t } from '../i18n/index.js';
import type { Diagnostic, Lang, Position, ReadItem, Source } from '../types.js';

export interface Validation {
  source: Source;
  brand: string | null;
  /** what the schema refuses; empty for a valid profile */
  errors: Diagnostic[];
  /** unknown fields and other warnings (errors under --strict) */
  warnings: Diagnostic[];
  /** where the document or CSV row starts */
  location: Position | undefined;
}

export interface ValidationSummary {
  total: number;
  valid: number;
  invalid: number;
}

/** The line ending `validate`: each count's noun in the language's number (fr: '1 invalide', '0 invalide'). */
export function validationSummaryLine(summary: ValidationSummary, lang: Lang): string {
  const one = (count: number): boolean => new Intl.PluralRules(lang).select(count) === 'one';
  const valid = t(lang, one(summary.valid) ? 'validate.valid.one' : 'validate.valid', { count: summary.valid });
  const invalid = t(lang, one(summary.invalid) ? 'validate.invalid.one' : 'validate.invalid', {
    count: summary.invalid,
  });
  return t(lang, summary.total === 1 ? 'validate.summary.one' : 'validate.summary.many', {
    total: summary.total,
    valid,
    invalid,
  });
}

export interface ValidationContext {
  tool: { name: string; version: string };
  lang: Lang;
  /** github, junit, sarif: the folder their paths are relative to (the repository's root; see report/locate.ts) */
  pathBase?: string;
}

/** A format of `validate`: streamed item by item, or (junit) put together at the end from the items kept. */
export interface ValidationFormatter {
  header(ctx: ValidationContext): string;
  item(v: Validation, lang: Lang, ctx: ValidationContext): string;
  footer(summary: ValidationSummary, lang: Lang, items: readonly Validation[], ctx: ValidationContext): string;
  /** keeps every item for the footer (a format whose document opens with the totals) */
  readonly keepItems?: boolean;
}

export const VALIDATION_FORMATS = ['text', 'json', 'github', 'sarif', 'junit'] as const;
export type ValidationFormat = (typeof VALIDATION_FORMATS)[number];

export function toValidation(item: ReadItem): Validation {
  if (item.kind === 'error') {
    const first = item.errors.find((e) => e.line !== undefined);
    const fromRow = item.source.row !== null ? { line: item.source.row, column: 1 } : undefined;
    const location = item.position ?? (first ? { line: first.line!, column: first.column ?? 1 } : fromRow);
    return {
      source: item.source,
      brand: item.brand,
      errors: item.errors.filter((e) => e.severity === 'error'),
      warnings: item.errors.filter((e) => e.severity === 'warning'),
      location,
    };
  }
  const p = item.profile;
  const name = p.values[1];
  return {
    source: p.source,
    brand: typeof name === 'string' ? name : null,
    errors: [],
    warnings: p.warnings.filter((w) => w.severity === 'warning'),
    location: p.position ?? (p.source.row !== null ? { line: p.source.row, column: 1 } : { line: 1, column: 1 }),
  };
}

const written = new WeakMap<ValidationContext, number>();

/** `validate --format json`: one object, `profiles` streamed one per line as they are read, then the summary. */
export const jsonValidation: ValidationFormatter = {
  header: (ctx) => {
    written.set(ctx, 0);
    return `{"tool":${JSON.stringify(ctx.tool)},"profiles":[`;
  },
  item(v, _lang, ctx) {
    const n = written.get(ctx) ?? 0;
    written.set(ctx, n + 1);
    const profile = {
      source: { file: v.source.file, row: v.source.row, document: v.source.document },
      brand: v.brand,
      valid: v.errors.length === 0,
      errors: v.errors,
      warnings: v.warnings,
    };
    return `${n === 0 ? '\n' : ',\n'}${JSON.stringify(profile)}`;
  },
  footer: (summary, _lang, _items, ctx) => {
    written.delete(ctx);
    return `\n],"summary":${JSON.stringify(summary)}}\n`;
  },
};
