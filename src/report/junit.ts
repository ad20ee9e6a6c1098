// `--format junit`: JUnit XML as GitLab, Jenkins, Azure and the GitHub test-report actions read it. One
// <testsuite> per run (the pack), one <testcase> per profile (name = brand, classname = file or file:row with `_`
// for its dots, see junitClassname; file = the exact path): a turn-down is a <failure> with each failed criterion
// at its line and the fields missing from the profile as one list, a profile that cannot be read an <error>; its
// warnings (an unknown field and its "did you mean") go to <system-err>, each at its line. No timestamps,
// time="0": the same inputs give the same bytes.
//
// The suite's counts sit on its opening tag, so each testcase is rendered to text as it comes and spooled to a
// temporary file (see spooled.ts); the document is put together at the end around it.
import type { Diagnostic, Result, Summary } from '../types.js';
import type { Words } from './words.js';
import type { Formatter, ReportContext, SpooledReport } from './types.js';
import { renderInMemory } from './spooled.js';
import { diagnosticLine } from '../errors.js';
import { reportPath } from './locate.js';
import { changeSince, diagnosticPosition, failedFindings, missingGroup, missingWords, who } from './ci-findings.js';
import type { Validation, ValidationFormatter } from './validation.js';

// the one XML escaping (src/report/escape.ts)
import { xmlAttr, xmlText } from './escape.js';
export { xmlAttr, xmlText };

const attrs = (pairs: [string, string | number | undefined][]): string =>
  pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

/**
 * A testcase's `classname`: its file (and CSV row), with `_` for each `.`. Jenkins' JUnit plugin splits a classname
 * at its last dot into package and class, so `dossiers/x.yaml` showed as class `yaml` of package `dossiers/x`, every
 * dossier under one class "yaml" (and `x.csv:4` as class `csv:4`); without dots each file is a class of its own,
 * still read as its path. The exact path stays in `file` (GitLab links to it) and in the failure's lines.
 */
export function junitClassname(file: string, row: number | null): string {
  const name = row !== null ? `${file}:${row}` : file;
  return name.replaceAll('.', '_');
}

function caseName(result: Result): string {
  if (result.brand) return result.brand;
  return result.source.row !== null ? `row ${result.source.row}` : `document ${(result.source.document ?? 0) + 1}`;
}

/** `file:line:column: warning: field: message`, one line per warning, for <system-err>. */
function warningLines(file: string, warnings: readonly Diagnostic[], fallback: Result['location']): string {
  return warnings
    .map((w) => {
      const where = diagnosticPosition(w, fallback);
      return `${where ? `${file}:${where.line}:${where.column}` : file}: warning: ${w.field ? `${w.field}: ` : ''}${w.message}`;
    })
    .join('\n');
}

const systemErr = (text: string): string => (text ? `    <system-err>${xmlText(text)}</system-err>\n` : '');

/** What the brand must act on: each failed criterion at its line, then the fields missing, as one list. */
function findingLines(result: Result, file: string, words: Words): string {
  const failed = failedFindings(result).map(
    (f) => `- ${words.message(f)}${f.location ? ` (${file}:${f.location.line})` : ''} [${f.ruleId}]`,
  );
  const group = missingGroup(result, words);
  const missing = group ? missingWords(group, who(result), words.lang).message : '';
  return [...failed, ...(missing ? [missing] : [])].join('\n');
}

/** An error's `message` attribute, the one line a CI's test view shows: with the field it is about. */
function errorMessage(error: Diagnostic): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}

/**
 * The testcase's `line`, for the CI to link to: a CSV row's line in the file (where a quoted cell above it spans
 * lines) or its row; for a document that cannot be read, its first error's line (a YAML syntax error at 7:9, a bad
 * value at 4:12) as the github and sarif formats place theirs, not the document's first line; else the document's.
 */
function testcaseLine(
  source: Result['source'],
  errors: readonly Diagnostic[],
  location: Result['location'],
): number | undefined {
  const firstErrorLine = source.row === null ? errors.find((e) => e.line !== undefined)?.line : undefined;
  return source.line ?? source.row ?? firstErrorLine ?? location?.line;
}

