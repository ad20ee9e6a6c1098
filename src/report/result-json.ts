// The JSON of a result written as UTF-8 bytes straight from the evaluation, for `--format ndjson` on large
// batches. A result is 15 to 35 KB of JSON of which almost everything (rule ids, titles, remedies, the wording
// of a missing or passing finding, the text around a failure's value) is the same for every brand: those
// parts are encoded once per pack and copied; each row only writes its numbers, its values and the value
// inside each failure message. Building the same text as a JavaScript string and encoding it afterwards costs
// several times more (a rope of ~600 pieces per row is flattened and re-encoded).
// The bytes are identical to JSON.stringify(jsonResult(assessProfile(...))) (test/report/result-json.test.ts
// holds it to that).
import { decisiveness, describeFinding, evaluate, type AssessOptions } from '../engine/assess.js';
import { formatValue, pick } from '../i18n/index.js';
import { FIELD_INDEX, fieldDef, type FieldType } from '../profile/fields.js';
import type { CompiledPack } from '../rules/types.js';
import type { InputProfile, Status, Verdict } from '../types.js';
import type { FindingsMode } from './json-shape.js';

const BRAND_SLOT = FIELD_INDEX.get('brand.name')!;
/** distinct values remembered per rule: enum and boolean values repeat, amounts rarely do */
const CACHE_LIMIT = 128;
const COMBO_LIMIT = 16;
const q = JSON.stringify;
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
/** a JSON string's content without its quotes */
const inner = (text: string): string => q(text).slice(1, -1);

/** A growable UTF-8 output buffer. */
export class ByteOut {
  buf: Buffer;
  pos = 0;
  constructor(size = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  raw(b: Buffer): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.ensure(n);
    this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** a string known to be ASCII (numbers, statuses), byte by byte: cheaper than a call into the encoder */
  ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }

  /** `k / scale` as String() prints it, for an integer k and scale 1, 10 or 100 (the engine's rounded numbers) */
  scaled(k: number, scale: 1 | 10 | 100): void {
    if (k === 0 || !(k < 1e15 && k > -1e15)) {
      this.ascii(String(k / scale));
      return;
    }
    this.ensure(24);
    const buf = this.buf;
    let p = this.pos;
    if (k < 0) {
      buf[p++] = 45;
      k = -k;
    }
    let whole = Math.floor(k / scale);
    let frac = k - whole * scale;
    // the whole part's digits, most significant first
    let digits = 1;
    for (let w = whole; w >= 10; w = Math.floor(w / 10)) digits++;
    for (let i = digits - 1; i >= 0; i--) {
      const d = whole % 10;
      buf[p + i] = 48 + d;
      whole = (whole - d) / 10;
    }
    p += digits;
    if (frac !== 0) {
      buf[p++] = 46;
      if (scale === 100) {
        const tens = Math.floor(frac / 10);
        frac -= tens * 10;
        buf[p++] = 48 + tens;
      }
      if (frac !== 0) buf[p++] = 48 + frac;
    }
    this.pos = p;
  }
}

const round1Scaled = (x: number): number => Math.round(x * 10);

interface RuleBytes {
  /** `{"ruleId":...,"status":"<status>",...,"points":` for each status */
  head: Record<Status, Buffer>;
  afterCredit: Buffer;
  afterActual: Buffer;
  tail: Buffer;
  /** the JSON message of a status whose wording does not depend on the value, and the same with the tail */
  message: Record<Exclude<Status, 'fail'>, Buffer>;
  messageTail: Record<Exclude<Status, 'fail'>, Buffer>;
  /** compact mode, a rule met in full or not applicable: what follows the value (message, empty remedy) */
  settledTail: Buffer;
  /** `,"credit":1,"field":...,"actual":` */
  creditOne: Buffer;
  /** compact mode, a rule met in full: the finding up to its value, per maximum (×10) */
  metPrefix: Map<number, Buffer>;
  /** the failure message around {actual}: static JSON pieces and the positions of the value */
  failParts: (Buffer | null)[];
  failures: Map<unknown, Buffer>;
  actuals: Map<unknown, Buffer>;
  /** for fields with few values (enums, booleans, unknown): everything after the credit, per status and value,
   * as one buffer, with where the message sits in it */
  combos: Record<Status, Map<unknown, { bytes: Buffer; messageStart: number; messageEnd: number }>> | null;
}

