// `--format junit`: JUnit XML as GitLab, Jenkins, Azure and the GitHub test-report actions read it. One
// <testsuite> per run (the pack), one <testcase> per profile (name = brand, classname = file or file:row): a
// turn-down is a <failure> with the reasons, a profile that cannot be read an <error>. No timestamps, time="0":
// the same inputs give the same bytes.
//
// The suite's counts sit on its opening tag, so each testcase is rendered to text as it comes and spooled to a
// temporary file (see spooled.ts); the document is put together at the end around it.
import type { Result, Summary } from '../types.js';
import type { Words } from './words.js';
import type { Formatter, ReportContext, SpooledReport } from './types.js';
import { renderInMemory } from './spooled.js';
import { formatDiagnostic } from '../errors.js';
import { reportPath } from './locate.js';

// the one XML escaping (src/report/escape.ts)
import { xmlAttr, xmlText } from './escape.js';
export { xmlAttr, xmlText };

const attrs = (pairs: [string, string | number | undefined][]): string =>
  pairs.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');

function caseName(result: Result): string {
  if (result.brand) return result.brand;
  return result.source.row !== null ? `row ${result.source.row}` : `document ${(result.source.document ?? 0) + 1}`;
}

export function renderTestcase(result: Result, words: Words): string {
  const file = reportPath(result.source.file);
  const classname = result.source.row !== null ? `${file}:${result.source.row}` : file;
  const line = result.source.row ?? result.location?.line;
  const open = `  <testcase${attrs([['name', caseName(result)], ['classname', classname], ['file', file], ['line', line], ['time', '0']])}`;
  const score = `score ${result.score} (threshold ${result.threshold}, completeness ${result.completeness}%)`;
  const worded = words.reasons(result);
  const reasons = worded.map((r) => `- ${r}`).join('\n');
  if (result.verdict === 'error') {
    const first = result.errors[0]?.message ?? 'the profile cannot be assessed';
    const body = result.errors.map(formatDiagnostic).join('\n');
    return `${open}>\n    <error${attrs([['message', first], ['type', 'invalid-profile']])}>${xmlText(body)}</error>\n  </testcase>\n`;
  }
  if (result.verdict === 'turn-down') {
    const message = `turn-down: ${worded[0] ?? score}`;
    return `${open}>\n    <failure${attrs([['message', message], ['type', 'turn-down']])}>${xmlText(`turn-down, ${score}\n${reasons}`)}</failure>\n  </testcase>\n`;
  }
  // an approve passes; what still fails or is unknown is kept in its output for whoever reads the report
  return `${open}>\n    <system-out>${xmlText(`approve, ${score}${reasons ? `\n${reasons}` : ''}`)}</system-out>\n  </testcase>\n`;
}

/** The document around its testcases (spool 0). */
function document(ctx: ReportContext, summary: Summary): (string | number)[] {
  const counts: [string, number][] = [['tests', summary.total], ['failures', summary.turnDown], ['errors', summary.error], ['skipped', 0]];
  const suiteName = `${ctx.pack.name} (${ctx.pack.id} ${ctx.pack.version})`;
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs([['name', ctx.tool.name], ...counts, ['time', '0']])}>\n` +
    `<testsuite${attrs([['name', suiteName], ...counts, ['time', '0']])}>\n` +
    '  <properties>\n' +
    `    <property${attrs([['name', 'tool'], ['value', `${ctx.tool.name} ${ctx.tool.version}`]])}/>\n` +
    `    <property${attrs([['name', 'pack'], ['value', `${ctx.pack.id} ${ctx.pack.version}`]])}/>\n` +
    `    <property${attrs([['name', 'pack.digest'], ['value', ctx.pack.digest]])}/>\n` +
    `    <property${attrs([['name', 'threshold'], ['value', ctx.threshold]])}/>\n` +
    '  </properties>\n';
  return [head, 0, '</testsuite>\n</testsuites>\n'];
}

function spooled(ctx: ReportContext): SpooledReport {
  return {
    spools: 1,
    detailed: () => true,
    add: (result) => [renderTestcase(result, ctx.words)],
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
