// PURE: the profile the interview starts from (`--from`, possibly an unfinished draft) and the YAML it writes.
// The written file is a function of the data and the language only (catalogue order, catalogue comments, no
// date), so re-interviewing a profile and pressing Enter throughout writes the same bytes again.
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isSeq, type Pair, type Scalar } from 'yaml';
import { pick, t } from '../i18n/index.js';
import { FIELDS, SECTIONS } from '../profile/fields.js';
import { validateProfileData } from '../profile/validate.js';
import { readDocumentText } from '../io/read-document.js';
import { parseYaml, toData } from '../io/yaml-doc.js';
import { LANGS, type Diagnostic, type FieldValues, type Lang, type Waiver } from '../types.js';

export interface StartingProfile {
  /** the nested data as read: fields the interview does not ask about (and waivers) are written back as they were */
  base: Record<string, unknown>;
  values: FieldValues;
  waivers: Waiver[];
  warnings: Diagnostic[];
  /** the file's own comment above the profile (a description of the brand), without the lines the interview writes */
  comment: string[];
  /**
   * a draft's fields answered "don't know" (the draft's header lists them), so that resuming does not ask them again
   */
  unknown?: string[];
  /** the language of the file's field comments, when the interview wrote them (null: none recognised) */
  commentLang?: Lang | null;
}

export function emptyProfile(): StartingProfile {
  const values: FieldValues = new Array(FIELDS.length).fill(undefined);
  values[0] = 1; // schemaVersion
  return { base: {}, values, waivers: [], warnings: [], comment: [] };
}

/** The interview's own header lines, in any language: recognised so that they are not kept twice. */
function isOwnHeaderLine(line: string): boolean {
  return line.includes('market-ready interview') || LANGS.some((lang) => line === t(lang, 'interview.yamlUnknown'));
}

/** The comment at the top of a YAML file, one string per line, the interview's own header lines left out. */
function leadingComment(doc: Document.Parsed | undefined): string[] {
  if (!doc) return [];
  // the yaml package keeps a comment right above the first key on that key, and a detached one on the document
  const first = isMap(doc.contents)
    ? (doc.contents.items[0]?.key as { commentBefore?: string | null } | undefined)
    : undefined;
  const text = [doc.commentBefore, first?.commentBefore].filter((x): x is string => typeof x === 'string').join('\n');
  return text
    .split('\n')
    .map((line) => line.replace(/^ /, ''))
    .filter((line) => line.trim() !== '' && !isOwnHeaderLine(line));
}

const FIELD_PATHS = new Set(FIELDS.map((f) => f.path));

/**
 * The fields a draft lists as answered "don't know": the interview's own header line ending in a list of field
 * paths (after its last colon, in any language). Another header line ends in something else and gives nothing.
 */
function draftUnknowns(doc: Document.Parsed | undefined): string[] {
  const first =
    doc && isMap(doc.contents)
      ? (doc.contents.items[0]?.key as { commentBefore?: string | null } | undefined)
      : undefined;
  const lines = [doc?.commentBefore, first?.commentBefore]
    .filter((x): x is string => typeof x === 'string')
    .join('\n')
    .split('\n');
  for (const line of lines) {
    if (!line.includes('market-ready interview')) continue;
    const list = line
      .split(/[:：]\s*/)
      .at(-1)!
      .split(/[,，、]\s*/)
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (list.length > 0 && list.every((x) => FIELD_PATHS.has(x))) return list;
  }
  return [];
}

/**
 * The language the file's field comments are written in, when they are the interview's own (the catalogue's help
 * texts): rewriting the file in that language changes only the lines of the answers that changed.
 */
export function commentLanguage(text: string): Lang | null {
  let best: Lang | null = null;
  let bestCount = 0;
  for (const lang of LANGS) {
    let count = 0;
    for (const f of FIELDS) if (text.includes(` # ${pick(f.help, lang)}\n`)) count++;
    if (count > bestCount) [best, bestCount] = [lang, count];
  }
  return best;
}

