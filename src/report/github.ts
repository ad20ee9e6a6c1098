// `--format github`: GitHub Actions workflow commands. One annotation per failed criterion, on the line of its
// field in the dossier (for CSV the row and the field's column): blockers as `::error`, the rest as `::warning`.
// The fields missing from a profile are one annotation at the document's line listing them (an `::error` when a
// knock-out needs one). Each warning, an unknown (misspelt) field first of all, is a `::warning` at its own line
// with its "did you mean". A profile that could not be read gets one `::error` per problem. Between them, one
// plain line per profile with its verdict, for people reading the log.
import type { Diagnostic, Finding, Lang, Position, Result } from '../types.js';
import type { Formatter } from './types.js';
import type { Words } from './words.js';
import { reportPath } from './locate.js';
import {
  changeSince,
  diagnosticMessage,
  diagnosticPosition,
  failedFindings,
  missingGroup,
  missingWords,
  warningTitle,
  who,
} from './ci-findings.js';
import { validationSummaryLine, type Validation, type ValidationFormatter } from './validation.js';
import { t } from '../i18n/index.js';

export { isOpen } from './ci-findings.js';

// GitHub's toolkit rule for every field of every annotation (src/report/escape.ts): % CR LF in data, also : , in
// properties; and the plain log lines between annotations are made safe as for a terminal, on one line each, so a
// brand or file name holding a newline cannot start a line with `::error` of its own
import { forTerminal, githubData as escapeData, githubProperty as escapeProperty } from './escape.js';
export { escapeData, escapeProperty };

type Level = 'error' | 'warning' | 'notice';

export function annotation(
  level: Level,
  props: { file: string; line?: number; col?: number; title: string },
  message: string,
): string {
  const parts = [`file=${escapeProperty(props.file)}`];
  if (props.line !== undefined) parts.push(`line=${props.line}`);
  if (props.col !== undefined) parts.push(`col=${props.col}`);
  parts.push(`title=${escapeProperty(props.title)}`);
  return `::${level} ${parts.join(',')}::${escapeData(message)}\n`;
}

const at = (where: Position | undefined): { line?: number; col?: number } =>
  where ? { line: where.line, col: where.column } : {};

function findingAnnotation(result: Result, file: string, finding: Finding, words: Words): string {
  const where = finding.location ?? result.location;
  const rule = words.rule(finding.ruleId);
  // the level says blocker or not; the title names the rule, so an annotation can be traced to `rules show`
  const title = `${rule.title} [${finding.ruleId}]`;
  const message = `${who(result)}: ${words.message(finding)}${rule.remedy ? `\n${rule.remedy}` : ''}`;
  return annotation(
    finding.blocker ? 'error' : 'warning',
    { file, ...(where ? { line: where.line, col: where.column } : {}), title },
    message,
  );
}

function errorAnnotation(
  location: Position | undefined,
  file: string,
  error: Diagnostic,
  title = 'market-ready: the profile cannot be assessed',
): string {
  const line = error.line ?? error.row ?? location?.line;
  const col = error.line !== undefined ? error.column : undefined;
  return annotation(
    'error',
    { file, ...(line !== undefined && line !== null ? { line } : {}), ...(col !== undefined ? { col } : {}), title },
    diagnosticMessage(error),
  );
}

/** A warning (an unknown field and its "did you mean") at its own line. */
function warningAnnotation(location: Position | undefined, file: string, warning: Diagnostic, lang: Lang): string {
  return annotation(
    'warning',
    { file, ...at(diagnosticPosition(warning, location)), title: warningTitle(warning, lang) },
    diagnosticMessage(warning),
  );
}

/** The fields missing from the profile, in one annotation at its first line. */
function missingAnnotation(result: Result, file: string, lang: Lang, ruleWords: Words): string {
  const group = missingGroup(result, ruleWords);
  if (!group) return '';
  const words = missingWords(group, who(result), lang);
  return annotation(
    group.blocker ? 'error' : 'warning',
    { file, ...at(group.location), title: words.title },
    words.message,
  );
}

function verdictLine(result: Result, file: string): string {
  const where = forTerminal(
    result.source.row !== null
      ? `${file}:${result.source.row}`
      : result.location
        ? `${file}:${result.location.line}`
        : file,
  );
  const name = forTerminal(who(result));
  if (result.verdict === 'error')
    return `market-ready ${where}: ${name}: error (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})\n`;
  const change = changeSince(result);
  return `market-ready ${where}: ${name}: ${result.verdict}, score ${result.score} (threshold ${result.threshold})${change ? `; ${change}` : ''}\n`;
}

export const github: Formatter = {
  streaming: true,
  locations: true,
  header: () => '',
  result(result, ctx) {
    const file = reportPath(result.source.file, ctx.pathBase);
    let out = verdictLine(result, file);
    for (const warning of result.warnings) out += warningAnnotation(result.location, file, warning, ctx.lang);
    if (result.verdict === 'error') {
      for (const error of result.errors) out += errorAnnotation(result.location, file, error);
      return out;
    }
    for (const finding of failedFindings(result)) out += findingAnnotation(result, file, finding, ctx.words);
    return out + missingAnnotation(result, file, ctx.lang, ctx.words);
  },
  footer: (_ctx, summary) =>
    `market-ready: ${summary.total} profile${summary.total === 1 ? '' : 's'}: ${summary.approve} approve, ${summary.turnDown} turn-down, ${summary.error} error\n`,
};

/** `validate --format github`: each schema problem an `::error`, each warning a `::warning`, at its own line. */
export const githubValidation: ValidationFormatter = {
  header: () => '',
  item(v: Validation, lang: Lang, ctx) {
    const file = reportPath(v.source.file, ctx.pathBase);
    const where = v.source.row !== null ? `${file}:${v.source.row}` : v.location ? `${file}:${v.location.line}` : file;
    const state = v.errors.length > 0 ? `${t(lang, 'ci.invalid')} (${v.errors.length})` : t(lang, 'ci.valid');
    let out = `market-ready ${where}: ${who(v)}: ${state}\n`;
    for (const error of v.errors) out += errorAnnotation(v.location, file, error, t(lang, 'ci.invalidProfile'));
    for (const warning of v.warnings) out += warningAnnotation(v.location, file, warning, lang);
    return out;
  },
  footer: (summary, lang) => `${validationSummaryLine(summary, lang)}\n`,
};
