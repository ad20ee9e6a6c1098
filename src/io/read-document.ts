// Reads YAML and JSON profile files: one profile per document, each validated, each error placed at its
// line:column. Every document yields exactly one item, a profile or an error.
import type { Diagnostic, InputProfile, Lang, Position, ReadItem, Source } from '../types.js';
import { validateProfileData } from '../profile/validate.js';
import { t } from '../i18n/index.js';
import {
  CollectionTagError,
  documentPosition,
  duplicateKey,
  isEmptyDocument,
  measureNodes,
  overflowedStack,
  parseYaml,
  positionOfPath,
  syntaxErrors,
  toData,
  unresolvedAliasPosition,
  YAML_LIMITS,
  type ParsedDocument,
} from './yaml-doc.js';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { createRequire } from 'node:module';

/** momoa (ESLint's JSON parser) places a JSON error JSON.parse cannot; loaded only for such a file. */
const parseJson = (text: string, options: { mode: 'json'; ranges: boolean; tokens: boolean }): unknown =>
  (createRequire(import.meta.url)('@humanwhocodes/momoa') as typeof import('@humanwhocodes/momoa')).parse(
    text,
    options,
  );

export interface ReadOptions {
  strict?: boolean;
  lang?: Lang;
}

function brandNameOf(parsed: ParsedDocument): string | null {
  const contents = parsed.doc.contents;
  if (!isMap(contents)) return null;
  const brand = contents.get('brand', true);
  if (!isMap(brand)) return null;
  const name = brand.get('name', true);
  return isScalar(name) && typeof name.value === 'string' ? name.value : null;
}

/** Positions of every field present, for CI annotations on the dossier's own lines. */
function fieldPositions(parsed: ParsedDocument): Map<string, Position> {
  const positions = new Map<string, Position>();
  const contents = parsed.doc.contents;
  if (!isMap(contents)) return positions;
  for (const pair of contents.items) {
    const section = isScalar(pair.key) ? String(pair.key.value) : '';
    if (isMap(pair.value)) {
      for (const inner of pair.value.items) {
        const key = isScalar(inner.key) ? String(inner.key.value) : '';
        const start = (inner.key as Node | null)?.range?.[0];
        if (start !== undefined) {
          const p = parsed.lines.linePos(start);
          positions.set(`${section}.${key}`, { line: p.line, column: p.col });
        }
      }
    } else {
      const start = (pair.key as Node | null)?.range?.[0];
      if (start !== undefined) {
        const p = parsed.lines.linePos(start);
        positions.set(section, { line: p.line, column: p.col });
      }
      // each item of a list of mappings (the waivers) at the rule it names, so a misspelt one is shown where it is
      if (isSeq(pair.value))
        pair.value.items.forEach((item, i) => {
          const named = isMap(item) ? item.get('rule', true) : null;
          const at = ((isScalar(named) ? named : item) as Node | null)?.range?.[0];
          if (at === undefined) return;
          const p = parsed.lines.linePos(at);
          positions.set(`${section}[${i}]`, { line: p.line, column: p.col });
        });
    }
  }
  return positions;
}

/**
 * The first error of `text` read as strict JSON (JSON.parse decides; momoa, ESLint's JSON parser, places it), or null.
 */
export function strictJsonError(text: string): { line: number; column: number; message: string } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = (e as Error).message;
    const at = / in JSON at position (\d+)/.exec(message);
    const short = message.replace(/ in JSON at position \d+.*$/, '').replace(/, .* is not valid JSON$/s, '');
    if (at) {
      const before = text.slice(0, Number(at[1])).split(/\r\n|\r|\n/);
      return { line: before.length, column: before[before.length - 1]!.length + 1, message: short };
    }
    try {
      parseJson(text, { mode: 'json', ranges: false, tokens: false });
    } catch (located) {
      const { line, column } = located as { line?: number; column?: number };
      if (typeof line === 'number') return { line, column: column ?? 1, message: short };
    }
    return { line: 1, column: 1, message: short };
  }
}

/** Problems listed per document. */
const MAX_PROBLEMS = 20;

/** The whole file refused with one problem, at `at` (its start by default). */
function fileLevelError(file: string, message: string, at: Position = { line: 1, column: 1 }): ReadItem {
  return {
    kind: 'error',
    source: { file, row: null, document: 0 },
    brand: null,
    errors: [{ severity: 'error', file, line: at.line, column: at.column, message }],
  };
}

