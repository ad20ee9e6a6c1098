// End to end, issue 15's third round: cases the corpus had not seen, each run against the built binary. Each
// asserts the exit code, the one line (no stack trace), and that every input appears in the output exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, run, isErrorLine, isWarningLine } from '../helpers/cli.js';

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
const lines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.length > 0 && !isWarningLine(l));
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => isErrorLine(l));

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
      expect.stringMatching(new RegExp(`stray-after\\.csv:3:1: error: ${NOT_UTF8.source}`)),
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
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/stray-before\.csv:2:1: error: cell 1 is not valid UTF-8/),
    ]);
    expect(verdicts(r.stdout).map((v) => v.brand)).toEqual([null, 'Zoé']);
  });

  it("in a quoted cell over two lines, third column: one error at the cell's opening quote, line 2 column 8", async () => {
    const path = file(
      'stray-quoted.csv',
      Buffer.concat([
        Buffer.from(`${HEADER}\nZoé,FR,"beau\n`),
        latin1('t\xe9",brand-owner\nNordlys,NO,home,brand-owner\n'),
      ]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/stray-quoted\.csv:2:8: error: cell 3 is not valid UTF-8/),
    ]);
    expect(verdicts(r.stdout).map((v) => [v.brand, v.row])).toEqual([
      [null, 2],
      // the row as Excel numbers it: the quoted cell over two lines is one row (its file line is 4)
      ['Nordlys', 3],
    ]);
  });

  it('in the header: the file refused, one line', async () => {
    const path = file(
      'stray-header.csv',
      Buffer.concat([Buffer.from('brand.name,pays,'), latin1('cat\xe9gorie\n'), Buffer.from('Zoé,FR,beauty\n')]),
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/stray-header\.csv:1:1: error: .*cell 3 is not valid UTF-8/),
    ]);
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
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/stray-bom\.csv:3:1: error: cell 1 is not valid UTF-8/),
    ]);
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
      expect(errorLines(r.stderr)).toEqual([
        expect.stringMatching(/:1002:1: error: cell 1 is not valid UTF-8: byte 0xE9/),
      ]);
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

  it('a Windows-1252 byte early on and UTF-8 accents past the first MiB: the accents are read, never mojibake', async () => {
    // the first piece's only non-ASCII byte is a Windows-1252 one, so that piece is read as Windows-1252; the
    // UTF-8 that follows switches the reading to UTF-8 instead of being decoded byte by byte in silence
    const ascii = manyRows(1200).replaceAll('Zoé', 'Zoe').split('\n').slice(1).join('\n');
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER},notes\nCaf`),
      Buffer.from([0xe9]),
      Buffer.from(
        ` 0,FR,beauty,brand-owner,x\n${ascii}Zoé Sol,FR,beauty,brand-owner,x\nCrème,FR,beauty,brand-owner,x\n`,
      ),
    ]);
    const path = file('early-stray-late-utf8.csv', bytes);
    expect(statSync(path).size).toBeGreaterThan(1 << 20);
    const r = await run(['assess', path, '--format', 'ndjson', '--fail-on', 'none'], { timeoutMs: 120_000 });
    expect(errorLines(r.stderr)).toEqual([]);
    const brands = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { brand: string | null }).brand);
    expect(brands).toHaveLength(1203);
    expect(brands[0]).toBe('Café 0');
    expect(brands.slice(-2)).toEqual(['Zoé Sol', 'Crème']);
    expect(brands.filter((b) => b?.includes('Ã'))).toEqual([]);
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
      expect.stringMatching(/stray-before\.yaml:3:10: error: not valid UTF-8: byte 0x92/),
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
          env: {
            PATH: process.env.PATH ?? '',
            NO_COLOR: '1',
            LANG: 'C',
            MARKET_READY_WORKERS_MIN_BYTES: String(1 << 20),
          },
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

// ---------------------------------------------------------------------------------------------------------
// The third round's cases: each one line (or none), its exit code, every input in the output once.

const GOOD = join(ROOT, 'fixtures/brands/approve-french-skincare.yaml');
const MINI = join(ROOT, 'test/fixtures/packs/mini');

/** A copy of the mini pack in the temp folder, `change` applied to it (file name -> content, or a callback). */
function packCopy(name: string, change: (dir: string) => void): string {
  const dest = join(dir, name);
  mkdirSync(dest);
  for (const f of readdirSync(MINI)) copyFileSync(join(MINI, f), join(dest, f));
  change(dest);
  return dest;
}

const mkfifo = (path: string): string => {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
};

/** One case: what to run, what it must end with. `line`: the only error line; undefined: no error line at all. */
interface Case {
  args: () => string[];
  code: number;
  line?: RegExp;
  input?: string | Buffer;
}

async function expectCase(c: Case): Promise<Awaited<ReturnType<typeof run>>> {
  const r = await run(c.args(), { timeoutMs: TIMEOUT_MS, ...(c.input !== undefined ? { input: c.input } : {}) });
  expect(r.code, r.stderr.slice(0, 1000)).toBe(c.code);
  expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
  if (c.line) expect(errorLines(r.stderr)).toEqual([expect.stringMatching(c.line)]);
  else expect(errorLines(r.stderr)).toEqual([]);
  return r;
}

describe('configuration files that are no regular file: refused at once, never read for ever (were hangs)', () => {
  const cases: [string, Case][] = [
    [
      '--columns naming a link to /dev/zero',
      {
        args: () => {
          symlinkSync('/dev/zero', join(dir, 'zero-map.yaml'));
          return ['assess', file('acc.csv', 'Account,Pays,Cat\nA,FR,food\n'), '--columns', join(dir, 'zero-map.yaml')];
        },
        code: 2,
        line: /zero-map\.yaml: error: cannot read the --columns file \(it is a device, not a regular file\)$/,
      },
    ],
    [
      '--columns naming a FIFO nobody writes to',
      {
        args: () => ['assess', file('acc2.csv', 'Account\nA\n'), '--columns', mkfifo(join(dir, 'fifo-map.yaml'))],
        code: 2,
        line: /fifo-map\.yaml: error: cannot read the --columns file \(it is a FIFO, not a regular file\)$/,
      },
    ],
    [
      'a pack whose rule file is a FIFO (assess --pack)',
      {
        args: () => {
          const pack = packCopy('fifo-pack', (d) => {
            rmSync(join(d, 'rules.yaml'));
            mkfifo(join(d, 'rules.yaml'));
          });
          return ['assess', GOOD, '--pack', pack];
        },
        code: 2,
        line: /fifo-pack\/rules\.yaml: error: cannot read rule file: it is a FIFO, not a regular file$/,
      },
    ],
    [
      'rules test on that pack',
      {
        args: () => ['rules', 'test', join(dir, 'fifo-pack')],
        code: 2,
        line: /fifo-pack\/rules\.yaml: error: cannot read rule file: it is a FIFO/,
      },
    ],
    [
      '--pack naming a link to /dev/zero',
      {
        args: () => {
          symlinkSync('/dev/zero', join(dir, 'zero-pack.yaml'));
          return ['assess', GOOD, '--pack', join(dir, 'zero-pack.yaml')];
        },
        code: 2,
        line: /cannot read pack manifest: it is a device, not a regular file$/,
      },
    ],
    [
      'rules validate on that link',
      {
        args: () => ['rules', 'validate', join(dir, 'zero-pack.yaml')],
        code: 2,
        line: /cannot read pack manifest: it is a device, not a regular file$/,
      },
    ],
  ];
  it.each(cases)('%s', async (_name, c) => {
    await expectCase(c);
  });
});

describe('-o never replaces a file the run reads, whichever option names it', () => {
  it.each([
    ['the --columns map', 'map.yaml', (p: string) => ['--columns', p]],
    ['the --baseline report', 'baseline.json', (p: string) => ['--baseline', p]],
    ["a rule file of the pack's folder", 'pack/rules.yaml', () => ['--pack', join(dir, 'out-pack')]],
    ["the pack's manifest", 'pack/pack.yaml', () => ['--pack', join(dir, 'out-pack', 'pack.yaml')]],
  ] as const)('%s: exit 2, one line, the file untouched', async (_what, name, option) => {
    if (!existsSync(join(dir, 'out-pack'))) packCopy('out-pack', () => undefined);
    const path =
      name === 'map.yaml'
        ? file('out-map.yaml', 'Account: brand.name\nPays: brand.country\nCat: brand.category\n')
        : name === 'baseline.json'
          ? join(dir, 'out-baseline.json')
          : join(dir, 'out-pack', name.slice('pack/'.length));
    if (name === 'baseline.json') {
      const first = await run(['assess', GOOD, '--format', 'json', '-o', path]);
      expect(first.code).toBe(0);
    }
    const before = readFileSync(path);
    const input = name === 'map.yaml' ? file('out-acc.csv', 'Account,Pays,Cat\nA,FR,food\n') : GOOD;
    const r = await run(['assess', input, ...option(path), '-o', path], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/-o names an input file: write the report elsewhere$/),
    ]);
    expect(readFileSync(path)).toEqual(before);
  });
});

describe('inputs the third round tried', () => {
  it('a UTF-16 CSV cut in the middle of a character: its rows assessed, then one line saying it was cut short', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${HEADER}\nZoé,FR,beauty,brand-owner\n`, 'utf16le'),
      Buffer.from([0x41]),
    ]);
    const r = await expectCase({
      args: () => ['assess', file('cut-utf16.csv', bytes), '--format', 'json'],
      code: 2,
      line: /cut-utf16\.csv:3:1: error: the file ends in the middle of a UTF-16 character .*cut short/,
    });
    expect(verdicts(r.stdout).map((v) => v.brand)).toEqual(['Zoé', null]);
  });

  it('an empty input name (an unset shell variable): said as such, the other input assessed', async () => {
    const r = await expectCase({
      args: () => ['assess', '', GOOD, '--format', 'json'],
      code: 2,
      line: /^"": error: an input name is empty \(an unset shell variable\?\)/,
    });
    expect(verdicts(r.stdout).map((v) => v.verdict)).toEqual(['error', 'approve']);
  });

  it('/dev/stdin given for a piped profile: the one line says to give -', async () => {
    await expectCase({
      args: () => ['assess', '/dev/stdin'],
      input: readFileSync(GOOD),
      code: 2,
      line: /\/dev\/stdin: error: not a regular file .*to read standard input, give - instead/,
    });
  });

  it('a --baseline report saved with a UTF-8 BOM (PowerShell, Notepad) is read', async () => {
    const plain = join(dir, 'plain-baseline.json');
    expect((await run(['assess', GOOD, '--format', 'json', '-o', plain])).code).toBe(0);
    const bom = file('bom-baseline.json', Buffer.concat([Buffer.from('\ufeff'), readFileSync(plain)]));
    await expectCase({ args: () => ['assess', GOOD, '--baseline', bom], code: 0 });
  });

  it.each([
    ['a YAML file holding only a BOM', 'bom-only.yaml', Buffer.from([0xef, 0xbb, 0xbf]), /holds no profile/],
    ['a CSV file holding only a BOM', 'bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]), /the file is empty/],
    ['a NUL byte in a CSV header', 'nul-header.csv', Buffer.from('brand.name,brand.co\0untry\nA,FR\n'), /binary/],
    [
      'a JSON key given twice',
      'dup.json',
      Buffer.from('{"schemaVersion":1,"brand":{"name":"A","name":"B"}}'),
      /:1:40: error: .*"name" appears twice/,
    ],
    [
      'a header naming one field twice (spaces around)',
      'dup-header.csv',
      Buffer.from('brand.name, brand.name ,brand.country,brand.category\nA,B,FR,food\n'),
      /both mean brand\.name/,
    ],
    [
      'an .xlsx that is text',
      'text.xlsx',
      Buffer.from('hello\n'),
      /not an \.xlsx workbook \(it is not a zip archive\)/,
    ],
    ['an empty .xlsx', 'empty.xlsx', Buffer.alloc(0), /not an \.xlsx workbook/],
  ])('%s: exit 2, one line, the good profile still assessed', async (_what, name, content, line) => {
    const r = await expectCase({
      args: () => ['assess', file(name, content), GOOD, '--format', 'json'],
      code: 2,
      line,
    });
    expect(verdicts(r.stdout).map((v) => v.verdict)).toContain('approve');
  });

  it('a data row of 20,000 cells: that row refused, the next one assessed', async () => {
    const path = file('wide-row.csv', `${HEADER}\nA,FR,food,brand-owner${','.repeat(20_000)}\nB,FR,food,brand-owner\n`);
    const r = await expectCase({
      args: () => ['assess', path, '--format', 'json'],
      code: 2,
      line: /wide-row\.csv:2:1: error: the row has more than 16384 cells/,
    });
    expect(verdicts(r.stdout).map((v) => v.brand)).toEqual([null, 'B']);
  });

  it('numbers written every odd way in a CSV: each refused at its cell or read, eight rows, eight results', async () => {
    const h = 'brand.name,brand.country,brand.category,brand.retailStores,brand.annualRevenueEur';
    const rows = ['A,FR,food,0x10,1000', 'B,FR,food,12,1e309', 'C,FR,food,١٢,1000', 'D,FR,food,12,−5'];
    rows.push('E,FR,food,12,Infinity', 'F,FR,food,  ,1000', 'G,FR,food,1.0,NaN', 'H,FR,food,+3,-0');
    const r = await run(['assess', file('odd-numbers.csv', `${h}\n${rows.join('\n')}\n`), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr).map((l) => l.replace(/^.*odd-numbers\.csv:/, ''))).toEqual([
      expect.stringMatching(/^2:11: error: .*expected a whole number, got "0x10"/),
      expect.stringMatching(/^3:14: error: .*expected a number, got "1e309"/),
      expect.stringMatching(/^4:11: error: .*expected a whole number, got "١٢"/),
      expect.stringMatching(/^5:14: error: .*−5 is below the minimum 0/),
      expect.stringMatching(/^6:14: error: .*expected a number, got "Infinity"/),
      expect.stringMatching(/^8:15: error: .*expected a number, got "NaN"/),
    ]);
    expect(verdicts(r.stdout)).toHaveLength(8);
  });

  it.each([
    ['a --columns map that is a list', '- a\n- b\n', /expected a map of spreadsheet headers to field paths/],
    [
      'a --columns map naming a header twice',
      'Account: brand.name\nAccount: brand.country\n',
      /:2:1: error: "Account" is mapped twice/,
    ],
    [
      'a --columns map to a field that does not exist',
      'Account: brand.nope\n',
      /:1:10: error: "brand\.nope" is not a profile field \(did you mean brand\.name\?\)/,
    ],
    ['a --columns map whose value is a list', 'Account: [brand.name]\n', /"Account": expected a field path/],
  ])('%s: exit 2, one line at its line:column', async (_what, text, line) => {
    await expectCase({
      args: () => [
        'assess',
        file('map-acc.csv', 'Account,Pays,Cat\nA,FR,food\n'),
        '--columns',
        file('odd-map.yaml', text),
      ],
      code: 2,
      line,
    });
  });
});

