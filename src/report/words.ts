// The words of a report: the engine gives findings as data (a rule id, a status, the profile's value), and the
// formats word what they show, here, in --lang (ESLint's messageId + data, the message filled late). Each rule's
// own texts are picked once per report and kept; only a failure's message is filled per finding.
import { aside, formatActual, formatNumber, formatValue, pick, t, zhEuros } from '../i18n/index.js';
import { FIELD_INDEX, FIELDS, fieldLabel } from '../profile/fields.js';
import type { CompiledPack, CompiledRule } from '../rules/types.js';
import type { Effort, Finding, Lang, Result } from '../types.js';

/** A rule of the pack as the CI formats describe it (SARIF reportingDescriptors), in the report's language. */
export interface ReportRule {
  id: string;
  category: string;
  title: string;
  expected: string;
  remedy: string;
  /** where the requirement comes from: a URL or a short citation */
  source: string;
  blocker: boolean;
  weight: number;
  effort: Effort;
  field: string;
}

interface Entry {
  rule: CompiledRule;
  /** the rule's index in the pack's order */
  index: number;
  text?: ReportRule;
  /** the message of an unknown finding: the same for every profile */
  missing?: string;
  /** the same where the rule's own field is known and another field its check reads is not (see unknownField) */
  missingBeside?: string;
  /** the failure message's text around each {actual} (its {expected} filled): the value goes between, per finding */
  around?: string[];
  /**
   * per {actual} of `around`: true where a Chinese message writes it as a euro amount ("{actual} 欧元"), said
   * then as zhEuros says it ("80 万欧元", the packs' own style) rather than in digits
   */
  euros?: boolean[];
  /**
   * failure messages already filled, by the profile's value when it is a string, a boolean or a number: a batch
   * repeats the same few values (an enum, yes or no) thousands of times; at most FILLED_MAX of them per rule
   */
  filled?: Map<unknown, string>;
  /**
   * a market-table rule whose message says {required} (the table's number for the profile's row): its message
   * per number, each an entry of its own with its own cut and filled messages (a table holds a few numbers)
   */
  byRequired?: Map<number, Entry>;
  /** the number this entry's message says for {required}, when it is one of byRequired's */
  required?: number;
}

/** Filled failure messages kept per rule: enough for every enum and common number, bounded for the rest. */
const FILLED_MAX = 256;

/** The words of one pack in one language, made as they are first needed. */
export class Words {
  private readonly byId = new Map<string, Entry>();
  /** the entries in the pack's order */
  private readonly entries: Entry[] = [];
  private readonly categoryTitles = new Map<string, string>();
  private readonly pack: Pick<CompiledPack, 'rules' | 'categories'>;

  constructor(
    pack: Pick<CompiledPack, 'rules' | 'categories'>,
    readonly lang: Lang,
  ) {
    this.pack = pack;
    pack.rules.forEach((rule, index) => {
      const entry: Entry = { rule, index };
      this.entries.push(entry);
      this.byId.set(rule.id, entry);
    });
  }

  /** A rule's texts (title, expected, remedy, source...) in the report's language; an unknown id reads as itself. */
  rule(id: string): ReportRule {
    const entry = this.byId.get(id);
    if (!entry)
      return {
        id,
        category: '',
        title: id,
        expected: '',
        remedy: '',
        source: '',
        blocker: false,
        weight: 0,
        effort: 'low',
        field: '',
      };
    if (!entry.text) {
      const r = entry.rule;
      entry.text = {
        id: r.id,
        category: r.category,
        title: pick(r.title, this.lang),
        expected: pick(r.expected, this.lang),
        remedy: pick(r.remedy, this.lang),
        source: r.source,
        blocker: r.blocker,
        weight: r.weight,
        effort: r.effort,
        field: r.field,
      };
    }
    return entry.text;
  }

  /** Every rule of the pack, in its order (json's pack.rules, sarif's rule descriptors). */
  rules(): ReportRule[] {
    return this.pack.rules.map((r) => this.rule(r.id));
  }

  /** The pack's categories with their titles, in its order (json's pack.categories). */
  categories(): { id: string; title: string; weight: number }[] {
    return this.pack.categories.map((c) => ({ id: c.id, title: this.category(c.id), weight: c.weight }));
  }

  title(id: string): string {
    return this.rule(id).title;
  }

