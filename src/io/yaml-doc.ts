// YAML parsing with positions, shared by the profile reader and the pack loader. JSON is read through the
// same parser (JSON is YAML 1.2) so that JSON errors get line:column too.
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isSeq,
  isScalar,
  isPair,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { Position } from '../types.js';

/** Limits that keep hostile files from exhausting memory or time (documented in README). */
export const YAML_LIMITS = {
  maxAliasCount: 100,
  maxDepth: 64,
  /** documents read from one file; past it the file is refused (a portfolio that large belongs in a CSV) */
  maxDocuments: 1000,
  /**
   * keys, items and values in one document; a full profile has about 120. Past it the document is refused
   * before validation, whose per-field messages and positions would otherwise cost minutes for 50k keys.
   */
  maxNodes: 5000,
};

/** What the yaml package reports when its recursive composer overflowed the stack on a hostile nesting. */
const STACK_OVERFLOW = /Maximum call stack size exceeded/i;

export interface ParsedDocument {
  doc: Document.Parsed;
  /** 0-based index of the document in its file */
  index: number;
  lines: LineCounter;
}

export interface YamlSyntaxError {
  position: Position;
  message: string;
}

export interface ParseOptions {
  /**
   * The yaml package checks each key against every earlier one of its map (quadratic: 400k keys take minutes).
   * The profile reader turns it off and calls `duplicateKey`, which is linear.
   */
  uniqueKeys?: boolean;
  /** `<<: *defaults` merge keys (YAML 1.1, still written by people sharing values between profiles) */
  merge?: boolean;
}

/**
 * All documents of a YAML stream, at most `YAML_LIMITS.maxDocuments` (`tooManyDocuments` then says so): the
 * documents are composed one by one, so a file of a million `---` stops being read at the limit.
 */
export function parseYaml(
  text: string,
  options: ParseOptions = {},
): { docs: ParsedDocument[]; lines: LineCounter; tooManyDocuments: boolean } {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({
    uniqueKeys: options.uniqueKeys ?? true,
    prettyErrors: false,
    strict: true,
    stringKeys: false,
    merge: options.merge ?? false,
  });
  const docs: ParsedDocument[] = [];
  let tooManyDocuments = false;
  for (const doc of composer.compose(parser.parse(text))) {
    if (docs.length === YAML_LIMITS.maxDocuments) {
      tooManyDocuments = true;
      break;
    }
    docs.push({ doc, index: docs.length, lines });
  }
  return { docs, lines, tooManyDocuments };
}

/**
 * Whether a document holds nothing at all: the one after a trailing `---`, or between two `---` lines (the yaml
 * package gives it an empty null scalar, where an explicit `~` or `null` has text).
 */
export function isEmptyDocument(parsed: ParsedDocument): boolean {
  const contents = parsed.doc.contents;
  if (parsed.doc.errors.length > 0) return false;
  if (contents === null) return true;
  return isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1];
}

/** True when the document could not be composed because it nests deeper than the stack allows. */
export function overflowedStack(parsed: ParsedDocument): boolean {
  return parsed.doc.errors.some((e) => STACK_OVERFLOW.test(e.message));
}

/**
 * Keys that name JavaScript's object machinery. No profile field is called so, and a reader that copied them
 * into plain objects would hand an attacker the prototype: they are refused outright.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first key repeated in one of the document's maps (found with one Set per map: linear), or the first key in
 * FORBIDDEN_KEYS, or null. Keys are compared as the strings they become in the profile; non-scalar keys cannot
 * name a field and are skipped.
 */
export function duplicateKey(
  parsed: ParsedDocument,
): { key: string; position: Position; forbidden: boolean; complex?: boolean } | null {
  const stack: unknown[] = [parsed.doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (pair.key !== null && !isScalar(pair.key)) {
          // `? [a, b]: x`: a list or mapping as a key, which no profile field is (and which JavaScript objects
          // would turn into the text "a,b", with a process warning on stderr)
          const at = (pair.key as Node).range?.[0] ?? 0;
          return { key: '', position: positionAt(parsed.lines, at), forbidden: false, complex: true };
        }
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          const forbidden = FORBIDDEN_KEYS.has(key);
          if (forbidden || seen.has(key))
            return { key, position: positionAt(parsed.lines, pair.key.range?.[0] ?? 0), forbidden };
          seen.add(key);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return null;
}

export function positionAt(lines: LineCounter, offset: number): Position {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col };
}

