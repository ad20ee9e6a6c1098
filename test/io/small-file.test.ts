// The bounded reader of configuration files: regular files only, never more than the bound, never a wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSmallFile, SmallFileError } from '../../src/io/small-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-small-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(path: string, max = 1024): SmallFileError {
  try {
    readSmallFile(path, max);
  } catch (e) {
    if (e instanceof SmallFileError) return e;
    throw e;
  }
  throw new Error(`${path} was read`);
}

describe('readSmallFile', () => {
  it('reads a regular file whole, an empty one too, and what /proc shows with a size of 0', () => {
    writeFileSync(join(dir, 'a.yaml'), 'id: x\n');
    writeFileSync(join(dir, 'empty.yaml'), '');
    expect(readSmallFile(join(dir, 'a.yaml'), 1024).toString()).toBe('id: x\n');
    expect(readSmallFile(join(dir, 'empty.yaml'), 1024).length).toBe(0);
    expect(readSmallFile('/proc/self/status', 1 << 20).toString()).toMatch(/^Name:/);
  });

  it('refuses past the bound, with the size seen', () => {
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(2000));
    expect(failure(join(dir, 'big.yaml'))).toMatchObject({ code: 'EFBIG', size: 2000 });
  });

  it('refuses at once a FIFO nobody writes to, a link to /dev/zero and a directory', () => {
    const fifo = join(dir, 'fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    expect(failure(fifo)).toMatchObject({ code: 'ENOTREG', message: 'it is a FIFO, not a regular file' });
    expect(failure(join(dir, 'zero.yaml'))).toMatchObject({
      code: 'ENOTREG',
      message: 'it is a device, not a regular file',
    });
    expect(failure(dir)).toMatchObject({ code: 'EISDIR' });
    expect(failure(join(dir, 'missing.yaml'))).toMatchObject({ code: 'ENOENT' });
  });
});
