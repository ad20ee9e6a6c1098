// End to end: the formats that open with the batch's totals (html, markdown, junit) and the CI formats (sarif,
// github) on a generated CSV of thousands of rows, from the built binary. Each result is spooled to a temporary
// file and the document put together at the end (src/io/spool.ts): every row must be accounted for, the
// document must still parse, and nothing may be left behind. Memory and time are measured by
// `npm run bench:formats`, not asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Ajv from 'ajv';
import { ROOT, run } from '../helpers/cli.js';

const ROWS = 3000;
const BAD = 2;
const TOTAL = ROWS + BAD;
const SLOW = { timeoutMs: 180_000 };

interface Line {
  verdict: string;
  decidedBy: string | null;
  findings: { status: string; waiver?: { expired: boolean } }[];
}

let dir: string;
let csv: string;
let reference: Line[];
const count = (verdict: string): number => reference.filter((r) => r.verdict === verdict).length;
/** v2: how the turn-downs that rest on missing data are counted apart after the turn-downs */
const missingDataNote = (): string => {
  const n = reference.filter((r) => r.decidedBy === 'missing-data').length;
  return n === 0 ? '' : n === 1 ? ' (1 of them for missing data)' : ` (${n} of them for missing data)`;
};
const open = (f: Line['findings'][number]): boolean =>
  (f.status === 'fail' || f.status === 'missing') && !(f.waiver && !f.waiver.expired);
// the CI formats (issue 16): one annotation per failed criterion, and one per profile for its missing fields
const ciFindings = (): number =>
  reference.reduce(
    (n, r) =>
      n +
      (r.verdict === 'error'
        ? 0
        : r.findings.filter((f) => open(f) && f.status === 'fail').length +
          (r.findings.some((f) => open(f) && f.status === 'missing') ? 1 : 0)),
    0,
  );
