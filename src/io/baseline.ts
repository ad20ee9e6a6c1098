// Reads an earlier `--format json` report for `--baseline`: the results to compare with, checked enough that a
// wrong file (a profile, a csv report, half a file) is one clear line rather than a crash or silent nonsense.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../errors.js';
import { BaselineIndex, type BaselineResult } from '../engine/change.js';
import { strictJsonError } from './read-document.js';

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
    typeof source === 'object' &&
    source !== null &&
    typeof source.file === 'string' &&
    (typeof r.brand === 'string' || r.brand === null) &&
    typeof r.verdict === 'string' &&
    VERDICTS.has(r.verdict) &&
    (typeof r.score === 'number' || r.score === null) &&
    Array.isArray(r.findings) &&
    r.findings.every(isFinding)
  );
}

/** What the diff reads of a finding: its rule and status (a null or a number in the list is no finding). */
function isFinding(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return typeof f.ruleId === 'string' && typeof f.status === 'string';
}

/**
 * Each rule's status in an earlier result. A v2 report lists the findings that cost points and the ids passed;
 * the other rules of its pack (json's pack.rules) did not apply. A v1 report lists every rule as a finding.
 */
function everyRule(r: BaselineResult & { passed?: unknown }, packRules: readonly string[]): BaselineResult['findings'] {
  const out: BaselineResult['findings'] = r.findings.map((f) => ({
    ruleId: f.ruleId,
    status: f.status,
    ...(f.waiver ? { waiver: { expired: f.waiver.expired === true } } : {}),
  }));
  if (!Array.isArray(r.passed)) return out;
  const seen = new Set(out.map((f) => f.ruleId));
  for (const id of r.passed)
    if (typeof id === 'string' && !seen.has(id)) {
      out.push({ ruleId: id, status: 'pass' });
      seen.add(id);
    }
  for (const id of packRules) if (!seen.has(id)) out.push({ ruleId: id, status: 'not-applicable' });
  return out;
}

/**
 * A text JSON.parse refused: an ndjson report (one result a line, what a large batch is written as) read line by
 * line, else the first error at its line:column in one line (V8 quotes the text around it, newlines included).
 */
function ndjsonReport(text: string, file: string): { results: unknown[] } {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const looksNdjson = first >= 0 && strictJsonError(lines[first]!) === null && /^\s*\{/.test(lines[first]!);
  if (!looksNdjson) {
    const at = strictJsonError(text) ?? { line: 1, column: 1, message: 'not JSON' };
    throw new UserError(
      `${file}:${at.line}:${at.column}: the baseline is not valid JSON (${at.message}); give a report written by ` +
        '--format json',
    );
  }
  const results: unknown[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      results.push(JSON.parse(line));
    } catch {
      const at = strictJsonError(line) ?? { column: 1, message: 'not JSON' };
      throw new UserError(
        `${file}:${i + 1}:${at.column}: line ${i + 1} of the ndjson baseline is not valid JSON (${at.message}); ` +
          'give a report written by --format json or ndjson, whole',
      );
    }
  }
  return { results };
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = ndjsonReport(text, file);
  }
  // an ndjson report of one brand is one line, which JSON.parse reads whole as that one result
  if (isResult(data)) data = { results: [data] };
  const results = (data as { results?: unknown } | null)?.results;
  if (!Array.isArray(results))
    throw new UserError(
      `${file}: not a market-ready json report (no "results" list); give a report written by --format json`,
    );
  const bad = results.findIndex((r) => !isResult(r));
  if (bad >= 0)
    throw new UserError(
      `${file}: results[${bad}] is not a market-ready result (expected source, brand, verdict, score and findings, ` +
        'each finding with its ruleId and status)',
    );
  const pack = (data as { pack?: { id?: unknown; version?: unknown; rules?: unknown } }).pack;
  const packRules = Array.isArray(pack?.rules)
    ? pack.rules.map((x) => (x as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string')
    : [];
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
    pack:
      pack && typeof pack.id === 'string' && typeof pack.version === 'string'
        ? { id: pack.id, version: pack.version }
        : null,
  };
}

