// End to end: what `-o` (and `init`, and stdout) does with every kind of target. Only a regular file is replaced,
// atomically; a device node or a FIFO is written through and stays what it was; a link is followed and stays a
// link; modes are kept; an input is never the output; every failure is exit 2 with one line naming the path.
// Device nodes are made with mknod inside a temporary folder (never the machine's /dev entries); the full disk is
// a 64 KiB tmpfs mounted inside that folder where the test may mount one, and a file-size limit (ulimit -f) too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, run, isErrorLine } from '../helpers/cli.js';

const GOOD = 'fixtures/brands/approve-french-skincare.yaml';
const TURN_DOWN = 'fixtures/brands/turn-down-reseller-wine.yaml';
const PREVIOUS = 'the previous report\n';
let dir: string;
let mounted: string | null = null;

const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' };
const stderrLines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);
const temps = (folder = dir): string[] => readdirSync(folder).filter((f) => f.endsWith('.tmp'));

function mknod(name: string, major: number, minor: number): string {
  const path = join(dir, name);
  const made = spawnSync('mknod', [path, 'c', String(major), String(minor)]);
  if (made.status !== 0) throw new Error(`mknod failed (the tests run as root): ${made.stderr}`);
  return path;
}

/** The tool with its stdout on `fd` (a file or device opened here), as `> path` in a shell. */
function runWithStdout(args: string[], fd: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', fd, 'pipe'],
      timeout: 30_000,
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function sh(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', ['--norc', '--noprofile', '-c', script], { cwd: ROOT, env, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-outputs-'));
});
afterAll(() => {
  if (mounted) spawnSync('umount', [mounted]);
  rmSync(dir, { recursive: true, force: true });
});