  category(id: string): string {
    let title = this.categoryTitles.get(id);
    if (title === undefined) {
      const c = this.pack.categories.find((x) => x.id === id);
      title = c ? pick(c.title, this.lang) : id;
      this.categoryTitles.set(id, title);
    }
    return title;
  }

  /**
   * What a finding says: a failure, the rule's message filled with the profile's value and what is expected; an
   * unknown value, that the field is missing (a knock-out's says we cannot approve on unknown data); otherwise
   * the rule's title.
   */
  message(f: Pick<Finding, 'ruleId' | 'status' | 'actual' | 'required'>): string {
    const entry = this.byId.get(f.ruleId);
    return entry ? this.messageOf(entry, f) : f.ruleId;
  }

  /** The number of the pack's rules: indexOf gives 0 to this minus 1. */
  get ruleCount(): number {
    return this.entries.length;
  }

  /** A rule's index in the pack's order, or -1 for an id that is no rule of it. */
  indexOf(id: string): number {
    const entry = this.byId.get(id);
    return entry ? entry.index : -1;
  }

  /** message() of a finding whose rule is the pack's rule `index` (from indexOf), without looking its id up. */
  messageAt(index: number, f: Pick<Finding, 'ruleId' | 'status' | 'actual' | 'required'>): string {
    return this.messageOf(this.entries[index]!, f);
  }

  /**
   * The field whose absence left a finding unknown: the rule's own field, unless the profile holds it (its value
   * is the finding's `actual`); then another field the check reads, one a profile may lack (an authorised
   * distributor whose authorisation chain is unknown lacks ip.authorizationChainComplete, not company.role).
   */
  unknownField(f: Pick<Finding, 'ruleId' | 'field' | 'actual'>): string {
    if (f.actual === null || f.actual === undefined) return f.field;
    const rule = this.byId.get(f.ruleId)?.rule;
    const other = rule?.fields.find(
      (path) => path !== f.field && FIELDS[FIELD_INDEX.get(path) ?? -1]?.required !== true,
    );
    return other ?? f.field;
  }

  private messageOf(entry: Entry, f: Pick<Finding, 'ruleId' | 'status' | 'actual' | 'required'>): string {
    if (f.status === 'missing') {
      const path = this.unknownField({ ruleId: f.ruleId, field: entry.rule.field, actual: f.actual });
      // the same for every profile but where the rule's own field is known and another one the check reads is not
      const beside = path !== entry.rule.field;
      const cached = beside ? entry.missingBeside : entry.missing;
      if (cached !== undefined) return cached;
      const key = entry.rule.blocker ? 'finding.missingBlocker' : 'finding.missing';
      // the field by its label, for the director reading the report, and by its path, for whoever fills the file
      const label = path ? this.field(path) : '';
      const field = path && label !== path ? `${label}${aside(path, this.lang)}` : path;
      const said = t(this.lang, key, { title: this.rule(f.ruleId).title, field });
      if (beside) entry.missingBeside = said;
      else entry.missing = said;
      return said;
    }
    if (f.status !== 'fail') return (entry.text ?? this.rule(f.ruleId)).title;
    if (f.required !== undefined && entry.rule.required !== undefined) entry = this.withRequired(entry, f.required);
    // a profile never holds null (unknown is undefined), so the finding's null is the engine's "unknown"
    const actual = f.actual === null ? undefined : f.actual;
    const keyed = typeof actual !== 'object' && !Object.is(actual, -0);
    if (keyed && entry.filled) {
      const known = entry.filled.get(actual);
      if (known !== undefined) return known;
    }
    // as fill() would, with the template cut once per report (around its {actual}, {expected} already in)
    const around = entry.around ?? this.around(entry);
    let out = around[0]!;
    if (around.length > 1) {
      const said = formatValue(actual, this.lang);
      const euros = entry.euros;
      for (let i = 1; i < around.length; i++) {
        const euro = euros !== undefined && euros[i - 1] === true;
        out += (euro ? (typeof actual === 'number' ? zhEuros(actual) : `${said} 欧元`) : said) + around[i]!;
      }
    }
    if (keyed) {
      const filled = (entry.filled ??= new Map());
      if (filled.size < FILLED_MAX) filled.set(actual, out);
    }
    return out;
  }

  /** The entry of a market-table rule's message for one number of its table (made on first use, then kept). */
  private withRequired(entry: Entry, required: number): Entry {
    const byRequired = (entry.byRequired ??= new Map());
    let variant = byRequired.get(required);
    if (!variant) byRequired.set(required, (variant = { rule: entry.rule, index: entry.index, required }));
    return variant;
  }

