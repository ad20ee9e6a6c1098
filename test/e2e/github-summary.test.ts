// End to end, `--format github` in a GitHub step of many failing dossiers: the annotations GitHub shows (10 of each
// level) are each failing dossier's most decisive problem, a notice says how many there are, and the job summary
// file that GitHub names (GITHUB_STEP_SUMMARY) gets the markdown report listing every brand, appended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeMarkdown } from '../../src/report/escape.js';
import { run } from '../helpers/cli.js';

const BRANDS = 'fixtures/brands';
const PROSPECTS = 'fixtures/csv/prospects.csv';

interface JsonResult {
  brand: string | null;
  verdict: string;
  findings: { ruleId: string; status: string; message: string }[];
  reasons: string[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-gh-summary-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const annotations = (stdout: string): string[] => stdout.split('\n').filter((l) => l.startsWith('::'));
const unescape = (s: string): string =>
  s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

describe('--format github and its annotation limit', () => {
  it('writes each turned-down brand’s most decisive problem first, in input order, and ends with a notice', async () => {
    const r = await run(['assess', BRANDS, '--format', 'github', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const json = await run(['assess', BRANDS, '--format', 'json', '--fail-on', 'none', '--no-plan']);
    const turnedDown = (JSON.parse(json.stdout).results as JsonResult[]).filter((x) => x.verdict === 'turn-down');
    expect(turnedDown.length).toBeGreaterThan(10);
    const lines = annotations(r.stdout);
    turnedDown.forEach((result, i) => {
      const line = lines[i]!;
      // the first reason is the decisive finding's message: a criterion's own annotation, or the missing fields'
      const decisive = result.findings.find((f) => f.message === result.reasons[0])!;
      if (decisive.status === 'fail') expect(unescape(line)).toContain(`[${decisive.ruleId}]::${result.brand}: `);
      else expect(unescape(line)).toMatch(new RegExp(`fields? not in the profile::${result.brand}: `));
    });
    // every annotation is still there once, then the notice, then the totals line
    const errors = lines.filter((l) => l.startsWith('::error ')).length;
    const warnings = lines.filter((l) => l.startsWith('::warning ')).length;
    expect(errors).toBeGreaterThan(10);
    expect(lines.at(-1)).toBe(
      `::notice title=market-ready%3A GitHub shows 10 annotations of each kind::${errors + warnings} annotations ` +
        `(errors: ${errors}, warnings: ${warnings}); GitHub shows at most 10 errors and 10 warnings per step, ` +
        'the most decisive problem of each failing profile first. The log lists them all.',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^market-ready: 29 profiles: /);
  });

  it('appends the markdown report to GITHUB_STEP_SUMMARY, keeping what earlier steps wrote', async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '## Earlier step\n');
    const r = await run(['assess', BRANDS, PROSPECTS, '--format', 'github', '--lang', 'fr'], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    const markdown = await run(['assess', BRANDS, PROSPECTS, '--format', 'markdown', '--lang', 'fr']);
    const written = readFileSync(summary, 'utf8');
    expect(written).toBe(`## Earlier step\n${markdown.stdout}`);
    // the job summary names every brand, the annotations only ten of each level
    const json = await run(['assess', BRANDS, PROSPECTS, '--format', 'json', '--no-plan', '--fail-on', 'none']);
    const brands = (JSON.parse(json.stdout).results as JsonResult[]).map((x) => x.brand!);
    expect(brands.length).toBeGreaterThan(30);
    for (const brand of brands) expect(written).toContain(`| ${escapeMarkdown(brand)} |`);
    // the report on stdout is the github one, unchanged by the summary
    const plain = await run(['assess', BRANDS, PROSPECTS, '--format', 'github', '--lang', 'fr']);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toBe(plain.stderr);
  });

  it('a summary file that cannot be written is one warning: the report and the exit code stand', async () => {
    const folder = join(dir, 'no-such-folder-below');
    const r = await run(['assess', PROSPECTS, '--format', 'github'], {
      env: { GITHUB_STEP_SUMMARY: join(folder, 'missing', 'summary.md') },
    });
    const plain = await run(['assess', PROSPECTS, '--format', 'github']);
    expect(r.code).toBe(plain.code);
    expect(r.stdout).toBe(plain.stdout);
    const extra = r.stderr.replace(plain.stderr, '');
    expect(extra).toBe(
      `warning: ${join(folder, 'missing', 'summary.md')}: cannot write the job summary (GITHUB_STEP_SUMMARY): ` +
        'the folder does not exist: create it first, or choose another path (ENOENT)\n',
    );
  });

  it('only --format github writes the job summary', async () => {
    const summary = join(dir, 'untouched.md');
    writeFileSync(summary, 'kept\n');
    await run(['assess', PROSPECTS, '--format', 'json'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(summary, 'utf8')).toBe('kept\n');
  });
});
