// A temporary file that report pieces are appended to while a batch runs, and read back once, in order, when
// the document is put together. The formats whose document opens with totals (html, markdown, junit) write
// each result here as it comes instead of holding every result until the end, so their memory stays flat
// however many rows the input has.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import { onInterrupt, writeErrorMessage } from './atomic-writer.js';

/**
 * Pieces are written as UTF-8 into one buffer of this size rather than joined into a string: html's text is
 * mostly two-byte in V8 (a ✔ or an em dash makes a whole section so), and joining then encoding 12 MB of it cost
 * some 45 ms against 15 for encoding each piece where it goes.
 */
const BUFFER_BYTES = 1 << 18;
const READ_CHUNK = 1 << 20;

export class Spool {
  private fd: number;
  /** kept only where an open file cannot be removed (Windows): the file is then removed on close */
  private path: string | null;
  /** pieces are encoded straight into this buffer, `used` bytes of it, and the buffer written when full */
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
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
    return this.bytes + this.used;
  }

  append(text: string): void {
    if (text === '') return;
    // a UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4)
    if (text.length * 3 > BUFFER_BYTES - this.used) {
      this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        this.write(Buffer.from(text));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private write(bytes: Uint8Array): void {
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (e) {
      throw new UserError(writeErrorMessage(this.dir, e, 'temporary file of the report in this folder'));
    }
    this.bytes += bytes.length;
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
    this.used = 0;
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