describe('-o onto special files: written through, never replaced', () => {
  it('a device node (a null device made with mknod): written to, still a character device', async () => {
    const device = mknod('null-device', 1, 3);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', device]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(temps()).toEqual([]);
  });

  it('a full device (mknod c 1 7): exit 2, one line naming it and ENOSPC, still a character device', async () => {
    const device = mknod('full-device', 1, 7);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', device]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${device}: cannot write the report: no space left on the device: free some space or write elsewhere (ENOSPC)`,
    ]);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('a block device node (made with mknod, never opened): refused, one line, still a block device', async () => {
    const path = join(dir, 'block-device');
    // major 7 is the loop device; the node is only looked at, never opened or written
    expect(spawnSync('mknod', [path, 'b', '7', '200']).status).toBe(0);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', path]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${path}: cannot write the report: it is a block device (a disk or a partition), refused: name a file`,
    ]);
    expect(lstatSync(path).isBlockDevice()).toBe(true);
  });

  it('a FIFO with a reader: the reader gets the whole report, the FIFO stays a FIFO', async () => {
    const fifo = join(dir, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (got += d));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    // the reader must have opened its end before the tool looks for it
    for (let i = 0; i < 100 && !readFileSync(`/proc/${reader.pid}/cmdline`, 'utf8').includes('cat'); i++)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    const r = await run(['assess', GOOD, TURN_DOWN, '--format', 'json', '-o', fifo]);
    await readerDone;
    expect(r.code).toBe(1);
    expect(JSON.parse(got).summary).toMatchObject({ total: 2, approve: 1, turnDown: 1 });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a FIFO nobody reads: refused at once (not waited on for ever), one line', async () => {
    const fifo = join(dir, 'unread.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', fifo], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(/^error: .*unread\.fifo: cannot write the report: .*no reader.*\(ENXIO\)$/),
    ]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symbolic link to a 0600 report: the file it points to is replaced (mode kept), the link stays a link', async () => {
    const real = join(dir, 'real-report.json');
    writeFileSync(real, PREVIOUS, { mode: 0o600 });
    chmodSync(real, 0o600);
    const link = join(dir, 'linked-report.json');
    symlinkSync('real-report.json', link);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', link]);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real-report.json');
    expect(JSON.parse(readFileSync(real, 'utf8')).summary.total).toBe(1);
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(temps()).toEqual([]);
  });

  it('a link to /proc/self/fd/1 (what /dev/stdout is) with stdout a pipe: written through the link into the pipe', async () => {
    const link = join(dir, 'stdout-link');
    symlinkSync('/proc/self/fd/1', link);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.total).toBe(1);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('a dangling symbolic link: refused, one line, nothing created', async () => {
    const link = join(dir, 'dangling.json');
    symlinkSync('nowhere/else.json', link);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', link]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${link}: cannot write the report: it is a symbolic link to a missing file: remove the link or name the file itself`,
    ]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('-o onto a regular file', () => {
  it('a 0600 report stays 0600 once replaced', async () => {
    const target = join(dir, 'private.json');
    writeFileSync(target, PREVIOUS);
    chmodSync(target, 0o600);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target]);
    expect(r.code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(target, 'utf8')).summary.total).toBe(1);
  });

  it('the temporary file has an unpredictable name: a link planted under the old pid-based name is left alone', async () => {
    // the tool once wrote `.report.json.<pid>.tmp` through whatever was there; plant links for every pid it may get
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'not yours\n');
    const sub = join(dir, 'planted');
    mkdirSync(sub);
    const inSub = join(sub, 'report.json');
    const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    const next = Number(readFileSync('/proc/loadavg', 'utf8').trim().split('/')[1]!.split(' ')[1]);
    for (let pid = next; pid < Math.min(next + 400, max); pid++)
      symlinkSync(victim, join(sub, `.report.json.${pid}.tmp`));
    const r = await run(['assess', GOOD, '--format', 'json', '-o', inSub]);
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('not yours\n');
    expect(JSON.parse(readFileSync(inSub, 'utf8')).summary.total).toBe(1);
    // every planted link is still there, and nothing else was left
    expect(
      readdirSync(sub)
        .filter((f) => f.endsWith('.tmp'))
        .every((f) => lstatSync(join(sub, f)).isSymbolicLink()),
    ).toBe(true);
    expect(readdirSync(sub).filter((f) => !f.endsWith('.tmp'))).toEqual(['report.json']);
  });

  it.each([
    ['the input file itself', (f: string) => [f], (f: string) => f],
    ['the input by another path (./)', (f: string) => [f], (f: string) => f.replace(/([^/]+)$/, './$1')],
    ['a profile file inside an input folder', (f: string) => [f.replace(/[^/]+$/, '')], (f: string) => f],
  ])('-o naming %s: exit 2, one line, the input untouched', async (_what, inputsOf, outputOf) => {
    const folder = mkdtempSync(join(dir, 'in-'));
    const input = join(folder, 'brand.yaml');
    const original = readFileSync(join(ROOT, GOOD), 'utf8');
    writeFileSync(input, original);
    const r = await run(['assess', ...inputsOf(input), '--format', 'json', '-o', outputOf(input)]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(/^error: .*brand\.yaml: -o names an input file.*: write the report elsewhere$/),
    ]);
    expect(readFileSync(input, 'utf8')).toBe(original);
    expect(r.stdout).toBe('');
  });
});

