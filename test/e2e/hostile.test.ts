// End to end: every hostile input of test/hostile/ (small, committed) and of the big or binary ones generated
// here, each given to the built binary between two good profiles. Each must end in exit 2 with exactly one line
// on stderr naming it, no stack trace, and the two good profiles still assessed. "Never hangs" is the spawn
// timeout: a run killed by it has no exit code and fails the test, whatever the machine's speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, run } from '../helpers/cli.js';

const GOOD_A = 'fixtures/brands/approve-french-skincare.yaml';
const GOOD_B = 'fixtures/brands/turn-down-reseller-wine.yaml';
const HOSTILE = join(ROOT, 'test/hostile');
/** per spawn: generous for a loaded CI machine, far below "hangs" */
const TIMEOUT_MS = 30_000;

/** Extreme but valid: assessed like any profile. */
const NOT_HOSTILE = [
  'windows-1252.yaml',
  'huge-numbers.yaml',
  'lone-surrogate.json',
  'merge-key.yaml',
  'mixed-line-endings.yaml',
];

/** The committed corpus: file -> what the one line must say. */
const committed: [string, RegExp][] = [
  ['empty.yaml', /holds no profile/],
  ['comment-only.yaml', /holds no profile/],
  ['alias-bomb.yaml', /alias/i],
  ['duplicate-keys.yaml', /"name" appears twice/],
  ['proto-key.yaml', /"__proto__" is not allowed/],
  ['proto-key.json', /"__proto__" is not allowed/],
  ['constructor-key.yaml', /"constructor" is not allowed/],
  ['prototype-key.json', /"prototype" is not allowed/],
  ['nan.yaml', /annualRevenueEur: expected a number, got NaN/],
  ['infinity.yaml', /retailStores: expected a whole number, got Infinity/],
  ['overflow-number.json', /annualRevenueEur: expected a number, got Infinity/],
  ['not-a-mapping.yaml', /a profile is a mapping/],
  ['scalar.json', /a profile is a mapping/],
  ['bad-syntax.yaml', /YAML syntax/],
  ['unknown-tag.yaml', /brand: expected a mapping of fields, got "function/],
  ['binary-tag.yaml', /brand\.name: expected text, got binary data \(!!binary\)/],
  // a tagged mapping or list (!!omap, !!set, a custom tag) was read as an empty object: a whole section lost
  ['set-tag.yaml', /set-tag\.yaml:2:14: error: the tag !!set is not read/],
  ['omap-tag.yaml', /omap-tag\.yaml:4:3: error: the tag !!omap is not read: write this as a plain mapping/],
  ['custom-collection-tag.yaml', /:4:3: error: the tag !company is not read/],
  // a .json file is strict JSON, each departure refused at its line:column
  ['json-trailing-comma.json', /json-trailing-comma\.json:3:71: error: JSON syntax: .*must be strict JSON/],
  ['json-single-quotes.json', /json-single-quotes\.json:2:3: error: JSON syntax: .*must be strict JSON/],
  ['json-unquoted-keys.json', /json-unquoted-keys\.json:2:3: error: JSON syntax: .*must be strict JSON/],
  ['json-hex-number.json', /json-hex-number\.json:3:82: error: JSON syntax: .*must be strict JSON/],
  [
    'json-anchor.json',
    /json-anchor\.json:3:12: error: JSON syntax: Unexpected token '&'; a \.json file must be strict JSON/,
  ],
  // UTF-8 with one Windows-1252 byte: refused where the byte is, never decoded into mojibake
  [
    'utf8-with-stray-1252-byte.yaml',
    /utf8-with-stray-1252-byte\.yaml:3:15: error: not valid UTF-8: byte 0x92 .*save the file as UTF-8/,
  ],
  ['complex-key.yaml', /:2:3: error: a key is a list or a mapping/],
  ['pack-as-profile.yaml', /this is a rule pack file .*--pack/],
  [
    'not-a-profile.yaml',
    /not a brand profile: it has no schemaVersion and no brand \(its keys: "name", "on", "jobs"\)/,
  ],
  ['json-comments.json', /:1:1: error: JSON syntax: comments are not allowed in JSON/],
  ['trailing-garbage.json', /JSON syntax/],
  ['date-as-year.yaml', /brand\.foundedYear: expected a whole number, got "2001-05-01"/],
  ['infinity-string.yaml', /pricing\.year1BudgetEur: expected a number, got "Infinity"/],
  ['overflow-number.yaml', /brand\.annualRevenueEur: expected a number, got Infinity/],
  ['method-keys.yaml', /method-keys\.yaml:6:12: error: brand\.country: .* is not one of the ISO 3166-1 alpha-2 codes/],
];

let dir: string;
/** Generated at test time rather than committed: megabytes, binary bytes, special files. */
const generated: [string, RegExp][] = [];

function gen(name: string, content: string | Buffer, expected: RegExp): void {
  writeFileSync(join(dir, name), content);
  generated.push([name, expected]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-hostile-'));
  // deterministic "random" bytes with NULs in them
  const bytes = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
  bytes[7] = 0;
  gen('binary.yaml', bytes, /binary/);
  gen('utf16-without-bom.yaml', Buffer.from('schemaVersion: 1\nbrand:\n  name: X\n', 'utf16le'), /binary/);
  gen(
    'huge-string.yaml',
    `schemaVersion: 1\nbrand:\n  name: "${'x'.repeat(5 * 1024 * 1024)}"\n  country: FR\n  category: beauty\n`,
    /limited to \d+ bytes/,
  );
  gen(
    'long-string.yaml',
    `schemaVersion: 1\nbrand:\n  name: "${'x'.repeat(400 * 1024)}"\n  country: FR\n  category: beauty\n`,
    /brand\.name: .*500 characters/,
  );
  gen('deep-flow-sequence.yaml', '['.repeat(10_000), /nested more than 64 levels/);
  gen('deep-flow-mapping.yaml', '{'.repeat(10_000), /nested more than 64 levels/);
  gen('deep-closed.json', '['.repeat(10_000) + ']'.repeat(10_000), /nested more than 64 levels/);
  gen('deep-dashes.yaml', '- '.repeat(10_000) + 'x\n', /nested more than 64 levels/);
  gen(
    'deep-indentation.yaml',
    Array.from({ length: 900 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + '\n',
    /nested more than 64 levels/,
  );
  gen('many-documents.yaml', 'a: 1\n---\n'.repeat(2000), /more than 1000 documents/);
  gen('many-keys.yaml', Array.from({ length: 30_000 }, (_, i) => `k${i}: v`).join('\n') + '\n', /more than 5000 keys/);
  gen('many-aliases.yaml', `a: &a x\nb: [${Array(20_000).fill('*a').join(',')}]\n`, /alias/i);
  gen('binary.csv', bytes, /binary/);
  gen('empty.csv', '', /the file is empty/);
  mkdirSync(join(dir, 'directory.yaml'));
  generated.push(['directory.yaml', /directory holds no/]);
  generated.push(['missing.yaml', /no such file/]);
  symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
  generated.push(['loop.yaml', /cannot read \(ELOOP\)/]);
  if (spawnSync('mkfifo', [join(dir, 'fifo.yaml')]).status === 0) generated.push(['fifo.yaml', /not a regular file/]);
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  generated.push(['zero.yaml', /not a regular file/]);
  // symlinks pointing at each other, a FIFO named .csv, a directory given with a trailing slash
  symlinkSync('pong.yaml', join(dir, 'ping.yaml'));
  symlinkSync('ping.yaml', join(dir, 'pong.yaml'));
  generated.push(['ping.yaml', /cannot read \(ELOOP\)/]);
  if (spawnSync('mkfifo', [join(dir, 'fifo.csv')]).status === 0) generated.push(['fifo.csv', /not a regular file/]);
  mkdirSync(join(dir, 'empty dir'));
  generated.push(['empty dir/', /directory holds no/]);
  gen('nul-in-value.yaml', 'schemaVersion: 1\nbrand:\n  name: "a\0b"\n  country: FR\n  category: food\n', /binary/);
  gen('utf16be-without-bom.json', Buffer.from('{"schemaVersion":1}', 'utf16le').swap16(), /binary/);
  gen(
    'one-mb-cell.csv',
    `brand.name,brand.country,brand.category\n"${'x'.repeat(1024 * 1024)}",FR,food\n`,
    /:2:1: error: brand\.name \(column A\): is longer than 500 characters/,
  );
  // past the row bound (src/read/csv-scan.ts): that row's error, read in bounded memory and time, not a 60 MB string
  gen(
    'sixty-mb-cell.csv',
    `brand.name,brand.country,brand.category\n"${'x'.repeat(60 * 1024 * 1024)}",FR,food\n`,
    /:2:1: error: the row is longer than 4194304 bytes/,
  );
  // v2: columns that are no field are kept (test/e2e/spreadsheets.test.ts); without a required one, the file is refused
  gen(
    'ten-thousand-columns.csv',
    `${['brand.name', 'brand.country', ...Array.from({ length: 10_000 }, (_, i) => `c${i}`)].join(',')}\nA,FR${','.repeat(10_000)}\n`,
    /the header has no brand\.category column/,
  );
  gen('header-only.csv', 'brand.name;brand.country;brand.category\r\n', /no data rows/);
  gen(
    'long-brand-name.yaml',
    `schemaVersion: 1\nbrand:\n  name: ${'N'.repeat(100_000)}\n  country: FR\n  category: food\n`,
    /brand\.name: .*500 characters/,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary on good, bad, good and checks the contract for the bad one. */
async function expectRefused(path: string, expected: RegExp, asUser?: number): Promise<void> {
  const r = await run(['assess', GOOD_A, path, GOOD_B, '--format', 'json'], { timeoutMs: TIMEOUT_MS, uid: asUser });
  expect(r.code, `exit code for ${path} (null: killed by the timeout)`).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(
    lines.filter((l) => l.includes(path)),
    r.stderr.slice(0, 2000),
  ).toHaveLength(1);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
  // the GCC form problem matchers read: the file, its line:column where it has one, then the severity
  expect(lines[0]!.startsWith(path), lines[0]).toBe(true);
  expect(lines[0]!.slice(path.length)).toMatch(/^(:\d+:\d+)?: error: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const report = JSON.parse(r.stdout);
  expect(report.results.map((x: { verdict: string }) => x.verdict)).toEqual(['approve', 'error', 'turn-down']);
  expect(report.summary).toMatchObject({ total: 3, approve: 1, turnDown: 1, error: 1 });
}

describe('hostile input: exit 2, one line naming the file, the other inputs still assessed', () => {
  it('the committed corpus is all listed here', () => {
    const files = readdirSync(HOSTILE).filter((f) => /\.(ya?ml|json)$/.test(f) && !NOT_HOSTILE.includes(f));
    expect(files.sort()).toEqual(committed.map(([f]) => f).sort());
  });

  it.each(committed)('test/hostile/%s', async (file, expected) => {
    await expectRefused(`test/hostile/${file}`, expected);
  });

  it('generated: binary, huge, deep, many, special files', async () => {
    // one test over the generated list (it is built in beforeAll); each case still gets its own run
    expect(generated.length).toBeGreaterThanOrEqual(28);
    for (const [file, expected] of generated) await expectRefused(join(dir, file), expected);
  }, 600_000);

  it('all of them in one run: every bad file reported once, the good profiles assessed, exit 2', async () => {
    const paths = [...committed.map(([f]) => `test/hostile/${f}`), ...generated.map(([f]) => join(dir, f))];
    const r = await run(['assess', GOOD_A, ...paths, GOOD_B, '--format', 'ndjson'], { timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    for (const p of paths)
      expect(r.stderr.split('\n').filter((l) => l.includes(`${p}:`) || l.endsWith(p)).length, p).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const results = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results).toHaveLength(paths.length + 2);
    expect(results[0].verdict).toBe('approve');
    expect(results.at(-1).verdict).toBe('turn-down');
  }, 180_000);

  it('valid but unusual: a YAML merge key, CR-only line endings, a lone surrogate (made U+FFFD so jq can read the report), a path with spaces and CJK', async () => {
    const spaced = join(dir, 'dossiers de marque', '品牌 é.yaml');
    mkdirSync(join(dir, 'dossiers de marque'), { recursive: true });
    writeFileSync(spaced, 'schemaVersion: 1\nbrand: { name: Espacé, country: FR, category: food }\n');
    const r = await run([
      'assess',
      'test/hostile/merge-key.yaml',
      'test/hostile/mixed-line-endings.yaml',
      'test/hostile/lone-surrogate.json',
      spaced,
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\\ud[89a-f]/i);
    const results = JSON.parse(r.stdout).results;
    expect(results.map((x: { brand: string }) => x.brand)).toEqual(['Merged', 'Old Mac', '\ufffd Lone', 'Espacé']);
    expect(results[0].findings.length).toBeGreaterThan(0);
    expect(results.map((x: { verdict: string }) => x.verdict)).toEqual([
      'turn-down',
      'turn-down',
      'turn-down',
      'turn-down',
    ]);
    // the merge key's anchor holder is an unknown top-level field: a warning, not an error
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/merge-key\.yaml:1:1: warning: defaults: unknown field/),
    ]);
  });

  it("an alias to an anchor of another document is that document's error; the first document is assessed", async () => {
    const file = join(dir, 'anchor-across-documents.yaml');
    writeFileSync(
      file,
      'schemaVersion: 1\nbrand: &b { name: A, country: FR, category: food }\n---\nschemaVersion: 1\nbrand: *b\n',
    );
    const r = await run(['assess', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/anchor-across-documents\.yaml:5:8: error: .*alias \*b has no anchor/i),
    ]);
    expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual(['turn-down', 'error']);
  });

  it('a Windows-1252 file is not hostile: it is decoded and assessed', async () => {
    const r = await run(['assess', 'test/hostile/windows-1252.yaml', '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].brand).toBe('Café €');
  });

  it.each(['text', 'json', 'csv', 'junit', 'github', 'sarif', 'markdown', 'html'])(
    'numbers up to 1e308 are numbers: assessed, reported in %s',
    async (format) => {
      const r = await run(['assess', 'test/hostile/huge-numbers.yaml', '--format', format, '--fail-on', 'none']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    },
  );

  it('stdin that never ends (/dev/zero) is cut at the size limit', async () => {
    // our own spawn: the tool stops reading at the limit, and the write of the rest must not fail the test
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'assess', '-', '--format', 'json'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
        timeout: TIMEOUT_MS,
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.on('error', () => {
        /* EPIPE once the tool has stopped reading */
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
      child.stdin.end(Buffer.alloc(2 * 1024 * 1024, 0x61));
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/<stdin>.*limited to \d+ bytes/);
  });

  it('an unreadable file: permission denied', async (ctx) => {
    // root reads any file whatever its mode, so as root (CI containers) the tool runs as the unprivileged
    // user `nobody`, who can read the project and the temporary folder but not the file
    const asNobody = process.getuid?.() === 0 ? 65534 : undefined;
    if (asNobody !== undefined) {
      chmodSync(dir, 0o755);
      // only where the checkout itself is out of nobody's reach (a private home folder) can this not be shown
      const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], {
        uid: asNobody,
        gid: asNobody,
      });
      if (probe.status !== 0) ctx.skip();
    }
    const file = join(dir, 'unreadable.yaml');
    writeFileSync(file, 'schemaVersion: 1\n', { mode: 0o000 });
    await expectRefused(file, /permission denied/, asNobody);
  });
});

describe('inputs: nothing skipped in silence, nothing counted twice', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'market-ready-links-'));
    mkdirSync(join(folder, 'dossiers'));
    writeFileSync(join(folder, 'dossiers', 'a-approve.yaml'), readFileSync(join(ROOT, GOOD_A)));
    writeFileSync(join(folder, 'elsewhere-turn-down.yaml'), readFileSync(join(ROOT, GOOD_B)));
    symlinkSync('../elsewhere-turn-down.yaml', join(folder, 'dossiers', 'b-linked.yaml'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('a symlinked profile inside a directory is assessed: the CI gate sees the turn-down (exit 1)', async () => {
    const r = await run(['assess', join(folder, 'dossiers'), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual(['approve', 'turn-down']);
  });

  it('validate reads the symlinked profile too', async () => {
    const r = await run(['validate', join(folder, 'dossiers')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 profiles: 2 valid, 0 invalid/);
  });

  it('a symlink loop and a broken link inside a directory: one error line each, no hang, the rest assessed', async () => {
    const looped = join(folder, 'looped');
    mkdirSync(looped);
    writeFileSync(join(looped, 'a.yaml'), readFileSync(join(ROOT, GOOD_A)));
    symlinkSync('self.yaml', join(looped, 'self.yaml'));
    symlinkSync('missing.yaml', join(looped, 'broken.yaml'));
    symlinkSync('.', join(looped, 'again'));
    const r = await run(['assess', looped, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      `${join(looped, 'broken.yaml')}: error: a broken symbolic link: what it points to does not exist`,
      `${join(looped, 'self.yaml')}: error: a symbolic link loop (ELOOP): the link leads back to itself`,
    ]);
    // the folder linked to itself is listed once: results = inputs
    expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual([
      'approve',
      'error',
      'error',
    ]);
  });

  it('a FIFO named .yaml and an unreadable sub-folder inside a folder: each one error line, the rest still read', async () => {
    const mixed = join(folder, 'mixed');
    mkdirSync(join(mixed, 'locked'), { recursive: true });
    writeFileSync(join(mixed, 'a.yaml'), readFileSync(join(ROOT, GOOD_A)));
    writeFileSync(join(mixed, 'locked', 'b.yaml'), readFileSync(join(ROOT, GOOD_B)));
    expect(spawnSync('mkfifo', [join(mixed, 'fifo.yaml')]).status).toBe(0);
    chmodSync(join(mixed, 'locked'), 0o000);
    chmodSync(folder, 0o755);
    // root lists any folder whatever its mode: the tool runs as nobody, as for the unreadable file above
    const r = await run(['assess', mixed, '--format', 'json'], {
      timeoutMs: TIMEOUT_MS,
      ...(process.getuid?.() === 0 ? { uid: 65534 } : {}),
    });
    chmodSync(join(mixed, 'locked'), 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${join(mixed, 'fifo.yaml')}: error: not a regular file (a FIFO, a socket or a device)`,
      `${join(mixed, 'locked')}: error: cannot list the directory (EACCES)`,
    ]);
    expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual([
      'approve',
      'error',
      'error',
    ]);
  });

  it('the same file given twice (F ./F dir/): assessed once, with a warning for each repeat', async () => {
    const f = join(folder, 'dossiers', 'a-approve.yaml');
    const again = join(folder, 'dossiers', '.', 'a-approve.yaml').replace('/a-approve', '/./a-approve');
    const r = await run(['assess', f, again, join(folder, 'dossiers'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ total: 2, approve: 1, turnDown: 1 });
    expect(r.stderr.trim().split('\n')).toEqual([
      `${again}: warning: the same file as ${f}: read once`,
      `${f}: warning: given twice: read once`,
    ]);
  });
});

describe('stdin given twice', () => {
  it('- - reads standard input once, with a warning (not a second, empty profile)', async () => {
    const r = await run(['assess', '-', '-', '--format', 'json'], { input: readFileSync(join(ROOT, GOOD_A)) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.total).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['<stdin>: warning: - is given twice: standard input is read once']);
  });
});

describe('--baseline is bounded: one line, exit 2, no hang and no memory blow-up', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'market-ready-baseline-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const expectOneLine = async (baseline: string, expected: RegExp): Promise<void> => {
    const r = await run(['assess', GOOD_A, '--format', 'json', '--baseline', baseline], { timeoutMs: TIMEOUT_MS });
    expect(r.code, 'null: killed by the timeout').toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(expected)]);
    expect(r.stdout).toBe('');
  };

  it('an endless device (a link to /dev/zero, which is only read)', async () => {
    symlinkSync('/dev/zero', join(folder, 'zero.json'));
    await expectOneLine(
      join(folder, 'zero.json'),
      /zero\.json: --baseline reads a json report file, and this is a device/,
    );
  });

  it('a missing file', async () => {
    await expectOneLine(
      join(folder, 'missing.json'),
      /missing\.json: cannot read the baseline \(no such file\): give a report written by --format json/,
    );
  });

  it('a FIFO nobody writes to', async () => {
    expect(spawnSync('mkfifo', [join(folder, 'fifo.json')]).status).toBe(0);
    await expectOneLine(
      join(folder, 'fifo.json'),
      /fifo\.json: --baseline reads a json report file, and this is a FIFO/,
    );
  });

  it('a file of dense values (33 million in 66 MB, 3 GB once parsed): refused before JSON.parse, no memory blow-up', async () => {
    const dense = join(folder, 'dense.json');
    const fd = openSync(dense, 'w');
    writeSync(fd, '{"results":[');
    const chunk = Buffer.from('1,'.repeat(1 << 20));
    for (let i = 0; i < 32; i++) writeSync(fd, chunk);
    writeSync(fd, '1]}');
    closeSync(fd);
    await expectOneLine(
      dense,
      /dense\.json: the baseline holds more than 32,000,000 JSON values.*it is not a market-ready report/,
    );
  });

  it('a huge file (401 MB, sparse): refused before it is read', async () => {
    const huge = join(folder, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 401 * 1024 * 1024);
    await expectOneLine(huge, /huge\.json: the baseline is 401 MB; --baseline reads json reports of up to 400 MB/);
  });
});

describe('regular expressions in packs cannot hang a run (RE2: linear-time matching)', () => {
  it('patterns that backtrack for minutes in JavaScript finish at once on a 50-character value', async () => {
    const pack = mkdtempSync(join(tmpdir(), 'market-ready-regex-'));
    try {
      writeFileSync(
        join(pack, 'pack.yaml'),
        [
          'id: backtracking',
          'version: 1.0.0',
          'name: { en: Backtracking }',
          'threshold: 50',
          'categories:',
          '  - { id: ip, weight: 100, title: { en: IP } }',
          'include: [rules.yaml]',
          '',
        ].join('\n'),
      );
      const rule = (id: string, pattern: string) =>
        [
          `  - id: ip/${id}`,
          '    category: ip',
          `    title: { en: ${id} }`,
          '    weight: 1',
          '    effort: low',
          '    source: judgment',
          `    check: { field: ip.chineseBrandName, matches: '${pattern}' }`,
          '    expected: { en: a name }',
          '    message: { en: "{actual}" }',
          '    remedy: { en: Fix. }',
        ].join('\n');
      writeFileSync(
        join(pack, 'rules.yaml'),
        `rules:\n${rule('stars', '^a*a*a*a*a*a*a*a*$')}\n${rule('dots', '^.*.*.*.*.*.*.*.*=$')}\n${rule('nested', '^(a+)+$')}\n`,
      );
      const valid = await run(['rules', 'validate', pack]);
      expect(valid.code, valid.stderr).toBe(0);
      const profile = join(pack, 'brand.yaml');
      writeFileSync(
        profile,
        `schemaVersion: 1\nbrand: { name: Slow, country: FR, category: food }\nip: { chineseBrandName: "${'a'.repeat(49)}b" }\n`,
      );
      const started = Date.now();
      const r = await run(['assess', profile, '--pack', pack, '--format', 'json', '--fail-on', 'none'], {
        timeoutMs: TIMEOUT_MS,
      });
      const elapsed = Date.now() - started;
      expect(r.code, r.stderr).toBe(0);
      const findings = JSON.parse(r.stdout)
        .results[0].findings.map((f: { ruleId: string; status: string }) => `${f.ruleId}:${f.status}`)
        .sort();
      expect(findings).toEqual(['ip/dots:fail', 'ip/nested:fail', 'ip/stars:fail']);
      // a whole run (start-up included) in well under the 41 s one pattern took before
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      rmSync(pack, { recursive: true, force: true });
    }
  });
});

describe('injection into other programs: every string escaped for the channel it goes to', () => {
  let folder: string;
  /**
   * ESC, BEL, CSI (U+009B), NEL (U+0085), DEL and a right-to-left override: each must stay out of a terminal or a log
   */
  const RAW = /[\u001b\u0007\u009b\u0085\u007f\u202e]/;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'market-ready-inject-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('github: a brand name and a file name holding a newline cannot forge a workflow command; no raw ESC in the log', async () => {
    const file = join(folder, 'evil\n::error file=x.yaml::forged.yaml');
    writeFileSync(
      file,
      'schemaVersion: 1\nbrand: { name: "Evil\\n::error file=/etc/passwd,line=1::pwned\\e[31m\\u009b2J", country: FR, category: food }\n',
    );
    const r = await run(['assess', file, '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.length > 0);
    // every line is ours: a verdict line, an annotation of this file, or the closing count
    for (const line of lines)
      expect(line).toMatch(
        /^(market-ready[ :]|::(error|warning) file=[^,\n]*evil%0A%3A%3Aerror file=x\.yaml%3A%3Aforged\.yaml,line=)/,
      );
    expect(lines.filter((l) => l.startsWith('::')).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('::error file=/etc/passwd'))).toBe(false);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Evil%0A::error file=/etc/passwd,line=1::pwned\ufffd[31m\ufffd2J');
  });

  it('text report and stderr: controls, DEL, U+0085, U+009B and bidi overrides from a profile never reach the terminal raw', async () => {
    const file = join(folder, 'controls\u001b[2J.yaml');
    writeFileSync(
      file,
      'schemaVersion: 1\nbrand: { name: "A\\e]0;title\\a\\u0085\\u009b31m\\x7f\\u202eB", country: FR, category: food }\nbrand.typo: 1\n',
    );
    const r = await run(['assess', file, '--format', 'text']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain('A\ufffd]0;title\ufffd\ufffd\ufffd31m\ufffd\ufffdB');
    expect(r.stderr).toMatch(/^.*controls\ufffd\[2J\.yaml:3:1: warning: brand\.typo: unknown field/m);
  });

  it('an unreadable file whose name holds ESC: the one error line is neutralised', async () => {
    const r = await run(['assess', join(folder, 'missing\u001b[31m\u202e.yaml'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^.*missing\ufffd\[31m\ufffd\.yaml: error: no such file or directory$/),
    ]);
  });

  it("a bad option value holding ESC: commander's usage error is neutralised too", async () => {
    const r = await run(['assess', GOOD_A, '--format', 'x\u001b[31m\u009b']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toMatch(/argument 'x\ufffd\[31m\ufffd' is invalid/);
  });

  it('pack text (version, category titles, test names) is neutralised in the text report and in rules show|test|validate', async () => {
    const pack = join(folder, 'pack');
    mkdirSync(pack);
    for (const name of ['pack.yaml', 'rules.yaml', 'tests.yaml'])
      writeFileSync(join(pack, name), readFileSync(join(ROOT, 'test/fixtures/packs/mini', name)));
    writeFileSync(
      join(pack, 'pack.yaml'),
      readFileSync(join(pack, 'pack.yaml'), 'utf8')
        .replace('version: 1.0.0', 'version: "1.0.0\\e[31m\\u202e"')
        .replace('{ en: Company,', '{ en: "Comp\\e]0;pwned\\aany\\u009b31m",'),
    );
    writeFileSync(
      join(pack, 'tests.yaml'),
      readFileSync(join(pack, 'tests.yaml'), 'utf8').replace(
        'name: the base approves',
        'name: "the base\\e[2J approves\\u0085"',
      ),
    );
    const assessed = await run(['assess', GOOD_A, '--pack', pack, '--fail-on', 'none']);
    expect(assessed.code).toBe(0);
    expect(assessed.stdout).toContain('1.0.0\ufffd[31m\ufffd');
    expect(assessed.stdout).toContain('Comp\ufffd]0;pwned\ufffdany\ufffd31m');
    for (const args of [
      ['rules', 'show', pack],
      ['rules', 'test', pack],
      ['rules', 'validate', pack],
      ['assess', GOOD_A, '--pack', pack],
    ]) {
      const r = await run(args);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(RAW);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
    const tested = await run(['rules', 'test', pack]);
    expect(tested.stdout).toContain('the base\ufffd[2J approves\ufffd');
  });
});
