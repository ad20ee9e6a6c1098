// The temporary file the spooled formats write each result to: what goes in comes out in order, in chunks
// that the sink may keep, and nothing is left on disk.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spool } from '../../src/io/spool.js';

describe('Spool', () => {
  it('gives back every piece in order, multi-byte text across chunk boundaries included, and leaves no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-ready-spool-'));
    try {
      const spool = new Spool(dir);
      const pieces = Array.from({ length: 30_000 }, (_, i) => `<tr>${i} Maison Lumière 北极光 ✔</tr>\n`);
      for (const piece of pieces) spool.append(piece);
      const expected = Buffer.from(pieces.join(''));
      expect(spool.size).toBe(expected.length);
      const chunks = [...spool.chunks()];
      expect(chunks.length).toBeGreaterThan(1);
      expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
      spool.close();
      spool.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pieces of every size, from one character to larger than its buffer, come back whole and in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-ready-spool-'));
    try {
      const spool = new Spool(dir);
      // sizes around the 256 KiB buffer in UTF-16 units times three (the most UTF-8 a unit can take)
      const sizes = [1, 87_381, 87_382, 3, 300_000, 1, 1_000_000, 2, 87_000, 50_000];
      const pieces = sizes.map((n, i) =>
        'é北😀a'
          .repeat(Math.ceil(n / 5))
          .slice(0, n)
          .replace(/^[\udc00-\udfff]/, String(i)),
      );
      for (const piece of pieces) spool.append(piece);
      const expected = Buffer.from(pieces.join(''));
      expect(spool.size).toBe(expected.length);
      expect(Buffer.concat([...spool.chunks()]).equals(expected)).toBe(true);
      spool.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty spool yields nothing', () => {
    const spool = new Spool(tmpdir());
    expect([...spool.chunks()]).toEqual([]);
    spool.close();
  });

  it('a directory that cannot be written is one clear error', () => {
    expect(() => new Spool('/nonexistent-market-ready-dir')).toThrow(
      /nonexistent-market-ready-dir: cannot write the temporary file of the report in this folder: the folder does not exist.*\(ENOENT\)/,
    );
  });
});
