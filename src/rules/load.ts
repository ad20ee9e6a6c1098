// Loads a rule pack: finds it (built-in id, directory, manifest file or npm package), parses its YAML with
// positions, validates every file against the pack schema, resolves `extends` and `overrides`, checks every
// rule against the profile schema, and only then hands back plain data. Every problem is collected and
// reported at once, each with file:line:column and its path; a pack with any problem is never used.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { readSmallFile, SmallFileError } from '../io/small-file.js';
import { decodeText } from '../io/decode.js';
import { basename, dirname, relative, resolve, isAbsolute, sep } from 'node:path';
import { BUILTIN_PACKS, locatePack } from './locate.js';
import { PackError, UserError } from '../errors.js';
import { validateManifest, validateRuleFile, validateTestFile } from '../generated/pack-validators.js';
// every property name the pack format knows (written by the build from pack-schema.ts), for "did you mean"
import { PACK_PROPERTIES } from '../generated/pack-properties.js';
import { formatPath, pickErrors } from '../io/schema-errors.js';
import {
  duplicateKey,
  nodeDepth,
  parseYaml,
  positionOfPath,
  syntaxErrors,
  toData,
  YAML_LIMITS,
  type ParsedDocument,
} from '../io/yaml-doc.js';
import { suggest } from '../profile/suggest.js';
import type { Diagnostic, Lang } from '../types.js';
import { t, type MessageKey } from '../i18n/index.js';
import { aType, checkRule, checkRouteCondition, type RuleContext } from './static-check.js';
import { finalizePack, keyDomain, MAX_TABLE_COMBINATIONS } from './expand.js';
import { FIELDS, fieldDef } from '../profile/fields.js';
import { deepMerge, unsetPath } from './test-runner.js';
import { validateProfileData } from '../profile/validate.js';
import type {
  CaseLocation,
  CategorySpec,
  ManifestSpec,
  Origin,
  ResolvedPack,
  RouteSpec,
  RuleSpec,
  TableSpec,
  TestFileSpec,
} from './types.js';

export { BUILTIN_PACKS, DEFAULT_PACK, packageRoot, builtinPackDir, locatePack } from './locate.js';
const MAX_PACK_FILE_BYTES = 1024 * 1024;
const MAX_EXTENDS_DEPTH = 8;
/**
 * The most rules a pack (with the packs it extends) may hold. Assessing is linear in rules, but a turn-down's
 * plan re-assesses the profile once per candidate change, so its cost grows with the square of the rules:
 * 20,000 rules took 23 s for one profile. The built-in packs hold about 60; 2,000 is room for any real pack.
 */
export const MAX_PACK_RULES = 2000;

interface LoadedFile {
  path: string;
  display: string;
  text: string;
  parsed: ParsedDocument | undefined;
  data: unknown;
  /** the file's data even when it failed validation, to find the files an invalid manifest names */
  raw?: unknown;
}

/**
 * Where a rule, table or override was written: its path in the file and, read from the document's positions, its
 * line and column (`key`: the key's, as an override is named by its key), for `rules show` to name as file:line:column.
 */
function originOf(file: LoadedFile, at: (string | number)[], key = false): Origin {
  const origin: Origin = { file: file.display, path: formatPath(at) };
  if (!file.parsed) return origin;
  const { line, column } = positionOfPath(file.parsed, at, key);
  return { ...origin, line, column };
}

