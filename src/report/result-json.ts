// The JSON of a result written as UTF-8 bytes straight from the evaluation, for `--format ndjson` on large
// batches. A result is 15 to 35 KB of JSON of which almost everything (rule ids, titles, remedies, the wording
// of a missing or passing finding, the text around a failure's value) is the same for every brand: those
// parts are encoded once per pack and copied; each row only writes its numbers, its values and the value
// inside each failure message. Building the same text as a JavaScript string and encoding it afterwards costs
// several times more (a rope of ~600 pieces per row is flattened and re-encoded).
// The bytes are identical to JSON.stringify(jsonResult(assessProfile(...))) (test/report/result-json.test.ts
// holds it to that).
import { decisiveness, describeFinding, evaluate, type AssessOptions, type Evaluation } from '../engine/assess.js';
import { formatNumber, formatValue, pick } from '../i18n/index.js';
import { FIELD_INDEX, FIELDS } from '../profile/fields.js';
import { COUNTRY_CODES } from '../profile/countries.js';
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

  /** a string as JSON: printable ASCII without quote or backslash byte by byte, anything else through JSON.stringify */
  jsonString(s: string): void {
    const n = s.length;
    this.ensure(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 34 || c === 92) {
        this.utf8(q(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 34;
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
  /** the failure message around {actual}: static JSON pieces and the positions of the value */
  failParts: (Buffer | null)[];
  /**
   * for a message with the value once in it: what follows the value up to the value's place in the message
   * (`,"expected":...,"message":"<text before>`), and what follows it to the finding's end (`<text after>",
   * "remedy":...}`): a failed amount is then two copies around its two numbers
   */
  failHead: Buffer | null;
  failTail: Buffer | null;
  failures: Map<unknown, Buffer>;
  actuals: Map<unknown, Buffer>;
  /** the (status, credit, maximum) this rule's findings have taken, the last one used first */
  variants: Variant[];
  last: Variant | null;
}

/**
 * A rule's finding for one (status, credit, maximum): everything but the value is fixed, so it is kept as the
 * bytes before the value and after it; and as the maximum takes few values (it depends on the profile only
 * through which rules apply) and enums, booleans and unknowns few values, whole findings repeat: they are kept
 * per value, so that most findings of a row are one copy.
 */
interface Variant {
  status: Status;
  credit: number | null;
  maxPoints: number;
  /** the finding up to `"actual":` */
  pre: Buffer;
  /** what follows the value when its text does not depend on the value; null for a failure (its message does) */
  post: Buffer | null;
  /** how much a failure or an unknown weighs among the reasons (decisiveness); NaN for other findings */
  reason: number;
  /**
   * whole findings by the value's slot (see ValueSlots): an unknown value at 0, a boolean or an allowed value of
   * an enum or a country at its place after it
   */
  slots: (Whole | undefined)[];
  /** whole findings by any other value (numbers, text, lists by their code); null once not worth looking up */
  byValue: Map<unknown, Whole> | null;
  /** misses and hits of byValue: a map whose values do not repeat is dropped (see dropAfter) */
  tries: number;
  hits: number;
}

/** Every variant is made here, so that all share one object shape (see the calls in compileResultWriter). */
function makeVariant(status: Status, credit: number | null, maxPoints: number, pre: Buffer, post: Buffer | null, reason: number, slots: number, byValue: Map<unknown, Whole> | null): Variant {
  return { status, credit, maxPoints, pre, post, reason, slots: new Array<Whole | undefined>(slots).fill(undefined), byValue, tries: 0, hits: 0 };
}

// V8 gives an object's fields the representation of the first values stored in them (a small integer, a double,
// an object of one class) and, when a later object stores something else (a credit of 0.39 after 1, null after a
// Map), recompiles all the code that relied on it: for the writer, some 40 ms of the optimising compiler each
// time, on each thread, while a batch runs. Two variants made first with the most general values settle the
// shape before any code is optimised.
makeVariant('pass', null, 0.5, Buffer.alloc(0), null, Number.NaN, 0, null);
makeVariant('fail', 0.5, 0.5, Buffer.alloc(0), Buffer.alloc(0), 0.5, 1, new Map());

interface Whole {
  bytes: Buffer;
  /** where the message sits in the bytes, for the reasons */
  messageStart: number;
  messageEnd: number;
}

/** Bounds of the finding caches, so that memory stays flat whatever the values (tests make them tiny). */
export interface CacheLimits {
  /** (status, credit, maximum) combinations kept per rule */
  variants: number;
  /** whole findings kept per combination in its Map of values (booleans, enums and countries have a slot each, within `bytes`) */
  values: number;
  /** bytes of whole findings kept in all */
  bytes: number;
}

/**
 * How a rule's values are told apart in its caches, from its field's type: booleans, enums and countries by a
 * slot in an array (a finite set of values, known in advance), lists by a number made of their items' slots,
 * other values (numbers, text) as Map keys. Specialised per type so that a finding's lookup is an array index
 * for most rules, not a comparison of values of mixed types or the hashing of a fresh string.
 */
const BY_BOOLEAN = 0;
const BY_ALLOWED = 1;
const BY_LIST = 2;
const BY_VALUE = 3;
const CACHE_LIMITS: CacheLimits = { variants: 32, values: 256, bytes: 8 << 20 };

const STATUSES: Status[] = ['pass', 'fail', 'missing', 'not-applicable'];
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
  cache?: Partial<CacheLimits>;
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
      failParts,
      ...(failParts.length === 3 && failParts[1] === null
        ? { failHead: Buffer.concat([afterActual, QUOTE, failParts[0]!]), failTail: Buffer.concat([failParts[2]!, QUOTE, tail]) }
        : { failHead: null, failTail: null }),
      failures: new Map(),
      actuals: new Map(),
      variants: [],
      last: null,
    };
  });
  const categoryHeads = pack.categories.map((c) => bytes(`{"id":${q(c.id)},"title":${q(pick(c.title, lang))},"score":`));
  const categoryHeadsAfterComma = categoryHeads.map((head) => Buffer.concat([COMMA, head]));
  const categoryTails = pack.categories.map((c) => bytes(`,"max":${q(c.weight)}}`));
  const SOURCE = bytes('{"source":');
  const BRAND = bytes(',"brand":');
  const VERDICT_APPROVE = bytes(',"verdict":"approve","score":');
  const VERDICT_TURN_DOWN = bytes(',"verdict":"turn-down","score":');
  const THRESHOLD = bytes(`,"threshold":${q(threshold)},"completeness":`);
  const CATEGORIES = bytes(',"categories":[');
  const FINDINGS = bytes('],"findings":[');
  const REASONS = bytes('],"reasons":[');
  const END = bytes('],"errors":[],"warnings":');
  const n = rules.length;
  const limits: CacheLimits = { ...CACHE_LIMITS, ...options.cache };
  let cachedBytes = 0;
  // a map of values is dropped once it has missed this many times and hits fewer than one lookup in four: amounts
  // that never repeat are found out within the first rows, before the writer is optimised, so that dropping one
  // does not send the optimised code back to be compiled again (a branch never run has no type feedback)
  const dropAfter = Math.min(32, Math.max(limits.values, 4));
  const msgStart = new Int32Array(n);
  const msgEnd = new Int32Array(n);
  // the failures and unknowns of a row, to order as reasons: rule index and weight, in rule order
  const reasonIndex = new Int32Array(n);
  const reasonWeight = new Float64Array(n);
  const scratch = new ByteOut(4096);
  const DOCUMENT_NULL_BRAND = bytes(',"document":null},"brand":');
  let ev: Evaluation | undefined;
  let sourceFile: string | undefined;
  let sourcePrefix: Buffer | null = null;

  const writeActual = (text: RuleBytes, actual: unknown, out: ByteOut): void => {
    if (actual === undefined || actual === null) out.raw(NULL);
    // numbers digit by digit when they have at most two decimals (amounts, percentages): the same double, so
    // the same text as String() and JSON.stringify(), which are slow at it; other finite numbers through String()
    else if (typeof actual === 'number') {
      if (Number.isInteger(actual)) out.scaled(actual, 1);
      else {
        const k = Math.round(actual * 100);
        if (k / 100 === actual && k < 1e15 && k > -1e15) out.scaled(k, 100);
        else out.ascii(Number.isFinite(actual) ? String(actual) : 'null');
      }
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
    const cacheable = actual === undefined || actual === null || (typeof actual !== 'object' && typeof actual !== 'number');
    const hit = cacheable ? text.failures.get(actual) : undefined;
    if (hit !== undefined) {
      out.raw(hit);
      return;
    }
    const start = out.pos;
    out.raw(QUOTE);
    if (typeof actual === 'number' && actual < 1e13 && actual > -1e13) {
      // amounts rarely repeat: written as formatNumber writes them, straight into the output, and not kept
      for (const part of text.failParts) {
        if (part === null) writeFormattedNumber(out, actual);
        else out.raw(part);
      }
      out.raw(QUOTE);
      return;
    }
    const shown = inner(formatValue(actual, lang));
    for (const part of text.failParts) {
      if (part === null) out.utf8(shown);
      else out.raw(part);
    }
    out.raw(QUOTE);
    if (cacheable && text.failures.size < CACHE_LIMIT) text.failures.set(actual, Buffer.from(out.buf.subarray(start, out.pos)));
  };

  // formatNumber's separators, read from what it writes
  const sample = formatNumber(10000.5, lang);
  const THOUSANDS = bytes(sample.slice(2, sample.indexOf('000', 2)));
  const DECIMAL = bytes(sample.slice(sample.indexOf('000', 2) + 3, -1));
  /** formatNumber(n, lang) as UTF-8, for |n| < 1e13: at most two decimals, thousands grouped past four digits */
  const writeFormattedNumber = (out: ByteOut, n: number): void => {
    let k: number;
    let scale: 1 | 100;
    if (Number.isInteger(n)) {
      k = n;
      scale = 1;
    } else {
      // formatNumber rounds to cents and prints them with toFixed(2): below 1e13 that is k / 100 exactly
      k = Math.round(n * 100);
      scale = 100;
    }
    if (k < 0) {
      out.ascii('-');
      k = -k;
    }
    const whole = scale === 1 ? k : Math.floor(k / 100);
    const cents = scale === 1 ? 0 : k - whole * 100;
    let digits = 1;
    for (let w = whole; w >= 10; w = Math.floor(w / 10)) digits++;
    if (digits <= 4) out.scaled(whole, 1);
    else {
      // groups of three from the right: the first group has 1 to 3 digits
      let divisor = 10 ** (digits - 1 - ((digits - 1) % 3));
      let rest = whole;
      let firstGroup = true;
      while (divisor >= 1) {
        const group = Math.floor(rest / divisor);
        rest -= group * divisor;
        if (firstGroup) out.scaled(group, 1);
        else {
          out.raw(THOUSANDS);
          out.ensure(3);
          out.buf[out.pos++] = 48 + Math.floor(group / 100);
          out.buf[out.pos++] = 48 + (Math.floor(group / 10) % 10);
          out.buf[out.pos++] = 48 + (group % 10);
        }
        firstGroup = false;
        divisor /= 1000;
      }
    }
    if (cents !== 0) {
      out.raw(DECIMAL);
      out.ensure(2);
      out.buf[out.pos++] = 48 + Math.floor(cents / 10);
      if (cents % 10 !== 0) out.buf[out.pos++] = 48 + (cents % 10);
    }
  };

  /** A finding up to its value, for one (status, credit, maximum); see Variant. */
  const writePre = (b: ByteOut, r: number, status: Status, credit: number | null, maxPoints: number): void => {
    const text = texts[r]!;
    if (status === 'not-applicable') {
      // nothing of this finding depends on the profile but the value
      b.raw(text.head['not-applicable']);
    } else if (compact && credit === 1) {
      // met in full: the points are the maximum
      const maxK = round1Scaled(maxPoints);
      b.raw(text.head.pass);
      b.scaled(maxK, 10);
      b.raw(MAX_POINTS);
      b.scaled(maxK, 10);
      b.raw(text.creditOne);
    } else {
      b.raw(text.head[status]);
      b.scaled(round1Scaled(credit === null ? 0 : maxPoints * credit), 10);
      b.raw(MAX_POINTS);
      b.scaled(round1Scaled(maxPoints), 10);
      if (credit === null) {
        b.raw(CREDIT);
        b.raw(NULL);
      } else {
        const creditK = Math.round(credit * 100);
        if (creditK === 100) b.raw(CREDIT_ONE);
        else {
          b.raw(CREDIT);
          b.scaled(creditK, 100);
        }
      }
      b.raw(text.afterCredit);
    }
  };
  /** what follows the value when it does not depend on it; null for a failure, whose message does */
  const postOf = (r: number, status: Status, credit: number | null): Buffer | null => {
    const text = texts[r]!;
    if (status === 'not-applicable') return compact ? text.settledTail : text.messageTail['not-applicable'];
    if (status === 'fail') return null;
    if (compact && status === 'pass' && Math.round(credit! * 100) === 100) return text.settledTail;
    return text.messageTail[status];
  };
  // a partial pass is never a reason
  const reasonOf = (r: number, status: Status, credit: number | null, maxPoints: number): number =>
    status === 'fail' || status === 'missing' ? decisiveness(rules[r]!, status, maxPoints - (credit === null ? 0 : maxPoints * credit)) : NaN;

  /**
   * The variant of a finding, or null when its rule has as many as it may keep: credits graded on an amount
   * take a value per brand, and those findings are written piece by piece.
   */
  const variantOf = (r: number, status: Status, credit: number | null, maxPoints: number): Variant | null => {
    const text = texts[r]!;
    const last = text.last;
    if (last !== null && last.status === status && last.credit === credit && last.maxPoints === maxPoints) return last;
    const variants = text.variants;
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i]!;
      if (v.status === status && v.credit === credit && v.maxPoints === maxPoints) return (text.last = v);
    }
    if (variants.length >= limits.variants) return null;
    scratch.pos = 0;
    writePre(scratch, r, status, credit, maxPoints);
    const v = makeVariant(status, credit, maxPoints, Buffer.from(scratch.buf.subarray(0, scratch.pos)), postOf(r, status, credit), reasonOf(r, status, credit, maxPoints), slotCount[r]!, new Map());
    variants.push(v);
    return (text.last = v);
  };

  // per rule: how its values are looked up (see BY_BOOLEAN...), the slots of allowed values (1 and up; 0 is an
  // unknown value), and how many slots its variants keep
  const lookupOf = new Int32Array(n);
  const allowedSlot: (Map<unknown, number> | null)[] = [];
  const slotCount = new Int32Array(n);
  // lists: the base of their keys, and the most items a key holds exactly (see listKey)
  const listLongest = new Int32Array(n);
  rules.forEach((rule, r) => {
    const field = FIELDS[rule.fieldIndex];
    const allowed = field?.type === 'country' ? COUNTRY_CODES : field?.values;
    allowedSlot.push(allowed && allowed.length > 0 ? new Map(allowed.map((value, i) => [value, i + 1])) : null);
    lookupOf[r] = field?.type === 'boolean' ? BY_BOOLEAN
      : (field?.type === 'enum' || field?.type === 'country') && allowedSlot[r] ? BY_ALLOWED
        : field?.type === 'list' && allowedSlot[r] ? BY_LIST
          : BY_VALUE;
    slotCount[r] = lookupOf[r] === BY_BOOLEAN ? 3 : lookupOf[r] === BY_ALLOWED ? allowed!.length + 1 : 1;
    if (lookupOf[r] === BY_LIST) listLongest[r] = Math.floor(52 / Math.log2(allowed!.length + 1));
  });

  /**
   * A list's key among the cached findings: its items' slots read as the digits of one number (base: the
   * number of allowed values plus one, so that no digit is 0 and no two lists share a key, order included);
   * null (never cached, never found) for an item that is not an allowed value, or a list too long for the
   * number to stay exact. A number, not the items joined: no string to build and hash for each list of each row.
   */
  const listKey = (r: number, list: unknown): number | null => {
    const slotOfItem = allowedSlot[r]!;
    const base = slotOfItem.size + 1;
    if (!Array.isArray(list) || list.length > listLongest[r]!) return null;
    let key = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const digit = slotOfItem.get(list[i]);
      if (digit === undefined) return null;
      key = key * base + digit;
    }
    return key;
  };

  /** The finding written from `start` to the end of the output, to keep. */
  const wholeOf = (out: ByteOut, start: number, r: number): Whole => ({
    bytes: Buffer.from(out.buf.subarray(start, out.pos)), messageStart: msgStart[r]! - start, messageEnd: msgEnd[r]! - start,
  });

  /** A finding from its value on; the message's place recorded for the reasons. */
  const writeRest = (r: number, status: Status, post: Buffer | null, actual: unknown, out: ByteOut): void => {
    const text = texts[r]!;
    writeActual(text, actual, out);
    if (post === null && text.failHead !== null && typeof actual === 'number' && actual < 1e13 && actual > -1e13) {
      // a failed amount: its message is written around the number as formatNumber writes it (see writeFailure)
      msgStart[r] = out.pos + text.afterActual.length;
      out.raw(text.failHead);
      writeFormattedNumber(out, actual);
      out.raw(text.failTail!);
      msgEnd[r] = out.pos - text.tail.length;
    } else if (post === null) {
      out.raw(text.afterActual);
      msgStart[r] = out.pos;
      writeFailure(text, actual, out);
      msgEnd[r] = out.pos;
      out.raw(text.tail);
    } else {
      if (status === 'missing') {
        msgStart[r] = out.pos + text.afterActual.length;
        msgEnd[r] = msgStart[r]! + text.message.missing.length;
      }
      out.raw(post);
    }
  };

  return function writeResult(input, out) {
    if (input.waivers.length > 0) return null;
    const values = input.values;
    // the evaluation's arrays are reused row after row: nothing of it outlives the row
    ev = evaluate(pack, values, null, ev);
    const scoreK = round1Scaled(ev.score);
    // both conditions worked out on every row: a comparison first met in an approve after the writer was
    // optimised (most rows of a batch fail a knock-out) would send it back to the compiler
    const reachesThreshold = scoreK / 10 >= threshold;
    const verdict: Verdict = !ev.blockerDown && reachesThreshold ? 'approve' : 'turn-down';
    const brand = values[BRAND_SLOT];
    const source = input.source;

    // a batch's sources differ only by row: the rest is written once per file
    if (source.file !== sourceFile) {
      sourceFile = source.file;
      const prefix = `{"file":${q(source.file)},"row":`;
      sourcePrefix = q({ file: source.file, row: 1, document: null }) === `${prefix}1,"document":null}` ? bytes(`{"source":${prefix}`) : null;
    }
    const row = source.row;
    if (sourcePrefix !== null && source.document === null && typeof row === 'number' && Number.isSafeInteger(row) && Object.keys(source).length === 3) {
      out.raw(sourcePrefix);
      out.scaled(row, 1);
      out.raw(DOCUMENT_NULL_BRAND);
    } else {
      out.raw(SOURCE);
      out.utf8(q(source));
      out.raw(BRAND);
    }
    if (typeof brand === 'string') out.jsonString(brand);
    else out.raw(NULL);
    // not VERDICT[verdict]: a keyed load optimised on the first rows' verdict is thrown away at the first other one
    out.raw(verdict === 'approve' ? VERDICT_APPROVE : VERDICT_TURN_DOWN);
    out.scaled(scoreK, 10);
    out.raw(THRESHOLD);
    out.scaled(round1Scaled(ev.completeness), 10);
    out.raw(CATEGORIES);
    let first = true;
    for (let ci = 0; ci < categoryHeads.length; ci++) {
      if (!(ev.categoryMax[ci]! > 0)) continue;
      out.raw(first ? categoryHeads[ci]! : categoryHeadsAfterComma[ci]!);
      first = false;
      out.scaled(round1Scaled(ev.categoryEarned[ci]!), 10);
      out.raw(categoryTails[ci]!);
    }
    out.raw(FINDINGS);
    let reasons = 0;
    const statuses = ev.status;
    const credits = ev.credit;
    const maxima = ev.maxPoints;
    for (let r = 0; r < n; r++) {
      const actual = values[rules[r]!.fieldIndex];
      const status = statuses[r]!;
      const credit = credits[r]!;
      const maxPoints = maxima[r]!;
      const v = variantOf(r, status, credit, maxPoints);
      let reason: number;
      if (v === null) {
        if (r > 0) out.raw(COMMA);
        writePre(out, r, status, credit, maxPoints);
        writeRest(r, status, postOf(r, status, credit), actual, out);
        reason = reasonOf(r, status, credit, maxPoints);
      } else {
        reason = v.reason;
        // the value's slot, or -1 and its key in byValue (null: not to be cached)
        let slot = -1;
        let key: unknown = null;
        if (actual === undefined || actual === null) slot = 0;
        else {
          const lookup = lookupOf[r]!;
          if (lookup === BY_BOOLEAN) slot = actual === true ? 1 : actual === false ? 2 : -1;
          else if (lookup === BY_ALLOWED) slot = allowedSlot[r]!.get(actual) ?? -1;
          if (slot === -1) key = lookup === BY_LIST ? listKey(r, actual) : typeof actual === 'object' ? null : actual;
        }
        const byValue = v.byValue;
        const hit = slot !== -1 ? v.slots[slot] : byValue !== null && key !== null && byValue.size > 0 ? byValue.get(key) : undefined;
        if (hit !== undefined) {
          msgStart[r] = out.pos + hit.messageStart;
          msgEnd[r] = out.pos + hit.messageEnd;
          out.raw(hit.bytes);
          if (slot === -1) v.hits++;
        } else {
          // a cached finding starts with the comma before it: one copy fewer a finding
          const start = out.pos;
          if (r > 0) out.raw(COMMA);
          out.raw(v.pre);
          writeRest(r, status, v.post, actual, out);
          const size = out.pos - start;
          if (slot !== -1) {
            // a finite set of values: kept while the bytes allow
            if (cachedBytes + size <= limits.bytes) {
              cachedBytes += size;
              v.slots[slot] = wholeOf(out, start, r);
            }
          } else if (byValue !== null && key !== null) {
            if (++v.tries >= dropAfter && v.hits * 3 < v.tries) {
              // its values do not repeat (amounts): looking them up costs more than it saves
              for (const w of byValue.values()) cachedBytes -= w.bytes.length;
              v.byValue = null;
            } else if (byValue.size < limits.values && cachedBytes + size <= limits.bytes) {
              cachedBytes += size;
              byValue.set(key, wholeOf(out, start, r));
            }
          }
        }
      }
      if (reason === reason) {
        // insertion in weight order (heaviest first, then rule order): a row has a handful of reasons
        let i = reasons++;
        while (i > 0 && reasonWeight[i - 1]! < reason) {
          reasonWeight[i] = reasonWeight[i - 1]!;
          reasonIndex[i] = reasonIndex[i - 1]!;
          i--;
        }
        reasonWeight[i] = reason;
        reasonIndex[i] = r;
      }
    }
    out.raw(REASONS);
    for (let i = 0; i < reasons; i++) {
      const r = reasonIndex[i]!;
      if (i > 0) out.raw(COMMA);
      // the message is already in the output, in its finding: copy it from there
      const length = msgEnd[r]! - msgStart[r]!;
      out.ensure(length);
      out.buf.copyWithin(out.pos, msgStart[r]!, msgEnd[r]!);
      out.pos += length;
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
