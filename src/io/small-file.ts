// Reading a small file the tool is given as configuration (a pack's YAML files, a --columns map, an interview's
// --from profile) in bounded time and memory. `readFileSync` on what a path may name instead blocks for ever on a
// FIFO nobody writes to, and reads /dev/zero until memory runs out: one reader for all of them refuses anything
// but a regular file before reading, and reads no more than its bound even from a file that grows meanwhile.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a small file was not read: `code` an errno code, or ENOTREG (not a regular file), or EFBIG (too large). */
export class SmallFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** EFBIG: the size seen (at least the bound plus one) */
    readonly size = 0,
  ) {
    super(message);
  }
}

/** What a path names when it is not a regular file, in words. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a regular file of at most `maxBytes`. Throws a SmallFileError: the errno code of a failed open
 * (ENOENT, EACCES...), EISDIR for a directory, ENOTREG for a FIFO, a device or a socket (refused at once: the
 * open does not wait for a FIFO's writer), EFBIG past the bound. Its message says it in words.
 */
export function readSmallFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, with the whole process blocked
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new SmallFileError(code, code);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new SmallFileError('EISDIR', 'it is a directory');
    if (!info.isFile()) throw new SmallFileError('ENOTREG', `it is ${kindOf(info)}, not a regular file`);
    if (info.size > maxBytes) {
      throw new SmallFileError('EFBIG', `it is ${info.size} bytes, more than ${maxBytes}`, info.size);
    }
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, info.size + 1));
    let filled = 0;
    for (let n = -1; n !== 0 && filled < buffer.length; filled += n) {
      n = readSync(fd, buffer, filled, buffer.length - filled, null);
    }
    if (filled > maxBytes) throw new SmallFileError('EFBIG', `it grew past ${maxBytes} bytes while read`, filled);
    if (filled === buffer.length) {
      // the file grew while read: on to the bound, no further
      const rest = Buffer.allocUnsafe(maxBytes + 1 - filled);
      let more = 0;
      for (let n = -1; n !== 0 && more < rest.length; more += n) {
        n = readSync(fd, rest, more, rest.length - more, null);
      }
      if (filled + more > maxBytes) {
        throw new SmallFileError('EFBIG', `it grew past ${maxBytes} bytes while read`, filled + more);
      }
      return Buffer.concat([buffer.subarray(0, filled), rest.subarray(0, more)]);
    }
    return buffer.subarray(0, filled);
  } catch (e) {
    if (e instanceof SmallFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new SmallFileError(code, code);
  } finally {
    closeSync(fd);
  }
}
