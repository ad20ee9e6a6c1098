// `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other static-analysis dashboards read it. The pack's
// rules are the driver's reportingDescriptors; each failed or missing finding is a result located on its field's
// line in the dossier (the document's line when the field is absent; for CSV the row and the field's column).
// Streamed: the rules go out first, then the results as profiles are assessed. No timestamps, no absolute paths
// of the machine: the same inputs give the same bytes.
import type { Diagnostic, Finding, Lang, Position, Result } from '../types.js';
import type { Formatter, ReportContext, ReportRule } from './types.js';
import type { Words } from './words.js';
import { reportPath } from './locate.js';
import {
  diagnosticMessage,
  diagnosticPosition,
  failedFindings,
  isUnknownField,
  missingGroup,
  missingWords,
  who,
} from './ci-findings.js';
import type { Validation, ValidationContext, ValidationFormatter } from './validation.js';
import { t } from '../i18n/index.js';

/** The rule under which a profile that cannot be read or validated is reported. */
export const INVALID_PROFILE_RULE = 'market-ready/invalid-profile';
/** The fields missing from a profile, one result listing them (the criteria they leave unchecked in its properties). */
export const MISSING_DATA_RULE = 'market-ready/missing-data';
/** A field the profile schema does not know, most often a misspelt one (with its "did you mean"). */
export const UNKNOWN_FIELD_RULE = 'market-ready/unknown-field';
/** Any other warning about the profile (a waiver for a rule the pack lacks...). */
export const PROFILE_WARNING_RULE = 'market-ready/profile-warning';

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

/** One of the tool's own rules, described in the run's language as the pack's rules are. */
function ownRule(
  id: string,
  words: 'invalidProfile' | 'missingData' | 'unknownField' | 'profileWarning',
  level: 'error' | 'warning',
  tags: string[],
  lang: Lang,
): Record<string, unknown> {
  return {
    id,
    shortDescription: { text: t(lang, `sarif.${words}.short`) },
    fullDescription: { text: t(lang, `sarif.${words}.full`) },
    defaultConfiguration: { level },
    properties: { tags },
  };
}

const invalidProfile = (lang: Lang) => ownRule(INVALID_PROFILE_RULE, 'invalidProfile', 'error', ['input'], lang);
const unknownField = (lang: Lang) => ownRule(UNKNOWN_FIELD_RULE, 'unknownField', 'warning', ['input'], lang);
const profileWarning = (lang: Lang) => ownRule(PROFILE_WARNING_RULE, 'profileWarning', 'warning', ['input'], lang);
const missingData = (lang: Lang) =>
  ownRule(MISSING_DATA_RULE, 'missingData', 'warning', ['input', 'missing-data'], lang);

/** The tool's own rules, after the pack's, in this order. */
const OWN_RULE_IDS = [INVALID_PROFILE_RULE, MISSING_DATA_RULE, UNKNOWN_FIELD_RULE, PROFILE_WARNING_RULE];
const ownRules = (lang: Lang) => [invalidProfile(lang), missingData(lang), unknownField(lang), profileWarning(lang)];

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `?`, non-ASCII). */
export function fileUri(file: string, base?: string): { uri: string; uriBaseId?: string } {
  const path = reportPath(file, base);
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return path.startsWith('/') ? { uri: `file://${encoded}` } : { uri: encoded, uriBaseId: '%SRCROOT%' };
}

function location(file: string, where: Position | undefined, base: string | undefined): Record<string, unknown>[] {
  if (file === '<stdin>') return [];
  const region = where
    ? { region: { startLine: Math.max(1, where.line), startColumn: Math.max(1, where.column) } }
    : {};
  return [{ physicalLocation: { artifactLocation: fileUri(file, base), ...region } }];
}

function findingResult(
  result: Result,
  finding: Finding,
  ruleIndex: number | undefined,
  words: Words,
  base: string | undefined,
): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: finding.blocker ? 'error' : 'warning',
    // --baseline: SARIF's own word for a criterion failing since the earlier report, or failing in both
    ...(result.change
      ? { baselineState: result.change.newlyFailing.includes(finding.ruleId) ? 'new' : 'unchanged' }
      : {}),
    // the brand, then what failed, punctuated as the language writes it ('Maison : …', '品牌：…')
    message: { text: `${who(result)}${t(words.lang, 'punct.colon')}${words.message(finding)}` },
    locations: location(result.source.file, finding.location ?? result.location, base),
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

function errorResults(
  result: Pick<Result, 'brand' | 'source' | 'errors' | 'location'>,
  ruleIndex: number,
  base: string | undefined,
): Record<string, unknown>[] {
  return result.errors.map((error) => ({
    ruleId: INVALID_PROFILE_RULE,
    ruleIndex,
    level: 'error',
    message: { text: diagnosticMessage(error) },
    locations: location(result.source.file, diagnosticPosition(error, result.location), base),
    properties: { brand: result.brand, verdict: 'error', ...(error.field ? { field: error.field } : {}) },
  }));
}