describe('-o onto a regular file, more', () => {
  it('stdin redirected from the very file -o names (`assess - < r.yaml -o r.yaml`): refused', async () => {
    const input = join(dir, 'stdin-is-output.yaml');
    const original = readFileSync(join(ROOT, GOOD), 'utf8');
    writeFileSync(input, original);
    const r = await sh(`exec "${process.execPath}" "${BIN}" assess - --format json -o "${input}" < "${input}"`);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([`error: ${input}: -o names an input file: write the report elsewhere`]);
    expect(readFileSync(input, 'utf8')).toBe(original);
  });

  it('a target whose name is near the 255-byte limit: the temporary name stays short enough', async () => {
    const target = join(dir, `${'r'.repeat(240)}.json`);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8')).summary.total).toBe(1);
    expect(temps()).toEqual([]);
  });

  it("a read-only report (0444, the tool run as nobody, who owns it): not replaced behind its owner's back", async () => {
    const folder = join(dir, 'nobody-owns');
    mkdirSync(folder);
    const target = join(folder, 'r.json');
    writeFileSync(target, PREVIOUS);
    spawnSync('chown', ['-R', '65534:65534', folder]);
    chmodSync(target, 0o444);
    chmodSync(dir, 0o755);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target], { uid: 65534, gid: 65534 });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${target}: cannot write the report: the file is read-only (EACCES): make it writable or write elsewhere`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(temps(folder)).toEqual([]);
  });

  // the tests run as root, as a CI container does: root passes every permission check, so the mode is what says
  // that the user meant the file (or the folder) to be left alone
  it('a read-only report (0444) with the tool run as root: refused too, the old report untouched', async () => {
    const folder = join(dir, 'root-read-only-file');
    mkdirSync(folder);
    const target = join(folder, 'r.json');
    writeFileSync(target, PREVIOUS);
    chmodSync(target, 0o444);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${target}: cannot write the report: the file is read-only (EACCES): make it writable or write elsewhere`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(temps(folder)).toEqual([]);
  });

  it('-o in a read-only folder (0555) with the tool run as root: refused, nothing created in it', async () => {
    const folder = join(dir, 'root-read-only-folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'old.json'), PREVIOUS);
    chmodSync(folder, 0o555);
    const target = join(folder, 'r.json');
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target]);
    chmodSync(folder, 0o755);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${target}: cannot write the report: the folder ${folder} does not let a file be created in it (EACCES): -o needs a folder you may write to`,
    ]);
    expect(readdirSync(folder)).toEqual(['old.json']);
  });
});

describe('write errors: exit 2, one line naming the path and what to do, no temporary file left', () => {
  it('-o a directory (EISDIR)', async () => {
    const r = await run(['assess', GOOD, '--format', 'json', '-o', dir]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${dir}: cannot write the report: is a directory: name a file (EISDIR)`,
    ]);
    expect(temps()).toEqual([]);
  });

  it('-o into a missing folder (ENOENT)', async () => {
    const target = join(dir, 'no-such-folder', 'r.json');
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${target}: cannot write the report: the folder does not exist: create it first, or choose another path (ENOENT)`,
    ]);
  });

  it('init into a missing folder (ENOENT)', async () => {
    const target = join(dir, 'no-such-folder', 'brand.yaml');
    const r = await run(['init', target]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${target}: cannot write the template: the folder does not exist: create it first, or choose another path (ENOENT)`,
    ]);
  });

  it('-o in a read-only folder (the tool run as the unprivileged user nobody): EACCES, the old report untouched', async () => {
    const folder = join(dir, 'read-only');
    mkdirSync(folder);
    const target = join(folder, 'r.json');
    writeFileSync(target, PREVIOUS);
    chmodSync(target, 0o666);
    chmodSync(folder, 0o555);
    chmodSync(dir, 0o755);
    const r = await run(['assess', GOOD, '--format', 'json', '-o', target], { uid: 65534, gid: 65534 });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `error: ${target}: cannot write the report: the folder ${folder} does not let a file be created in it (EACCES): -o needs a folder you may write to`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(temps(folder)).toEqual([]);
  });

  it('a full disk under -o (a 64 KiB tmpfs, or a file-size limit where mounting is not allowed)', async () => {
    const disk = join(dir, 'small-disk');
    mkdirSync(disk);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]);
    const target = join(disk, 'r.ndjson');
    writeFileSync(target, PREVIOUS);
    const args = ['assess', 'fixtures/csv/prospects.csv', '--format', 'ndjson', '-o', target];
    let r: { code: number | null; stderr: string };
    if (mount.status === 0) {
      mounted = disk;
      r = await run(args);
      expect(stderrLines(r.stderr).filter((l) => l.includes(target))).toEqual([
        `error: ${target}: cannot write the report: no space left on the device: free some space or write elsewhere (ENOSPC)`,
      ]);
    } else {
      r = await sh(`ulimit -f 64; exec "${process.execPath}" "${BIN}" ${args.map((a) => `"${a}"`).join(' ')}`);
      expect(stderrLines(r.stderr).filter((l) => l.includes(target))).toEqual([
        expect.stringMatching(/cannot write the report: .*\(EFBIG\)$/),
      ]);
    }
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|--debug|^\s+at /m);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(temps(disk)).toEqual([]);
  });

  it('a file-size limit (ulimit -f) under -o: EFBIG, one line, the old report untouched', async () => {
    const target = join(dir, 'limited.ndjson');
    writeFileSync(target, PREVIOUS);
    const r = await sh(
      `ulimit -f 64; exec "${process.execPath}" "${BIN}" assess fixtures/csv/prospects.csv --format ndjson -o "${target}"`,
    );
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr).filter((l) => isErrorLine(l) && l.includes(target))).toEqual([
      `error: ${target}: cannot write the report: the file grew past the size this system or process allows (ulimit -f): raise the limit or write elsewhere (EFBIG)`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(temps()).toEqual([]);
  });
});