class Collector {
  readonly diagnostics: Diagnostic[] = [];
  /** the language of the messages, the pack author's --lang */
  constructor(readonly lang: Lang = 'en') {}
  private readonly seen = new Set<string>();
  add(file: LoadedFile, path: (string | number)[], message: string, keyPosition = false): void {
    const pos = file.parsed ? positionOfPath(file.parsed, path, keyPosition) : { line: 1, column: 1 };
    const key = `${file.display}:${pos.line}:${pos.column}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({
      severity: 'error',
      file: file.display,
      line: pos.line,
      column: pos.column,
      ...(path.length ? { field: formatPath(path) } : {}),
      message,
    });
  }
}

/**
 * A pack reads only files inside its own folder: `../` in an include, or a symbolic link out of the folder,
 * would let a pack from elsewhere read any YAML file on the machine into its error messages.
 */
function outsidePack(dir: string, name: string): boolean {
  const escapes = (from: string, to: string): boolean => {
    const rel = relative(from, to);
    return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  const target = resolve(dir, name);
  if (escapes(dir, target)) return true;
  try {
    return escapes(realpathSync(dir), realpathSync(target));
  } catch {
    return false; // a file that does not exist is reported as missing
  }
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** ` (did you mean x?)` in the language, or nothing when there is no close name */
function didYouMean(hint: string | undefined, lang: Lang): string {
  return hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '';
}

function unknownProperty(name: string, path: readonly (string | number)[], lang: Lang): string {
  // `{ en: one, two }` parses as two keys: the usual slip in one-line YAML text
  if (/\s/.test(name)) return t(lang, 'pack.commaInBraces', { name });
  // a property the format knows, written where it does not belong: no "did you mean" itself
  if ((PACK_PROPERTIES as readonly string[]).includes(name)) {
    if (path[0] === 'overrides' && (name === 'id' || name === 'category'))
      return t(lang, 'pack.overrideCannotChange', { name });
    return t(lang, 'pack.notAllowedHere', { name });
  }
  return t(lang, 'pack.unknownProperty', { name, hint: didYouMean(suggest(name, PACK_PROPERTIES), lang) });
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const step of path) node = node !== null && typeof node === 'object' ? (node as never)[step] : undefined;
  return node;
}

/** ajv's keywords for a number's bounds, which it says as `must be <= 100` */
const BOUNDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
const TYPE_NAMES = new Set(['object', 'array', 'integer', 'number', 'string', 'boolean']);

/** What a value of the wrong type should have been, with the fix when it is only a matter of quotes. */
function expectedType(type: string, value: unknown, lang: Lang): string {
  const wanted = type
    .split(',')
    .map((name) => (TYPE_NAMES.has(name) ? t(lang, `pack.type.${name}` as 'pack.type.object') : `a ${name}`))
    .join(t(lang, 'pack.or'));
  // `weight: "2"`: a number in quotes is a string to YAML
  if ((type === 'number' || type === 'integer') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))
    return t(lang, 'pack.unquote', { wanted, value });
  // `version: 1.10` is the number 1.1 to YAML: only quotes keep what was written
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const read = t(lang, typeof value === 'number' ? 'pack.jsType.number' : 'pack.jsType.boolean');
    return t(lang, 'pack.quote', { wanted, value: String(value), type: read });
  }
  return t(lang, 'pack.expected', { wanted });
}

// exported for the test that holds every pattern of the pack schema to its words
/** What a pattern of the pack schema asks for, in words with an example, keyed by the pattern. */
export const PATTERN_WORDS: Record<string, MessageKey> = {
  '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$': 'pattern.fieldPath',
  '^[a-z][a-z0-9-]*$': 'pattern.lowerId',
  '^[A-Za-z][A-Za-z0-9]*$': 'pattern.columnName',
  '^(19|20)[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$': 'pattern.date',
  '^[a-zA-Z][a-zA-Z0-9-]*(/[a-z0-9][a-z0-9-]*)+$': 'pattern.ruleId',
  '^[a-zA-Z][a-zA-Z0-9-]*$': 'pattern.categoryId',
  '^[a-z0-9][a-z0-9-]*$': 'pattern.packId',
  '^[^/\\\\][^\\\\]*\\.ya?ml$': 'pattern.yamlFile',
};

/** A pattern (or a source that is neither a URL nor judgment) said in words, not as the regular expression. */
function patternWords(
  keyword: string,
  params: Record<string, unknown>,
  path: readonly (string | number)[],
  lang: Lang,
): string | undefined {
  if (path[path.length - 1] === 'source' && (keyword === 'const' || keyword === 'pattern'))
    return t(lang, 'pattern.source');
  const words = keyword === 'pattern' ? PATTERN_WORDS[String(params.pattern)] : undefined;
  return words ? t(lang, words) : undefined;
}

/** "did you mean" for a value that is not one of an enum's (`verdict: turndown`). */
function enumHint(data: unknown, path: readonly (string | number)[], allowed: unknown[], lang: Lang): string {
  const value = valueAt(data, path);
  if (typeof value !== 'string') return '';
  return didYouMean(suggest(value, allowed.map(String)), lang);
}

function readPackFile(
  path: string,
  cwd: string,
  out: Collector,
  validate: typeof validateManifest,
  kindKey: 'pack.kind.manifest' | 'pack.kind.rules' | 'pack.kind.tests',
): LoadedFile {
  const display = displayPath(path, cwd);
  const lang = out.lang;
  const kind = t(lang, kindKey);
  const file: LoadedFile = { path, display, text: '', parsed: undefined, data: undefined };
  try {
    // issue 15: bounded, and a FIFO or a device (a link to /dev/zero) refused at once rather than read for ever;
    // decoded as a profile is: a byte that is not UTF-8 in a UTF-8 file is refused at its line:column (it became
    // U+FFFD in every report in silence), a file with no UTF-8 at all is Windows-1252, a binary file is refused
    const decoded = decodeText(readSmallFile(path, MAX_PACK_FILE_BYTES), lang);
    if ('error' in decoded) {
      out.diagnostics.push({
        severity: 'error',
        file: display,
        line: decoded.line ?? 1,
        column: decoded.column ?? 1,
        message: t(lang, 'pack.fileProblem', { kind, problem: decoded.error }),
      });
      return file;
    }
    file.text = decoded.text;
  } catch (e) {
    const size = e instanceof SmallFileError && e.code === 'EFBIG' ? e.size : 0;
    out.diagnostics.push({
      severity: 'error',
      file: display,
      message:
        size > 0
          ? t(lang, 'pack.fileTooLarge', { kind, size, limit: MAX_PACK_FILE_BYTES })
          : t(lang, 'pack.cannotRead', {
              kind,
              reason: e instanceof SmallFileError ? e.message : (e as Error).message,
            }),
    });
    return file;
  }
  // the yaml package's own duplicate-key error is English and names no key: refused below, in the language, by key
  const { docs } = parseYaml(file.text, { uniqueKeys: false });
  if (docs.length !== 1) {
    out.diagnostics.push({
      severity: 'error',
      file: display,
      line: 1,
      column: 1,
      message: t(lang, 'pack.oneDocument', { kind, count: docs.length }),
    });
    return file;
  }
  file.parsed = docs[0]!;
  const syntax = syntaxErrors(file.parsed);
  if (syntax.length > 0) {
    // the first error only, as for a profile: the ones after it are mostly the parser losing its way because of
    // it (a file that is no YAML at all gave one line per token, quoting the file's text)
    const first = syntax[0]!;
    // the yaml package's recursive composer overflows on hostile nesting: say what the limit is
    const message = /Maximum call stack size exceeded/i.test(first.message)
      ? t(lang, 'pack.nestedTooDeep', { depth: YAML_LIMITS.maxDepth })
      : t(lang, 'pack.yamlSyntax', { message: first.message });
    out.diagnostics.push({
      severity: 'error',
      file: display,
      line: first.position.line,
      column: first.position.column,
      message,
    });
    return file;
  }
  if (nodeDepth(file.parsed.doc.contents, YAML_LIMITS.maxDepth) > YAML_LIMITS.maxDepth) {
    out.diagnostics.push({
      severity: 'error',
      file: display,
      line: 1,
      column: 1,
      message: t(lang, 'pack.nestedTooDeep', { depth: YAML_LIMITS.maxDepth }),
    });
    return file;
  }
  // `__proto__` in a test case's profile was merged over the base in silence (it set the merged object's
  // prototype); a pack is refused for it anywhere, as a profile is
  const badKey = duplicateKey(file.parsed);
  if (badKey) {
    out.diagnostics.push({
      severity: 'error',
      file: display,
      ...badKey.position,
      message: badKey.complex
        ? t(lang, 'pack.complexKey')
        : badKey.forbidden
          ? t(lang, 'pack.forbiddenKey', { key: JSON.stringify(badKey.key) })
          : t(lang, 'pack.duplicateKey', { key: JSON.stringify(badKey.key.slice(0, 60)) }),
    });
    return file;
  }
  try {
    file.data = toData(file.parsed);
  } catch (e) {
    out.diagnostics.push({ severity: 'error', file: display, line: 1, column: 1, message: (e as Error).message });
    return file;
  }
  if (!validate(file.data)) {
    // a rule file, a test file or a brand profile given where the manifest goes: one line saying what to give,
    // not one "unknown property" per key of the file
    const instead = kindKey === 'pack.kind.manifest' ? notAManifest(file.data, display, lang) : undefined;
    if (instead) {
      out.add(file, [], instead);
      file.data = undefined;
      return file;
    }
    for (const err of pickErrors(validate.errors)) {
      const allowed = err.params.allowedValues as unknown[];
      const message =
        err.keyword === 'additionalProperties'
          ? unknownProperty(String(err.params.additionalProperty), err.path, lang)
          : err.keyword === 'enum' && err.propertyName !== undefined
            ? unknownProperty(err.propertyName, err.path, lang)
            : err.keyword === 'enum'
              ? t(lang, 'pack.oneOf', {
                  values: allowed.join(', '),
                  hint: enumHint(file.data, err.path, allowed, lang),
                })
              : err.keyword === 'propertyNames'
                ? t(lang, 'pack.unknownProperty', { name: String(err.params.propertyName), hint: '' })
                : err.keyword === 'required'
                  ? t(lang, 'pack.missingProperty', { name: String(err.params.missingProperty) })
                  : err.keyword === 'minItems'
                    ? err.params.limit === 1
                      ? t(lang, 'pack.atLeastItems.one')
                      : t(lang, 'pack.atLeastItems.many', { limit: String(err.params.limit) })
                    : err.keyword === 'type'
                      ? expectedType(String(err.params.type), valueAt(file.data, err.path), lang)
                      : (patternWords(err.keyword, err.params, err.path, lang) ??
                        (BOUNDS.has(err.keyword)
                          ? t(lang, 'pack.bound', { comparison: err.params.comparison, limit: err.params.limit })
                          : err.message.replace('must NOT', 'must not')));
      const at = err.keyword === 'enum' && err.propertyName !== undefined ? [...err.path, err.propertyName] : err.path;
      out.add(file, at, message, err.keyword === 'additionalProperties' || at !== err.path);
    }
    file.raw = file.data;
    file.data = undefined;
  }
  return file;
}

function notAManifest(data: unknown, display: string, lang: Lang): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || 'id' in data) return undefined;
  const folder = dirname(display);
  if ('rules' in data || 'tables' in data) return t(lang, 'pack.isRuleFile', { folder });
  if ('cases' in data) return t(lang, 'pack.isTestFile', { folder });
  if ('schemaVersion' in data || 'brand' in data) return t(lang, 'pack.isProfile');
  return undefined;
}

function digestOf(parentDigest: string | undefined, files: LoadedFile[], root: string): string {
  const hash = createHash('sha256');
  if (parentDigest) hash.update(`extends:${parentDigest}\n`);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(`${relative(root, f.path).split('\\').join('/')}\n${f.text.replace(/\r\n/g, '\n')}\n`);
  }
  return hash.digest('hex');
}

function mergeCategories(parent: CategorySpec[], own: CategorySpec[]): CategorySpec[] {
  const merged = parent.map((c) => ({ ...c }));
  for (const c of own) {
    const i = merged.findIndex((m) => m.id === c.id);
    if (i >= 0) merged[i] = { ...c };
    else merged.push({ ...c });
  }
  return merged;
}

const FIELD_PATHS = FIELDS.map((f) => f.path);
/** What a test case may `unset`: a field, a group of fields (`ip`), or the profile's other top-level keys. */
const UNSETTABLE = new Set([...FIELD_PATHS, ...FIELD_PATHS.map((p) => p.split('.')[0]!), 'schemaVersion', 'waivers']);

export interface LoadOptions {
  cwd?: string;
  /** the language of the problems found (default en): the pack author's --lang */
  lang?: Lang;
}

/** Reads and resolves a pack from its manifest file; throws PackError listing every problem. */
export function loadResolvedPack(manifestPath: string, options: LoadOptions = {}): ResolvedPack {
  return finalizePack(loadWritten(manifestPath, options, []));
}

/** The pack as written (lookups, routes and `{marketplace}` not yet expanded), so that a child can extend it. */
function loadWritten(manifestPath: string, options: LoadOptions, chain: string[]): ResolvedPack {
  const cwd = options.cwd ?? process.cwd();
  const out = new Collector(options.lang);
  const lang = out.lang;
  let real: string;
  try {
    real = realpathSync(manifestPath);
  } catch {
    throw new UserError(t(lang, 'pack.manifestMissing', { path: displayPath(manifestPath, cwd) }));
  }
  const manifestFile = readPackFile(real, cwd, out, validateManifest, 'pack.kind.manifest');
  const dir = dirname(real);
  if (!manifestFile.data) {
    // every problem at once: the rule and test files an invalid manifest names are still checked on their own
    const raw = manifestFile.raw as { include?: unknown; tests?: unknown } | undefined;
    // each file once, however often the manifest names it (5,000 times took 7 s to refuse, issue 15)
    const named = (list: unknown): string[] =>
      Array.isArray(list)
        ? [...new Set(list.filter((x): x is string => typeof x === 'string' && /^[^/\\][^\\]*\.ya?ml$/.test(x)))]
        : [];
    for (const name of named(raw?.include))
      if (!outsidePack(dir, name) && existsSync(resolve(dir, name)))
        readPackFile(resolve(dir, name), cwd, out, validateRuleFile, 'pack.kind.rules');
    for (const name of named(raw?.tests))
      if (!outsidePack(dir, name) && existsSync(resolve(dir, name)))
        readPackFile(resolve(dir, name), cwd, out, validateTestFile, 'pack.kind.tests');
    throw new PackError(out.diagnostics);
  }
  const manifest = manifestFile.data as ManifestSpec;

  let parent: ResolvedPack | undefined;
  if (manifest.extends !== undefined) {
    if (chain.includes(real) || chain.length >= MAX_EXTENDS_DEPTH) {
      const loop = [...chain, real].map((p) => displayPath(p, cwd)).join(' -> ');
      out.add(
        manifestFile,
        ['extends'],
        chain.includes(real)
          ? t(lang, 'pack.extendsLoop', { loop })
          : t(lang, 'pack.extendsTooDeep', { depth: MAX_EXTENDS_DEPTH }),
      );
      throw new PackError(out.diagnostics);
    }
    let parentManifest: string;
    try {
      // a bare name that is no folder beside the pack is a built-in id or an npm package (with a "did you mean")
      const bare =
        !/[\\/]/.test(manifest.extends) &&
        !manifest.extends.startsWith('.') &&
        !existsSync(resolve(dir, manifest.extends));
      parentManifest =
        (BUILTIN_PACKS as readonly string[]).includes(manifest.extends) || bare
          ? locatePack(manifest.extends, dir, lang)
          : locatePack(resolve(dir, manifest.extends), cwd, lang);
    } catch (e) {
      out.add(manifestFile, ['extends'], (e as Error).message);
      throw new PackError(out.diagnostics);
    }
    // a third-party pack is data: `extends: ../../home/me/.aws/config.yaml`, an absolute path or a link named
    // pack.yaml would read any file of the machine and quote its keys and values in the errors. extends names
    // a pack (a built-in id, an installed package, a pack's folder), so only a pack's manifest is read
    if (!/^pack\.ya?ml$/.test(basename(realpathSync(parentManifest)))) {
      out.add(manifestFile, ['extends'], t(lang, 'pack.extendsNotAPack', { ref: manifest.extends }));
      throw new PackError(out.diagnostics);
    }
    if (chain.includes(realpathSync(parentManifest)) || realpathSync(parentManifest) === real) {
      const loop = [...chain, real, realpathSync(parentManifest)].map((p) => displayPath(p, cwd)).join(' -> ');
      out.add(manifestFile, ['extends'], t(lang, 'pack.extendsLoop', { loop }));
      throw new PackError(out.diagnostics);
    }
    parent = loadWritten(parentManifest, options, [...chain, real]);
  }

  // the schema asks a pack without extends for both, so a missing one here is inherited from the parent
  const ownCategories = manifest.categories ?? [];
  const categories = mergeCategories(parent?.categories ?? [], ownCategories);
  const categoryIds = new Set(categories.map((c) => c.id));
  const seenCategories = new Set<string>();
  ownCategories.forEach((c, i) => {
    if (seenCategories.has(c.id))
      out.add(manifestFile, ['categories', i, 'id'], t(lang, 'pack.categoryTwice', { id: c.id }));
    seenCategories.add(c.id);
    // a category worth nothing still carries its knock-outs: brands turned down by rules that count for nothing
    if (c.weight === 0)
      out.add(manifestFile, ['categories', i, 'weight'], t(lang, 'pack.categoryWeightZero', { id: c.id }));
  });

  const marketplace = manifest.marketplace ?? parent?.marketplace;
  const routes: RouteSpec[] = (parent?.routes ?? []).map((r) => ({ ...r }));
  const seenRoutes = new Set<string>();
  for (const [i, route] of (manifest.routes ?? []).entries()) {
    if (seenRoutes.has(route.id))
      out.add(manifestFile, ['routes', i, 'id'], t(lang, 'pack.routeTwice', { id: route.id }));
    seenRoutes.add(route.id);
    const at = routes.findIndex((r) => r.id === route.id);
    if (at >= 0) routes[at] = route;
    else routes.push(route);
  }

  // the rule files are read first: their tables are the pack's, and any rule (or override) may look them up
  const ruleFiles: { file: LoadedFile; n: number }[] = [];
  const tables = new Map<string, TableSpec & { origin: Origin }>((parent?.tables ?? []).map((t) => [t.id, t]));
  const ownTables = new Set<string>();
  let rulesComplete = true;
  const includedAt = new Map<string, number>();
  for (const [n, name] of (manifest.include ?? []).entries()) {
    if (outsidePack(dir, name)) {
      out.add(manifestFile, ['include', n], t(lang, 'pack.ruleFileOutside', { name }));
      rulesComplete = false;
      continue;
    }
    if (!existsSync(resolve(dir, name))) {
      out.add(manifestFile, ['include', n], t(lang, 'pack.ruleFileMissing', { name, manifest: basename(real) }));
      continue;
    }
    // the same file listed twice (or by two names) read its rules twice: "already defined" at their own place
    const first = includedAt.get(realpathSync(resolve(dir, name)));
    if (first !== undefined) {
      out.add(manifestFile, ['include', n], t(lang, 'pack.ruleFileTwice', { name, first }));
      continue;
    }
    includedAt.set(realpathSync(resolve(dir, name)), n);
    const file = readPackFile(resolve(dir, name), cwd, out, validateRuleFile, 'pack.kind.rules');
    ruleFiles.push({ file, n });
    if (!file.data) {
      rulesComplete = false;
      continue;
    }
    for (const [i, table] of ((file.data as { tables?: TableSpec[] }).tables ?? []).entries()) {
      if (ownTables.has(table.id)) out.add(file, ['tables', i, 'id'], t(lang, 'pack.tableTwice', { id: table.id }));
      ownTables.add(table.id);
      checkTable(file, ['tables', i], table, out);
      // a child's table of the same id replaces its parent's: newer market data for the same rules
      tables.set(table.id, { ...table, origin: originOf(file, ['tables', i]) });
    }
  }
  const ctx: RuleContext = {
    lang: out.lang,
    tables,
    routes: new Set(routes.map((r) => r.id)),
    marketplace: marketplace !== undefined,
    tablesComplete: rulesComplete,
  };
  for (const [i, route] of (manifest.routes ?? []).entries()) {
    for (const p of checkRouteCondition(route.when, ctx))
      out.add(manifestFile, ['routes', i, 'when', ...p.path], p.message);
  }

  const rules: ResolvedPack['rules'] = (parent?.rules ?? []).map((r) => ({ ...r }));
  const files: LoadedFile[] = [manifestFile];

  // overrides apply to inherited rules only
  for (const [id, override] of Object.entries(manifest.overrides ?? {})) {
    const at = ['overrides', id];
    if (!parent) {
      out.add(manifestFile, at, t(lang, 'pack.overridesNeedExtends'), true);
      continue;
    }
    const i = rules.findIndex((r) => r.id === id);
    if (i < 0) {
      const hint = suggest(
        id,
        rules.map((r) => r.id),
      );
      out.add(manifestFile, at, t(lang, 'pack.noInheritedRule', { id, hint: didYouMean(hint, lang) }), true);
      continue;
    }
    if (override.disabled) {
      rules.splice(i, 1);
      continue;
    }
    const { disabled: _ignored, ...changes } = override;
    const merged = { ...rules[i]!, ...changes, origin: originOf(manifestFile, at, true) };
    for (const p of checkRule(merged, categoryIds, ctx)) out.add(manifestFile, [...at, ...p.path], p.message);
    rules[i] = merged;
  }

  const ids = new Set(rules.map((r) => r.id));
  // where each of this pack's own rules was written: a second rule of the same id names the first
  const ownRuleAt = new Map<string, string>();
  const warnings: Diagnostic[] = [];
  // when a rule file is refused, test cases naming its rules are not reported as naming unknown rules
  for (const { file } of ruleFiles) {
    files.push(file);
    if (!file.data) continue;
    ((file.data as { rules?: RuleSpec[] }).rules ?? []).forEach((rule, i) => {
      const at: (string | number)[] = ['rules', i];
      if (ids.has(rule.id)) {
        const first = ownRuleAt.get(rule.id);
        out.add(
          file,
          [...at, 'id'],
          t(lang, first ? 'pack.ruleDefinedAt' : parent ? 'pack.ruleInherited' : 'pack.ruleDefined', {
            id: rule.id,
            at: first,
          }),
        );
        return;
      }
      ids.add(rule.id);
      const idAt = file.parsed ? positionOfPath(file.parsed, [...at, 'id'], false) : { line: 1, column: 1 };
      ownRuleAt.set(rule.id, `${file.display}:${idAt.line}:${idAt.column}`);
      for (const p of checkRule(rule, categoryIds, ctx)) out.add(file, [...at, ...p.path], p.message);
      untranslated(file, at, rule, warnings, out.lang);
      rules.push({ ...rule, origin: originOf(file, at) });
    });
  }

  const tests: ResolvedPack['tests'] = [];
  for (const [n, name] of (manifest.tests ?? []).entries()) {
    if (outsidePack(dir, name)) {
      out.add(manifestFile, ['tests', n], t(lang, 'pack.testFileOutside', { name }));
      continue;
    }
    if (!existsSync(resolve(dir, name))) {
      out.add(manifestFile, ['tests', n], t(lang, 'pack.testFileMissing', { name, manifest: basename(real) }));
      continue;
    }
    const file = readPackFile(resolve(dir, name), cwd, out, validateTestFile, 'pack.kind.tests');
    files.push(file);
    if (!file.data) continue;
    tests.push({ file: file.display, spec: file.data as TestFileSpec, locations: caseLocations(file) });
    // a case that names a rule the pack does not have, or a profile field that does not exist, is a mistake
    // in the pack, found at load like any other, not a test that fails later
    checkTestFile(file, file.data as TestFileSpec, rulesComplete ? new Set(rules.map((r) => r.id)) : null, out);
  }

  if (rules.length === 0 && out.diagnostics.length === 0) out.add(manifestFile, [], t(lang, 'pack.noRules'));
  if (rules.length > MAX_PACK_RULES)
    out.add(manifestFile, [], t(lang, 'pack.tooManyRules', { count: rules.length, limit: MAX_PACK_RULES }));
  if (out.diagnostics.length > 0) throw new PackError(out.diagnostics);

  return {
    id: manifest.id,
    version: manifest.version,
    name: manifest.name,
    ...(manifest.description ? { description: manifest.description } : {}),
    threshold: manifest.threshold ?? parent!.threshold,
    categories,
    ...(marketplace ? { marketplace } : {}),
    ...(routes.length > 0 ? { routes } : {}),
    ...(tables.size > 0 ? { tables: [...tables.values()] } : {}),
    rules,
    tests,
    digest: digestOf(parent?.digest, files, dir),
    files: files.map((f) => f.display),
    extendsChain: [...(parent?.extendsChain ?? []), ...(parent ? [parent.id] : [])],
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/**
 * A market table's shape: keys are enum or boolean fields (so every combination is known), each row's key
 * names real values (or `*`), and each cell belongs to a declared column with a value of its type.
 */
function checkTable(file: LoadedFile, at: (string | number)[], table: TableSpec, out: Collector): void {
  const lang = out.lang;
  const didYouMeanAfter = (hint: string | undefined): string =>
    hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '';
  let combinations = 1;
  const keyDefs = table.keys.map((key, k) => {
    const def = fieldDef(key);
    if (!def) {
      const hint = suggest(key, FIELD_PATHS);
      out.add(file, [...at, 'keys', k], t(lang, 'check.fieldMissing', { field: key, hint: didYouMean(hint, lang) }));
    } else if (def.type !== 'enum' && def.type !== 'boolean') {
      out.add(file, [...at, 'keys', k], t(lang, 'pack.tableKeyType', { key, type: aType(def.type, lang) }));
      return undefined;
    }
    combinations *= keyDomain(key).length;
    return def;
  });
  if (combinations > MAX_TABLE_COMBINATIONS)
    out.add(
      file,
      [...at, 'keys'],
      t(lang, 'pack.tableCombinations', { count: combinations, limit: MAX_TABLE_COMBINATIONS }),
    );
  const columns = Object.keys(table.columns);
  table.rows.forEach((row, r) => {
    const rowAt = [...at, 'rows', r];
    if (row.key.length !== table.keys.length)
      out.add(
        file,
        [...rowAt, 'key'],
        t(lang, 'pack.rowKeyCount', {
          values: t(lang, row.key.length === 1 ? 'pack.nValues.one' : 'pack.nValues', { count: row.key.length }),
          keys: t(lang, table.keys.length === 1 ? 'pack.nKeys.one' : 'pack.nKeys', { count: table.keys.length }),
          names: table.keys.join(', '),
        }),
      );
    row.key.forEach((cell, k) => {
      const def = keyDefs[k];
      if (!def || cell === '*') return;
      const allowed = def.type === 'boolean' ? ['true', 'false'] : (def.values ?? []);
      if (!allowed.includes(String(cell))) {
        const hint = suggest(String(cell), allowed);
        out.add(
          file,
          [...rowAt, 'key', k],
          t(lang, 'pack.notAKeyValue', {
            value: JSON.stringify(cell),
            field: def.path,
            values: allowed.join(', '),
            hint: didYouMeanAfter(hint),
          }),
        );
      }
    });
    for (const [name, cell] of Object.entries(row)) {
      if (name === 'key' || name === 'source' || name === 'asOf' || name === 'note') continue;
      const column = table.columns[name];
      if (!column) {
        const hint = suggest(name, columns);
        out.add(
          file,
          [...rowAt, name],
          t(lang, 'pack.unknownColumn', { name, columns: columns.join(', '), hint: didYouMeanAfter(hint) }),
          true,
        );
      } else if (column.values && !column.values.includes(String(cell))) {
        const hint = suggest(String(cell), column.values);
        out.add(
          file,
          [...rowAt, name],
          t(lang, 'pack.notAColumnValue', {
            value: JSON.stringify(cell),
            name,
            values: column.values.join(', '),
            hint: didYouMeanAfter(hint),
          }),
        );
      } else if (column.type === 'number' && typeof cell !== 'number')
        out.add(file, [...rowAt, name], t(lang, 'pack.columnNumbers', { name, value: JSON.stringify(cell) }));
      else if (column.type === 'boolean' && typeof cell !== 'boolean')
        out.add(file, [...rowAt, name], t(lang, 'pack.columnBooleans', { name, value: JSON.stringify(cell) }));
    }
  });
}

const TEXT_FIELDS = ['title', 'expected', 'message', 'remedy'] as const;
const OTHER_LANGS = ['fr', 'zh'] as const;

/**
 * Only English is required of a rule's texts; a French or Chinese report then falls back to English for that
 * rule. Not an error, since a team may write for one market, but `rules validate` says so, once per rule.
 */
function untranslated(
  file: LoadedFile,
  at: (string | number)[],
  rule: RuleSpec,
  warnings: Diagnostic[],
  lang: Lang,
): void {
  const missing = new Set<(typeof OTHER_LANGS)[number]>();
  const fields = TEXT_FIELDS.filter((f) => {
    const text = rule[f];
    const lacking = text ? OTHER_LANGS.filter((lang) => !text[lang]) : [];
    for (const lang of lacking) missing.add(lang);
    return lacking.length > 0;
  });
  if (fields.length === 0) return;
  const pos = file.parsed ? positionOfPath(file.parsed, at, false) : { line: 1, column: 1 };
  const langs = OTHER_LANGS.filter((l) => missing.has(l))
    .map((l) => t(lang, `pack.langName.${l}`))
    .join(t(lang, 'pack.or'));
  warnings.push({
    severity: 'warning',
    file: file.display,
    line: pos.line,
    column: pos.column,
    field: formatPath(at),
    message: t(lang, 'pack.untranslated', { id: rule.id, langs, fields: fields.join(', ') }),
  });
}

/** Where each case of a test file and each of its expectations stand, for `rules test`'s failures. */
function caseLocations(file: LoadedFile): CaseLocation[] {
  const spec = file.data as TestFileSpec;
  const at = (path: (string | number)[]): string => {
    const pos = file.parsed ? positionOfPath(file.parsed, path) : { line: 1, column: 1 };
    return `${file.display}:${pos.line}:${pos.column}`;
  };
  return spec.cases.map((c, i) => {
    const expect: Record<string, string> = {};
    for (const key of ['verdict', 'scoreAtLeast', 'scoreAtMost'] as const)
      if (c.expect[key] !== undefined) expect[key] = at(['cases', i, 'expect', key]);
    for (const id of Object.keys(c.expect.rules ?? {})) expect[`rules.${id}`] = at(['cases', i, 'expect', 'rules', id]);
    return { at: at(['cases', i]), expect };
  });
}

function checkTestFile(file: LoadedFile, spec: TestFileSpec, ruleIds: Set<string> | null, out: Collector): void {
  const ids = [...(ruleIds ?? [])];
  const base = (spec.base ?? {}) as Record<string, unknown>;
  const profileProblems = (data: Record<string, unknown>) =>
    validateProfileData(structuredClone(data), { strict: true, lang: out.lang }).problems;
  // the base on its own (a partial base is fine: only its own mistakes count)
  for (const p of profileProblems(
    deepMerge({ schemaVersion: 1, brand: { name: 'x', country: 'FR', category: 'other' } }, base),
  )) {
    if (p.severity === 'error') out.add(file, ['base', ...p.path], p.message, p.atKey);
  }
  spec.cases.forEach((c, i) => {
    for (const id of Object.keys(c.expect.rules ?? {})) {
      if (ruleIds && !ruleIds.has(id)) {
        const hint = suggest(id, ids);
        out.add(
          file,
          ['cases', i, 'expect', 'rules', id],
          t(out.lang, 'pack.ruleNotInPack', { id, hint: didYouMean(hint, out.lang) }),
          true,
        );
      }
    }
    // a misspelt `unset` removed nothing, and the case tested the base profile in silence
    (c.unset ?? []).forEach((path, n) => {
      if (UNSETTABLE.has(path)) return;
      const hint = suggest(path, FIELD_PATHS);
      out.add(
        file,
        ['cases', i, 'unset', n],
        t(out.lang, 'pack.unsetUnknown', { path, hint: didYouMean(hint, out.lang) }),
      );
    });
    if (!c.profile) return;
    const data = structuredClone(deepMerge(base, c.profile as Record<string, unknown>));
    for (const path of c.unset ?? []) unsetPath(data, path);
    for (const p of profileProblems(data)) {
      // report it where the case wrote it; a problem of the base alone was reported above
      if (p.severity === 'error' && p.path.length > 0 && hasPath(c.profile, p.path))
        out.add(file, ['cases', i, 'profile', ...p.path], p.message, p.atKey);
    }
  });
}

function hasPath(data: unknown, segments: readonly (string | number)[]): boolean {
  let node = data;
  for (const s of segments) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, String(s)))
      return false;
    node = (node as Record<string, unknown>)[String(s)];
  }
  return true;
}
