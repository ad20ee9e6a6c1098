// End to end: every hostile input of test/hostile/ (small, committed) and of the big or binary ones generated
// here, each given to the built binary between two good profiles. Each must end in exit 2 with exactly one line
// on stderr naming it, no stack trace, and the two good profiles still assessed. "Never hangs" is the spawn
// timeout: a run killed by it has no exit code and fails the test, whatever the machine's speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
const NOT_HOSTILE = ['windows-1252.yaml', 'huge-numbers.yaml', 'lone-surrogate.json', 'merge-key.yaml', 'mixed-line-endings.yaml'];

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
  ['set-tag.yaml', /brand\.name: is required/],
  ['complex-key.yaml', /:2:3: a key is a list or a mapping/],
  ['pack-as-profile.yaml', /this is a rule pack file .*--pack/],
  ['not-a-profile.yaml', /not a brand profile: it has no schemaVersion and no brand \(its keys: "name", "on", "jobs"\)/],
  ['json-comments.json', /:1:1: JSON syntax: comments are not allowed in JSON/],
  ['trailing-garbage.json', /JSON syntax/],
  ['date-as-year.yaml', /brand\.foundedYear: expected a whole number, got "2001-05-01"/],
  ['infinity-string.yaml', /pricing\.year1BudgetEur: expected a number, got "Infinity"/],
  ['overflow-number.yaml', /brand\.annualRevenueEur: expected a number, got Infinity/],
  ['method-keys.yaml', /method-keys\.yaml:6:12 brand\.country: .* is not one of the ISO 3166-1 alpha-2 codes/],
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
  gen('huge-string.yaml', `schemaVersion: 1\nbrand:\n  name: "${'x'.repeat(5 * 1024 * 1024)}"\n  country: FR\n  category: beauty\n`, /limited to \d+ bytes/);
  gen('long-string.yaml', `schemaVersion: 1\nbrand:\n  name: "${'x'.repeat(400 * 1024)}"\n  country: FR\n  category: beauty\n`, /brand\.name: .*500 characters/);
  gen('deep-flow-sequence.yaml', '['.repeat(10_000), /nested more than 64 levels/);
  gen('deep-flow-mapping.yaml', '{'.repeat(10_000), /nested more than 64 levels/);
  gen('deep-closed.json', '['.repeat(10_000) + ']'.repeat(10_000), /nested more than 64 levels/);
  gen('deep-dashes.yaml', '- '.repeat(10_000) + 'x\n', /nested more than 64 levels/);
  gen('deep-indentation.yaml', Array.from({ length: 900 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + '\n', /nested more than 64 levels/);
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
  gen('one-mb-cell.csv', `brand.name,brand.country,brand.category\n"${'x'.repeat(1024 * 1024)}",FR,food\n`, /:2:1 \(column A\) brand\.name: is longer than 500 characters/);
  // past the 2 MB where the worker threads take over: the main thread must not rescan the held bytes per chunk
  // (quadratic: a 60 MB cell took 40 s, beyond the run's timeout), nor copy the cell into the result's brand
  gen('sixty-mb-cell.csv', `brand.name,brand.country,brand.category\n"${'x'.repeat(60 * 1024 * 1024)}",FR,food\n`, /:2:1 \(column A\) brand\.name: is longer than 500 characters/);
  // v2: columns that are no field are kept (test/e2e/spreadsheets.test.ts); without a required one, the file is refused
  gen('ten-thousand-columns.csv', `${['brand.name', 'brand.country', ...Array.from({ length: 10_000 }, (_, i) => `c${i}`)].join(',')}\nA,FR${','.repeat(10_000)}\n`, /the header has no brand\.category column/);
  gen('header-only.csv', 'brand.name;brand.country;brand.category\r\n', /no data rows/);
  gen('long-brand-name.yaml', `schemaVersion: 1\nbrand:\n  name: ${'N'.repeat(100_000)}\n  country: FR\n  category: food\n`, /brand\.name: .*500 characters/);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary on good, bad, good and checks the contract for the bad one. */
async function expectRefused(path: string, expected: RegExp, asUser?: number): Promise<void> {
  const r = await run(['assess', GOOD_A, path, GOOD_B, '--format', 'json'], { timeoutMs: TIMEOUT_MS, uid: asUser });
  expect(r.code, `exit code for ${path} (null: killed by the timeout)`).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines.filter((l) => l.includes(path)), r.stderr.slice(0, 2000)).toHaveLength(1);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
  expect(lines[0]).toMatch(/^error: /);
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
    for (const p of paths) expect(r.stderr.split('\n').filter((l) => l.includes(`${p}:`) || l.endsWith(p)).length, p).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(results).toHaveLength(paths.length + 2);
    expect(results[0].verdict).toBe('approve');
    expect(results.at(-1).verdict).toBe('turn-down');
  }, 180_000);

  it('valid but unusual: a YAML merge key, CR-only line endings, a lone surrogate (made U+FFFD so jq can read the report), a path with spaces and CJK', async () => {
    const spaced = join(dir, 'dossiers de marque', '品牌 é.yaml');
    mkdirSync(join(dir, 'dossiers de marque'), { recursive: true });
    writeFileSync(spaced, 'schemaVersion: 1\nbrand: { name: Espacé, country: FR, category: food }\n');
    const r = await run(['assess', 'test/hostile/merge-key.yaml', 'test/hostile/mixed-line-endings.yaml', 'test/hostile/lone-surrogate.json', spaced, '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\\ud[89a-f]/i);
    const results = JSON.parse(r.stdout).results;
    expect(results.map((x: { brand: string }) => x.brand)).toEqual(['Merged', 'Old Mac', '\ufffd Lone', 'Espacé']);
    expect(results[0].findings.length).toBeGreaterThan(0);
    expect(results.map((x: { verdict: string }) => x.verdict)).toEqual(['turn-down', 'turn-down', 'turn-down', 'turn-down']);
    // the merge key's anchor holder is an unknown top-level field: a warning, not an error
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/merge-key\.yaml:1:1 defaults: unknown field/)]);
  });

  it('an alias to an anchor of another document is that document\'s error; the first document is assessed', async () => {
    const file = join(dir, 'anchor-across-documents.yaml');
    writeFileSync(file, 'schemaVersion: 1\nbrand: &b { name: A, country: FR, category: food }\n---\nschemaVersion: 1\nbrand: *b\n');
    const r = await run(['assess', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/anchor-across-documents\.yaml:4:1: .*alias/i)]);
    expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual(['turn-down', 'error']);
  });

  it('a Windows-1252 file is not hostile: it is decoded and assessed', async () => {
    const r = await run(['assess', 'test/hostile/windows-1252.yaml', '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].brand).toBe('Café €');
  });

  it.each(['text', 'json', 'csv', 'junit', 'github', 'sarif', 'markdown', 'html'])('numbers up to 1e308 are numbers: assessed, reported in %s', async (format) => {
    const r = await run(['assess', 'test/hostile/huge-numbers.yaml', '--format', format, '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it('stdin that never ends (/dev/zero) is cut at the size limit', async () => {
    // our own spawn: the tool stops reading at the limit, and the write of the rest must not fail the test
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'assess', '-', '--format', 'json'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' }, timeout: TIMEOUT_MS });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.on('error', () => { /* EPIPE once the tool has stopped reading */ });
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
      const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], { uid: asNobody, gid: asNobody });
      if (probe.status !== 0) ctx.skip();
    }
    const file = join(dir, 'unreadable.yaml');
    writeFileSync(file, 'schemaVersion: 1\n', { mode: 0o000 });
    await expectRefused(file, /permission denied/, asNobody);
  });
});
