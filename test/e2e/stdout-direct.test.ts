// A report on stdout is written to fd 1 directly when stdout is a file or a pipe (issue 11, cold start:
// io/atomic-writer.ts, directSink), without creating process.stdout. These hold what the stream gave: every
// byte in order, a closed reader as one line and exit 2, a full non-blocking pipe (EAGAIN) waited for, a large
// report on a pipe handed to the stream part-way. The pipes are made by Python, which can set O_NONBLOCK on one
// (python3 is on the machine, as for the csv tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';

const ONE = 'fixtures/brands/approve-french-skincare.yaml';
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C', NO_COLOR: '1' };
let dir: string;
let hook: string;
let created: string;
let harness: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mr-stdout-'));
  hook = join(dir, 'hook.cjs');
  created = join(dir, 'created.txt');
  // records which of process.stdout and process.stderr the run created (their getters create them)
  writeFileSync(
    hook,
    `const fs = require('node:fs');\n` +
      `for (const name of ['stdout', 'stderr']) {\n` +
      `  const get = Object.getOwnPropertyDescriptor(process, name).get;\n` +
      `  Object.defineProperty(process, name, { configurable: true, enumerable: true, get() {\n` +
      `    fs.appendFileSync(${JSON.stringify(created)}, name + '\\n'); return get.call(process); } });\n` +
      `}\n` +
      `process.on('exit', () => fs.appendFileSync(${JSON.stringify(created)},\n` +
      `  process.moduleLoadList.filter((m) => m === 'NativeModule net').join('')));\n`,
  );
  // python3 harness.py <mode> <command...>: runs the command with stdout a pipe, prints JSON
  // {code, stderr, stdout} (stdout: the bytes read after any filler, latin1)
  harness = join(dir, 'harness.py');
  writeFileSync(
    harness,
    [
      'import fcntl, json, os, subprocess, sys, time',
      'mode, cmd = sys.argv[1], sys.argv[2:]',
      'r, w = os.pipe()',
      'filled = 0',
      "if mode == 'closed':",
      '    os.close(r)',
      "if mode == 'full-nonblocking':",
      '    fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      '    try:',
      '        while True: filled += os.write(w, b"x" * 4096)',
      '    except BlockingIOError: pass',
      'p = subprocess.Popen(cmd, stdout=w, stderr=subprocess.PIPE, cwd=' + JSON.stringify(ROOT) + ')',
      'os.close(w)',
      "if mode == 'full-nonblocking': time.sleep(1)",
      "data = b''",
      "if mode != 'closed':",
      '    while True:',
      '        b = os.read(r, 65536)',
      '        if not b: break',
      '        data += b',
      'err = p.stderr.read().decode()',
      'p.wait()',
      'assert data[:filled] == b"x" * filled',
      "print(json.dumps({'code': p.returncode, 'stderr': err, 'stdout': data[filled:].decode('latin1')}))",
    ].join('\n'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]): string[] => [process.execPath, '-r', hook, BIN, ...args];

function piped(mode: 'plain' | 'closed' | 'full-nonblocking', command: string[]) {
  rmSync(created, { force: true });
  const run = spawnSync('python3', [harness, mode, ...command], { env, encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { code: number; stderr: string; stdout: string };
  return { ...result, stdout: Buffer.from(result.stdout, 'latin1'), created: readFileSync(created, 'utf8') };
}

/** the same report written with -o, the reference */
function report(...args: string[]): Buffer {
  const out = join(dir, `ref-${readdirSync(dir).length}`);
  const run = spawnSync(process.execPath, [BIN, ...args, '-o', out], { cwd: ROOT, env });
  expect(run.stderr.toString()).toBe('');
  return readFileSync(out);
}

describe('a report on stdout written to fd 1 directly', () => {
  it('on a pipe: the report of -o, byte for byte, and neither process.stdout, process.stderr nor net created', () => {
    for (const format of ['text', 'json']) {
      const r = piped('plain', cli('assess', ONE, '--format', format));
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout.equals(report('assess', ONE, '--format', format)), format).toBe(true);
      expect(r.created).toBe('');
    }
  });

  it('on a regular file: the same bytes, no process.stdout either', () => {
    const out = join(dir, 'stdout.txt');
    rmSync(created, { force: true });
    const run = spawnSync('/bin/sh', ['-c', `exec "$@" > ${out}`, 'sh', ...cli('assess', ONE)], { cwd: ROOT, env });
    expect([run.status, run.stderr.toString()]).toEqual([0, '']);
    expect(readFileSync(out).equals(report('assess', ONE))).toBe(true);
    expect(readFileSync(created, 'utf8')).toBe('');
  });

  it('a report larger than a pipe holds goes on through process.stdout, in order, nothing lost', () => {
    // the 26 profiles of fixtures/brands as ndjson: some 250 KB, past the 64 KiB written directly
    const r = piped('plain', cli('assess', 'fixtures/brands', '--format', 'ndjson'));
    expect(r.stderr).toBe('');
    const expected = report('assess', 'fixtures/brands', '--format', 'ndjson');
    expect(expected.length).toBeGreaterThan(1 << 17);
    expect(r.stdout.equals(expected)).toBe(true);
    // the stream was created for the rest (the test can tell the two paths apart)
    expect(r.created).toContain('stdout');
  });

  it('a reader that closed the pipe before the report: exit 2, one line naming standard output and EPIPE', () => {
    const r = piped('closed', cli('assess', ONE));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: standard output: cannot write the output: .*\(EPIPE\)$/),
    ]);
  });

  it('a non-blocking pipe already full (EAGAIN): the tool waits for its reader, every byte arrives in order', () => {
    const r = piped('full-nonblocking', cli('assess', ONE, '--format', 'json'));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.equals(report('assess', ONE, '--format', 'json'))).toBe(true);
    // the first direct write found the pipe full: the stream took the report over
    expect(r.created).toContain('stdout');
  });
});
