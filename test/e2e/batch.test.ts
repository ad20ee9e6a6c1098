// End to end: the built binary on CSV batches (`npm run build` first): one result per row in every format,
// bad rows reported with exit code 2 while the others are still assessed, and results streamed as rows arrive.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { BIN, ROOT, run } from '../helpers/cli.js';
import { readInputs } from '../../src/io/inputs.js';
import { assessProfile } from '../../src/engine/assess.js';
import { errorResult } from '../../src/pipeline/row.js';
import { diagnosticLine } from '../../src/errors.js';
import { jsonResult, type FindingsMode } from '../../src/report/json-shape.js';
import { csv as csvFormat } from '../../src/report/csv.js';
import { NAMED_DIALECTS } from '../../src/report/csv-dialect.js';
import { attachRow } from '../../src/report/sheet.js';
import type { ReportContext } from '../../src/report/types.js';
import { wordsFor } from '../../src/report/words.js';
import { loadPack } from '../../src/rules/packs.js';

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('assess on CSV batches', () => {
  it('ndjson: one line per data row, in file order, with the row numbers', async () => {
    const r = await run(['assess', 'fixtures/csv/prospects.csv', '--format', 'ndjson']);
    const results = lines(r.stdout).map((l) => JSON.parse(l));
    expect(results).toHaveLength(12);
    expect(results.map((x) => x.source.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  it('bad rows: exit code 2, each bad row an error result naming its column, every other row assessed', async () => {
    const r = await run(['assess', 'fixtures/csv/bad-rows.csv', '--format', 'ndjson', '--fail-on', 'none']);
    expect(r.code).toBe(2);
    const results = lines(r.stdout).map((l) => JSON.parse(l));
    expect(results.map((x) => [x.source.row, x.verdict])).toEqual([
      [2, 'turn-down'],
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
      [6, 'turn-down'],
    ]);
    // the line and the character the cell starts on (`Casa Verde,IT,fashion,` before it), its letter in `cell`
    expect(results[1].errors[0]).toMatchObject({ line: 3, column: 23, field: 'company.role', cell: { column: 'D' } });
    expect(lines(r.stderr)).toEqual([
      'fixtures/csv/bad-rows.csv:3:23: error: company.role (column D): "ownr" is not one of brand-owner, exclusive-licensee, authorized-distributor, reseller (did you mean brand-owner?)',
      'fixtures/csv/bad-rows.csv:4:13: error: the row has 2 cells where the header has 7 columns',
      'fixtures/csv/bad-rows.csv:5:29: error: company.overseasBankAccount (column E): expected a boolean (true/false, yes/no, oui/non, 1/0), got "maybe"',
      'fixtures/csv/bad-rows.csv:5:35: error: brand.retailStores (column F): expected a whole number, got "2.5"',
    ]);
  });

  it('csv: a header and one row per input profile, across files and formats', async () => {
    // issue 13: the first file's columns, then the tool's; several inputs: the dialect --lang implies (excel)
    const r = await run([
      'assess',
      'fixtures/csv/bad-rows.csv',
      'fixtures/csv/french-excel-win1252.csv',
      'fixtures/brands/multi/portfolio.yaml',
      '--format',
      'csv',
    ]);
    expect(r.code).toBe(2);
    const rows = parse(r.stdout, { columns: true, bom: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(rows).toHaveLength(5 + 3 + 3);
    const header = Object.keys(rows[0]!);
    expect(header.slice(0, 2)).toEqual(['brand.name', 'brand.country']);
    expect(header).toContain('verdict');
    expect(rows[1]).toMatchObject({
      source: 'fixtures/csv/bad-rows.csv:3',
      'brand.name': 'Casa Verde',
      verdict: 'error',
      score: '',
    });
    expect(rows[1]!.errors).toMatch(/company.role/);
    expect(rows[5]).toMatchObject({
      'brand.name': 'Maison Élodie',
      source: 'fixtures/csv/french-excel-win1252.csv:2',
      verdict: 'turn-down',
    });
    // a YAML profile after the spreadsheets: its name in the brand's column, its other fields left empty
    expect(rows[8]).toMatchObject({
      source: 'fixtures/brands/multi/portfolio.yaml',
      'brand.name': 'Belle Rive Paris',
      'brand.country': '',
    });
    expect(rows.find((x) => x.verdict === 'turn-down')!['main reasons']).not.toBe('');
  });

  it('json: the summary counts every row of a batch', async () => {
    const r = await run([
      'assess',
      'fixtures/csv/bad-rows.csv',
      'fixtures/csv/excel-unicode-utf16le.csv',
      '--format',
      'json',
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ total: 7, error: 3, approve: 0, turnDown: 4 });
    expect(report.results.map((x: { brand: string }) => x.brand)).toContain('Søstrene Nord');
  });

  it('stdin with --input-format tsv', async () => {
    const r = await run(['assess', '-', '--input-format', 'tsv', '--format', 'ndjson'], {
      input: 'brand.name\tbrand.country\tbrand.category\nA, B & C\tFR\tfood\n',
    });
    const results = lines(r.stdout).map((l) => JSON.parse(l));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ source: { file: '<stdin>', row: 2 }, brand: 'A, B & C' });
  });

  it('a header-only file is an error, not silence', async () => {
    const r = await run(['assess', '-', '--input-format', 'csv', '--format', 'ndjson'], {
      input: 'brand.name,brand.country,brand.category\r\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>.*no data rows/);
    expect(lines(r.stdout)).toHaveLength(1);
  });

  it('nothing on stderr for a large batch when stderr is not a terminal', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `Brand ${i},FR,food,${'x'.repeat(400)}`);
    const r = await run(['assess', '-', '--input-format', 'csv', '--format', 'ndjson', '--fail-on', 'none'], {
      input: `brand.name,brand.country,brand.category,partners.tmallPartner\n${rows.join('\n')}\n`,
    });
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toHaveLength(3000);
    expect(r.stderr).toBe('');
  });

  it('ndjson streams: the first result is out before the input ends', async () => {
    const child = spawn(process.execPath, [BIN, 'assess', '-', '--input-format', 'csv', '--format', 'ndjson'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    const firstLine = new Promise<string>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
    });
    child.stdin.write('brand.name,brand.country,brand.category\nFirst Brand,FR,beauty\n');
    // stdin stays open: the line can only come from a reader and writer that stream
    const first = JSON.parse(await firstLine);
    expect(first).toMatchObject({ brand: 'First Brand', source: { row: 2 } });
    child.stdin.end('Second Brand,IT,fashion\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(lines(stdout).map((l) => JSON.parse(l).brand)).toEqual(['First Brand', 'Second Brand']);
    expect(code).toBe(1);
  });
});

/**
 * What the usual loop (the reader, the engine and the formatter, one result at a time, as for small files) writes
 * for these bytes read as a CSV on stdin: the reference that the slices' path, on the workers and the main
 * thread, is held to, byte for byte.
 */
async function usualLoop(
  bytes: Buffer,
  format: 'ndjson' | 'csv',
  findings: FindingsMode = 'costly',
): Promise<{ stdout: string; stderr: string }> {
  const pack = await loadPack('tmall-global');
  const today = new Date().toISOString().slice(0, 10);
  const words = wordsFor(pack, 'en');
  // issue 13: csv in the rfc4180 dialect (the CLI runs below ask for it), following each row's header
  const ctx = { lang: 'en', words, sheet: { singleInput: true, dialect: NAMED_DIALECTS.rfc4180 } } as ReportContext;
  let stdout = format === 'csv' ? csvFormat.header(ctx) : '';
  let stderr = '';
  let index = 0;
  for await (const item of readInputs(['-'], {
    stdin: Readable.from([bytes]),
    inputFormat: 'csv',
    lang: 'en',
    strict: false,
  })) {
    let result;
    if (item.kind === 'error') {
      for (const d of item.errors) stderr += `${diagnosticLine(d, 'en')}\n`;
      result = errorResult(item, pack.threshold);
    } else result = assessProfile(pack, item.profile, { lang: 'en', threshold: pack.threshold, today });
    attachRow(result, item.kind === 'error' ? item.row : item.profile.row);
    stdout +=
      format === 'csv'
        ? csvFormat.result(result, ctx, index++)
        : JSON.stringify(jsonResult(result, words, findings)) + '\n';
  }
  return { stdout, stderr };
}

describe('large CSV files on worker threads', () => {
  // each test spawns several runs over 25,000 rows: on a loaded 2-core machine they take longer than the default
  // well over the 256 KB above which a file is cut into slices for the threads; the reference output is the usual
  // loop's (usualLoop above); a CSV on stdin takes the slices' path too
  function bigCsv(rows: number, lineEnd: string): string {
    const lines = [
      'brand.name;brand.country;brand.category;partners.tmallPartner;company.overseasBankAccount;pricing.year1BudgetEur',
    ];
    for (let i = 0; i < rows; i++) {
      const partner =
        i % 7 === 0
          ? `"Agence ""Lumière""; Paris${lineEnd}bureau ${i}"`
          : i % 5 === 0
            ? `Agence ${'x'.repeat(200)}`
            : `Partner ${i}`;
      if (i % 997 === 0) lines.push(`Ragged ${i};FR`);
      else if (i % 1009 === 0) lines.push(`Bad ${i};FR;beauty;${partner};peut-être;1 000`);
      else if (i % 1013 === 0) lines.push('');
      else lines.push(`Marque ${i};fr;beauty;${partner};${i % 2 ? 'oui' : 'non'};${i} 250,5`);
    }
    return lines.join(lineEnd) + lineEnd;
  }

  it.each([
    [
      'UTF-8, CRLF, a sep=; line, ending in an unterminated quote',
      (t: string) => Buffer.from('sep=;\r\n' + t + '"Never closed;FR;beauty;x;oui;1\r\nLast;FR;beauty;x;oui;1\r\n'),
      '\r\n',
    ],
    ['Windows-1252, LF', (t: string) => iconv.encode(t, 'win1252'), '\n'],
  ])(
    '%s: the same results, in the same order, as reading in-process',
    async (_name, encode, lineEnd) => {
      const dir = mkdtempSync(join(tmpdir(), 'market-ready-big-'));
      const file = join(dir, 'big.csv');
      const bytes = encode(bigCsv(13_000, lineEnd));
      // past the size from which a file's slices go to the workers (src/pipeline/run.ts)
      expect(bytes.length).toBeGreaterThan(1 << 20);
      writeFileSync(file, bytes);
      // csv output takes the same path: compare it too
      const csvParallel = await run(['assess', file, '--format', 'csv', '--csv-dialect', 'rfc4180'], {
        timeoutMs: 60_000,
      });
      const csvSingle = await usualLoop(bytes, 'csv');
      expect(csvParallel.stdout.split(file).join('<stdin>')).toBe(csvSingle.stdout);
      expect(csvParallel.code).toBe(2);
      const parallel = await run(['assess', file, '--format', 'ndjson'], { timeoutMs: 60_000 });
      const single = await usualLoop(bytes, 'ndjson');
      expect(parallel.code).toBe(2);
      const rows = lines(parallel.stdout);
      expect(rows.length).toBe(lines(single.stdout).length);
      expect(rows.length).toBeGreaterThan(12_000);
      expect(parallel.stdout.split(JSON.stringify(file).slice(1, -1)).join('<stdin>')).toBe(single.stdout);
      expect(parallel.stderr.split(file).join('<stdin>')).toBe(single.stderr);
      // the same bytes on stdin: the same path, named <stdin>
      const piped = await run(['assess', '-', '--input-format', 'csv', '--format', 'ndjson'], {
        input: bytes,
        timeoutMs: 60_000,
      });
      expect(piped.stdout).toBe(single.stdout);
      expect(piped.stderr).toBe(single.stderr);
      expect(piped.code).toBe(2);
      // with every rule's text in every finding too
      const parallelFull = await run(['assess', file, '--format', 'ndjson', '--findings', 'full'], {
        timeoutMs: 60_000,
      });
      const singleFull = await usualLoop(bytes, 'ndjson', 'all');
      expect(parallelFull.stdout.split(JSON.stringify(file).slice(1, -1)).join('<stdin>')).toBe(singleFull.stdout);
      expect(parallelFull.stdout.length).toBeGreaterThan(parallel.stdout.length);
      const results = rows.map((l) => JSON.parse(l));
      expect(results[1]).toMatchObject({ brand: 'Marque 1' });
      expect(results.some((r) => r.verdict === 'error' && /peut-être/.test(r.errors[0].message))).toBe(true);
    },
    180_000,
  );

  it('on one core, with no worker thread, the main thread assesses every slice: the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-ready-big-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, bigCsv(12_000, '\n'));
    const oneCore = await run(['assess', file, '--format', 'ndjson'], { cpus: '0', timeoutMs: 60_000 });
    const everyCore = await run(['assess', file, '--format', 'ndjson'], { timeoutMs: 60_000 });
    expect(lines(oneCore.stdout).length).toBeGreaterThan(11_000);
    expect(oneCore.stdout).toBe(everyCore.stdout);
    expect(oneCore.stderr).toBe(everyCore.stderr);
    expect(oneCore.code).toBe(everyCore.code);
  }, 120_000);

  it("csv in the input's own dialect (French Excel: Windows-1252, `;`, CRLF) from the workers: one core's bytes", async () => {
    // issue 11: csv runs on the workers, its columns and dialect settled on the main thread before the first
    // slice leaves; the workers' UTF-8 rows are written in the input's encoding by the main thread
    const dir = mkdtempSync(join(tmpdir(), 'market-ready-big-'));
    const file = join(dir, 'big.csv');
    const bytes = iconv.encode(bigCsv(12_000, '\r\n'), 'win1252');
    expect(bytes.length).toBeGreaterThan(1 << 20);
    writeFileSync(file, bytes);
    const everyCore = await run(['assess', file, '--format', 'csv', '-o', join(dir, 'every.csv')], {
      timeoutMs: 90_000,
    });
    const oneCore = await run(['assess', file, '--format', 'csv', '-o', join(dir, 'one.csv')], {
      cpus: '0',
      timeoutMs: 90_000,
    });
    expect(everyCore.code).toBe(2);
    expect(everyCore.stderr).toBe(oneCore.stderr);
    const every = readFileSync(join(dir, 'every.csv'));
    expect(every.equals(readFileSync(join(dir, 'one.csv')))).toBe(true);
    // Windows-1252, no BOM, as the input: the accented letters are single bytes, and every row is there
    const text = iconv.decode(every, 'win1252');
    expect(every.includes(Buffer.from('Lumière'))).toBe(false);
    expect(text).toContain('Lumière');
    const rows = parse(text, { delimiter: ';', record_delimiter: '\r\n', relax_column_count: true }) as string[][];
    expect(rows[0]!.slice(0, 2)).toEqual(['brand.name', 'brand.country']);
    expect(rows[0]).toContain('verdict');
    expect(rows.length).toBeGreaterThan(11_900);
    expect(rows[2]![0]).toBe('Marque 1');
  }, 200_000);

  it('two large files in one run, their columns in different orders: each slice is read with its own header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-ready-big-'));
    const first = Buffer.from(bigCsv(12_000, '\n'));
    // the second file: other columns, in another order, comma-separated
    const second = ['brand.category,brand.country,company.overseasBankAccount,brand.name'];
    for (let i = 0; i < 45_000; i++)
      second.push(`${i % 3 ? 'beauty' : 'fashion'},${i % 2 ? 'IT' : 'FR'},${i % 4 ? 'yes' : 'no'},Maison ${i}`);
    const secondBytes = Buffer.from(second.join('\n') + '\n');
    // both past the size from which a file's slices go to the workers (src/pipeline/run.ts)
    expect(first.length).toBeGreaterThan(1 << 20);
    expect(secondBytes.length).toBeGreaterThan(1 << 20);
    writeFileSync(join(dir, 'a.csv'), first);
    writeFileSync(join(dir, 'b.csv'), secondBytes);
    // csv rows (half a kilobyte each) keep this test's output small (issue 13: they follow the first file's
    // header, the second file's cells placed by header, so compare the cells, not the bytes)
    // (csv runs the usual loop, one thread: allow for a machine shared with other work)
    const both = await run(['assess', dir, '--format', 'csv', '--csv-dialect', 'rfc4180'], { timeoutMs: 200_000 });
    const records = (text: string): Record<string, string>[] =>
      parse(text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const singleA = records((await usualLoop(first, 'csv')).stdout);
    const singleB = records((await usualLoop(secondBytes, 'csv')).stdout);
    const rowsBoth = records(both.stdout);
    expect(singleB).toHaveLength(45_000);
    expect(rowsBoth).toHaveLength(singleA.length + singleB.length);
    const pick = (r: Record<string, string>) => [
      r['brand.name'],
      r['brand.country'],
      r['brand.category'],
      r['company.overseasBankAccount'],
      r.verdict,
      r.score,
    ];
    expect(rowsBoth.slice(0, singleA.length).map(pick)).toEqual(singleA.map(pick));
    expect(rowsBoth.slice(singleA.length).map(pick)).toEqual(singleB.map(pick));
    expect(rowsBoth[singleA.length]).toMatchObject({ 'brand.name': 'Maison 0', source: `${join(dir, 'b.csv')}:2` });
  }, 240_000);
});
