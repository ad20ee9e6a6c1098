// A temporary file that report pieces are appended to while a batch runs, and read back once, in order, when
// the document is put together. The formats whose document opens with totals (html, markdown, junit) write
// each result here as it comes instead of holding every result until the end, so their memory stays flat
// however many rows the input has.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import { onInterrupt, writeErrorMessage } from './atomic-writer.js';

const FLUSH_AT = 1 << 16;
const READ_CHUNK = 1 << 20;

export class Spool {
  private fd: number;
  /** kept only where an open file cannot be removed (Windows): the file is then removed on close */
  private path: string | null;
  private buffer = '';
  private bytes = 0;
  private stopCleanup: (() => void) | undefined;

  constructor(private readonly dir: string) {
    const path = join(dir, `.market-ready-spool-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      this.fd = openSync(path, 'wx+', 0o600);
    } catch (e) {
      throw new UserError(writeErrorMessage(dir, e, 'temporary file of the report in this folder'));
    }
    // removed at once where the system allows it: the open descriptor keeps the data, and nothing is left
    // behind even if the process is killed
    try {
      unlinkSync(path);
      this.path = null;
    } catch {
      this.path = path;
      // only where the file could not be unlinked is there anything for a signal to clean up
      this.stopCleanup = onInterrupt(() => this.close());
    }
  }

  /** how many bytes the spool holds, buffered ones included */
  get size(): number {
    return this.bytes + Buffer.byteLength(this.buffer);
  }

  append(text: string): void {
    if (text === '') return;
    this.buffer += text;
    if (this.buffer.length > FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer === '') return;
    try {
      this.bytes += writeSync(this.fd, this.buffer);
    } catch (e) {
      throw new UserError(writeErrorMessage(this.dir, e, 'temporary file of the report in this folder'));
    }
    this.buffer = '';
  }

  /** The contents in order, a fresh buffer per chunk (a sink may still hold the previous one). */
  *chunks(): Generator<Uint8Array> {
    this.flush();
    for (let position = 0; position < this.bytes;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, this.bytes - position));
      let filled = 0;
      while (filled < chunk.length) {
        const n = readSync(this.fd, chunk, filled, chunk.length - filled, position + filled);
        if (n === 0) throw new UserError(`${this.dir}: the report's temporary file was cut short`);
        filled += n;
      }
      position += filled;
      yield chunk;
    }
  }

  /** Idempotent: closes and removes the file. */
  close(): void {
    this.stopCleanup?.();
    this.stopCleanup = undefined;
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = -1;
    this.buffer = '';
    if (this.path) {
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
      this.path = null;
    }
  }
}
