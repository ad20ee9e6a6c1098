// The public way to get a compiled pack: a built-in id (precompiled at build time), a path, or a package.
import { compilePack } from './compile.js';
import { BUILTIN_PACKS, DEFAULT_PACK, loadResolvedPack, locatePack, type LoadOptions } from './load.js';
import type { CompiledPack, ResolvedPack } from './types.js';

let builtins: Record<string, ResolvedPack> | null | undefined;

async function precompiledBuiltin(id: string): Promise<ResolvedPack | undefined> {
  if (builtins === undefined) {
    try {
      builtins = (await import('../generated/builtin-packs.json', { with: { type: 'json' } })).default as unknown as Record<string, ResolvedPack>;
    } catch {
      builtins = null; // not built yet (running from source): read the YAML
    }
  }
  return builtins?.[id];
}

/** Resolves and validates a pack without compiling it (for `rules show`, `rules test`, tooling). */
export async function resolvePack(ref: string = DEFAULT_PACK, options: LoadOptions = {}): Promise<ResolvedPack> {
  if ((BUILTIN_PACKS as readonly string[]).includes(ref) && !process.env.MARKET_READY_PACKS_FROM_SOURCE) {
    const pre = await precompiledBuiltin(ref);
    if (pre) return pre;
  }
  return loadResolvedPack(locatePack(ref, options.cwd ?? process.cwd()), options);
}

/** Loads, validates and compiles a pack: a built-in id, a directory, a manifest file or an npm package name. */
export async function loadPack(ref: string = DEFAULT_PACK, options: LoadOptions = {}): Promise<CompiledPack> {
  return compilePack(await resolvePack(ref, options));
}