const STATUSES: Status[] = ['pass', 'fail', 'missing', 'not-applicable'];
const FEW_VALUES = new Set<FieldType>(['enum', 'boolean', 'version', 'country']);
const MAX_POINTS = bytes(',"maxPoints":');
const CREDIT = bytes(',"credit":');
const CREDIT_ONE = bytes(',"credit":1');
const NULL = bytes('null');
const COMMA = bytes(',');
const QUOTE = bytes('"');

export interface ResultWriter {
  /** writes the result's JSON (no newline) and returns its verdict, or null for a profile that needs the general path (waivers) */
  (input: InputProfile, out: ByteOut): Verdict | null;
}

export interface ResultWriterOptions extends AssessOptions {
  findings?: FindingsMode;
}

export function compileResultWriter(pack: CompiledPack, options: ResultWriterOptions = {}): ResultWriter {
  const lang = options.lang ?? 'en';
  const threshold = options.threshold ?? pack.threshold;
  const compact = (options.findings ?? 'compact') === 'compact';
  const rules = pack.rules;
  const texts: RuleBytes[] = rules.map((rule) => {
    const title = pick(rule.title, lang);
    const expected = pick(rule.expected, lang);
    const tail = bytes(`,"remedy":${q(pick(rule.remedy, lang))},"effort":${q(rule.effort)},"source":${q(rule.source)}}`);
    const head = {} as Record<Status, Buffer>;
    for (const s of STATUSES) head[s] = bytes(`{"ruleId":${q(rule.id)},"category":${q(rule.category)},"status":"${s}","blocker":${q(rule.blocker)},"weight":${q(rule.weight)},"points":`);
    // a rule that does not apply counts for nothing: its numbers are always the same
    head['not-applicable'] = bytes(`{"ruleId":${q(rule.id)},"category":${q(rule.category)},"status":"not-applicable","blocker":${q(rule.blocker)},"weight":${q(rule.weight)},"points":0,"maxPoints":0,"credit":null,"field":${q(rule.field)},"actual":`);
    const message = {
      pass: bytes(q(describeFinding(rule, 'pass', undefined, lang))),
      missing: bytes(q(describeFinding(rule, 'missing', undefined, lang))),
      'not-applicable': bytes(q(describeFinding(rule, 'not-applicable', undefined, lang))),
    };
    // the template as fill() reads it: {actual} is the formatted value, {expected} the rule's text, other
    // names stay as written; null marks where the value goes
    const failParts: (Buffer | null)[] = [];
    let literal = '';
    const template = pick(rule.message, lang);
    let last = 0;
    for (const m of template.matchAll(/\{(\w+)\}/g)) {
      literal += template.slice(last, m.index);
      last = m.index + m[0].length;
      if (m[1] === 'actual') {
        failParts.push(bytes(inner(literal)), null);
        literal = '';
      } else literal += m[1] === 'expected' ? expected : m[0];
    }
    failParts.push(bytes(inner(literal + template.slice(last))));
    const afterActual = bytes(`,"expected":${q(expected)},"title":${q(title)},"message":`);
    return {
      head,
      afterCredit: bytes(`,"field":${q(rule.field)},"actual":`),
      afterActual,
      tail,
      message,
      messageTail: {
        pass: Buffer.concat([afterActual, message.pass, tail]),
        missing: Buffer.concat([afterActual, message.missing, tail]),
        'not-applicable': Buffer.concat([afterActual, message['not-applicable'], tail]),
      },
      // pass and not-applicable share their wording (the title)
      settledTail: bytes(`,"message":${q(describeFinding(rule, 'pass', undefined, lang))},"remedy":""}`),
      creditOne: bytes(`,"credit":1,"field":${q(rule.field)},"actual":`),
      metPrefix: new Map(),
      failParts,
      failures: new Map(),
      actuals: new Map(),
      combos: FEW_VALUES.has(fieldDef(rule.field)?.type ?? 'string') ? { pass: new Map(), fail: new Map(), missing: new Map(), 'not-applicable': new Map() } : null,
    };
  });
  const categoryHeads = pack.categories.map((c) => bytes(`{"id":${q(c.id)},"title":${q(pick(c.title, lang))},"score":`));
  const categoryTails = pack.categories.map((c) => bytes(`,"max":${q(c.weight)}}`));
  const SOURCE = bytes('{"source":');
  const BRAND = bytes(',"brand":');
  const VERDICT: Record<'approve' | 'turn-down', Buffer> = {
    approve: bytes(',"verdict":"approve","score":'),
    'turn-down': bytes(',"verdict":"turn-down","score":'),
  };
  const THRESHOLD = bytes(`,"threshold":${q(threshold)},"completeness":`);
  const CATEGORIES = bytes(',"categories":[');
  const FINDINGS = bytes('],"findings":[');
  const REASONS = bytes('],"reasons":[');
  const END = bytes('],"errors":[],"warnings":');
  const n = rules.length;
  const msgStart = new Int32Array(n);
  const msgEnd = new Int32Array(n);
  const orderIndex: number[] = [];
  const orderWeight: number[] = [];
  const order: number[] = [];

  const writeActual = (text: RuleBytes, actual: unknown, out: ByteOut): void => {
    if (actual === undefined || actual === null) out.raw(NULL);
    // whole numbers digit by digit; String() and JSON.stringify() print other finite numbers alike
    else if (typeof actual === 'number') {
      if (Number.isInteger(actual)) out.scaled(actual, 1);
      else out.ascii(Number.isFinite(actual) ? String(actual) : 'null');
    } else if (typeof actual === 'object') out.utf8(q(actual));
    else {
      let cached = text.actuals.get(actual);
      if (cached === undefined) {
        cached = bytes(q(actual));
        if (text.actuals.size < CACHE_LIMIT) text.actuals.set(actual, cached);
      }
      out.raw(cached);
    }
  };

  const writeFailure = (text: RuleBytes, actual: unknown, out: ByteOut): void => {
    const cacheable = actual === undefined || actual === null || typeof actual !== 'object';
    const hit = cacheable ? text.failures.get(actual) : undefined;
    if (hit !== undefined) {
      out.raw(hit);
      return;
    }
    const start = out.pos;
    out.raw(QUOTE);
    const shown = inner(formatValue(actual, lang));
    for (const part of text.failParts) {
      if (part === null) out.utf8(shown);
      else out.raw(part);
    }
    out.raw(QUOTE);
    if (cacheable && text.failures.size < CACHE_LIMIT) text.failures.set(actual, Buffer.from(out.buf.subarray(start, out.pos)));
  };

  return (input, out) => {
    if (input.waivers.length > 0) return null;
    const values = input.values;
    const ev = evaluate(pack, values, null);
    const scoreK = round1Scaled(ev.score);
    const verdict: Verdict = !ev.blockerDown && scoreK / 10 >= threshold ? 'approve' : 'turn-down';
    const brand = values[BRAND_SLOT];

    out.raw(SOURCE);
    out.utf8(q(input.source));
    out.raw(BRAND);
    if (typeof brand === 'string') out.utf8(q(brand));
    else out.raw(NULL);
    out.raw(VERDICT[verdict]);
    out.scaled(scoreK, 10);
    out.raw(THRESHOLD);
    out.scaled(round1Scaled(ev.completeness), 10);
    out.raw(CATEGORIES);
    let first = true;
    for (let ci = 0; ci < categoryHeads.length; ci++) {
      if (!(ev.categoryMax[ci]! > 0)) continue;
      if (!first) out.raw(COMMA);
      first = false;
      out.raw(categoryHeads[ci]!);
      out.scaled(round1Scaled(ev.categoryEarned[ci]!), 10);
      out.raw(categoryTails[ci]!);
    }
    out.raw(FINDINGS);
    orderIndex.length = 0;
    orderWeight.length = 0;
    for (let r = 0; r < n; r++) {
      const rule = rules[r]!;
      const text = texts[r]!;
      const status: Status = ev.status[r]!;
      const actual = values[rule.fieldIndex];
      if (r > 0) out.raw(COMMA);
      if (status === 'not-applicable') {
        // the head runs up to the value: nothing of this finding depends on the profile but the value
        out.raw(text.head['not-applicable']);
        writeActual(text, actual, out);
        if (compact) out.raw(text.settledTail);
        else out.raw(text.messageTail['not-applicable']);
        continue;
      }
      const credit = ev.credit[r]!;
      const maxPoints = ev.maxPoints[r]!;
      if (compact && credit === 1) {
        // most findings of a result: met in full, so points are the maximum, and everything up to the value
        // depends only on that maximum, which takes a few values per rule
        const maxK = round1Scaled(maxPoints);
        const prefix = text.metPrefix.get(maxK);
        if (prefix !== undefined) out.raw(prefix);
        else {
          const start = out.pos;
          out.raw(text.head.pass);
          out.scaled(maxK, 10);
          out.raw(MAX_POINTS);
          out.scaled(maxK, 10);
          out.raw(text.creditOne);
          if (text.metPrefix.size < COMBO_LIMIT) text.metPrefix.set(maxK, Buffer.from(out.buf.subarray(start, out.pos)));
        }
        writeActual(text, actual, out);
        out.raw(text.settledTail);
        continue;
      }
      out.raw(text.head[status]);
      const points = credit === null ? 0 : maxPoints * credit;
      const creditK = credit === null ? -1 : Math.round(credit * 100);
      out.scaled(round1Scaled(points), 10);
      out.raw(MAX_POINTS);
      out.scaled(round1Scaled(maxPoints), 10);
      if (credit === null) {
        out.raw(CREDIT);
        out.raw(NULL);
      } else if (creditK === 100) out.raw(CREDIT_ONE);
      else {
        out.raw(CREDIT);
        out.scaled(creditK, 100);
      }
      if (compact && status === 'pass' && creditK === 100) {
        out.raw(text.afterCredit);
        writeActual(text, actual, out);
        out.raw(text.settledTail);
        continue;
      }
      const combos = text.combos?.[status];
      const combo = combos?.get(actual);
      if (combo !== undefined) {
        msgStart[r] = out.pos + combo.messageStart;
        msgEnd[r] = out.pos + combo.messageEnd;
        out.raw(combo.bytes);
      } else {
        const start = out.pos;
        out.raw(text.afterCredit);
        writeActual(text, actual, out);
        if (status === 'fail') {
          out.raw(text.afterActual);
          msgStart[r] = out.pos;
          writeFailure(text, actual, out);
          msgEnd[r] = out.pos;
          out.raw(text.tail);
        } else {
          msgStart[r] = out.pos + text.afterActual.length;
          msgEnd[r] = msgStart[r]! + text.message[status].length;
          out.raw(text.messageTail[status]);
        }
        if (combos !== undefined && combos.size < COMBO_LIMIT && (actual === undefined || typeof actual !== 'object')) {
          combos.set(actual, { bytes: Buffer.from(out.buf.subarray(start, out.pos)), messageStart: msgStart[r]! - start, messageEnd: msgEnd[r]! - start });
        }
      }
      if (status === 'fail' || status === 'missing' || (status === 'pass' && credit !== null && credit < 1)) {
        orderIndex.push(r);
        orderWeight.push(decisiveness(rule, status, maxPoints - points));
      }
    }
    out.raw(REASONS);
    if (orderIndex.length > 0) {
      order.length = 0;
      for (let i = 0; i < orderIndex.length; i++) order.push(i);
      order.sort((a, b) => orderWeight[b]! - orderWeight[a]! || orderIndex[a]! - orderIndex[b]!);
      let firstReason = true;
      for (const i of order) {
        const r = orderIndex[i]!;
        if (ev.status[r] === 'pass') continue;
        if (!firstReason) out.raw(COMMA);
        firstReason = false;
        // the message is already in the output, in its finding: copy it from there
        const length = msgEnd[r]! - msgStart[r]!;
        out.ensure(length);
        out.buf.copy(out.buf, out.pos, msgStart[r]!, msgEnd[r]!);
        out.pos += length;
      }
    }
    out.raw(END);
    if (input.warnings.length === 0) out.ascii('[]');
    else out.utf8(q(input.warnings));
    out.ascii('}');
    return verdict;
  };
}

/** The same JSON as a string (for tests and one-off use); batches write bytes with compileResultWriter. */
export function compileResultJson(pack: CompiledPack, options: ResultWriterOptions = {}): ((input: InputProfile) => string | null) & { lastVerdict: Verdict } {
  const write = compileResultWriter(pack, options);
  const out = new ByteOut();
  const serialise = ((input: InputProfile): string | null => {
    out.pos = 0;
    const verdict = write(input, out);
    if (verdict === null) return null;
    serialise.lastVerdict = verdict;
    return out.buf.toString('utf8', 0, out.pos);
  }) as ((input: InputProfile) => string | null) & { lastVerdict: Verdict };
  serialise.lastVerdict = 'approve';
  return serialise;
}
