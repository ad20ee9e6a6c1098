// The CLI's starter (src/cli/start.ts) and the worker threads' (src/pipeline/worker-start.ts) each run a bundle
// with the V8 code cache the build made for it (scripts/build.mjs); both are bundled with this file, so it adds
// no module to load at start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

export interface CachedBundle {
  script: Script;
  /** the build id at the start of the bundle, which the cache file starts with too */
  id: string;
  file: string;
}

/**
 * `bundle` in `dir`, compiled with the cache file `cache` beside it when that file belongs to this bundle (its
 * build id) and to this Node version (V8 refuses another's, and compiles as usual: it can only make the start
 * faster). The bundle is a CommonJS module's function (`(function (exports, require, module, ...) {...})`).
 */
export function cachedBundle(dir: string, bundle: string, cache: string): CachedBundle {
  const file = join(dir, bundle);
  const source = readFileSync(file, 'utf8');
  /** the bundle starts with `/*build:<16 hex digits>*\/`; the cache file with the same 16 digits */
  const id = source.slice(8, 24);
  let cachedData: Buffer | undefined;
  try {
    const bytes = readFileSync(join(dir, cache));
    if (bytes.toString('latin1', 0, 16) === id) cachedData = bytes.subarray(16);
  } catch {
    // no cache (a build that could not make one): compile as usual
  }
  return { script: new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) }), id, file };
}

/** The cache of what `script` has compiled so far, as the cache file holds it (the build id first). */
export function cacheBytes({ script, id }: CachedBundle): Buffer {
  return Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]);
}
