// `--output file`: the report goes to a temporary file beside the target and is renamed over it only when
// complete, so a failure or Ctrl-C leaves the previous report untouched.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface Sink {
  /**
   * text, or bytes already encoded as UTF-8 (the parallel ndjson batch hands over whole buffers); `done` is
   * called once the bytes are no longer needed, so that their memory can be reused
   */
  write(text: string | Uint8Array, done?: () => void): void;
  /** finish: for a file, flush and rename into place */
  commit(): void;
  /** give up: for a file, remove the temporary file */
  abort(): void;
}

export function fileSink(target: string): Sink {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', 0o644);
  let open = true;
  let buffer = '';
  const flush = (): void => {
    if (buffer.length > 0) writeSync(fd, buffer);
    buffer = '';
  };
  return {
    write(text, done) {
      if (typeof text !== 'string') {
        flush();
        writeSync(fd, text);
        done?.();
        return;
      }
      buffer += text;
      if (buffer.length > 1 << 16) flush();
    },
    commit() {
      if (!open) return;
      flush();
      fsyncSync(fd);
      closeSync(fd);
      open = false;
      renameSync(temp, target);
    },
    abort() {
      if (!open) return;
      open = false;
      try { closeSync(fd); } catch { /* already closed */ }
      try { unlinkSync(temp); } catch { /* already gone */ }
    },
  };
}

/** stdout with buffering: one write per ~64 KiB instead of one per line keeps a batch fast. */
export function stdoutSink(stream: NodeJS.WritableStream = process.stdout): Sink & { drain(): Promise<void> } {
  let buffer = '';
  let pending: Promise<void> = Promise.resolve();
  let waiting = false;
  let scheduled = false;
  const send = (chunk: string | Uint8Array, done?: () => void): void => {
    // one drain listener however many chunks are written before it fires
    if (!(done ? stream.write(chunk, () => done()) : stream.write(chunk)) && !waiting) {
      waiting = true;
      pending = new Promise((resolve) => stream.once('drain', () => { waiting = false; resolve(); }));
    }
  };
  const push = (): void => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    send(chunk);
  };
  // a batch read from a slow pipe must show its results as they come: whatever is buffered goes out as soon
  // as the process waits for input (setImmediate runs only then), not when 64 KiB have piled up
  const flushWhenIdle = (): void => {
    scheduled = false;
    push();
  };
  return {
    write(text, done) {
      if (typeof text !== 'string') {
        push();
        send(text, done);
        return;
      }
      buffer += text;
      if (buffer.length > 1 << 16) push();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushWhenIdle);
      }
    },
    commit() { push(); },
    abort() { buffer = ''; },
    async drain() {
      push();
      await pending;
      pending = Promise.resolve();
    },
  };
}