/** Each warning at its own line: an unknown field under its rule, with the "did you mean" in the message. */
function warningResults(
  result: Pick<Result, 'brand' | 'source' | 'warnings' | 'location'>,
  index: Map<string, number>,
  lang: Lang,
  base: string | undefined,
): Record<string, unknown>[] {
  return result.warnings.map((w: Diagnostic) => {
    const ruleId = isUnknownField(w, lang) ? UNKNOWN_FIELD_RULE : PROFILE_WARNING_RULE;
    return {
      ruleId,
      ...(index.has(ruleId) ? { ruleIndex: index.get(ruleId) } : {}),
      level: 'warning',
      message: { text: diagnosticMessage(w) },
      locations: location(result.source.file, diagnosticPosition(w, result.location), base),
      properties: { brand: result.brand, ...(w.field ? { field: w.field } : {}) },
    };
  });
}

/** The fields missing from the profile, as one result at its first line. */
function missingResult(
  result: Result,
  index: Map<string, number>,
  lang: Lang,
  ruleWords: Words,
  base: string | undefined,
): Record<string, unknown>[] {
  const group = missingGroup(result, ruleWords);
  if (!group) return [];
  const words = missingWords(group, who(result), lang);
  return [
    {
      ruleId: MISSING_DATA_RULE,
      ...(index.has(MISSING_DATA_RULE) ? { ruleIndex: index.get(MISSING_DATA_RULE) } : {}),
      level: group.blocker ? 'error' : 'warning',
      message: { text: words.message },
      locations: location(result.source.file, group.location, base),
      properties: {
        brand: result.brand,
        verdict: result.verdict,
        score: result.score,
        fields: group.fields.map((f) => ({ field: f.field, knockOut: f.knockOut, rules: f.rules.map((r) => r.id) })),
        ...(result.source.row !== null ? { row: result.source.row } : {}),
        ...(result.source.document !== null ? { document: result.source.document } : {}),
      },
    },
  ];
}

/** The rule ids of the tool's own rules, numbered after `count` rules of a pack. */
function ownIndex(index: Map<string, number>, count: number): Map<string, number> {
  OWN_RULE_IDS.forEach((id, i) => index.set(id, count + i));
  return index;
}

export const sarif: Formatter = {
  streaming: true,
  locations: true,
  header(ctx) {
    const rules = ctx.words.rules();
    const index = ownIndex(new Map<string, number>(rules.map((r, i) => [r.id, i])), rules.length);
    runs.set(ctx, { written: 0, index });
    const driver = {
      name: ctx.tool.name,
      version: ctx.tool.version,
      semanticVersion: ctx.tool.version,
      rules: [...rules.map(descriptor), ...ownRules(ctx.lang)],
    };
    const head = JSON.stringify({ $schema: SCHEMA, version: '2.1.0', runs: [{ tool: { driver } }] });
    // everything up to the opening of the results array; result() and footer() write the rest
    return `${head.slice(0, -3)},"columnKind":"utf16CodeUnits","results":[`;
  },
  result(result, ctx) {
    let run = runs.get(ctx);
    if (!run) runs.set(ctx, (run = { written: 0, index: new Map() }));
    const index = run.index;
    const items = [
      ...warningResults(result, index, ctx.lang, ctx.pathBase),
      ...(result.verdict === 'error'
        ? errorResults(result, index.get(INVALID_PROFILE_RULE) ?? 0, ctx.pathBase)
        : [
            ...failedFindings(result).map((f) =>
              findingResult(result, f, index.get(f.ruleId), ctx.words, ctx.pathBase),
            ),
            ...missingResult(result, index, ctx.lang, ctx.words, ctx.pathBase),
          ]),
    ];
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

const validationRuns = new WeakMap<ValidationContext, { written: number }>();

/** `validate --format sarif`: the tool's own rules only; each schema problem an error, each warning a warning. */
export const sarifValidation: ValidationFormatter = {
  header(ctx) {
    validationRuns.set(ctx, { written: 0 });
    const rules = [invalidProfile(ctx.lang), unknownField(ctx.lang), profileWarning(ctx.lang)];
    const driver = { name: ctx.tool.name, version: ctx.tool.version, semanticVersion: ctx.tool.version, rules };
    const head = JSON.stringify({ $schema: SCHEMA, version: '2.1.0', runs: [{ tool: { driver } }] });
    return `${head.slice(0, -3)},"columnKind":"utf16CodeUnits","results":[`;
  },
  item(v: Validation, lang, ctx) {
    let run = validationRuns.get(ctx);
    if (!run) validationRuns.set(ctx, (run = { written: 0 }));
    const index = new Map([
      [INVALID_PROFILE_RULE, 0],
      [UNKNOWN_FIELD_RULE, 1],
      [PROFILE_WARNING_RULE, 2],
    ]);
    let out = '';
    for (const item of [...errorResults(v, 0, ctx.pathBase), ...warningResults(v, index, lang, ctx.pathBase)]) {
      out += (run.written === 0 ? '\n' : ',\n') + JSON.stringify(item);
      run.written++;
    }
    return out;
  },
  footer(summary, _lang, _items, ctx) {
    validationRuns.delete(ctx);
    return `\n],"properties":${JSON.stringify({ summary })}}]}\n`;
  },
};
