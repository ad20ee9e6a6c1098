// Where a worker thread of the pipeline starts (dist/cli/worker.cjs): it runs the worker's bundle
// (dist/cli/worker-body.cjs, made from worker.ts) with the V8 code cache the build made for it
// (dist/cli/worker.cache), as the CLI's starter does for the CLI (src/cli/start.ts). A worker used to load an ES
// module and its chunks, which it compiled again in its own isolate: 63 ms of CPU from its creation to its first
// slice, and its functions compiled once more as the first rows ran them; with the cache, 37 ms, and 80 ms less
// CPU for the whole run of a 20,000-row csv batch. A cache made by another build (the build id at the start of both)
// or another Node version is refused by V8, which then compiles as usual.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { parentPort } from 'node:worker_threads';

const dir = dirname(fileURLToPath(import.meta.url));
const file = join(dir, 'worker-body.cjs');
const source = readFileSync(file, 'utf8');
/** the bundle starts with `/*build:<16 hex digits>*\/`; the cache file with the same 16 digits */
const id = source.slice(8, 24);
let cachedData: Buffer | undefined;
try {
  const cache = readFileSync(join(dir, 'worker.cache'));
  if (cache.toString('latin1', 0, 16) === id) cachedData = cache.subarray(16);
} catch {
  // no cache (a build that could not make one): compile as usual
}
const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
// the build's training run sets this: after each slice (once the worker's handler has run it), the cache of what
// has been compiled so far replaces the last one, since the pool ends a worker without warning (terminate)
const writeCache = process.env.MARKET_READY_WRITE_WORKER_CODE_CACHE;
if (writeCache)
  parentPort!.on('message', () =>
    setImmediate(() => {
      const temp = `${writeCache}.${process.pid}.tmp`;
      writeFileSync(temp, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
      renameSync(temp, writeCache);
    }),
  );
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
