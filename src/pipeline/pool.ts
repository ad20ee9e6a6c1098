// Worker threads for the slices of large CSV files: plain scheduling. Each worker builds the same RowEnv from
// the same RunSetup (setup.ts) and runs the same slice runner as the main thread (slice.ts, worker.ts).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../rules/locate.js';
import type { RunSetup } from './setup.js';
import type { SliceAnswer, SliceJob } from './slice.js';

export class Pool {
  private readonly workers: Worker[] = [];
  /** the file each worker last received the header of (see SliceJob.header) */
  private readonly told: number[] = [];
  private readonly waiting = new Map<number, { resolve: (a: SliceAnswer) => void; reject: (e: Error) => void }>();
  /** the workers that have loaded the pack, in the order they did: slices go to them only */
  private readonly started: number[] = [];
  private next = 0;
  private failure: Error | undefined;

  constructor(size: number, setup: RunSetup) {
    // the worker's starter, beside the CLI's (worker-start.ts)
    const script = join(packageRoot(), 'dist', 'cli', 'worker.cjs');
    for (let i = 0; i < size; i++) {
      // a small young generation: each row's garbage dies at once, and RSS stays flat with two heaps. 6 MB is two
      // 2 MB semi-spaces (V8 gives a third to new large objects): what the workers had when the starter set
      // `--max-semi-space-size=2`, a flag that overrode this limit (new_space 4 MB; 8 MB with this limit alone)
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 6 } });
      worker.on('message', (answer: SliceAnswer | { ready: true }) => {
        if ('ready' in answer) {
          this.started.push(i);
          return;
        }
        const w = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        w?.resolve(answer);
      });
      worker.on('error', (e) => {
        this.failure = e;
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      this.workers.push(worker);
      this.told.push(-1);
    }
  }

  run(job: SliceJob): Promise<SliceAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    const index = this.started[this.next++ % this.started.length]!;
    const worker = this.workers[index]!;
    // the header goes to each worker once per file
    if (this.told[index] === job.fileId) delete job.header;
    else this.told[index] = job.fileId;
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      const transfer = [job.bytes.buffer as ArrayBuffer, job.rows.buffer as ArrayBuffer];
      worker.postMessage(job, job.out ? [...transfer, job.out] : transfer);
    });
  }

  /** workers ready for slices (a worker takes some 100 ms to load the pack) */
  get ready(): number {
    return this.started.length;
  }

  /** slices sent and not answered yet */
  get pending(): number {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
