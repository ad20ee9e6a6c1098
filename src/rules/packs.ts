// The public way to get a compiled pack: a built-in id (precompiled at build time), a path, or a package.
import { compilePack } from './compile.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_PACKS, DEFAULT_PACK, locatePack, packageRoot } from './locate.js';
import type { LoadOptions } from './load.js';
import type { CompiledPack, ResolvedPack } from './types.js';

/** Built-in packs validated and resolved at build time (dist/packs/<id>.json); undefined when not built. */
function precompiledBuiltin(id: string): ResolvedPack | undefined {
  try {
    return JSON.parse(readFileSync(join(packageRoot(), 'dist', 'packs', `${id}.json`), 'utf8')) as ResolvedPack;
  } catch {
    return undefined; // running from source before a build: read the YAML
  }
}

/** Resolves and validates a pack without compiling it (for `rules show`, `rules test`, tooling). */
export async function resolvePack(ref: string = DEFAULT_PACK, options: LoadOptions = {}): Promise<ResolvedPack> {
  if ((BUILTIN_PACKS as readonly string[]).includes(ref) && !process.env.MARKET_READY_PACKS_FROM_SOURCE) {
    const pre = precompiledBuiltin(ref);
    if (pre) return pre;
  }
  // the YAML loader (and its validators) is loaded only for packs that were not precompiled
  const { loadResolvedPack } = await import('./load.js');
  return loadResolvedPack(locatePack(ref, options.cwd ?? process.cwd(), options.lang), options);
}

/** Loads, validates and compiles a pack: a built-in id, a directory, a manifest file or an npm package name. */
export async function loadPack(ref: string = DEFAULT_PACK, options: LoadOptions = {}): Promise<CompiledPack> {
  return compilePack(await resolvePack(ref, options));
}