const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-large-'));
  csv = join(dir, 'prospects.csv');
  const made = spawnSync(process.execPath, ['bench/generate.mjs', String(ROWS), csv], { cwd: ROOT, encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  // two rows a spreadsheet export can hold: cut short, and an unknown category; both are error results
  const width = readFileSync(csv, 'utf8').split('\n', 1)[0]!.split(',').length;
  appendFileSync(csv, 'Broken row,FR\n');
  appendFileSync(csv, `1,Odd Brand,FR,cosmetics${','.repeat(width - 4)}\n`);
  const r = await run(['assess', csv, '--format', 'ndjson', '--fail-on', 'none', '-q'], SLOW);
  reference = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
  expect(reference).toHaveLength(TOTAL);
  expect(count('error')).toBe(BAD);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report written with -o; the directory must hold nothing else afterwards (no spool, no temporary file). */
async function report(format: string, ...extra: string[]): Promise<string> {
  const out = join(dir, 'out', `report.${format}`);
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  spawnSync('mkdir', ['-p', join(dir, 'out')]);
  const r = await run(['assess', csv, '--format', format, ...extra, '--fail-on', 'none', '-q', '-o', out], SLOW);
  expect(r.code, r.stderr).toBe(2); // the two bad rows
  expect(readdirSync(join(dir, 'out'))).toEqual([`report.${format}`]);
  return readFileSync(out, 'utf8');
}

describe(`spooled and CI formats on ${TOTAL} rows`, () => {
  it('html: the overview counts every row; the first 500 brands have an index row and a section, and a note says how many are left out', async () => {
    const page = await report('html');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.endsWith('</body>\n</html>\n')).toBe(true);
    const tiles = [...page.matchAll(/<div class="tile (approve|turn-down|error)"><span class="n">(\d+)<\/span>/g)].map(
      (m) => [m[1], Number(m[2])],
    );
    expect(tiles).toEqual([
      ['approve', count('approve')],
      ['turn-down', count('turn-down')],
      ['error', BAD],
    ]);
    expect(page).toContain(`· ${TOTAL} profiles</p></header>`);
    expect(occurrences(page, '<article class="brand"')).toBe(500);
    expect(occurrences(page, '</article>')).toBe(500);
    expect(occurrences(page, '<a href="#brand-')).toBe(500);
    expect(page).toContain('id="brand-500"');
    expect(page).not.toContain('id="brand-501"');
    expect(page).toContain(
      `the first 500 of ${TOTAL} brands, in input order; the other ${TOTAL - 500} are counted in the overview only`,
    );
  }, 120_000);

  it('html --sections all: a section per row, the error rows included, and no note', async () => {
    const page = await report('html', '--sections', 'all');
    expect(occurrences(page, '<article class="brand"')).toBe(TOTAL);
    expect(occurrences(page, '<a href="#brand-')).toBe(TOTAL);
    expect(occurrences(page, 'data-verdict="error"')).toBe(BAD);
    expect(occurrences(page, 'data-verdict="turn-down"')).toBe(count('turn-down'));
    expect(page).not.toContain('class="note">This report details');
  }, 180_000);

  it('html on stdout is the same page as with -o (the spools are copied out with back-pressure)', async () => {
    const file = await report('html', '--sections', '400');
    const r = await run(['assess', csv, '--format', 'html', '--sections', '400', '--fail-on', 'none', '-q'], SLOW);
    expect(r.stdout).toBe(file);
    expect(occurrences(file, '<article class="brand"')).toBe(400);
  }, 120_000);

  it('markdown: the overview counts every row; the summary table and the sections stop at --sections', async () => {
    const text = await report('markdown', '--sections', '100');
    expect(text).toContain(
      `**${TOTAL}** profiles: ✅ ${count('approve')} approved · ❌ ${count('turn-down')} turned down${missingDataNote()} · ⚠️ ${BAD} errors`,
    );
    const tableRows = text.split('\n').filter((l) => /^\| .* \| (✅|❌|⚠️) \*\*/.test(l));
    expect(tableRows).toHaveLength(100);
    expect(occurrences(text, '\n---\n\n## ')).toBe(100);
    expect(text).toContain(
      `_This report details the first 100 of ${TOTAL} brands, in input order; the other ${TOTAL - 100} are counted in the overview only.`,
    );
    const all = await report('markdown', '--sections', 'all');
    expect(occurrences(all, '\n---\n\n## ')).toBe(TOTAL);
    expect(all).not.toContain('This report details');
  }, 180_000);

  it('junit: parses, one testcase per row, counts that match the testcases', async () => {
    const xml = await report('junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testcase',
    }).parse(xml).testsuites.testsuite;
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases).toHaveLength(TOTAL);
    expect(Number(suite.tests)).toBe(TOTAL);
    expect(Number(suite.failures)).toBe(count('turn-down'));
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(count('turn-down'));
    expect(Number(suite.errors)).toBe(BAD);
    expect(cases.filter((c) => c.error !== undefined)).toHaveLength(BAD);
  }, 120_000);

  it('sarif: valid against the SARIF 2.1.0 schema, one result per open finding and per problem of the bad rows', async () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const validate = new Ajv.default({
      strict: false,
      allErrors: true,
      validateFormats: false,
      unicodeRegExp: false,
    }).compile(schema);
    const log = JSON.parse(await report('sarif'));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0].results as { ruleId: string }[];
    expect(results.filter((x) => x.ruleId !== 'market-ready/invalid-profile')).toHaveLength(ciFindings());
    expect(results.filter((x) => x.ruleId === 'market-ready/invalid-profile').length).toBeGreaterThanOrEqual(BAD);
    expect(log.runs[0].properties.summary).toMatchObject({
      total: TOTAL,
      approve: count('approve'),
      turnDown: count('turn-down'),
      error: BAD,
    });
  }, 120_000);

  it('github: a verdict line per row, an annotation per open finding, and the totals', async () => {
    const lines = (await report('github')).split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => l.startsWith('market-ready ') && !l.startsWith('market-ready: '))).toHaveLength(TOTAL);
    const annotations = lines.filter((l) => l.startsWith('::'));
    const notices = annotations.filter((l) => l.startsWith('::notice '));
    expect(annotations.filter((l) => !l.includes('title=market-ready%3A the profile cannot be assessed'))).toHaveLength(
      ciFindings() + notices.length,
    );
    // GitHub shows 10 of each level: one notice, the last annotation, says how many there are
    expect(notices).toHaveLength(1);
    expect(annotations.at(-1)).toBe(notices[0]);
    expect(lines.at(-1)).toBe(
      `market-ready: ${TOTAL} profiles: ${count('approve')} approve, ${count('turn-down')} turn-down, ${BAD} error`,
    );
  }, 120_000);
});
