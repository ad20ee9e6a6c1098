// Reads an earlier `--format json` report for `--baseline`: the results to compare with, checked enough that a
// wrong file (a profile, a csv report, half a file) is one clear line rather than a crash or silent nonsense.
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { BaselineIndex, type BaselineResult } from '../engine/change.js';

export interface Baseline {
  index: BaselineIndex;
  pack: { id: string; version: string } | null;
}

const VERDICTS = new Set(['approve', 'turn-down', 'error']);

function isResult(x: unknown): x is BaselineResult {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  const source = r.source as Record<string, unknown> | null | undefined;
  return (
    typeof source === 'object' && source !== null && typeof source.file === 'string' &&
    (typeof r.brand === 'string' || r.brand === null) &&
    typeof r.verdict === 'string' && VERDICTS.has(r.verdict) &&
    (typeof r.score === 'number' || r.score === null) &&
    Array.isArray(r.findings)
  );
}

/**
 * Each rule's status in an earlier result. A v2 report lists the findings that cost points and the ids passed;
 * the other rules of its pack (json's pack.rules) did not apply. A v1 report lists every rule as a finding.
 */
function everyRule(r: BaselineResult & { passed?: unknown }, packRules: readonly string[]): BaselineResult['findings'] {
  const out: BaselineResult['findings'] = r.findings.map((f) => ({ ruleId: f.ruleId, status: f.status, ...(f.waiver ? { waiver: { expired: f.waiver.expired === true } } : {}) }));
  if (!Array.isArray(r.passed)) return out;
  const seen = new Set(out.map((f) => f.ruleId));
  for (const id of r.passed) if (typeof id === 'string' && !seen.has(id)) { out.push({ ruleId: id, status: 'pass' }); seen.add(id); }
  for (const id of packRules) if (!seen.has(id)) out.push({ ruleId: id, status: 'not-applicable' });
  return out;
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: the baseline is not valid JSON (${(e as Error).message}); give a report written by --format json`);
  }
  const results = (data as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw new UserError(`${file}: not a market-ready json report (no "results" list); give a report written by --format json`);
  const bad = results.findIndex((r) => !isResult(r));
  if (bad >= 0) throw new UserError(`${file}: results[${bad}] is not a market-ready result (expected source, brand, verdict, score and findings)`);
  const pack = (data as { pack?: { id?: unknown; version?: unknown; rules?: unknown } }).pack;
  const packRules = Array.isArray(pack?.rules) ? pack.rules.map((x) => (x as { id?: unknown }).id).filter((id): id is string => typeof id === 'string') : [];
  // older rows keep only what the diff reads: source, brand, verdict, score and each finding's rule and status
  const slim = (results as BaselineResult[]).map((r) => ({
    source: { file: r.source.file, row: r.source.row ?? null, document: r.source.document ?? null },
    brand: r.brand,
    verdict: r.verdict,
    score: r.score,
    findings: everyRule(r, packRules),
  }));
  return {
    index: new BaselineIndex(slim),
    pack: pack && typeof pack.id === 'string' && typeof pack.version === 'string' ? { id: pack.id, version: pack.version } : null,
  };
}

/**
 * A baseline is read whole and parsed as one JSON document, and V8 cannot hold a string much over 500 MB; a
 * report that size holds some 15,000 brands. Refusing it up front gives one clear line instead of a read that
 * takes seconds and a gigabyte of memory before failing with ERR_STRING_TOO_LONG.
 */
export const MAX_BASELINE_BYTES = 400 * 1024 * 1024;

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_BASELINE_BYTES) {
      throw new UserError(`${file}: the baseline is ${Math.round(size / 1024 / 1024)} MB; --baseline reads json reports of up to ${MAX_BASELINE_BYTES / 1024 / 1024} MB (about 15,000 brands): compare a large batch in parts, or its csv reports`);
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseBaseline(text, file);
}