export function readDocumentText(
  file: string,
  text: string,
  options: ReadOptions = {},
  format: 'yaml' | 'json' = 'yaml',
): ReadItem[] {
  const items: ReadItem[] = [];
  const lang = options.lang ?? 'en';
  let parsedStream: ReturnType<typeof parseYaml>;
  try {
    // a CR alone ends a line for every editor (old Mac files, mixed endings) but not for YAML
    parsedStream = parseYaml(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, {
      uniqueKeys: false,
      merge: format === 'yaml',
    });
  } catch (e) {
    // the yaml package catches its own stack overflows; this is the net for any it does not
    if (!(e instanceof RangeError)) throw e;
    return [fileLevelError(file, `nested too deeply to read (${e.message})`)];
  }
  const { docs } = parsedStream;
  if (parsedStream.tooManyDocuments) {
    return [
      fileLevelError(
        file,
        `the file holds more than ${YAML_LIMITS.maxDocuments} documents; put a portfolio that large in a CSV file`,
      ),
    ];
  }
  // an empty file holds no profile; say so rather than yield nothing, so the file is not lost silently
  const nonEmpty = docs.filter((d) => !isEmptyDocument(d));
  if (nonEmpty.length === 0) {
    return [fileLevelError(file, t(lang, 'document.empty'))];
  }
  // JSON read as YAML would take `// a comment` and what follows for one long text; say what is wrong instead
  const start = text.search(/[^\s\ufeff]/);
  if (
    format === 'json' &&
    start >= 0 &&
    (text.startsWith('//', start) || text.startsWith('/*', start) || text[start] === '#')
  ) {
    const before = text.slice(0, start).split('\n');
    const at = { line: before.length, column: before[before.length - 1]!.length + 1 };
    return [fileLevelError(file, t(lang, 'document.jsonComments'), at)];
  }
  // a .json file is JSON: what YAML would also accept (trailing commas, single quotes, unquoted keys, hex numbers,
  // anchors, tags) is refused at its line:column rather than read as something the author did not write
  if (format === 'json' && start >= 0) {
    const strict = strictJsonError(text);
    if (strict) return [fileLevelError(file, t(lang, 'document.jsonStrict', { message: strict.message }), strict)];
  }
  if (format === 'json' && nonEmpty.length > 1) {
    return [fileLevelError(file, t(lang, 'document.jsonOneProfile'))];
  }
  for (const parsed of docs) {
    if (isEmptyDocument(parsed)) continue; // a trailing `---`, or two in a row
    const source: Source = { file, row: null, document: parsed.index };
    const position = documentPosition(parsed);
    const fail = (errors: ReadItem & { kind: 'error' }): void => {
      items.push(errors);
    };
    /** The document refused with one problem, at `at` (the document's own position by default). */
    const refuse = (message: string, at: Position = position, brand: string | null = null): void => {
      fail({
        kind: 'error',
        source,
        brand,
        position,
        errors: [{ severity: 'error', file, line: at.line, column: at.column, message }],
      });
    };
    const tooDeep = `nested more than ${YAML_LIMITS.maxDepth} levels deep; a profile has two`;
    if (overflowedStack(parsed)) {
      refuse(tooDeep);
      continue;
    }
    const syntax = syntaxErrors(parsed);
    if (syntax.length > 0) {
      // the first error only: the ones after it are mostly the parser losing its way because of it
      refuse(`${format === 'json' ? 'JSON' : 'YAML'} syntax: ${syntax[0]!.message}`, syntax[0]!.position);
      continue;
    }
    const size = measureNodes(parsed.doc.contents, YAML_LIMITS.maxDepth, YAML_LIMITS.maxNodes);
    if (size.depth > YAML_LIMITS.maxDepth) {
      refuse(tooDeep);
      continue;
    }
    if (size.nodes > YAML_LIMITS.maxNodes) {
      refuse(`more than ${YAML_LIMITS.maxNodes} keys and values in one document; a full profile has about 120`);
      continue;
    }
    const duplicate = duplicateKey(parsed);
    if (duplicate) {
      refuse(
        duplicate.complex
          ? 'a key is a list or a mapping; profile keys are names such as brand or category'
          : duplicate.forbidden
            ? `the key ${JSON.stringify(duplicate.key)} is not allowed in a profile (it names JavaScript object internals)`
            : t(lang, 'document.duplicateKey', {
                syntax: format === 'json' ? 'JSON' : 'YAML',
                key: JSON.stringify(duplicate.key.slice(0, 60)),
              }),
        duplicate.position,
      );
      continue;
    }
    let data: unknown;
    try {
      data = toData(parsed);
    } catch (e) {
      if (e instanceof CollectionTagError) {
        refuse(e.message, e.position, brandNameOf(parsed));
        continue;
      }
      // the yaml package refuses alias bombs (maxAliasCount) and an alias to no anchor with a ReferenceError
      const alias = unresolvedAliasPosition(parsed);
      refuse(
        alias
          ? `cannot read the document: the alias *${alias.name} has no anchor &${alias.name} before it in this ` +
              'document (an anchor holds only in its own document, not past a ---)'
          : `cannot read the document: ${(e as Error).message.split('\n')[0]}`,
        alias ?? position,
      );
      continue;
    }
    const checked = validateProfileData(data, options);
    // a document of thousands of unknown keys would flood the terminal: its first problems say enough
    const shown = checked.problems.slice(0, MAX_PROBLEMS);
    const diagnostics: Diagnostic[] = shown.map((p) => {
      const pos = p.path.length > 0 ? positionOfPath(parsed, p.path, p.atKey) : position;
      return {
        severity: p.severity,
        file,
        line: pos.line,
        column: pos.column,
        ...(p.field ? { field: p.field } : {}),
        message: p.message,
      };
    });
    // in the order of the file, as a person fixes them from the top
    diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const hidden = checked.problems.length - shown.length;
    if (hidden > 0) {
      const severity = checked.problems.slice(MAX_PROBLEMS).some((p) => p.severity === 'error') ? 'error' : 'warning';
      diagnostics.push({
        severity,
        file,
        line: position.line,
        column: position.column,
        message: `${hidden} more problem${hidden === 1 ? '' : 's'} in this document not shown`,
      });
    }
    if (checked.values === null) {
      fail({
        kind: 'error',
        source,
        brand: brandNameOf(parsed),
        position,
        errors: diagnostics
          .filter((d) => d.severity === 'error')
          .concat(diagnostics.filter((d) => d.severity === 'warning')),
      });
      continue;
    }
    const profile: InputProfile = {
      source,
      values: checked.values,
      waivers: checked.waivers,
      positions: fieldPositions(parsed),
      position,
      warnings: diagnostics,
    };
    items.push({ kind: 'profile', profile });
  }
  return items;
}
