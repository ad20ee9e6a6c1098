// What bin/market-ready.js loads: starts the CLI bundle (cli.cjs) with the V8 code cache that the build made
// for it (cli.cache). Node 20 has no module compile cache, and compiling the bundle (and the parts of the
// YAML parser, commander and the engine that run) was about a third of assessing one YAML file. The cache
// belongs to the bundle it was made with (the build id at the start of both) and to the Node version that
// made it: with any other, V8 refuses it and compiles as usual, so it can only make the start faster.
import { writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheBytes, cachedBundle } from '../io/code-cache.js';

// No V8 flag is set here: a flag set at run time (`v8.setFlagsFromString`) comes after the main thread's heap
// exists, and `--max-semi-space-size=2` set here left the main thread's young generation as it was (new_space
// 32 MB after a run of short-lived objects, with or without it); it reached only the worker threads' heaps,
// made later, which pool.ts now sizes itself. Importing `node:v8` for it cost some 1.4 ms of every start.

const dir = dirname(fileURLToPath(import.meta.url));

/** the version the build wrote in (scripts/build.mjs), as `market-ready --version` prints it */
declare const __MR_VERSION__: string;

/**
 * `--version` (or `-V`) alone is answered here, before the 640 KB bundle and its code cache are read: what
 * commander would print, the version and a new line on stdout. A write that fails (a full disk, a closed pipe)
 * falls back to the CLI, whose one error line and exit code 2 it then gives.
 */
function versionAnswered(args: readonly string[]): boolean {
  if (args.length !== 1 || (args[0] !== '--version' && args[0] !== '-V')) return false;
  try {
    writeSync(1, `${__MR_VERSION__}\n`);
    return true;
  } catch {
    return false;
  }
}

function startBundle(): void {
  // the file is a CommonJS module's function already (see scripts/build.mjs): compiled as it is read
  const bundle = cachedBundle(dir, 'cli.cjs', 'cli.cache');
  const { script, file } = bundle;
  // the build runs one assessment with this set, so that the cache holds what that run compiled
  const writeCache = process.env.MARKET_READY_WRITE_CODE_CACHE;
  if (writeCache) process.once('exit', () => writeFileSync(writeCache, cacheBytes(bundle)));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
}

if (!versionAnswered(process.argv.slice(2))) startBundle();