describe('odd option values: one line, exit 2', () => {
  it.each([
    [['--threshold', 'abc'], /--threshold .*'abc' is invalid\. expected a number from 0 to 100/],
    [['--threshold', '101'], /'101' is invalid/],
    [['--threshold', ''], /'' is invalid/],
    [['--threshold', '0x10'], /'0x10' is invalid/],
    [['--threshold', '1e1'], /'1e1' is invalid/],
    [['--sections', '-1', '--format', 'html'], /--sections .*'-1' is invalid/],
    [['--sections', '1e99', '--format', 'html'], /'1e99' is invalid/],
    [['--format', 'JSON'], /--format .*'JSON' is invalid\. expected one of text, json/],
    [['--lang', 'de'], /--lang .*'de' is invalid\. expected one of en, fr, zh/],
    [['--findings', 'x', '--format', 'json'], /--findings .*'x' is invalid/],
  ])('assess %j', async (args, line) => {
    const r = await run(['assess', GOOD, ...args], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
  });
});

describe('every command on a full stdout (a full device made with mknod in the temp folder): exit 2, one line', () => {
  it.each([
    ['validate', [GOOD]],
    ['validate --format json', [GOOD, '--format', 'json']],
    ['rules list', []],
    ['rules show', ['tmall-global']],
    ['rules test', ['tmall-global']],
    ['--help', []],
    ['--version', []],
  ] as const)('%s', async (command, rest) => {
    const full = join(dir, 'full');
    if (!existsSync(full)) expect(spawnSync('mknod', [full, 'c', '1', '7']).status).toBe(0);
    const args = [...command.split(' '), ...rest].map((a) => JSON.stringify(a)).join(' ');
    const r = spawnSync('/bin/bash', ['--norc', '-c', `exec "${process.execPath}" "${BIN}" ${args} > "${full}"`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: standard output: cannot write the output: no space left on the device: free some space or write elsewhere (ENOSPC)',
    ]);
  });
});

describe("injection through a file name and through a pack's texts, in every format", () => {
  const NAME = 'inj\n::error file=x::forged\u001b[31m<script>&"\']]>-->|';
  let named: string;
  let pack: string;
  let noBank: string;
  beforeAll(() => {
    named = join(dir, 'injection-folder');
    mkdirSync(named);
    copyFileSync(GOOD, join(named, `${NAME}.yaml`));
    pack = packCopy('injection-pack', (d) => {
      const rules = readFileSync(join(d, 'rules.yaml'), 'utf8')
        .replace(
          'title: { en: Overseas bank account, fr: Compte bancaire à l’étranger }',
          'title: { en: "=HYPERLINK(\\"http://evil\\")\\u0001<script>x</script>\\n::error file=/etc/passwd::pwned\\u001b[31m" }',
        )
        .replace(
          'message: { en: "Bank account outside China: {actual}.", fr: "Compte hors de Chine : {actual}." }',
          'message: { en: "%0A::warning::forged\\r\\n::error::x {actual} ]]> --> \\u0000" }',
        );
      writeFileSync(join(d, 'rules.yaml'), rules);
    });
    noBank = file(
      'no-bank.yaml',
      'schemaVersion: 1\nbrand: {name: X, country: FR, category: food}\n' +
        'company: {overseasBankAccount: false, chinaTeamFte: 2}\nip: {chinaTrademark: registered}\n',
    );
  });

  /** Each format's own check that nothing escaped its channel. */
  const checks: Record<string, (out: string) => void> = {
    text: (out) => expect(out).not.toMatch(/[\u001b\u0000\u0001]/),
    github: (out) => {
      expect(out).not.toMatch(/[\u001b\u0000\u0001]/);
      // every line is a workflow command or a summary line of ours: nothing forged on a line of its own
      for (const line of out.trimEnd().split('\n'))
        expect(line).toMatch(/^(::(error|warning|notice) file=|market-ready[ :])/);
      expect(out).not.toMatch(/^::error file=(x|\/etc\/passwd)/m);
    },
    sarif: (out) => expect(() => JSON.parse(out)).not.toThrow(),
    junit: (out) => expect(parsesAsXml(out)).toBe(true),
    html: (out) => expect(out).not.toMatch(/<script>|[\u001b\u0000\u0001]/),
    markdown: (out) => expect(out).not.toMatch(/[\u001b\u0000\u0001]/),
  };

  it.each(Object.keys(checks))('--format %s', async (format) => {
    for (const args of [[named], [noBank, '--pack', pack]]) {
      const r = await run(['assess', ...args, '--format', format], { timeoutMs: TIMEOUT_MS });
      expect(r.code).toBeLessThan(2);
      checks[format]!(r.stdout);
    }
  });

  it('csv: Python reads every row (a NUL is U+FFFD, never a "line contains NUL"), formulas neutralised', async () => {
    const out = join(dir, 'injection.csv');
    const json = file('nul.json', '{"schemaVersion":1,"brand":{"name":"A\\u0000B","country":"FR","category":"food"}}');
    for (const args of [[noBank, '--pack', pack], [json]]) {
      const r = await run(['assess', ...args, '--format', 'csv', '-o', out], { timeoutMs: TIMEOUT_MS });
      expect(r.code).toBeLessThan(2);
      const py = spawnSync(
        'python3',
        [
          '-c',
          'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8-sig"))); print(len(r))',
          out,
        ],
        { encoding: 'utf8' },
      );
      expect(py.stderr).toBe('');
      expect(py.stdout.trim()).toBe('2');
      expect(readFileSync(out, 'utf8')).not.toMatch(/\u0000|,"=HYPERLINK/);
    }
  });

  it('csv shown on a terminal: a control character in a cell is shown, not obeyed', () => {
    const log = join(dir, 'terminal.log');
    const ctl = file(
      'ctl.json',
      '{"schemaVersion":1,"brand":{"name":"A\\u001b[2JB","country":"FR","category":"food"}}',
    );
    const r = spawnSync(
      'script',
      ['-q', '-e', '-c', `NO_COLOR=1 "${process.execPath}" "${BIN}" assess "${ctl}" --format csv`, log],
      {
        encoding: 'utf8',
        input: '',
        timeout: TIMEOUT_MS,
      },
    );
    expect(r.status).toBe(1);
    const shown = readFileSync(log, 'utf8');
    expect(shown).toContain('A\ufffd[2JB,turn-down');
    expect(shown).not.toContain('\u001b[2J');
  });
});

/** Whether python3's XML parser takes the text (what a CI server's JUnit reader would). */
function parsesAsXml(text: string): boolean {
  const py = spawnSync(
    'python3',
    ['-c', 'import sys,xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'],
    {
      input: text,
    },
  );
  return py.status === 0;
}

describe("the interview's --from on a terminal (script gives it one)", () => {
  it.each([
    [
      'a link to /dev/zero',
      () => {
        symlinkSync('/dev/zero', join(dir, 'zero.draft.yaml'));
        return join(dir, 'zero.draft.yaml');
      },
      /zero\.draft\.yaml: error: cannot read the profile \(it is a device, not a regular file\)/,
    ],
    [
      'a FIFO',
      () => mkfifo(join(dir, 'fifo.draft.yaml')),
      /fifo\.draft\.yaml: error: cannot read the profile \(it is a FIFO/,
    ],
    [
      'binary bytes',
      () => file('binary.draft.yaml', Buffer.from([0x50, 0x00, 0xff, 0x10, 0x0a])),
      /binary\.draft\.yaml: error: the file is binary/,
    ],
  ])('%s: refused at once with one line (was a hang, or mojibake quoted)', (_what, make, line) => {
    const from = make();
    const log = join(dir, `interview-${_what.length}.log`);
    const r = spawnSync(
      'script',
      ['-q', '-e', '-c', `NO_COLOR=1 "${process.execPath}" "${BIN}" interview --from "${from}"`, log],
      {
        encoding: 'utf8',
        input: '',
        timeout: TIMEOUT_MS,
      },
    );
    expect(r.status).toBe(2);
    const lines = readFileSync(log, 'utf8')
      .replaceAll('\r', '')
      .split('\n')
      .filter((l) => isErrorLine(l));
    expect(lines).toEqual([expect.stringMatching(line)]);
  });
});

describe('a one-line message stays a line a person can read; -o naming a folder', () => {
  it('a header name of a megabyte: the warning quotes its first thousand characters and says how many more', async () => {
    const path = file(
      'huge-header.csv',
      `brand.name,brand.country,brand.category,${'h'.repeat(1_000_000)}\nA,FR,food,x\n`,
    );
    const r = await run(['assess', path, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(1200);
    expect(lines[0]).toMatch(
      /^.*huge-header\.csv:1:1: warning: 1 column is no profile field .*… \(\d+ more characters\)$/,
    );
  });

  it('-o reports/ (a folder that does not exist): refused, no file named "reports" made', async () => {
    const target = join(dir, 'reports');
    const r = await run(['assess', GOOD, '-o', `${target}/`], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${target}/: cannot write the report: is a directory: name a file (EISDIR)`,
    ]);
    expect(existsSync(target)).toBe(false);
  });
});

describe('a closed stdout (>&-): not detectable, as documented in README "Safe outputs"', () => {
  it('Node reopens it on /dev/null read-write, like a parent discarding output: the report goes nowhere, the exit code still tells', () => {
    const turnDown = join(ROOT, 'fixtures/brands/turn-down-reseller-wine.yaml');
    const probe =
      'process.stderr.write(require("fs").readFileSync("/proc/self/fdinfo/1","utf8").match(/flags:\\s*(\\d+)/)[1])';
    const closed = spawnSync('/bin/bash', ['--norc', '-c', `exec >&-; "${process.execPath}" -e '${probe}'`], {
      encoding: 'utf8',
    });
    const ignored = spawnSync(process.execPath, ['-e', probe], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    // the same open flags (O_RDWR and O_CLOEXEC among them) whichever way the descriptor came: nothing tells them apart
    expect(closed.stderr).toBe(ignored.stderr);
    const r = spawnSync(
      '/bin/bash',
      ['--norc', '-c', `exec >&-; exec "${process.execPath}" "${BIN}" assess "${turnDown}"`],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
  });
});

describe('third-party packs with odd values: refused at load, at their line:column', () => {
  it.each([
    [
      'a threshold of 1e309 (infinity)',
      'pack.yaml',
      'threshold: 60',
      'threshold: 1e309',
      /pack\.yaml:4:12: error: threshold: expected a number$/,
    ],
    [
      'a threshold of .nan',
      'pack.yaml',
      'threshold: 60',
      'threshold: .nan',
      /pack\.yaml:4:12: error: threshold: expected a number$/,
    ],
    [
      'a negative rule weight',
      'rules.yaml',
      'weight: 2',
      'weight: -2',
      /rules\.yaml:5:13: error: rules\[0\]\.weight: must be > 0$/,
    ],
    [
      'the same rule file included 5,000 times (read once to be refused)',
      'pack.yaml',
      'include: [rules.yaml]',
      `include: [${Array(5000).fill('rules.yaml').join(',')}]`,
      /pack\.yaml:8:10: error: include: must not have more than 100 items$/,
    ],
  ])('%s', async (what, name, from, to, line) => {
    const pack = packCopy(`odd-pack-${what.length}`, (d) => {
      writeFileSync(join(d, name), readFileSync(join(d, name), 'utf8').replace(from, to));
    });
    await expectCase({ args: () => ['assess', GOOD, '--pack', pack], code: 2, line });
  });
});
