// A worker thread of the pipeline: builds the run's RowEnv from the setup it is given and answers each slice
// of CSV rows with the slice runner the main thread uses too (slice.ts). It loads no command-line code.
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type RunSetup } from './setup.js';
import { sliceRunner, type SliceJob } from './slice.js';

const env = await prepare(workerData as RunSetup, undefined, true);
const run = sliceRunner(env);

parentPort!.on('message', (job: SliceJob) => {
  const answer = run(job);
  parentPort!.postMessage(answer, [answer.bytes.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