describe('-o edge cases', () => {
  it('-o with an empty name is refused, not taken for stdout', async () => {
    const r = await run(['assess', GOOD, '--format', 'json', '-o', '']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(stderrLines(r.stderr)).toEqual([
      'error: cannot write the report: the file name is empty: name the file to write it to',
    ]);
  });

  it('-o - is standard output', async () => {
    const r = await run(['assess', GOOD, '--format', 'json', '-o', '-']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.total).toBe(1);
  });

  it('a full disk under an html report (its pieces are spooled beside -o): one line naming the folder, nothing left', async () => {
    const disk = join(dir, 'small-disk-html');
    mkdirSync(disk);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]).status !== 0) {
      // no mount here: the same failure through a file-size limit
      const r = await sh(
        `ulimit -f 32; exec "${process.execPath}" "${BIN}" assess fixtures/csv/prospects.csv fixtures/brands --format html -o "${join(disk, 'r.html')}"`,
      );
      expect(r.code).toBe(2);
      expect(stderrLines(r.stderr).filter((l) => isErrorLine(l))).toEqual([
        expect.stringMatching(/cannot write the .*\(EFBIG\)$/),
      ]);
      expect(readdirSync(disk)).toEqual([]);
      return;
    }
    try {
      const r = await run([
        'assess',
        'fixtures/csv/prospects.csv',
        'fixtures/brands',
        '--format',
        'html',
        '-o',
        join(disk, 'r.html'),
      ]);
      expect(r.code).toBe(2);
      expect(stderrLines(r.stderr).filter((l) => isErrorLine(l))).toEqual([
        `error: ${disk}: cannot write the temporary file of the report in this folder: no space left on the device: free some space or write elsewhere (ENOSPC)`,
      ]);
      expect(readdirSync(disk)).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});

describe('stdout that cannot take the report: exit 2 with one line, in every format', () => {
  const formats = ['text', 'json', 'ndjson', 'csv', 'junit', 'markdown', 'html', 'github', 'sarif'];

  it.each(formats)('stdout on a full device (mknod c 1 7), --format %s', async (format) => {
    const device = join(dir, `full-${format}`);
    mknod(`full-${format}`, 1, 7);
    const fd = openSync(device, 'w');
    try {
      const r = await runWithStdout(['assess', GOOD, TURN_DOWN, '--format', format], fd);
      expect(r.code).toBe(2);
      expect(stderrLines(r.stderr)).toEqual([
        'error: standard output: cannot write the output: no space left on the device: free some space or write elsewhere (ENOSPC)',
      ]);
    } finally {
      closeSync(fd);
    }
  });

  it('stdout on /dev/null opened read-write (a parent discarding it, as spawn with stdio ignore does) is allowed', async () => {
    // a null device made in the test's own folder, opened read-write as libuv and Python open theirs
    const device = mknod('null-read-write', 1, 3);
    const fd = openSync(device, 'r+');
    try {
      const r = await runWithStdout(['assess', TURN_DOWN, '--format', 'json'], fd);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
    } finally {
      closeSync(fd);
    }
  });

  it('stdout redirected to a null device stays allowed (only the exit code is wanted)', async () => {
    const device = mknod('null-for-stdout', 1, 3);
    const fd = openSync(device, 'w');
    try {
      const r = await runWithStdout(['assess', TURN_DOWN, '--format', 'json'], fd);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
    } finally {
      closeSync(fd);
    }
  });
});
