// The JSON text of a result, written straight from the evaluation, for `--format ndjson` on large batches.
// A result is about 30 KB of JSON of which almost everything (rule ids, titles, remedies, the wording of a
// missing or passing finding) is the same for every brand: those parts are serialised once per pack here,
// and each row only adds its numbers, its values and the messages of its failures. The output is
// byte-identical to JSON.stringify(assessProfile(...)) (test/report/result-json.test.ts holds it to that).
import { decisiveness, describeFinding, evaluate, type AssessOptions } from '../engine/assess.js';
import { pick } from '../i18n/index.js';
import { FIELD_INDEX } from '../profile/fields.js';
import type { CompiledPack } from '../rules/types.js';
import type { InputProfile, Status, Verdict } from '../types.js';

const BRAND_SLOT = FIELD_INDEX.get('brand.name')!;
/** distinct failure messages remembered per rule; numbers vary a lot, enum values little */
const CACHE_LIMIT = 2048;
const q = JSON.stringify;

// the same rounding as the engine's, so the digits match
const round1 = (x: number): number => Math.round(x * 10) / 10;

interface RuleText {
  head: string;
  afterStatus: string;
  afterCredit: string;
  afterActual: string;
  tail: string;
  /** JSON of the message for each status that does not depend on the value */
  missing: string;
  title: string;
  failures: Map<unknown, string>;
}

export interface ResultJson {
  /** the JSON text of the result (no newline), or null when the profile needs the general path (waivers) */
  (input: InputProfile): string | null;
  /** the verdict of the last result serialised, for the batch counts */
  lastVerdict: Verdict;
}

export function compileResultJson(pack: CompiledPack, options: AssessOptions = {}): ResultJson {
  const lang = options.lang ?? 'en';
  const threshold = options.threshold ?? pack.threshold;
  const rules = pack.rules;
  const texts: RuleText[] = rules.map((rule) => {
    const title = pick(rule.title, lang);
    return {
      head: `{"ruleId":${q(rule.id)},"category":${q(rule.category)},"status":"`,
      afterStatus: `","blocker":${q(rule.blocker)},"weight":${q(rule.weight)},"points":`,
      afterCredit: `,"field":${q(rule.field)},"actual":`,
      afterActual: `,"expected":${q(pick(rule.expected, lang))},"title":${q(title)},"message":`,
      tail: `,"remedy":${q(pick(rule.remedy, lang))},"effort":${q(rule.effort)},"source":${q(rule.source)}}`,
      missing: q(describeFinding(rule, 'missing', undefined, lang)),
      title: q(describeFinding(rule, 'pass', undefined, lang)),
      failures: new Map(),
    };
  });
  const categoryHeads = pack.categories.map((c) => `{"id":${q(c.id)},"title":${q(pick(c.title, lang))},"score":`);
  const categoryTails = pack.categories.map((c) => `,"max":${q(c.weight)}}`);
  const thresholdText = `,"threshold":${q(threshold)},"completeness":`;
  const n = rules.length;
  const messages: string[] = new Array(n);
  const orderIndex: number[] = [];
  const orderWeight: number[] = [];

  const failureMessage = (r: number, actual: unknown): string => {
    const text = texts[r]!;
    const cacheable = actual === null || typeof actual !== 'object';
    if (cacheable) {
      const hit = text.failures.get(actual);
      if (hit !== undefined) return hit;
    }
    const message = q(describeFinding(rules[r]!, 'fail', actual, lang));
    if (cacheable && text.failures.size < CACHE_LIMIT) text.failures.set(actual, message);
    return message;
  };

  const serialise = ((input: InputProfile): string | null => {
    if (input.waivers.length > 0) return null;
    const values = input.values;
    const ev = evaluate(pack, values, null);
    const score = round1(ev.score);
    const verdict: Verdict = !ev.blockerDown && score >= threshold ? 'approve' : 'turn-down';
    serialise.lastVerdict = verdict;
    const brand = values[BRAND_SLOT];

    let categories = '';
    for (let ci = 0; ci < categoryHeads.length; ci++) {
      if (!(ev.categoryMax[ci]! > 0)) continue;
      categories += (categories === '' ? '' : ',') + categoryHeads[ci] + q(round1(ev.categoryEarned[ci]!)) + categoryTails[ci];
    }

    let findings = '';
    orderIndex.length = 0;
    orderWeight.length = 0;
    for (let r = 0; r < n; r++) {
      const rule = rules[r]!;
      const text = texts[r]!;
      const status: Status = ev.status[r]!;
      const credit = ev.credit[r]!;
      const maxPoints = ev.maxPoints[r]!;
      const points = credit === null ? 0 : maxPoints * credit;
      const actual = values[rule.fieldIndex];
      const message = status === 'fail' ? failureMessage(r, actual) : status === 'missing' ? text.missing : text.title;
      messages[r] = message;
      findings += (r === 0 ? '' : ',') + text.head + status + text.afterStatus + q(round1(points)) + ',"maxPoints":' + q(round1(maxPoints))
        + ',"credit":' + (credit === null ? 'null' : q(Math.round(credit * 100) / 100))
        + text.afterCredit + (actual === undefined ? 'null' : q(actual)) + text.afterActual + message + text.tail;
      if (status === 'fail' || status === 'missing' || (status === 'pass' && credit !== null && credit < 1)) {
        orderIndex.push(r);
        orderWeight.push(decisiveness(rule, status, maxPoints - points));
      }
    }

    let reasons = '';
    if (orderIndex.length > 0) {
      const order = orderIndex.map((_, i) => i);
      order.sort((a, b) => orderWeight[b]! - orderWeight[a]! || orderIndex[a]! - orderIndex[b]!);
      for (const i of order) {
        const r = orderIndex[i]!;
        if (ev.status[r] === 'pass') continue;
        reasons += (reasons === '' ? '' : ',') + messages[r];
      }
    }

    return '{"source":' + q(input.source) + ',"brand":' + (typeof brand === 'string' ? q(brand) : 'null')
      + ',"verdict":"' + verdict + '","score":' + q(score) + thresholdText + q(round1(ev.completeness))
      + ',"categories":[' + categories + '],"findings":[' + findings + '],"reasons":[' + reasons
      + '],"errors":[],"warnings":' + q(input.warnings) + '}';
  }) as ResultJson;
  serialise.lastVerdict = 'approve';
  return serialise;
}
