// Finds a rule pack from what the user typed: a built-in id, a directory, a manifest file or an installed
// npm package. Kept apart from the loader so that start-up with a precompiled built-in pack never loads the
// pack-file validators.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { suggest } from '../profile/suggest.js';
import { t } from '../i18n/index.js';
import type { Lang } from '../types.js';

export const BUILTIN_PACKS = ['tmall-global', 'tmall', 'luxury-pavilion'] as const;
export const DEFAULT_PACK = 'tmall-global';

/** The installed package's root (where rules/ and package.json live), wherever the bundler put this code. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && existsSync(join(dir, 'rules'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the market-ready package root');
}

export function builtinPackDir(id: string): string {
  return join(packageRoot(), 'rules', id);
}

/** Where a `--pack` argument points: the manifest file to read (what is wrong with it said in `lang`). */
export function locatePack(ref: string, cwd: string, lang: Lang = 'en'): string {
  if ((BUILTIN_PACKS as readonly string[]).includes(ref)) return join(builtinPackDir(ref), 'pack.yaml');
  // `--pack "$PACK"` with the variable unset: said as such, not as the current folder holding no pack.yaml
  if (ref.trim() === '') throw new UserError(t(lang, 'pack.nameEmpty', { ids: BUILTIN_PACKS.join(', ') }));
  const asPath = isAbsolute(ref) ? ref : resolve(cwd, ref);
  if (existsSync(asPath)) {
    if (statSync(asPath).isDirectory()) {
      for (const name of ['pack.yaml', 'pack.yml']) if (existsSync(join(asPath, name))) return join(asPath, name);
      throw new UserError(t(lang, 'pack.noManifestInDir', { ref }));
    }
    return asPath;
  }
  // an installed npm package: market-ready-pack-<name>, or the full package name
  const names = ref.startsWith('market-ready-pack-') || ref.startsWith('@') ? [ref] : [`market-ready-pack-${ref}`, ref];
  // the folders Node would look in, without resolving the package itself: a package whose `exports` map leaves
  // out ./package.json cannot be resolved, yet it is installed (and `rules list` shows it); nothing of it runs
  const folders = createRequire(join(cwd, 'noop.js')).resolve.paths('market-ready-pack-') ?? [];
  for (const name of names) {
    for (const folder of folders) {
      const dir = join(folder, name);
      for (const file of ['pack.yaml', 'pack.yml']) if (existsSync(join(dir, file))) return join(dir, file);
    }
  }
  const hint = suggest(ref, BUILTIN_PACKS);
  throw new UserError(
    t(lang, 'pack.unknownPack', {
      ref,
      ids: BUILTIN_PACKS.join(', '),
      hint: hint ? t(lang, 'check.didYouMeanAfter', { suggestion: hint }) : '',
    }),
  );
}

/**
 * The market-ready-pack-* packages `--pack` would find from `cwd` (node_modules folders from there up, as
 * Node resolves them; the nearest copy of a name wins), sorted by name, with their manifest.
 */
export function installedPacks(cwd: string): { name: string; manifest: string }[] {
  const found = new Map<string, string>();
  const take = (name: string, dir: string): void => {
    if (found.has(name)) return;
    for (const file of ['pack.yaml', 'pack.yml']) {
      if (existsSync(join(dir, file))) {
        found.set(name, join(dir, file));
        return;
      }
    }
  };
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    for (const entry of list(modules)) {
      if (entry.startsWith('market-ready-pack-')) take(entry, join(modules, entry));
      else if (entry.startsWith('@'))
        for (const scoped of list(join(modules, entry)))
          if (scoped.startsWith('market-ready-pack-')) take(`${entry}/${scoped}`, join(modules, entry, scoped));
    }
    if (dirname(dir) === dir) break;
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, manifest]) => ({ name, manifest }));
}
