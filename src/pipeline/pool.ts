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
      // the young generation's limit (V8 gives a third of it to new large objects, the rest to two semi-spaces):
      // each row's garbage dies at once, but what a slice holds while it runs (its results, its output) is copied
      // at every scavenge. 6 MB (2 MB semi-spaces) against 16 MB: csv at 200,000 rows ~380 scavenges at the worker
      // against ~130, its GC time about halved (1.2-1.9 s -> 0.7-0.9 s on a loaded machine), peak RSS the same
      // (155-159 MB); json at 20,000 rows 450 against 125 (2.0-2.3 s -> 1.0-1.5 s), peak RSS 144 -> 155 MB.
      // 10 MB made ~220, 12 MB ~185; 24 to 48 MB no fewer than 16
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
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
