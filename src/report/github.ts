// `--format github`: GitHub Actions workflow commands. One annotation per failed or missing finding, on the line
// of its field in the dossier (the document's line when the field is absent; for CSV the row and the field's
// column): blockers as `::error`, the rest as `::warning`. A profile that could not be read gets one `::error`
// per problem. Between them, one plain line per profile with its verdict, for people reading the log.
import type { Diagnostic, Finding, Result } from '../types.js';
import type { Formatter } from './types.js';
import type { Words } from './words.js';
import { reportPath } from './locate.js';

// GitHub's toolkit rule for every field of every annotation (src/report/escape.ts): % CR LF in data, also : , in
// properties; and the plain log lines between annotations are made safe as for a terminal, on one line each, so a
// brand or file name holding a newline cannot start a line with `::error` of its own
import { forTerminal, githubData as escapeData, githubProperty as escapeProperty } from './escape.js';
export { escapeData, escapeProperty };

type Level = 'error' | 'warning' | 'notice';

export function annotation(level: Level, props: { file: string; line?: number; col?: number; title: string }, message: string): string {
  const parts = [`file=${escapeProperty(props.file)}`];
  if (props.line !== undefined) parts.push(`line=${props.line}`);
  if (props.col !== undefined) parts.push(`col=${props.col}`);
  parts.push(`title=${escapeProperty(props.title)}`);
  return `::${level} ${parts.join(',')}::${escapeData(message)}\n`;
}

/** A finding the brand must act on: failed or unknown, and not waived. */
export function isOpen(finding: Finding): boolean {
  return (finding.status === 'fail' || finding.status === 'missing') && !(finding.waiver && !finding.waiver.expired);
}

function who(result: Result): string {
  return result.brand ?? (result.source.row !== null ? `row ${result.source.row}` : `document ${(result.source.document ?? 0) + 1}`);
}

function findingAnnotation(result: Result, file: string, finding: Finding, words: Words): string {
  const where = finding.location ?? result.location;
  const rule = words.rule(finding.ruleId);
  // the level says blocker or not; the title names the rule, so an annotation can be traced to `rules show`
  const title = `${rule.title} [${finding.ruleId}]`;
  const message = `${who(result)}: ${words.message(finding)}${rule.remedy ? `\n${rule.remedy}` : ''}`;
  return annotation(finding.blocker ? 'error' : 'warning', { file, ...(where ? { line: where.line, col: where.column } : {}), title }, message);
}

function errorAnnotation(result: Result, file: string, error: Diagnostic): string {
  const line = error.line ?? error.row ?? result.location?.line;
  const col = error.line !== undefined ? error.column : undefined;
  const message = error.field ? `${error.field}: ${error.message}` : error.message;
  return annotation('error', { file, ...(line !== undefined && line !== null ? { line } : {}), ...(col !== undefined ? { col } : {}), title: 'market-ready: the profile cannot be assessed' }, message);
}

function verdictLine(result: Result, file: string): string {
  const where = forTerminal(result.source.row !== null ? `${file}:${result.source.row}` : result.location ? `${file}:${result.location.line}` : file);
  const name = forTerminal(who(result));
  if (result.verdict === 'error') return `market-ready ${where}: ${name}: error (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})\n`;
  return `market-ready ${where}: ${name}: ${result.verdict}, score ${result.score} (threshold ${result.threshold})\n`;
}

export const github: Formatter = {
  streaming: true,
  locations: true,
  header: () => '',
  result(result, ctx) {
    const file = reportPath(result.source.file);
    let out = verdictLine(result, file);
    if (result.verdict === 'error') {
      for (const error of result.errors) out += errorAnnotation(result, file, error);
      return out;
    }
    for (const finding of result.findings) if (isOpen(finding)) out += findingAnnotation(result, file, finding, ctx.words);
    return out;
  },
  footer: (_ctx, summary) => `market-ready: ${summary.total} profile${summary.total === 1 ? '' : 's'}: ${summary.approve} approve, ${summary.turnDown} turn-down, ${summary.error} error\n`,
};