/** The header of the written file: the file's own comment first, then what wrote it and how to read it. */
export function headerLines(
  start: StartingProfile,
  lang: Lang,
  pack: string,
  resumeCommand?: string,
  unknown: readonly string[] = [],
): string[] {
  return [
    ...(resumeCommand ? [t(lang, 'interview.draftHeader', { command: resumeCommand })] : []),
    ...(resumeCommand && unknown.length > 0
      ? [t(lang, 'interview.draftDontKnow', { fields: unknown.join(', ') })]
      : []),
    ...start.comment,
    t(lang, 'interview.yamlHeader', { pack }),
    t(lang, 'interview.yamlUnknown'),
  ];
}

/** No answer differs from the profile the interview started from. */
export function answersUnchanged(start: StartingProfile, values: FieldValues): boolean {
  return start.values.every((v, i) => isDeepStrictEqual(v, values[i]));
}

const REQUIRED = FIELDS.filter((f) => f.required);
// stand-ins for required fields a draft may not have yet; they are removed again after validation
const STAND_IN: Record<string, unknown> = {
  schemaVersion: 1,
  'brand.name': 'draft',
  'brand.country': 'FR',
  'brand.category': 'other',
};

function getIn(data: Record<string, unknown>, path: string): unknown {
  let node: unknown = data;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setIn(data: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = data;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const leaf = keys[keys.length - 1]!;
  if (value === undefined) delete node[leaf];
  else node[leaf] = value;
}

/** The catalogue field an error is about (`partners.payment[1]` is about partners.payment), if it names one. */
function fieldOfError(d: Diagnostic): (typeof FIELDS)[number] | undefined {
  const field = d.field;
  if (field === undefined) return undefined;
  return FIELDS.find((f) => f.type !== 'version' && (field === f.path || field.startsWith(`${f.path}[`)));
}

/**
 * Reads a profile to start from. A draft saved by an interrupted interview may lack required fields: those are
 * allowed here (they will be asked); anything else the schema refuses is an error with its line:column.
 */
export function profileFromText(file: string, text: string, lang: Lang): StartingProfile | { errors: Diagnostic[] } {
  const items = readDocumentText(file, text, { lang });
  const first = items[0];
  if (!first) return { errors: [{ severity: 'error', file, message: 'the file holds no profile' }] };
  const warnings: Diagnostic[] =
    items.length > 1
      ? [{ severity: 'warning', file, message: t(lang, 'interview.fromMultiple', { count: items.length }) }]
      : [];
  if (first.kind === 'profile') {
    const parsed = parseYaml(text).docs[0]!;
    const data = toData(parsed) as Record<string, unknown>;
    const comment = leadingComment(parsed.doc);
    const known = { unknown: draftUnknowns(parsed.doc), commentLang: commentLanguage(text) };
    return {
      base: data,
      values: first.profile.values,
      waivers: first.profile.waivers,
      warnings: [...warnings, ...first.profile.warnings.filter((w) => w.severity === 'warning')],
      comment,
      ...known,
    };
  }
  // a draft may lack the required fields, or the whole `brand` section that holds them
  const requiredPaths = new Set(REQUIRED.flatMap((f) => [f.path, f.path.split('.')[0]!]));
  const missingRequired = (d: Diagnostic): boolean =>
    d.severity === 'error' &&
    d.field !== undefined &&
    requiredPaths.has(d.field) &&
    d.message === t(lang, 'schema.required');
  // a hand-edited profile with a bad value in a field the interview asks (`country: Atlantis`): the value is set
  // aside and its question asked again, with a warning at its line:column, rather than the whole file refused
  const askedAgain = first.errors.filter(
    (d) => d.severity === 'error' && !missingRequired(d) && fieldOfError(d) !== undefined,
  );
  const errors = first.errors.filter((d) => d.severity === 'error' && !missingRequired(d) && !askedAgain.includes(d));
  const parsed = parseYaml(text).docs[0];
  const raw = parsed ? toData(parsed) : undefined;
  if (errors.length > 0 || raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { errors: errors.length > 0 ? errors : first.errors };
  const data = raw as Record<string, unknown>;
  for (const d of askedAgain) setIn(data, fieldOfError(d)!.path, undefined);
  warnings.push(
    ...askedAgain.map((d): Diagnostic => ({
      ...d,
      severity: 'warning',
      message: t(lang, 'interview.fromInvalid', { message: d.message }),
    })),
  );
  const probe = structuredClone(data);
  const absent = REQUIRED.filter((f) => getIn(probe, f.path) === undefined || getIn(probe, f.path) === null);
  for (const f of absent) setIn(probe, f.path, STAND_IN[f.path]);
  const checked = validateProfileData(probe, { lang });
  if (checked.values === null)
    return {
      errors: checked.problems
        .filter((p) => p.severity === 'error')
        .map((p) => ({ severity: 'error', file, field: p.field, message: p.message })),
    };
  for (const f of absent) {
    checked.values[FIELDS.indexOf(f)] = f.type === 'version' ? 1 : undefined;
    if (f.type !== 'version') setIn(data, f.path, undefined);
  }
  return {
    base: data,
    values: checked.values,
    waivers: checked.waivers,
    warnings,
    comment: leadingComment(parsed?.doc),
    unknown: draftUnknowns(parsed?.doc),
    commentLang: commentLanguage(text),
  };
}

/**
 * The nested profile: the starting data with every catalogue field set from the answers (an unknown answer
 * removes the field), in catalogue order, then whatever else the starting file held, in its own order. Given the
 * starting values, an unchanged answer is written as the starting file had it.
 */
export function toProfileData(
  base: Record<string, unknown>,
  values: FieldValues,
  startValues?: FieldValues,
): Record<string, unknown> {
  const merged = structuredClone(base);
  for (let i = 0; i < FIELDS.length; i++) {
    // an answer left as it was keeps the file's own notation (a festival list of YAML numbers, `[cny, 38, 618]`),
    // so that a rewrite changes only the answers that changed
    if (startValues && isDeepStrictEqual(startValues[i], values[i]) && getIn(base, FIELDS[i]!.path) !== undefined)
      continue;
    setIn(merged, FIELDS[i]!.path, values[i]);
  }
  const out: Record<string, unknown> = {};
  if ('$schema' in merged) out.$schema = merged.$schema;
  if (merged.schemaVersion !== undefined) out.schemaVersion = merged.schemaVersion;
  for (const section of SECTIONS) {
    const inner = merged[section];
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      if (inner !== undefined) out[section] = inner;
      continue;
    }
    const record = inner as Record<string, unknown>;
    const ordered: Record<string, unknown> = {};
    for (const f of FIELDS.filter((x) => x.path.startsWith(`${section}.`))) {
      const key = f.path.slice(section.length + 1);
      if (record[key] !== undefined) ordered[key] = record[key];
    }
    for (const [key, value] of Object.entries(record)) if (!(key in ordered)) ordered[key] = value;
    if (Object.keys(ordered).length > 0) out[section] = ordered;
  }
  for (const [key, value] of Object.entries(merged))
    if (!(key in out) && value !== undefined && !SECTIONS.includes(key)) out[key] = value;
  return out;
}

/** The YAML file: one comment per field from the catalogue, in the interview's language. */
export function profileYaml(data: Record<string, unknown>, lang: Lang, header: readonly string[]): string {
  const doc = new Document(data);
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  const help = new Map(FIELDS.map((f) => [f.path, pick(f.help, lang)]));
  const contents = doc.contents;
  if (isMap(contents)) {
    for (const pair of contents.items as Pair<Scalar, unknown>[]) {
      const section = String(pair.key.value);
      if (isMap(pair.value)) {
        pair.key.spaceBefore = true;
        for (const inner of pair.value.items as Pair<Scalar, Scalar>[]) {
          const text = help.get(`${section}.${String(inner.key.value)}`);
          if (isSeq(inner.value)) (inner.value as unknown as { flow: boolean }).flow = true;
          if (text && inner.value) inner.value.comment = ` ${text}`;
        }
      } else if (section === 'schemaVersion' && pair.value && typeof pair.value === 'object') {
        (pair.value as Scalar).comment = ` ${help.get('schemaVersion')}`;
      }
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** A file name from a brand name: "Maison Éclat & Fils" -> "maison-eclat-fils"; letters of any script are kept. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'profile';
}