  /**
   * A rule's failure message cut at its {actual} placeholders, with {expected} filled, and {required} where the
   * entry is one number's (any other name kept).
   */
  private around(entry: Entry): string[] {
    const parts = pick(entry.rule.message, this.lang).split(/\{(\w+)\}/);
    const expected = this.rule(entry.rule.id).expected;
    // the table's number with the unit of the rule's field, as "profile says" writes its value
    const required =
      entry.required === undefined ? undefined : formatActual(entry.rule.field, entry.required, this.lang);
    const around: string[] = [];
    const euros: boolean[] = [];
    let text = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i]!;
      let after = parts[i + 1]!;
      if (name === 'actual') {
        around.push(text);
        text = '';
        // "{actual} 欧元": the amount and its unit are said together (zhEuros), as the pack's own amounts are
        const euro = this.lang === 'zh' && /^ ?欧元/.test(after);
        euros.push(euro);
        if (euro) after = after.replace(/^ ?欧元/, '');
      } else
        text += name === 'expected' ? expected : name === 'required' && required !== undefined ? required : `{${name}}`;
      text += after;
    }
    around.push(text);
    if (euros.includes(true)) entry.euros = euros;
    return (entry.around = around);
  }

  /** The verdict's reasons, most decisive first: the messages of the failed and unknown findings. */
  reasons(result: Result): string[] {
    if (result.decisive.length === 0) return [];
    const byRule = new Map<string, Finding>();
    for (const f of result.findings) byRule.set(f.ruleId, f);
    const out: string[] = [];
    for (const id of result.decisive) {
      const f = byRule.get(id);
      if (f) out.push(this.message(f));
    }
    return out;
  }

  /** How a field is named to a person: its label, else its help, else its path. */
  field(path: string): string {
    const i = FIELD_INDEX.get(path);
    if (i === undefined) return path;
    const def = FIELDS[i]!;
    if (def.label) return fieldLabel(def, this.lang);
    // the help's first clause names the field ("first-year China budget in euros (deposit, fees...)")
    const help = pick(def.help, this.lang)
      .split(/[;(；（]/)[0]!
      .trim();
    return help || path;
  }

  /**
   * v2: the sentence a missing-data turn-down opens with: which facts the dossier lacks (its unknown knock-outs
   * first, then the unknown criteria worth most) and the score it could reach with them met. '' otherwise.
   */
  missingData(result: Result, max = 6): string {
    if (result.decidedBy !== 'missing-data' || result.scoreIfComplete === null) return '';
    const unknown = result.findings.filter((f) => f.status === 'missing' && !(f.waiver && !f.waiver.expired));
    unknown.sort((a, b) => Number(b.blocker) - Number(a.blocker) || b.maxPoints - a.maxPoints);
    const fields = [...new Set(unknown.map((f) => this.field(this.unknownField(f))))];
    const sep = t(this.lang, 'punct.semicolon');
    const shown = fields.slice(0, max).join(sep);
    const more =
      fields.length > max ? `${sep}${t(this.lang, 'report.missingData.more', { count: fields.length - max })}` : '';
    return t(this.lang, 'report.missingData', {
      fields: shown + more,
      score: formatNumber(result.scoreIfComplete, this.lang),
    });
  }
}

/** The words of a report, made once per pack and language and shared by the formats of a run. */
const cache = new WeakMap<object, Map<Lang, Words>>();
export function wordsFor(pack: Pick<CompiledPack, 'rules' | 'categories'>, lang: Lang): Words {
  let byLang = cache.get(pack);
  if (!byLang) cache.set(pack, (byLang = new Map()));
  let words = byLang.get(lang);
  if (!words) byLang.set(lang, (words = new Words(pack, lang)));
  return words;
}

/**
 * What a formatter makes once per report of a rule's or a category's words (its escaped cells, say): `make` runs
 * once per id and Words (one Words per report and language), and its answer is kept for as long as that Words is.
 */
export function oncePerWords<T>(make: (id: string, words: Words) => T): (id: string, words: Words) => T {
  const byWords = new WeakMap<Words, Map<string, T>>();
  return (id, words) => {
    let byId = byWords.get(words);
    if (!byId) byWords.set(words, (byId = new Map()));
    let value = byId.get(id);
    if (value === undefined) byId.set(id, (value = make(id, words)));
    return value;
  };
}
