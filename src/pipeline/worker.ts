// A worker thread of the pipeline: builds the run's RowEnv from the setup it is given and answers each slice
// of CSV rows with the slice runner the main thread uses too (slice.ts). It loads no command-line code.
// Bundled as a CommonJS module's function and started by worker-start.ts with its V8 code cache: so no top-level
// await (a failure to prepare is still the worker's error, which the pool reports).
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type RunSetup } from './setup.js';
import { sliceRunner, type SliceJob } from './slice.js';

void prepare(workerData as RunSetup, undefined, true).then((env) => {
  const run = sliceRunner(env);
  parentPort!.on('message', (job: SliceJob) => {
    const answer = run(job);
    parentPort!.postMessage(answer, [answer.bytes.buffer as ArrayBuffer]);
  });
  parentPort!.postMessage({ ready: true });
});
