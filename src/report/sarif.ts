// `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other static-analysis dashboards read it. The pack's
// rules are the driver's reportingDescriptors; each failed or missing finding is a result located on its field's
// line in the dossier (the document's line when the field is absent; for CSV the row and the field's column).
// Streamed: the rules go out first, then the results as profiles are assessed. No timestamps, no absolute paths
// of the machine: the same inputs give the same bytes.
import type { Finding, Position, Result } from '../types.js';
import type { Formatter, ReportContext, ReportRule } from './types.js';
import type { Words } from './words.js';
import { isOpen } from './github.js';
import { reportPath } from './locate.js';

/** The rule under which a profile that cannot be read or validated is reported. */
export const INVALID_PROFILE_RULE = 'market-ready/invalid-profile';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Results written so far in each run, for the commas between them, and the index of each rule id. */
const runs = new WeakMap<ReportContext, { written: number; index: Map<string, number> }>();

const isUrl = (s: string): boolean => /^https?:\/\/\S+$/i.test(s);

function descriptor(rule: ReportRule): Record<string, unknown> {
  const level = rule.blocker ? 'error' : 'warning';
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.expected ? `${rule.title}: ${rule.expected}` : rule.title },
    ...(rule.remedy ? { help: { text: rule.remedy } } : {}),
    ...(isUrl(rule.source) ? { helpUri: rule.source } : {}),
    defaultConfiguration: { level },
    properties: {
      category: rule.category,
      field: rule.field,
      weight: rule.weight,
      blocker: rule.blocker,
      effort: rule.effort,
      source: rule.source,
      tags: rule.blocker ? [rule.category, 'blocker'] : [rule.category],
    },
  };
}

const INVALID_PROFILE: Record<string, unknown> = {
  id: INVALID_PROFILE_RULE,
  shortDescription: { text: 'The profile cannot be read or validated' },
  fullDescription: { text: 'The file, document or CSV row could not be read, or does not follow the profile schema; it was not assessed.' },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['input'] },
};

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `?`, non-ASCII). */
export function fileUri(file: string): { uri: string; uriBaseId?: string } {
  const path = reportPath(file);
  const encoded = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  return path.startsWith('/') ? { uri: `file://${encoded}` } : { uri: encoded, uriBaseId: '%SRCROOT%' };
}

function location(file: string, where: Position | undefined): Record<string, unknown>[] {
  if (file === '<stdin>') return [];
  const region = where ? { region: { startLine: Math.max(1, where.line), startColumn: Math.max(1, where.column) } } : {};
  return [{ physicalLocation: { artifactLocation: fileUri(file), ...region } }];
}

function who(result: Result): string {
  return result.brand ?? (result.source.row !== null ? `row ${result.source.row}` : `document ${(result.source.document ?? 0) + 1}`);
}

function findingResult(result: Result, finding: Finding, ruleIndex: number | undefined, words: Words): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: finding.blocker ? 'error' : 'warning',
    message: { text: `${who(result)}: ${words.message(finding)}` },
    locations: location(result.source.file, finding.location ?? result.location),
    properties: {
      brand: result.brand,
      status: finding.status,
      blocker: finding.blocker,
      field: finding.field,
      actual: finding.actual,
      verdict: result.verdict,
      score: result.score,
      ...(result.source.row !== null ? { row: result.source.row } : {}),
      ...(result.source.document !== null ? { document: result.source.document } : {}),
    },
  };
}

function errorResults(result: Result, ruleIndex: number): Record<string, unknown>[] {
  return result.errors.map((error) => {
    const line = error.line ?? error.row ?? result.location?.line;
    const where = line !== undefined && line !== null ? { line, column: error.line !== undefined ? error.column ?? 1 : 1 } : undefined;
    return {
      ruleId: INVALID_PROFILE_RULE,
      ruleIndex,
      level: 'error',
      message: { text: error.field ? `${error.field}: ${error.message}` : error.message },
      locations: location(result.source.file, where),
      properties: { brand: result.brand, verdict: 'error', ...(error.field ? { field: error.field } : {}) },
    };
  });
}

export const sarif: Formatter = {
  streaming: true,
  locations: true,
  header(ctx) {
    const rules = ctx.words.rules();
    const index = new Map<string, number>(rules.map((r, i) => [r.id, i]));
    index.set(INVALID_PROFILE_RULE, rules.length);
    runs.set(ctx, { written: 0, index });
    const driver = {
      name: ctx.tool.name,
      version: ctx.tool.version,
      semanticVersion: ctx.tool.version,
      rules: [...rules.map(descriptor), INVALID_PROFILE],
    };
    const head = JSON.stringify({ $schema: SCHEMA, version: '2.1.0', runs: [{ tool: { driver } }] });
    // everything up to the opening of the results array; result() and footer() write the rest
    return `${head.slice(0, -3)},"columnKind":"utf16CodeUnits","results":[`;
  },
  result(result, ctx) {
    let run = runs.get(ctx);
    if (!run) runs.set(ctx, (run = { written: 0, index: new Map() }));
    const items =
      result.verdict === 'error'
        ? errorResults(result, run.index.get(INVALID_PROFILE_RULE) ?? 0)
        : result.findings.filter(isOpen).map((f) => findingResult(result, f, run.index.get(f.ruleId), ctx.words));
    let out = '';
    for (const item of items) {
      out += (run.written === 0 ? '\n' : ',\n') + JSON.stringify(item);
      run.written++;
    }
    return out;
  },
  footer(ctx, summary) {
    runs.delete(ctx);
    const properties = { pack: ctx.pack, threshold: ctx.threshold, summary };
    return `\n],"properties":${JSON.stringify(properties)}}]}\n`;
  },
};