/**
 * A baseline is read whole and parsed as one JSON document, and V8 cannot hold a string much over 500 MB; a
 * report that size holds some 15,000 brands. Refusing it up front gives one clear line instead of a read that
 * takes seconds and a gigabyte of memory before failing with ERR_STRING_TOO_LONG.
 */
export const MAX_BASELINE_BYTES = 400 * 1024 * 1024;

/**
 * Reads the baseline with a bound: only a regular file (a FIFO, /dev/zero or a terminal would be read for ever),
 * opened without blocking (opening a FIFO with no writer waits), and never more than MAX_BASELINE_BYTES even if
 * the file grows while it is read.
 */
export function loadBaseline(file: string): Baseline {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) {
      const kind = info.isDirectory()
        ? 'a directory'
        : info.isFIFO()
          ? 'a FIFO'
          : info.isCharacterDevice() || info.isBlockDevice()
            ? 'a device'
            : 'not a regular file';
      throw new UserError(
        `${file}: --baseline reads a json report file, and this is ${kind}: give a report written by --format json -o <file>`,
      );
    }
    const tooLarge = (size: number): UserError =>
      new UserError(
        `${file}: the baseline is ${Math.round(size / 1024 / 1024)} MB; --baseline reads json reports of up to ` +
          `${MAX_BASELINE_BYTES / 1024 / 1024} MB (about 15,000 brands): compare a large batch in parts, or its csv reports`,
      );
    if (info.size > MAX_BASELINE_BYTES) throw tooLarge(info.size);
    const buffer = Buffer.allocUnsafe(Math.min(MAX_BASELINE_BYTES + 1, Math.max(info.size + 1, 64 * 1024)));
    let filled = 0;
    for (let n = -1; n !== 0 && filled < buffer.length; filled += n) {
      n = readSync(fd, buffer, filled, buffer.length - filled, null);
    }
    if (filled > MAX_BASELINE_BYTES) throw tooLarge(filled);
    if (filled === buffer.length) {
      // the file grew past its size while read: go on to the bound, no further
      const rest = Buffer.allocUnsafe(MAX_BASELINE_BYTES + 1 - filled);
      let more = 0;
      for (let n = -1; n !== 0 && more < rest.length; more += n) {
        n = readSync(fd, rest, more, rest.length - more, null);
      }
      if (filled + more > MAX_BASELINE_BYTES) throw tooLarge(filled + more);
      bytes = Buffer.concat([buffer, rest.subarray(0, more)]);
    } else bytes = buffer.subarray(0, filled);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : (code ?? (e as Error).message);
    throw new UserError(`${file}: cannot read the baseline (${why}): give a report written by --format json -o <file>`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const values = countJsonValues(bytes, MAX_BASELINE_VALUES);
  if (values > MAX_BASELINE_VALUES) {
    throw new UserError(
      `${file}: the baseline holds more than ${MAX_BASELINE_VALUES.toLocaleString('en')} JSON values, more than a json report ` +
        `of ${MAX_BASELINE_BYTES / 1024 / 1024} MB does; it is not a market-ready report: give one written by --format json`,
    );
  }
  // a BOM is how PowerShell's Out-File and Notepad save UTF-8: the report is the same
  const text = bytes.toString('utf8');
  return parseBaseline(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
}

/**
 * Values a JSON.parse of the baseline would make, bounded: memory follows their count more than the file's size
 * (200 MB of `[1,1,1,...` take 3 GB once parsed, past the heap of a small CI machine, where Node aborts without a
 * word). A real report holds one value per 14 bytes or so: 400 MB of it, some 30 million.
 */
export const MAX_BASELINE_VALUES = 32_000_000;

/** Separators and openings outside strings, a cheap upper estimate of the values; stops counting past `limit`. */
export function countJsonValues(bytes: Uint8Array, limit: number): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x2c || c === 0x3a || c === 0x5b || c === 0x7b) {
      if (++count > limit) return count;
    }
  }
  return count;
}
