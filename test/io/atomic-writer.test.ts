// The output writer in process: the temporary file is opened exclusively and never through a link, even when an
// attacker guessed its name; its name holds no pid; a regular file keeps its mode.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// the first names drawn are the ones the attacker planted; after them the real random source
const guessed: Buffer[] = [];
vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>();
  return { ...actual, randomBytes: (n: number) => guessed.shift() ?? actual.randomBytes(n) };
});
// the background syncs of a large report (see writeback in atomic-writer.ts): which file each one synced
const syncedInodes: number[] = [];
vi.mock('node:fs', async (original) => {
  const actual = await original<typeof import('node:fs')>();
  return {
    ...actual,
    fdatasync: (fd: number, done: (e: NodeJS.ErrnoException | null) => void) => {
      syncedInodes.push(actual.fstatSync(fd).ino);
      actual.fdatasync(fd, done);
    },
  };
});
const { fileSink } = await import('../../src/io/atomic-writer.js');

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

/** waits for what the thread pool still has to do (a background sync's callback) */
async function settled(count: () => number, want: number): Promise<number> {
  for (let i = 0; i < 200 && count() !== want; i++) await new Promise((r) => setTimeout(r, 10));
  return count();
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mr-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fileSink', () => {
  it('a link planted under the very name drawn is not followed: another name is drawn, the victim untouched', () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'secret\n');
    const planted = Buffer.from('0123456789abcdef', 'hex');
    guessed.push(planted, planted);
    symlinkSync(victim, join(dir, `.out.json.${planted.toString('hex')}.tmp`));
    const sink = fileSink(join(dir, 'out.json'));
    // both planted draws were tried (and refused by O_EXCL) before a fresh name
    expect(guessed).toHaveLength(0);
    sink.write('{"ok":true}\n');
    sink.commit();
    expect(readFileSync(victim, 'utf8')).toBe('secret\n');
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{"ok":true}\n');
    expect(lstatSync(join(dir, `.out.json.${planted.toString('hex')}.tmp`)).isSymbolicLink()).toBe(true);
  });

  it('the temporary name is random and holds no pid; abort removes it', () => {
    const sink = fileSink(join(dir, 'aborted.json'));
    const temp = readdirSync(dir).filter((f) => f.startsWith('.aborted.json.'));
    expect(temp).toHaveLength(1);
    expect(temp[0]).toMatch(/^\.aborted\.json\.[0-9a-f]{16}\.tmp$/);
    expect(temp[0]).not.toContain(String(process.pid));
    sink.abort();
    expect(readdirSync(dir).filter((f) => f.startsWith('.aborted.json.'))).toEqual([]);
  });

  it('keeps the mode of the file it replaces', () => {
    const target = join(dir, 'mode.json');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    const sink = fileSink(target);
    sink.write('new');
    sink.commit();
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('a large report reaches the disk in background syncs of the same file, and leaves no descriptor open', async () => {
    const target = join(dir, 'large.csv');
    const before = openDescriptors();
    syncedInodes.length = 0;
    const sink = fileSink(target);
    const chunk = Buffer.alloc(1 << 20, 'a');
    // 20 MB: a sync after every 8 MB written
    for (let i = 0; i < 20; i++) sink.write(new Uint8Array(chunk));
    sink.write('end\n');
    sink.commit();
    const written = statSync(target);
    expect(written.size).toBe(20 * (1 << 20) + 4);
    expect(readFileSync(target).subarray(-5).toString()).toBe('aend\n');
    expect(syncedInodes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(syncedInodes)).toEqual(new Set([written.ino]));
    expect(await settled(openDescriptors, before)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('.large.csv.'))).toEqual([]);
  });

  it('an abandoned large report leaves no temporary file and no descriptor open', async () => {
    const before = openDescriptors();
    const sink = fileSink(join(dir, 'abandoned.csv'));
    for (let i = 0; i < 10; i++) sink.write(new Uint8Array(1 << 20));
    sink.abort();
    expect(readdirSync(dir).filter((f) => f.startsWith('.abandoned.csv.'))).toEqual([]);
    expect(await settled(openDescriptors, before)).toBe(before);
  });
});
