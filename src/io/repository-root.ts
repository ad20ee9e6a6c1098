// Where CI wants annotated files named from. GitHub places a workflow annotation (`::error file=...`) and a SARIF
// result by their path in the repository, whatever folder the step ran in (`working-directory: dossiers`, or a
// checkout into a sub-folder): the repository's root, not the working directory, is the base of those paths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const roots = new Map<string, string | null>();

/**
 * The nearest folder at or above `from` holding `.git` (a folder, or the file of a worktree or submodule); null
 * outside any repository. Looked up once per folder: every annotation of a run asks for it.
 */
export function repositoryRoot(from: string): string | null {
  const known = roots.get(from);
  if (known !== undefined) return known;
  let found: string | null = null;
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      found = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  roots.set(from, found);
  return found;
}

/** The folder CI formats name files from: the repository's root, else the working directory. */
export function ciPathBase(cwd: string = process.cwd()): string {
  return repositoryRoot(cwd) ?? cwd;
}
