// A worker of the parallel ndjson / csv batch (see batch.ts): takes a slice of a CSV file that starts and ends on
// row boundaries, and does everything a row needs (parse, convert, evaluate, serialise) off the main
// thread (batch-slice.ts). It answers with the slice's ndjson as UTF-8 bytes, its diagnostics as text, and its counts.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPack } from '../rules/packs.js';
import type { BatchJob, BatchSetup } from './batch.js';
import { csvRowFormatter, settleBufferDetaching, sliceRunner } from './batch-slice.js';

settleBufferDetaching();
const setup = workerData as BatchSetup;
const pack = await loadPack(setup.pack);
const run = sliceRunner(setup, pack, setup.format === 'csv' ? await csvRowFormatter() : null);

parentPort!.on('message', (job: BatchJob) => {
  const answer = run(job);
  parentPort!.postMessage(answer, [answer.bytes.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
