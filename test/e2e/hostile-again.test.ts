// End to end, issue 15's third round: cases the corpus had not seen, each run against the built binary. Each
// asserts the exit code, the one line (no stack trace), and that every input appears in the output exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, run } from '../helpers/cli.js';

const HEADER = 'brand.name,brand.country,brand.category,company.role';
const TIMEOUT_MS = 60_000;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-hostile-again-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
/** stderr's lines but the warning about the notes column that manyRows adds */
const lines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.length > 0 && !l.startsWith('warning:'));
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('error:'));

/** The results of a json report: the brand and verdict of each, in order. */
function verdicts(stdout: string): { brand: string | null; verdict: string; row: number | null }[] {
  const report = JSON.parse(stdout) as {
    results: { brand: string | null; verdict: string; source: { row: number | null } }[];
  };
  return report.results.map((r) => ({ brand: r.brand, verdict: r.verdict, row: r.source.row }));
}

/**
 * A CSV of `rows` data rows, brand names with an accent on odd rows (valid UTF-8), each with a notes column of 1,000
 * characters (a column that is no field, kept): 1,200 rows pass 1 MiB, where a file's slices go to the workers.
 */
function manyRows(rows: number): string {
  const notes = 'n'.repeat(1000);
  const out = [`${HEADER},notes`];
  for (let i = 0; i < rows; i++) out.push(`${i % 2 ? `Zoé ${i}` : `Brand ${i}`},FR,beauty,brand-owner,${notes}`);
  return out.join('\n') + '\n';
}

describe("a stray Windows-1252 byte in a UTF-8 CSV is that row's error at its line:column, on every path", () => {
  const NOT_UTF8 = /cell 1 is not valid UTF-8: byte 0xE9, in a file read as UTF-8 .*save the file as UTF-8/;

  it('after UTF-8 accents: the row refused, the others decoded as UTF-8 (never mojibake)', async () => {
    const path = file(
      'stray-after.csv',
      Buffer.concat([
        Buffer.from(`${HEADER}\nZoé,FR,beauty,brand-owner\n`),
        latin1('Caf\xe9 Sol,FR,food,brand-owner\n'),
      ]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(new RegExp(`stray-after\\.csv:3:1: ${NOT_UTF8.source}`)),
    ]);
    expect(verdicts(r.stdout).map((v) => [v.brand, v.row])).toEqual([
      ['Zoé', 2],
      [null, 3],
    ]);
  });

  it('before the UTF-8 accents (the first non-ASCII byte is the stray one): the same, not the whole file as 1252', async () => {
    const path = file(
      'stray-before.csv',
      Buffer.concat([
        Buffer.from(`${HEADER}\n`),
        latin1('Caf\xe9 Sol,FR,food,brand-owner\n'),
        Buffer.from('Zoé,FR,beauty,brand-owner\n'),
      ]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/stray-before\.csv:2:1: cell 1 is not valid UTF-8/)]);
    expect(verdicts(r.stdout).map((v) => v.brand)).toEqual([null, 'Zoé']);
  });

  it("in a quoted cell over two lines, third column: one error at the row's first line, column 3", async () => {
    const path = file(
      'stray-quoted.csv',
      Buffer.concat([
        Buffer.from(`${HEADER}\nZoé,FR,"beau\n`),
        latin1('t\xe9",brand-owner\nNordlys,NO,home,brand-owner\n'),
      ]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/stray-quoted\.csv:2:3: cell 3 is not valid UTF-8/)]);
    expect(verdicts(r.stdout).map((v) => [v.brand, v.row])).toEqual([
      [null, 2],
      ['Nordlys', 4],
    ]);
  });

  it('in the header: the file refused, one line', async () => {
    const path = file(
      'stray-header.csv',
      Buffer.concat([Buffer.from('brand.name,pays,'), latin1('cat\xe9gorie\n'), Buffer.from('Zoé,FR,beauty\n')]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/stray-header\.csv:1:1: .*cell 3 is not valid UTF-8/)]);
  });

  it('after a UTF-8 BOM', async () => {
    const path = file(
      'stray-bom.csv',
      Buffer.concat([
        Buffer.from(`\ufeff${HEADER}\nNordlys,NO,home,brand-owner\n`),
        latin1('Caf\xe9,FR,food,brand-owner\n'),
      ]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/stray-bom\.csv:3:1: cell 1 is not valid UTF-8/)]);
    expect(verdicts(r.stdout)).toHaveLength(2);
  });

  it.each([
    ['a file (over 1 MiB: slices on the worker threads)', false],
    ['stdin (piped, its size unknown: the workers too)', true],
  ])(
    'past the first MiB of %s: row 1,002 refused, the 1,199 others decoded, none lost',
    async (_what, stdin) => {
      const bytes = Buffer.from(manyRows(1200).replace('\nBrand 1000,', '\nCaf\u00e9 1000,'), 'utf8');
      // the one é of row 1,002 as the single byte Windows-1252 has for it
      const at = bytes.indexOf('Café 1000');
      const stray = Buffer.concat([bytes.subarray(0, at + 3), Buffer.from([0xe9]), bytes.subarray(at + 5)]);
      const path = file(`stray-big-${stdin}.csv`, stray);
      expect(statSync(path).size).toBeGreaterThan(1 << 20);
      const args = stdin ? ['-', '--input-format', 'csv'] : [path];
      const r = await run(['assess', ...args, '--format', 'ndjson', '--fail-on', 'none'], {
        timeoutMs: 120_000,
        ...(stdin ? { input: stray } : {}),
      });
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/:1002:1: cell 1 is not valid UTF-8: byte 0xE9/)]);
      const lines = r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { brand: string | null });
      expect(lines).toHaveLength(1200);
      expect(lines[1000]!.brand).toBeNull();
      expect(lines[1]!.brand).toBe('Zoé 1');
      expect(lines.filter((l) => l.brand?.includes('Ã'))).toEqual([]);
    },
    180_000,
  );

  it('a Windows-1252 file throughout is still read as such, small and over 1 MiB', async () => {
    const small = file(
      'w1252.csv',
      latin1(`${HEADER}\nCaf\xe9 Sol,FR,food,brand-owner\nZo\xe9,FR,beauty,brand-owner\n`),
    );
    const r = await run(['assess', small, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(errorLines(r.stderr)).toEqual([]);
    expect(verdicts(r.stdout).map((v) => v.brand)).toEqual(['Café Sol', 'Zoé']);
    const big = file('w1252-big.csv', latin1(manyRows(1200).replaceAll('é', '\xe9')));
    expect(statSync(big).size).toBeGreaterThan(1 << 20);
    const b = await run(['assess', big, '--format', 'ndjson', '--fail-on', 'none'], { timeoutMs: 120_000 });
    expect(errorLines(b.stderr)).toEqual([]);
    const lines = b.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1200);
    expect((JSON.parse(lines[1199]!) as { brand: string }).brand).toBe('Zoé 1199');
  }, 180_000);

  it("YAML: a stray byte before the file's UTF-8 accents is refused at its line:column too", async () => {
    const path = file(
      'stray-before.yaml',
      Buffer.concat([
        Buffer.from('schemaVersion: 1\nbrand:\n  name: d'),
        Buffer.from([0x92]),
        Buffer.from('Olivier\n  country: FR\n  category: beauty\n  tagline: Crème\n'),
      ]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/stray-before\.yaml:3:10: not valid UTF-8: byte 0x92/),
    ]);
  });
});

