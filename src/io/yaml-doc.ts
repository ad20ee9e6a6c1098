// YAML parsing with positions, shared by the profile reader and the pack loader. JSON is read through the
// same parser (JSON is YAML 1.2) so that JSON errors get line:column too.
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import type { Position } from '../types.js';

/** Limits that keep hostile files from exhausting memory or time (documented in README). */
export const YAML_LIMITS = {
  maxAliasCount: 100,
  maxDepth: 64,
};

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

export function parseYaml(text: string): { docs: ParsedDocument[]; lines: LineCounter } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, stringKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  return { docs: list.map((doc, index) => ({ doc, index, lines })), lines };
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
    else if (isPair(node)) { stack.push([node.key, depth]); stack.push([node.value, depth]); }
  }
  return max;
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
      best = (key && step === path[path.length - 1] ? keyNode?.range?.[0] : valueNode?.range?.[0] ?? keyNode?.range?.[0]) ?? best;
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

export function toData(parsed: ParsedDocument): unknown {
  return parsed.doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
}
