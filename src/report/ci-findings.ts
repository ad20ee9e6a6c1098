// What the CI formats (github, sarif, junit) report of a result, as data: each failed criterion on its own, the
// fields missing from the profile as one group (a sparse dossier would otherwise get twenty "not in the profile"
// annotations on its first line), and the profile's warnings, unknown (misspelt) fields first among them, each at
// its own line. Pure; the formats put the words around it.
import { t } from '../i18n/index.js';
import type { Diagnostic, Finding, Lang, Position, Result } from '../types.js';
import type { Words } from './words.js';

/** A finding the brand must act on: failed or unknown, and not waived. */
export function isOpen(finding: Finding): boolean {
  return (finding.status === 'fail' || finding.status === 'missing') && !(finding.waiver && !finding.waiver.expired);
}

/** The failed criteria, one annotation each. */
export function failedFindings(result: Result): Finding[] {
  return result.findings.filter((f) => isOpen(f) && f.status === 'fail');
}

export interface MissingField {
  field: string;
  /** a knock-out needs it: without it the brand cannot be approved */
  knockOut: boolean;
  /** the rules that cannot be checked without it */
  rules: { id: string; title: string; blocker: boolean }[];
}

export interface MissingGroup {
  fields: MissingField[];
  /** how many criteria cannot be checked */
  criteria: number;
  /** some knock-out is unknown: an error, not a warning */
  blocker: boolean;
  /** where the profile starts (the document's line, or the CSV row) */
  location: Position | undefined;
}

/** The fields missing from a profile, knock-outs first, each with the criteria it leaves unchecked; null if none. */
export function missingGroup(result: Result, words: Words): MissingGroup | null {
  const missing = result.findings.filter((f) => isOpen(f) && f.status === 'missing');
  if (missing.length === 0) return null;
  const byField = new Map<string, MissingField>();
  for (const f of missing) {
    const field = words.unknownField(f);
    let entry = byField.get(field);
    if (!entry) byField.set(field, (entry = { field, knockOut: false, rules: [] }));
    entry.knockOut ||= f.blocker;
    entry.rules.push({ id: f.ruleId, title: words.title(f.ruleId), blocker: f.blocker });
  }
  const fields = [...byField.values()].sort((a, b) => Number(b.knockOut) - Number(a.knockOut));
  return { fields, criteria: missing.length, blocker: fields.some((f) => f.knockOut), location: result.location };
}

/** The group's one-line title and its message: a summary line, then one line per field with what needs it. */
export function missingWords(group: MissingGroup, who: string, lang: Lang): { title: string; message: string } {
  const count = group.fields.length;
  const title = count === 1 ? t(lang, 'ci.missing.title.one') : t(lang, 'ci.missing.title', { count });
  const fields = group.fields.map((f) => f.field).join(', ');
  const key = group.criteria === 1 ? 'ci.missing.message.one' : 'ci.missing.message';
  const summary = t(lang, key, { brand: who, count: group.criteria, fields });
  const knockOut = ` [${t(lang, 'ci.missing.knockOut')}]`;
  const rules = (f: MissingField): string => f.rules.map((r) => `${r.title} (${r.id})`).join('; ');
  const lines = group.fields.map((f) => `- ${f.field}${f.knockOut ? knockOut : ''}: ${rules(f)}`);
  return { title, message: [summary, ...lines].join('\n') };
}

/** Whether a warning is an unknown (misspelt) field, as the profile's validation words it. */
export function isUnknownField(d: Diagnostic, lang: Lang): boolean {
  if (d.field === undefined) return false;
  const words = t(lang, 'schema.unknownField', { hint: '' });
  return d.message.startsWith(words) || d.message.startsWith(t('en', 'schema.unknownField', { hint: '' }));
}

/** A warning's title: the unknown field it names, else the tool's. */
export function warningTitle(d: Diagnostic, lang: Lang): string {
  return isUnknownField(d, lang) ? t(lang, 'ci.unknownField.title', { field: d.field! }) : 'market-ready: warning';
}

/** A diagnostic's place: its line and column, else its CSV row, else where the profile starts. */
export function diagnosticPosition(d: Diagnostic, fallback: Position | undefined): Position | undefined {
  if (d.line !== undefined) return { line: d.line, column: d.column ?? 1 };
  if (d.row !== undefined && d.row !== null) return { line: d.row, column: 1 };
  return fallback;
}

/** A diagnostic's message with the field it is about. */
export function diagnosticMessage(d: Diagnostic): string {
  return d.field ? `${d.field}: ${d.message}` : d.message;
}

/** Who a result is about, for the start of a message: the brand, else its row or document. */
export function who(result: Pick<Result, 'brand' | 'source'>): string {
  if (result.brand) return result.brand;
  return result.source.row !== null ? `row ${result.source.row}` : `document ${(result.source.document ?? 0) + 1}`;
}

/**
 * `--baseline` in a CI log: what changed since the earlier report, in the plain English of the formats' verdict
 * lines ("since the baseline: was approved at 92.4 (-4.7); now failing: pricing/year1-budget-minimum"); null for
 * a result the baseline does not hold. Without it a pipeline given a baseline showed no trace of it.
 */
export function changeSince(result: Result): string | null {
  const ch = result.change;
  if (!ch) return null;
  const verdict = { approve: 'approved', 'turn-down': 'turned down', error: 'unreadable' }[ch.verdictBefore];
  const delta = !ch.scoreDelta ? '' : ` (${ch.scoreDelta > 0 ? '+' : ''}${ch.scoreDelta})`;
  const parts = [`was ${verdict}${ch.scoreBefore === null ? '' : ` at ${ch.scoreBefore}`}${delta}`];
  if (ch.newlyFailing.length) parts.push(`now failing: ${ch.newlyFailing.join(', ')}`);
  if (ch.newlyPassing.length) parts.push(`now passing: ${ch.newlyPassing.join(', ')}`);
  if (ch.noLongerCounted.length) parts.push(`no longer counted: ${ch.noLongerCounted.join(', ')}`);
  if (parts.length === 1) parts.push('no criterion changed');
  return `since the baseline: ${parts.join('; ')}`;
}
