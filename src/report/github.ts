// `--format github`: GitHub Actions workflow commands. One annotation per failed criterion, on the line of its
// field in the dossier (for CSV the row and the field's column): blockers as `::error`, the rest as `::warning`.
// The fields missing from a profile are one annotation at the document's line listing them (an `::error` when a
// knock-out needs one). Each warning, an unknown (misspelt) field first of all, is a `::warning` at its own line
// with its "did you mean". A profile that could not be read gets one `::error` per problem. Between them, one
// plain line per profile with its verdict, for people reading the log.
import type { Diagnostic, Finding, Lang, Position, Result } from '../types.js';
import type { Formatter, ReportContext } from './types.js';
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
  type MissingGroup,
  who,
} from './ci-findings.js';
import { validationSummaryLine, type Validation, type ValidationFormatter } from './validation.js';
import { formatNumber, t } from '../i18n/index.js';

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
  const message = `${who(result)}${t(words.lang, 'punct.colon')}${words.message(finding)}${rule.remedy ? `\n${rule.remedy}` : ''}`;
  return annotation(
    finding.blocker ? 'error' : 'warning',
    { file, ...(where ? { line: where.line, col: where.column } : {}), title },
    message,
  );
}

function errorAnnotation(location: Position | undefined, file: string, error: Diagnostic, title: string): string {
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
function missingAnnotation(group: MissingGroup, result: Result, file: string, lang: Lang): string {
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

/** GitHub shows at most this many annotations of each level (error, warning) in a step; the rest only in the log. */
export const SHOWN_PER_LEVEL = 10;
/**
 * The text held back while the decisive annotations go first, at most: past it the run streams in input order,
 * so that a CSV of 200,000 approved rows (which never gives ten decisive annotations) does not sit in memory.
 */
const HELD_MAX_CHARS = 1 << 20;

type Counted = 'error' | 'warning';
interface Piece {
  level: Counted;
  text: string;
}

/** What a run of the format keeps between results: the decisive annotations come first (see `github.result`). */
interface GithubRun {
  decisive: Record<Counted, number>;
  /** the rest of every result so far, in input order; null once written, the run then streams in order */
  held: string[] | null;
  heldChars: number;
  written: Record<Counted, number>;
}
const runs = new WeakMap<ReportContext, GithubRun>();

function runOf(ctx: ReportContext): GithubRun {
  let run = runs.get(ctx);
  if (!run)
    runs.set(
      ctx,
      (run = { decisive: { error: 0, warning: 0 }, held: [], heldChars: 0, written: { error: 0, warning: 0 } }),
    );
  return run;
}

/** A result's annotations in the order they are written, and which of them is its most decisive problem (-1: none). */
function resultPieces(result: Result, file: string, ctx: ReportContext): { pieces: Piece[]; decisive: number } {
  const pieces: Piece[] = result.warnings.map((w) => ({
    level: 'warning',
    text: warningAnnotation(result.location, file, w, ctx.lang),
  }));
  if (result.verdict === 'error') {
    // titled in --lang like the message under it, as validate's are
    const unassessable = t(ctx.lang, 'ci.unassessable');
    const first = pieces.length;
    for (const error of result.errors)
      pieces.push({ level: 'error', text: errorAnnotation(result.location, file, error, unassessable) });
    return { pieces, decisive: pieces.length > first ? first : -1 };
  }
  const byRule = new Map<string, number>();
  for (const finding of failedFindings(result)) {
    byRule.set(finding.ruleId, pieces.length);
    pieces.push({
      level: finding.blocker ? 'error' : 'warning',
      text: findingAnnotation(result, file, finding, ctx.words),
    });
  }
  const group = missingGroup(result, ctx.words);
  const missingAt = pieces.length;
  if (group)
    pieces.push({ level: group.blocker ? 'error' : 'warning', text: missingAnnotation(group, result, file, ctx.lang) });
  if (result.verdict !== 'turn-down') return { pieces, decisive: -1 };
  // the first decisive rule that has an annotation of its own (a failed criterion), or the missing fields' one
  for (const id of result.decisive) {
    const at = byRule.get(id);
    if (at !== undefined) return { pieces, decisive: at };
    if (group && group.fields.some((f) => f.rules.some((r) => r.id === id))) return { pieces, decisive: missingAt };
  }
  return { pieces, decisive: pieces.length > 0 ? 0 : -1 };
}

/** The closing notice when GitHub will hide some annotations: how many there are, and that 10 of each kind show. */
function limitNotice(written: Record<Counted, number>, lang: Lang): string {
  if (written.error <= SHOWN_PER_LEVEL && written.warning <= SHOWN_PER_LEVEL) return '';
  const message = t(lang, 'ci.annotationLimit', {
    total: formatNumber(written.error + written.warning, lang),
    errors: formatNumber(written.error, lang),
    warnings: formatNumber(written.warning, lang),
    shown: SHOWN_PER_LEVEL,
  });
  return `::notice title=${escapeProperty(t(lang, 'ci.annotationLimit.title', { shown: SHOWN_PER_LEVEL }))}::${escapeData(message)}\n`;
}

/**
 * GitHub shows 10 error and 10 warning annotations per step: the first ones written are each failing profile's
 * most decisive problem (one per profile, in input order), and the rest of every result (its verdict line, its
 * other annotations) waits until ten decisive annotations of each level are out (or HELD_MAX_CHARS is held), then
 * goes out in input order and the run streams on as usual.
 */
export const github: Formatter = {
  streaming: true,
  locations: true,
  header: () => '',
  result(result, ctx) {
    const run = runOf(ctx);
    const file = reportPath(result.source.file, ctx.pathBase);
    const { pieces, decisive } = resultPieces(result, file, ctx);
    for (const piece of pieces) run.written[piece.level]++;
    const first = decisive >= 0 ? pieces[decisive]!.text : '';
    const verdict = verdictLine(result, file);
    const others = pieces.map((p, i) => (i === decisive ? '' : p.text)).join('');
    // streaming: the profile's verdict line, its most decisive problem, then its other annotations
    if (run.held === null) return verdict + first + others;
    const rest = verdict + others;
    if (decisive >= 0) run.decisive[pieces[decisive]!.level]++;
    run.held.push(rest);
    run.heldChars += rest.length;
    const enough = run.decisive.error >= SHOWN_PER_LEVEL && run.decisive.warning >= SHOWN_PER_LEVEL;
    if (!enough && run.heldChars <= HELD_MAX_CHARS) return first;
    const out = first + run.held.join('');
    run.held = null;
    return out;
  },
  footer(ctx, summary) {
    const run = runOf(ctx);
    runs.delete(ctx);
    return (
      (run.held ?? []).join('') +
      limitNotice(run.written, ctx.lang) +
      `market-ready: ${summary.total} profile${summary.total === 1 ? '' : 's'}: ${summary.approve} approve, ${summary.turnDown} turn-down, ${summary.error} error\n`
    );
  },
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
