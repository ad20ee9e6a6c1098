// No import cycles in src/: a cycle made the batch worker load the whole command line (commander included),
// and hides which stage depends on which. A small walk over the TypeScript imports: every static import and
// re-export, and every dynamic import() with a literal path. Type-only imports are counted too (separately
// reported): they cost nothing at run time, but a cycle of types is still a knot in the layering.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** file -> the files it imports (relative imports only), each with whether the import is type-only */
export function importGraph(
  files: readonly string[],
  read: (f: string) => string = (f) => readFileSync(f, 'utf8'),
): Map<string, { to: string; typeOnly: boolean }[]> {
  const graph = new Map<string, { to: string; typeOnly: boolean }[]>();
  for (const file of files) {
    const edges: { to: string; typeOnly: boolean }[] = [];
    for (const m of read(file).matchAll(IMPORT)) {
      const spec = m[3] ?? m[4]!;
      if (!spec.startsWith('.')) continue;
      const to = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      edges.push({ to, typeOnly: m[2] !== undefined });
    }
    graph.set(file, edges);
  }
  return graph;
}

/** The cycles found by a depth-first walk, each as the list of files around it (one per strongly connected knot). */
export function findCycles(graph: Map<string, { to: string; typeOnly: boolean }[]>, withTypes: boolean): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const { to, typeOnly } of graph.get(file) ?? []) {
      if (typeOnly && !withTypes) continue;
      if (!graph.has(to)) continue;
      const seen = state.get(to);
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(to)), to]);
      else if (seen === undefined) visit(to);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

const show = (cycles: string[][]): string[] => cycles.map((c) => c.map((f) => relative(SRC, f)).join(' -> '));

describe('imports in src/', () => {
  const graph = importGraph(sources(SRC));

  it('the walk sees the imports (a check that finds nothing because it reads nothing would pass for ever)', () => {
    const assess = graph.get(join(SRC, 'cli', 'assess.ts'))!.map((e) => relative(SRC, e.to));
    expect(assess).toContain(join('pipeline', 'run.ts'));
    expect(graph.size).toBeGreaterThan(50);
  });

  it('finds a cycle when there is one', () => {
    const files = ['/x/a.ts', '/x/b.ts', '/x/c.ts'];
    const text: Record<string, string> = {
      '/x/a.ts': "import { b } from './b.js';",
      '/x/b.ts': "export { c } from './c.js';",
      '/x/c.ts': "const a = await import('./a.js');",
    };
    expect(
      findCycles(
        importGraph(files, (f) => text[f]!),
        false,
      ),
    ).toEqual([['/x/a.ts', '/x/b.ts', '/x/c.ts', '/x/a.ts']]);
  });

  it('no cycle at run time', () => {
    expect(show(findCycles(graph, false))).toEqual([]);
  });

  it('no cycle even counting type-only imports', () => {
    expect(show(findCycles(graph, true))).toEqual([]);
  });

  it('the worker thread loads no command-line code (commander stays out of it)', () => {
    const reached = new Set<string>();
    const walk = (file: string): void => {
      if (reached.has(file) || !graph.has(file)) return;
      reached.add(file);
      for (const { to, typeOnly } of graph.get(file) ?? []) if (!typeOnly) walk(to);
    };
    walk(join(SRC, 'pipeline', 'worker.ts'));
    const commander = [...reached].filter((f) => /from ['"]commander['"]/.test(readFileSync(f, 'utf8')));
    expect(commander.map((f) => relative(SRC, f))).toEqual([]);
  });
});
