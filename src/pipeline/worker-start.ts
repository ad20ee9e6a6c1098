// Where a worker thread of the pipeline starts (dist/cli/worker.cjs): it runs the worker's bundle
// (dist/cli/worker-body.cjs, made from worker.ts) with the V8 code cache the build made for it
// (dist/cli/worker.cache), as the CLI's starter does for the CLI (src/cli/start.ts). A worker used to load an ES
// module and its chunks, which it compiled again in its own isolate: 63 ms of CPU from its creation to its first
// slice, and its functions compiled once more as the first rows ran them; with the cache, 37 ms, and 80 ms less
// CPU for the whole run of a 20,000-row csv batch. A cache made by another build (the build id at the start of both)
// or another Node version is refused by V8, which then compiles as usual.
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { cacheBytes, cachedBundle } from '../io/code-cache.js';

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = cachedBundle(dir, 'worker-body.cjs', 'worker.cache');
const { script, file } = bundle;
// the build's training run sets this: after each slice (once the worker's handler has run it), the cache of what
// has been compiled so far replaces the last one, since the pool ends a worker without warning (terminate)
const writeCache = process.env.MARKET_READY_WRITE_WORKER_CODE_CACHE;
if (writeCache)
  parentPort!.on('message', () =>
    setImmediate(() => {
      const temp = `${writeCache}.${process.pid}.tmp`;
      writeFileSync(temp, cacheBytes(bundle));
      renameSync(temp, writeCache);
    }),
  );
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