export function renderTestcase(result: Result, words: Words, base?: string): string {
  const file = reportPath(result.source.file, base);
  const classname = junitClassname(file, result.source.row);
  const line = testcaseLine(result.source, result.errors, result.location);
  const open = `  <testcase${attrs([
    ['name', caseName(result)],
    ['classname', classname],
    ['file', file],
    ['line', line],
    ['time', '0'],
  ])}`;
  const score = `score ${result.score} (threshold ${result.threshold}, completeness ${result.completeness}%)`;
  const warnings = systemErr(warningLines(file, result.warnings, result.location));
  if (result.verdict === 'error') {
    const first = result.errors[0] ? errorMessage(result.errors[0]) : 'the profile cannot be assessed';
    // the lines stderr printed, in their GCC form (a log parser reads the one as the other)
    const body = result.errors.map((d) => diagnosticLine(d, words.lang)).join('\n');
    return `${open}>\n    <error${attrs([
      ['message', first],
      ['type', 'invalid-profile'],
    ])}>${xmlText(body)}</error>\n${warnings}  </testcase>\n`;
  }
  const change = changeSince(result);
  const details = [change, findingLines(result, file, words)].filter(Boolean).join('\n');
  if (result.verdict === 'turn-down') {
    const message = `turn-down: ${words.reasons(result)[0] ?? score}`;
    return `${open}>\n    <failure${attrs([
      ['message', message],
      ['type', 'turn-down'],
    ])}>${xmlText(`turn-down, ${score}\n${details}`)}</failure>\n${warnings}  </testcase>\n`;
  }
  // an approve passes; what still fails or is unknown is kept in its output for whoever reads the report
  return `${open}>\n    <system-out>${xmlText(`approve, ${score}${details ? `\n${details}` : ''}`)}</system-out>\n${warnings}  </testcase>\n`;
}

/** The document around its testcases (spool 0). */
function document(ctx: ReportContext, summary: Summary): (string | number)[] {
  const counts: [string, number][] = [
    ['tests', summary.total],
    ['failures', summary.turnDown],
    ['errors', summary.error],
    ['skipped', 0],
  ];
  const suiteName = `${ctx.pack.name} (${ctx.pack.id} ${ctx.pack.version})`;
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs([['name', ctx.tool.name], ...counts, ['time', '0']])}>\n` +
    `<testsuite${attrs([['name', suiteName], ...counts, ['time', '0']])}>\n` +
    '  <properties>\n' +
    `    <property${attrs([
      ['name', 'tool'],
      ['value', `${ctx.tool.name} ${ctx.tool.version}`],
    ])}/>\n` +
    `    <property${attrs([
      ['name', 'pack'],
      ['value', `${ctx.pack.id} ${ctx.pack.version}`],
    ])}/>\n` +
    `    <property${attrs([
      ['name', 'pack.digest'],
      ['value', ctx.pack.digest],
    ])}/>\n` +
    `    <property${attrs([
      ['name', 'threshold'],
      ['value', ctx.threshold],
    ])}/>\n` +
    '  </properties>\n';
  return [head, 0, '</testsuite>\n</testsuites>\n'];
}

function spooled(ctx: ReportContext): SpooledReport {
  return {
    spools: 1,
    detailed: () => true,
    add: (result) => [renderTestcase(result, ctx.words, ctx.pathBase)],
    finish: (summary) => document(ctx, summary),
  };
}

export const junit: Formatter = {
  streaming: false,
  locations: true,
  header: () => '',
  result: () => '',
  footer: (ctx, summary, results) => renderInMemory(spooled(ctx), results, summary),
  spooled,
};

/** `validate --format junit`: one testcase per profile, an <error> for each invalid one, warnings in <system-err>. */
export const junitValidation: ValidationFormatter = {
  keepItems: true,
  header: () => '',
  item: () => '',
  footer(summary, lang, items, ctx) {
    const counts: [string, number][] = [
      ['tests', summary.total],
      ['failures', 0],
      ['errors', summary.invalid],
      ['skipped', 0],
    ];
    const cases = items.map((v: Validation) => {
      const file = reportPath(v.source.file, ctx.pathBase);
      const classname = junitClassname(file, v.source.row);
      const open = `  <testcase${attrs([
        ['name', v.brand ?? who(v)],
        ['classname', classname],
        ['file', file],
        ['line', testcaseLine(v.source, v.errors, v.location)],
        ['time', '0'],
      ])}>\n`;
      const error =
        v.errors.length > 0
          ? `    <error${attrs([
              ['message', errorMessage(v.errors[0]!)],
              ['type', 'invalid-profile'],
            ])}>${xmlText(v.errors.map((d) => diagnosticLine(d, lang)).join('\n'))}</error>\n`
          : '';
      return `${open}${error}${systemErr(warningLines(file, v.warnings, v.location))}  </testcase>\n`;
    });
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<testsuites${attrs([['name', ctx.tool.name], ...counts, ['time', '0']])}>\n` +
      `<testsuite${attrs([['name', `${ctx.tool.name} validate (profile schema)`], ...counts, ['time', '0']])}>\n` +
      cases.join('') +
      '</testsuite>\n</testsuites>\n'
    );
  },
};