export function syntaxErrors(parsed: ParsedDocument): YamlSyntaxError[] {
  return parsed.doc.errors.map((e) => ({
    position: positionAt(parsed.lines, e.pos[0]),
    message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''),
  }));
}

/** Depth of the node tree, computed without recursion so that a hostile nesting cannot overflow the stack. */
export function nodeDepth(root: unknown, limit: number): number {
  const stack: [unknown, number][] = [[root, 1]];
  let max = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > limit) return max;
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
    else if (isPair(node)) {
      stack.push([node.key, depth]);
      stack.push([node.value, depth]);
    }
  }
  return max;
}

/** Depth and node count of a document, without recursion, stopping as soon as either passes its limit. */
export function measureNodes(root: unknown, maxDepth: number, maxNodes: number): { depth: number; nodes: number } {
  const stack: [unknown, number][] = [[root, 1]];
  let depth = 0;
  let nodes = 0;
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    nodes++;
    if (d > depth) depth = d;
    if (depth > maxDepth || nodes > maxNodes) break;
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push([item, d + 1]);
    else if (isPair(node)) {
      stack.push([node.key, d]);
      stack.push([node.value, d]);
    }
  }
  return { depth, nodes };
}

/**
 * Position of the node at `path` (keys and indexes); when it does not exist, of the deepest parent that does.
 * With `key`, the position of the key rather than the value (for "unknown field" messages).
 */
export function positionOfPath(parsed: ParsedDocument, path: readonly (string | number)[], key = false): Position {
  let node: unknown = parsed.doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(step));
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      best =
        (key && step === path[path.length - 1]
          ? keyNode?.range?.[0]
          : (valueNode?.range?.[0] ?? keyNode?.range?.[0])) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return best === undefined ? { line: 1, column: 1 } : positionAt(parsed.lines, best);
}

/** The document's own position (its first content), for messages about a whole document. */
export function documentPosition(parsed: ParsedDocument): Position {
  const start = (parsed.doc.contents as Node | null)?.range?.[0] ?? parsed.doc.range[0];
  return positionAt(parsed.lines, start);
}

/** A mapping or list whose tag is not a plain one: its position, for the one line that refuses it. */
export class CollectionTagError extends Error {
  constructor(
    readonly tag: string,
    readonly position: Position,
  ) {
    const plain = tag === '!!seq' ? 'list' : 'mapping or list';
    super(
      `the tag ${tag} is not read: write this as a plain ${plain} without a tag (a tagged mapping or list would be misread, and its fields lost)`,
    );
    this.name = 'CollectionTagError';
  }
}

const PLAIN_COLLECTION_TAGS = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/**
 * The first mapping or list with a tag of its own (`!!omap`, `!!set`, `!!pairs`, `!custom`): the yaml package turns
 * `!!omap` and `!!set` into JavaScript Map and Set objects, which become empty objects once read as a profile, and
 * a whole section would disappear without a word. Refused instead, at the tag's position.
 */
export function taggedCollection(parsed: ParsedDocument): CollectionTagError | null {
  const stack: unknown[] = [parsed.doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      if (node.tag !== undefined && !PLAIN_COLLECTION_TAGS.has(node.tag)) {
        const tag = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
        return new CollectionTagError(tag, positionAt(parsed.lines, node.range?.[0] ?? 0));
      }
      // pushed last first, so that the first tagged collection in the file is the one reported
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isPair(node)) {
      stack.push(node.value);
      stack.push(node.key);
    }
  }
  return null;
}

export function toData(parsed: ParsedDocument): unknown {
  const tagged = taggedCollection(parsed);
  if (tagged) throw tagged;
  return parsed.doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
}

/**
 * Where the first alias with no anchor before it in its document stands (`company: *arc-company` after a `---`:
 * anchors do not cross documents), so that the error names that line rather than the document's first one.
 */
export function unresolvedAliasPosition(parsed: ParsedDocument): (Position & { name: string }) | null {
  const anchors = new Set<string>();
  let found: (Position & { name: string }) | null = null;
  visit(parsed.doc, {
    Node(_, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) {
          found = { ...positionAt(parsed.lines, node.range?.[0] ?? 0), name: node.source };
          return visit.BREAK;
        }
      } else if (node.anchor) anchors.add(node.anchor);
      return undefined;
    },
  });
  return found;
}
