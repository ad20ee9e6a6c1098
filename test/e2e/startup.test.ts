// What one assessment loads at start (issue 11, cold start): the built CLI assessing one YAML file into a file
// loads none of the Node modules it does not use (crypto, child_process, tty and net, the ES module loader), its
// code cache is accepted by this Node, and its bundle is ASCII (held by V8 as a one-byte string).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';

const CLI = join(ROOT, 'dist', 'cli', 'cli.cjs');

describe('cold start of the built CLI', () => {
  it('assessing one YAML profile loads no crypto, child_process, tty, net, os, v8, lazy part nor the ES module loader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-startup-'));
    try {
      const hook = join(dir, 'hook.cjs');
      const loaded = join(dir, 'loaded.txt');
      const required = join(dir, 'required.txt');
      writeFileSync(
        hook,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n` +
          `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(required)}, Object.keys(require.cache).join('\\n')));\n`,
      );
      // stdout and stderr to files, as a script saving a report does (pipes: stdout-direct.test.ts)
      const out = openSync(join(dir, 'out.txt'), 'w');
      const err = openSync(join(dir, 'err.txt'), 'w');
      const run = spawnSync(
        process.execPath,
        ['-r', hook, BIN, 'assess', 'fixtures/brands/approve-french-skincare.yaml', '--no-color'],
        { cwd: ROOT, stdio: ['ignore', out, err], env: { PATH: process.env.PATH ?? '', LANG: 'C' } },
      );
      closeSync(out);
      closeSync(err);
      expect([run.status, readFileSync(join(dir, 'err.txt'), 'utf8')]).toEqual([0, '']);
      expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toMatch(/APPROVE\s+Maison Lumière/);
      const modules = readFileSync(loaded, 'utf8').split('\n');
      // the list is real: what the start does use is in it
      expect(modules).toContain('NativeModule vm');
      expect(modules).toContain('NativeModule fs/promises');
      for (const unused of ['crypto', 'child_process', 'tty', 'net', 'os', 'v8', 'internal/modules/esm/translators'])
        expect(modules, unused).not.toContain(`NativeModule ${unused}`);
      // nor any of the parts the build set apart (dist/cli/lazy/: the pack validators, the prompts, yauzl...)
      const files = readFileSync(required, 'utf8').split('\n');
      expect(files.some((f) => f.endsWith('market-ready.js'))).toBe(true);
      expect(files.filter((f) => f.includes(join('dist', 'cli', 'lazy')))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--version alone is answered by the starter, without running the bundle; with more arguments by the CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-startup-'));
    try {
      const hook = join(dir, 'hook.cjs');
      const loaded = join(dir, 'loaded.txt');
      writeFileSync(
        hook,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`,
      );
      const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const runs = [['--version'], ['-V'], ['--version', '--no-color']].map((args) => {
        const run = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
        return { status: run.status, stdout: run.stdout, stderr: run.stderr, modules: readFileSync(loaded, 'utf8') };
      });
      for (const run of runs) expect([run.status, run.stdout, run.stderr]).toEqual([0, `${version}\n`, '']);
      // the bundle imports fs/promises at its start: the starter alone does not
      expect(runs.map((r) => r.modules.split('\n').includes('NativeModule fs/promises'))).toEqual([false, false, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the build's code cache is accepted for its bundle by this Node, and the bundle is ASCII", () => {
    const source = readFileSync(CLI, 'utf8');
    // the body of a CommonJS module's function, with the build id before it
    expect(source).toMatch(
      /^\/\*build:[0-9a-f]{16}\*\/\(function \(exports, require, module, __filename, __dirname\) \{/,
    );
    expect(source.endsWith('\n})')).toBe(true);
    expect(/[^\x00-\x7f]/.test(source)).toBe(false);
    const cache = readFileSync(join(ROOT, 'dist', 'cli', 'cli.cache'));
    expect(cache.toString('latin1', 0, 16)).toBe(source.slice(8, 24));
    // compiled exactly as src/cli/start.ts compiles it, in a process with the V8 flags the starter sets, if any
    // (V8 refuses a cache made under other flags; the starter sets none now, and this test process has none)
    const flags = [
      ...readFileSync(join(ROOT, 'src', 'cli', 'start.ts'), 'utf8').matchAll(/setFlagsFromString\('([^']+)'\)/g),
    ];
    const probe = [
      ...flags.map((m) => `require('node:v8').setFlagsFromString(${JSON.stringify(m[1])});`),
      "const { readFileSync } = require('node:fs');",
      "const { Script } = require('node:vm');",
      `const file = ${JSON.stringify(CLI)};`,
      "const source = readFileSync(file, 'utf8');",
      `const cachedData = readFileSync(${JSON.stringify(join(ROOT, 'dist', 'cli', 'cli.cache'))}).subarray(16);`,
      'const script = new Script(source, { filename: file, cachedData });',
      'process.stdout.write(String(script.cachedDataRejected));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('false');
    // and under a flag the starter does not set V8 refuses it: the probe can tell the two apart
    const other = `require('node:v8').setFlagsFromString('--max-semi-space-size=3');`;
    const refused = spawnSync(process.execPath, ['-e', [other, ...probe.split('\n').slice(flags.length)].join('\n')], {
      encoding: 'utf8',
    });
    expect(refused.stdout).toBe('true');
  });
});
