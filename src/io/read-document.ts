// Reads YAML and JSON profile files: one profile per document, each validated, each error placed at its
// line:column. Every document yields exactly one item, a profile or an error.
import type { InputProfile, Lang, Position, ReadItem, Source } from '../types.js';
import { validateProfileData } from '../profile/validate.js';
import { documentPosition, nodeDepth, parseYaml, positionOfPath, syntaxErrors, toData, YAML_LIMITS, type ParsedDocument } from './yaml-doc.js';
import { isMap, isScalar, type Node } from 'yaml';

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
    }
  }
  return positions;
}

export function readDocumentText(file: string, text: string, options: ReadOptions = {}, format: 'yaml' | 'json' = 'yaml'): ReadItem[] {
  const items: ReadItem[] = [];
  const { docs } = parseYaml(text);
  // an empty file holds no profile; say so rather than yield nothing, so the file is not lost silently
  const nonEmpty = docs.filter((d) => d.doc.contents !== null || d.doc.errors.length > 0);
  if (nonEmpty.length === 0) {
    return [{ kind: 'error', source: { file, row: null, document: 0 }, brand: null, errors: [{ severity: 'error', file, line: 1, column: 1, message: 'the file holds no profile (it is empty)' }] }];
  }
  if (format === 'json' && nonEmpty.length > 1) {
    return [{ kind: 'error', source: { file, row: null, document: 0 }, brand: null, errors: [{ severity: 'error', file, line: 1, column: 1, message: 'a JSON file holds one profile' }] }];
  }
  for (const parsed of docs) {
    if (parsed.doc.contents === null && parsed.doc.errors.length === 0) continue; // a trailing `---`
    const source: Source = { file, row: null, document: parsed.index };
    const position = documentPosition(parsed);
    const fail = (errors: ReadItem & { kind: 'error' }): void => { items.push(errors); };
    const syntax = syntaxErrors(parsed);
    if (syntax.length > 0) {
      fail({ kind: 'error', source, brand: null, position, errors: syntax.slice(0, 5).map((e) => ({ severity: 'error', file, line: e.position.line, column: e.position.column, message: `${format === 'json' ? 'JSON' : 'YAML'} syntax: ${e.message}` })) });
      continue;
    }
    if (nodeDepth(parsed.doc.contents, YAML_LIMITS.maxDepth) > YAML_LIMITS.maxDepth) {
      fail({ kind: 'error', source, brand: null, position, errors: [{ severity: 'error', file, line: position.line, column: position.column, message: `nested more than ${YAML_LIMITS.maxDepth} levels deep; a profile has two` }] });
      continue;
    }
    let data: unknown;
    try {
      data = toData(parsed);
    } catch (e) {
      // the yaml package refuses alias bombs (maxAliasCount) with a ReferenceError
      fail({ kind: 'error', source, brand: null, position, errors: [{ severity: 'error', file, line: position.line, column: position.column, message: `cannot read the document: ${(e as Error).message.split('\n')[0]}` }] });
      continue;
    }
    const checked = validateProfileData(data, options);
    const diagnostics = checked.problems.map((p) => {
      const pos = p.path.length > 0 ? positionOfPath(parsed, p.path, p.atKey) : position;
      return { severity: p.severity, file, line: pos.line, column: pos.column, ...(p.field ? { field: p.field } : {}), message: p.message };
    });
    if (checked.values === null) {
      fail({ kind: 'error', source, brand: brandNameOf(parsed), position, errors: diagnostics.filter((d) => d.severity === 'error').concat(diagnostics.filter((d) => d.severity === 'warning')) });
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