/** A reader on a FIFO that reads `bytes` bytes, then holds the FIFO open without reading. */
function stalledReader(fifo: string, got: string, bytes = 1000) {
  return spawn(
    '/bin/bash',
    ['--norc', '-c', 'exec 3<"$1"; head -c "$3" <&3 > "$2"; sleep 120', '_', fifo, got, `${bytes}`],
    {
      stdio: 'ignore',
    },
  );
}

async function until(test: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('-o into a FIFO whose reader stops reading: never blocked in a write, signals handled', () => {
  let big: string;
  beforeAll(() => {
    big = file('big.csv', manyRows(6000));
  });

  it.each([
    ['SIGINT', 130, 'ndjson'],
    ['SIGTERM', 143, 'ndjson'],
    ['SIGTERM', 143, 'junit'],
    ['SIGHUP', 129, 'csv'],
  ] as const)(
    '%s (exit %i) with --format %s: within seconds, one line saying the report is incomplete',
    async (signal, exitCode, format) => {
      const fifo = join(dir, `report-${signal}-${format}.fifo`);
      const got = join(dir, `got-${signal}-${format}`);
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const reader = stalledReader(fifo, got);
      try {
        // the reader holds the FIFO open before the tool looks for one
        await new Promise((r) => setTimeout(r, 300));
        const child = spawn(process.execPath, [BIN, 'assess', big, big, '--format', format, '-o', fifo], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
          stdio: ['ignore', 'ignore', 'pipe'],
          timeout: 120_000,
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
          child.on('close', (code, sig) => resolve({ code, signal: sig })),
        );
        await until(() => existsSync(got) && statSync(got).size === 1000);
        // the pipe's 64 KiB fill and the tool's writes wait on the reader
        await new Promise((r) => setTimeout(r, 1500));
        const started = Date.now();
        child.kill(signal);
        const ended = await closed;
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(ended).toEqual({ code: exitCode, signal: null });
        expect(lines(stderr)).toEqual([`interrupted by ${signal}: the report sent to ${fifo} is incomplete`]);
        expect(statSync(fifo).isFIFO()).toBe(true);
      } finally {
        reader.kill('SIGKILL');
      }
    },
    120_000,
  );

  it('a reader that reads it all gets the whole report (asynchronous writes lose nothing)', async () => {
    const fifo = join(dir, 'whole.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const out = join(dir, 'whole.ndjson');
    const reader = spawn('/bin/bash', ['--norc', '-c', 'cat "$1" > "$2"', '_', fifo, out], { stdio: 'ignore' });
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    await new Promise((r) => setTimeout(r, 300));
    const r = await run(['assess', big, '--format', 'ndjson', '--fail-on', 'none', '-o', fifo], { timeoutMs: 120_000 });
    await readerDone;
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([]);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(6000);
  }, 120_000);

  it('a reader that closes the FIFO early: exit 2, one line naming the FIFO and EPIPE', async () => {
    const fifo = join(dir, 'closed.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn(
      '/bin/bash',
      ['--norc', '-c', 'head -c 1000 "$1" > "$2"', '_', fifo, join(dir, 'closed-got')],
      {
        stdio: 'ignore',
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    const r = await run(['assess', big, '--format', 'ndjson', '--fail-on', 'none', '-o', fifo], { timeoutMs: 120_000 });
    reader.kill('SIGKILL');
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/closed\.fifo: cannot write the report: .*\(EPIPE\)$/),
    ]);
  }, 120_000);
});
