// End to end: nothing half-written. `--output` goes through a temporary file renamed into place, so a failed or
// interrupted run leaves the previous report as it was and no temporary file behind; Ctrl-C stops a batch with
// exit 130; a reader that goes away (`| head -1`) ends the run quietly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, run, isErrorLine } from '../helpers/cli.js';

let dir: string;
let bigCsv: string;
const PREVIOUS = '{"previous":"report"}\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-interrupt-'));
  const lines = readFileSync(join(ROOT, 'fixtures/csv/prospects.csv'), 'utf8').trimEnd().split(/\r?\n/);
  const rows = lines.slice(1);
  const out = [lines[0]!];
  for (let i = 0; i < 20_000; i++) out.push(rows[i % rows.length]!);
  bigCsv = join(dir, 'big.csv');
  writeFileSync(bigCsv, out.join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

function spawnTool(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C', MARKET_READY_WORKERS_MIN_BYTES: String(1 << 20) },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

describe('--output is all or nothing', () => {
  it('a run that fails (an invalid pack) leaves the previous report untouched', async () => {
    const target = join(dir, 'failed.json');
    writeFileSync(target, PREVIOUS);
    const r = await run([
      'assess',
      'fixtures/brands/approve-french-skincare.yaml',
      '--pack',
      'test/fixtures/packs/broken-field',
      '--format',
      'json',
      '-o',
      target,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(leftovers()).toEqual([]);
  });

  it('a complete run replaces it whole, with no temporary file left', async () => {
    const target = join(dir, 'done.json');
    writeFileSync(target, PREVIOUS);
    const r = await run([
      'assess',
      'fixtures/brands/approve-french-skincare.yaml',
      'test/hostile/empty.yaml',
      '--format',
      'json',
      '-o',
      target,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(target, 'utf8')).summary).toMatchObject({ total: 2, approve: 1, error: 1 });
    expect(leftovers()).toEqual([]);
  });

  it('Ctrl-C in the middle of a batch: exit 130, the previous report untouched, no temporary file', async () => {
    const target = join(dir, 'interrupted.json');
    writeFileSync(target, PREVIOUS);
    const child = spawnTool(['assess', bigCsv, '--format', 'json', '-o', target]);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    // the temporary file exists once the batch has begun (the SIGINT handler is installed in the same step)
    const started = Date.now();
    while (leftovers().length === 0 && Date.now() - started < 60_000 && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 20));
    expect(leftovers()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const { code } = await closed;
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /interrupted by SIGINT: no report written, .*interrupted\.json left as it was and the temporary file removed/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(leftovers()).toEqual([]);
  }, 120_000);
});

describe('SIGTERM and SIGHUP mid-write clean up as SIGINT does: exit 128+n, the previous report intact, no temporary file', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s while the csv report is being written',
    async (signal, exitCode) => {
      const target = join(dir, `signalled-${signal}.csv`);
      writeFileSync(target, PREVIOUS);
      const child = spawnTool(['assess', bigCsv, bigCsv, bigCsv, '--format', 'csv', '-o', target]);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // mid-write: the temporary file exists and already holds part of the report
      const started = Date.now();
      const written = (): number => leftovers().reduce((n, f) => n + statSync(join(dir, f)).size, 0);
      while (written() === 0 && Date.now() - started < 60_000 && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 10));
      expect(written()).toBeGreaterThan(0);
      child.kill(signal);
      expect(await closed).toBe(exitCode);
      expect(stderr).toMatch(
        new RegExp(
          `interrupted by ${signal}: no report written, .*signalled-${signal}\\.csv left as it was and the temporary file removed`,
        ),
      );
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
      expect(leftovers()).toEqual([]);
    },
    120_000,
  );
});

describe('SIGTERM while the report streams to stdout, its reader no longer reading', () => {
  it('is handled at once (no write blocks the process): exit 143, one line saying the report is incomplete', async () => {
    const child = spawnTool(['assess', bigCsv, bigCsv, '--format', 'csv']);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    // read the first chunk, then stop reading: the pipe fills and the tool's writes wait
    await new Promise<void>((resolve) =>
      child.stdout.once('data', () => {
        child.stdout.pause();
        resolve();
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    child.kill('SIGTERM');
    const { code, signal } = await closed;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(stderr.trim().split('\n')).toEqual([
      'interrupted by SIGTERM: the report sent to standard output is incomplete',
    ]);
  }, 120_000);
});

describe('a write that fails on the worker-thread batch path (a CSV over 2 MB, ndjson)', () => {
  it('a file-size limit under -o: exit 2, one line naming the file, the previous report intact, nothing left', async () => {
    const target = join(dir, 'limited.ndjson');
    writeFileSync(target, PREVIOUS);
    const child = spawn(
      '/bin/bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `ulimit -f 256; exec "${process.execPath}" "${BIN}" assess "${bigCsv}" --format ndjson -o "${target}"`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' }, timeout: 120_000 },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr.split('\n').filter((l) => isErrorLine(l))).toEqual([
      expect.stringMatching(/limited\.ndjson: cannot write the report: .*\(EFBIG\)$/),
    ]);
    expect(stderr).not.toMatch(/internal error|^\s+at /m);
    expect(readFileSync(target, 'utf8')).toBe(PREVIOUS);
    expect(leftovers()).toEqual([]);
  }, 120_000);
});

describe('a closed pipe: the report was not received whole, so exit 2 with one line', () => {
  it('`assess big.csv --format ndjson | head -1` (no turn-down at all): exit 2, one line naming EPIPE', async () => {
    const child = spawnTool(['assess', bigCsv, '--format', 'ndjson', '--fail-on', 'none']);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let first = '';
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        first += d;
        if (first.includes('\n')) {
          // what `head -1` does: read one line, then close its end of the pipe
          child.stdout.destroy();
          resolve();
        }
      });
    });
    const code = await closed;
    expect(JSON.parse(first.split('\n')[0]!).source.file).toBe(bigCsv);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: standard output: cannot write the output: the program reading it closed the pipe .*\(EPIPE\)$/,
      ),
    ]);
  }, 120_000);

  it('the shell pipeline with turn-downs, under pipefail: the tool exits 2, not 0', async () => {
    if (!existsSync('/bin/bash')) throw new Error('bash is needed for this test');
    const child = spawn(
      '/bin/bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `set -o pipefail; "${process.execPath}" "${BIN}" assess "${bigCsv}" --format ndjson | head -1 >/dev/null; echo "status=$?"`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, timeout: 120_000 },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    await new Promise((resolve) => child.on('close', resolve));
    expect(out.trim()).toBe('status=2');
    expect(err.trim().split('\n')).toEqual([expect.stringMatching(/standard output: .*\(EPIPE\)/)]);
  }, 120_000);
});
