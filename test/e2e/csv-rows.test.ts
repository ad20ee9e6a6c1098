// End to end: the one CSV row reader on hostile rows (issue 15), through the built binary: every data row comes
// out exactly once, as a result or as an error naming its row, with the row numbers a spreadsheet shows, the
// same whether the file is small (its slices run on the main thread) or large (they go to a worker thread).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { BIN, ROOT, run } from '../helpers/cli.js';
import { BOTH_PATHS } from '../helpers/paths.js';

const HEAD = 'brand.name,brand.country,brand.category';
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');
const dir = mkdtempSync(join(tmpdir(), 'market-ready-rows-'));
let n = 0;
const file = (content: string | Buffer, ext = 'csv'): string => {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, content);
  return path;
};
type Out = {
  source: { row: number; line?: number };
  brand: string | null;
  verdict: string;
  errors: { message: string; line?: number }[];
};
async function ndjson(
  path: string,
  args: string[] = [],
): Promise<{ code: number | null; results: Out[]; stderr: string }> {
  const r = await run(['assess', path, '--format', 'ndjson', '--fail-on', 'none', ...args], { timeoutMs: 60_000 });
  return { code: r.code, results: lines(r.stdout).map((l) => JSON.parse(l) as Out), stderr: r.stderr };
}
/** filler rows that make a file large enough for the worker threads (src/pipeline/run.ts: 1 MB at 9,000 rows) */
const filler = (from: number, count: number): string => {
  let text = '';
  for (let i = 0; i < count; i++) text += `Filler ${from + i} ${'x'.repeat(100)},FR,beauty\n`;
  return text;
};
const LARGE = 9_000;
/** --format csv rows, without the file's own name: the comparable part of the csv report */
async function csvRows(
  path: string,
  args: string[] = [],
): Promise<{ rows: string[]; stderr: string; code: number | null }> {
  const r = await run(['assess', path, '--format', 'csv', '--fail-on', 'none', ...args], { timeoutMs: 60_000 });
  return {
    rows: lines(r.stdout.split(path).join('<file>')),
    stderr: r.stderr.split(path).join('<file>'),
    code: r.code,
  };
}

describe('CSV rows: every data row exactly once, with its own row number', () => {
  it.each([
    ['a blank line above a ;-separated header', '\r\nMarque;Pays;Catégorie\r\nA;FR;Mode\r\n', 3],
    ['a title and a blank line above it', 'Export CRM du 02/12/2026\r\n\r\nMarque;Pays;Catégorie\r\nA;FR;Mode\r\n', 4],
    ['sep=; then a title', 'sep=;\r\nProspects salon de mars\r\nMarque;Pays;Catégorie\r\nA;FR;Mode\r\n', 3],
    // Excel writes a header cell typed with Alt+Enter quoted over two lines: its first line is not the header's
    ['a first header cell over two lines', '"Nom de la\nmarque";Pays;Catégorie\r\nA;FR;Mode\r\n', 2],
    [
      'a title above a first header cell over two lines',
      'Export CRM\r\n"Nom de la\nmarque";Pays;Catégorie\r\nA;FR;Mode\r\n',
      3,
    ],
  ])('%s: the header below is read, the rows numbered as Excel shows them', async (_, text, row) => {
    for (const args of [[file(text)], ['-', '--input-format', 'csv']]) {
      const r = await run(['assess', ...args, '--format', 'ndjson', '--fail-on', 'none'], { input: text });
      expect(r.stderr).toBe('');
      const results = lines(r.stdout).map((l) => JSON.parse(l) as { brand: string; source: { row: number } });
      expect(results.map((x) => [x.brand, x.source.row])).toEqual([['A', row]]);
    }
  });

  it('rows ending with empty cells past the header (a CRM writes a `;` after every row but its header): read as rows', async () => {
    const path = file('Marque;Pays;Catégorie\r\nA;FR;Mode;\r\nB;FR;Mode;;\r\nC;FR;Mode;x\r\n');
    const { results, stderr } = await ndjson(path);
    expect(results.map((r) => [r.source.row, r.brand, r.verdict === 'error'])).toEqual([
      [2, 'A', false],
      [3, 'B', false],
      [4, 'C', true],
    ]);
    // a surplus cell that holds something is still the row's error: it may be a cell shifted out of its column
    expect(lines(stderr)).toEqual([`${path}:4:11: error: the row has 4 cells where the header has 3 columns`]);
    const csv = await csvRows(path);
    expect(csv.rows.map((row) => row.split(';').slice(0, 4))).toEqual([
      ['Marque', 'Pays', 'Catégorie', 'verdict'],
      ['A', 'FR', 'Mode', 'turn-down'],
      ['B', 'FR', 'Mode', 'turn-down'],
      ['C', 'FR', 'Mode', 'error'],
    ]);
    // the empty surplus cells are nothing to hand back; C's `x` is kept in the last column, by its letter
    expect(csv.rows.map((row) => row.trimEnd().split(';').at(-1))).toEqual(['other columns', '', '', 'D: x']);
  });

  it('a CRLF file whose header cell holds a line break: the csv report ends its rows with CRLF, as the file does', async () => {
    const path = file('Marque;"Pays\nd’origine";Catégorie\r\nA;FR;Mode\r\nB;IT;Mode\r\n');
    const r = await run(['assess', path, '--format', 'csv', '--fail-on', 'none']);
    expect(r.stderr).toBe('');
    // the cell's own LF is kept inside its quotes; every row, the header's included, ends with CRLF
    expect(r.stdout.startsWith('Marque;"Pays\nd’origine";Catégorie;')).toBe(true);
    expect(
      r.stdout
        .replace('"Pays\nd’origine"', '')
        .split('\r\n')
        .map((row) => row.includes('\n')),
    ).toEqual([false, false, false, false]);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
  });

  it('Windows-1252 whose first accent comes after 64 KiB of ASCII: read as Windows-1252 in every format', async () => {
    // a French Excel export with ASCII headers, its accented brands sorted last: the first bytes say nothing
    const ascii = Array.from({ length: 2_000 }, (_, i) => `Brand${i};FR;fashion;plain ascii notes, row ${i}`);
    const text = ['Marque;Pays;Categorie;Notes', ...ascii, 'Maison Œuvre;France;Beauté;déjà vu — « très » cher €', ''];
    const path = file(iconv.encode(text.join('\r\n'), 'win1252'));
    expect(
      readFileSync(path)
        .subarray(0, 64 * 1024)
        .every((b) => b < 0x80),
    ).toBe(true);
    for (const format of ['ndjson', 'json']) {
      const r = await run(['assess', path, '--format', format, '--fail-on', 'none']);
      expect(r.stderr, format).not.toMatch(/^error/m);
      expect(r.code, format).toBe(0);
      expect(r.stdout, format).toContain('"brand":"Maison Œuvre"');
      expect(r.stdout, format).toContain('"Notes":"déjà vu — « très » cher €"');
    }
  });

  it('a stray quote that would swallow the rows up to the next quote: six rows, six outputs', async () => {
    const path = file(`${HEAD}\nA,FR,beauty\n"B,FR,beauty\nC,FR,beauty\nD,FR,beauty\nE",FR,beauty\nF,FR,beauty\n`);
    const { code, results, stderr } = await ndjson(path);
    expect(results.map((r) => [r.source.row, r.verdict === 'error' ? 'error' : r.brand])).toEqual([
      [2, 'A'],
      [3, 'error'],
      [4, 'C'],
      [5, 'D'],
      [6, 'E"'],
      [7, 'F'],
    ]);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      `${path}:3:1: error: a quote opens cell 1 and is not closed on its line, so this row cannot be read (close the quote, or double a quote inside a quoted cell); the lines after it are read as rows of their own`,
    ]);
  });

  it('a stray quote that closes in a way that keeps the cell count: still six outputs (a line inside it holds a whole row)', async () => {
    const path = file(`${HEAD}\nA,FR,beauty\nB,FR,"beauty\nC,FR,beauty\nD,FR,beauty\nE,FR,beauty"\nF,FR,beauty\n`);
    const { results } = await ndjson(path);
    expect(results.map((r) => r.source.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(results.map((r) => r.verdict === 'error')).toEqual([false, true, false, false, true, false]);
  });

  it('a stray quote in the last rows of a file with no final line end: every row still comes out', async () => {
    const path = file(`${HEAD}\nA,FR,beauty\n"B,FR,beauty\nC,FR,beauty`);
    const { results } = await ndjson(path);
    expect(results.map((r) => [r.source.row, r.verdict === 'error' ? 'error' : r.brand])).toEqual([
      [2, 'A'],
      [3, 'error'],
      [4, 'C'],
    ]);
  });

  it('a quoted cell over two lines is still one row: rows as Excel numbers them, the line beside', async () => {
    const path = file(`${HEAD},partners.tmallPartner\nA,FR,beauty,"Agence\nParis"\nB,FR,beauty,x\nC,FR,beuty,y\n`);
    const { results, stderr } = await ndjson(path);
    expect(results.map((r) => [r.source.row, r.source.line, r.brand, r.verdict === 'error'])).toEqual([
      [2, undefined, 'A', false],
      [3, 4, 'B', false],
      [4, 5, 'C', true],
    ]);
    // the cell's own line and character (`C,FR,` before it), the row as Excel numbers it beside the field
    expect(stderr).toContain(`${path}:5:6: error: brand.category (row 4, column C):`);
  });

  it('mixed LF, CRLF and CR line ends: eight rows, eight results, one line each', async () => {
    const ends = ['\n', '\r\n', '\r', '\n', '\r', '\r\n', '\n', '\r'];
    const path = file(HEAD + '\n' + ends.map((e, i) => `Brand ${i},FR,beauty${e}`).join(''));
    const { results } = await ndjson(path);
    expect(results.map((r) => [r.source.row, r.brand])).toEqual(ends.map((_, i) => [i + 2, `Brand ${i}`]));
  });

  it('CRLF rows inside an LF file count one line each', async () => {
    const path = file(`${HEAD}\nA,FR,beauty\r\nB,FR,beauty\r\nC,FR,beauty\nD,FR,nope\n`);
    const { results, stderr } = await ndjson(path);
    expect(results.map((r) => r.source.row)).toEqual([2, 3, 4, 5]);
    expect(stderr).toMatch(new RegExp(`${path}:5:6: error: brand.category \\(column C\\)`));
  });

  it("a row longer than the bound is that row's error; the rows after it are assessed (no internal error)", async () => {
    const path = file(`${HEAD}\nA,FR,beauty\nHuge,FR,${'x'.repeat(5 << 20)}\nB,FR,beauty\n"C",FR,beauty\n`);
    const { code, results, stderr } = await ndjson(path);
    expect(results.map((r) => [r.source.row, r.verdict === 'error' ? 'error' : r.brand])).toEqual([
      [2, 'A'],
      [3, 'error'],
      [4, 'B'],
      [5, 'C'],
    ]);
    expect(stderr).not.toMatch(/internal error/);
    expect(lines(stderr)).toEqual([
      `${path}:3:1: error: the row is longer than 4194304 bytes, so it is not read (a brand profile row is a few kilobytes)`,
    ]);
    expect(code).toBe(2);
  });

  it.each([
    ['named as -', ['-']],
    ['piped with no input named', []],
  ])(
    "an endless line on stdin (%s) is read in bounded memory and is one row's error",
    async (_name, input) => {
      const child = spawn(process.execPath, [BIN, 'assess', ...input, '--input-format', 'csv', '--format', 'ndjson'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LANG: 'C' },
      });
      let stdout = '';
      let stderr = '';
      let peakKb = 0;
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const poll = setInterval(() => {
        try {
          const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
        } catch {
          /* exited */
        }
      }, 50);
      child.stdin.on('error', () => undefined);
      child.stdin.write(`${HEAD}\nA,FR,beauty\nEndless,FR,`);
      const piece = Buffer.alloc(1 << 20, 'y');
      // 300 MB on one line: memory that grew with the line would show here
      for (let i = 0; i < 300; i++)
        if (!child.stdin.write(piece)) await new Promise((r) => child.stdin.once('drain', r));
      child.stdin.end('\nB,FR,beauty\n');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      clearInterval(poll);
      expect(lines(stdout).map((l) => (JSON.parse(l) as Out).source.row)).toEqual([2, 3, 4]);
      expect(stderr).toMatch(/<stdin>:3:1: error: the row is longer than 4194304 bytes/);
      expect(code).toBe(2);
      expect(peakKb).toBeGreaterThan(0);
      expect(peakKb).toBeLessThan(250_000);
    },
    120_000,
  );

  it('a header of thousands of columns is one line, at once', async () => {
    const started = Date.now();
    const wide = await run(['assess', file(Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(',') + '\nx\n')]);
    expect(lines(wide.stderr)).toEqual([
      expect.stringMatching(/:1:1: error: the header has more than 16384 columns: this is not a brand-profile CSV$/),
    ]);
    expect(wide.code).toBe(2);
    // a million columns of one letter: 2 MB, under the row bound, past the column bound
    const million = await run(['assess', file('a,'.repeat(1_000_000) + '\nx\n')]);
    expect(lines(million.stderr)).toEqual([
      expect.stringMatching(/:1:1: error: the header has more than 16384 columns/),
    ]);
    const long = await run(['assess', file('a,'.repeat(3_000_000) + '\nx\n')]);
    expect(lines(long.stderr)).toEqual([
      expect.stringMatching(
        /:1:1: error: the header line is longer than 4194304 bytes: this is not a brand-profile CSV$/,
      ),
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('thousands of repeated header columns: a few lines and a count, not one line each', async () => {
    const r = await run(['assess', file(`${HEAD},${'brand.name,'.repeat(3000)}\nA,FR,beauty\n`)]);
    const errors = lines(r.stderr);
    expect(errors.length).toBeLessThanOrEqual(12);
    expect(
      errors.filter((l) => /columns A "brand.name" and [A-Z]+ "brand.name" both mean brand.name/.test(l)),
    ).toHaveLength(10);
    expect(errors.at(-1)).toMatch(/and 2990 more header errors$/);
    expect(r.code).toBe(2);
  });

  it.each([
    ['a small file', 0],
    ['a large file (its rows go to a worker thread)', LARGE],
  ])(
    "a NUL byte in a row is that row's error in %s",
    async (_name, fillerRows) => {
      const path = file(`${HEAD}\nA,FR,beauty\nB\0d,FR,beauty\n${filler(0, fillerRows)}C,FR,beauty\n`);
      const { rows, stderr } = await csvRows(path);
      expect(rows).toHaveLength(1 + 3 + fillerRows);
      // csv gives the input's columns back, then the tool's, the source (file:row) among them
      expect(rows[2]).toMatch(/^,,,error,.*,<file>:3,$/);
      expect(rows.at(-1)).toMatch(new RegExp(`^C,FR,beauty,turn-down,.*,<file>:${4 + fillerRows},$`));
      expect(lines(stderr)).toEqual(['<file>:3:1: error: cell 1 holds a NUL byte: binary data, not text']);
    },
    60_000,
  );

  it('a NUL byte in the header line: the file is binary', async () => {
    const r = await run(['assess', file(`brand.name\0,brand.country,brand.category\nA,FR,beauty\n`)]);
    expect(r.stderr).toMatch(/binary/);
    expect(r.code).toBe(2);
  });

  it.each(['sep=|', 'sep="'])('%s is refused as a delimiter that is not read', async (sep) => {
    const path = file(`${sep}\nbrand.name|brand.country|brand.category\nA|FR|beauty\n`);
    const r = await run(['assess', path]);
    expect(lines(r.stderr)).toEqual([
      `${path}:1:5: error: the first line ${JSON.stringify(sep)} names a delimiter that is not read: use sep=, sep=; or a tab`,
    ]);
    expect(r.code).toBe(2);
  });

  it('the same rows, numbers and messages on the worker path as on the main thread, in en, fr and zh', async () => {
    const tricky = `"Q ""x""",FR,beauty\n"B,FR,beauty\nC,FR,beauty\r\nD,XX,beauty\rE,FR\n"F\nG",FR,beauty\n`;
    const small = file(`${HEAD}\n${tricky}`);
    const large = file(`${HEAD}\n${tricky}${filler(0, LARGE)}`);
    for (const lang of ['en', 'fr', 'zh']) {
      const a = await csvRows(small, ['--lang', lang]);
      const b = await csvRows(large, ['--lang', lang]);
      expect(a.rows).toHaveLength(1 + 7);
      expect(b.rows.slice(0, a.rows.length)).toEqual(a.rows);
      expect(b.rows).toHaveLength(1 + 7 + LARGE);
      expect(b.stderr).toBe(a.stderr);
      expect(lines(a.stderr)).toHaveLength(4);
    }
  }, 120_000);

  it('json on the worker path: the same report, summary included, as on one core with no worker', async () => {
    const path = file(`${HEAD}\nA,FR,beauty\nB,XX,beauty\n${filler(0, LARGE)}`);
    const digest = async (cpus?: string): Promise<{ code: number | null; sha: string; summary: unknown }> => {
      const out = join(dir, `report-${cpus ?? 'all'}.json`);
      const r = await run(['assess', path, '--format', 'json', '--no-plan', '-o', out], {
        timeoutMs: 120_000,
        ...(cpus ? { cpus } : {}),
      });
      const text = readFileSync(out, 'utf8');
      const summary = JSON.parse(text.slice(text.lastIndexOf('"summary":') + 10, -2));
      return { code: r.code, sha: createHash('sha256').update(text).digest('hex'), summary };
    };
    const one = await digest('0');
    const every = await digest();
    expect(every.summary).toMatchObject({ total: LARGE + 2, error: 1 });
    expect(every.summary).toEqual(one.summary);
    expect(every.sha).toBe(one.sha);
    expect(every.code).toBe(2);
  }, 240_000);
});

describe("a CSV cell's line:column is where it starts in the file, the line and the character", () => {
  // a quoted story over three lines before the country: Narnia is on line 4, at character 13
  const text =
    'brand.name,brand.story,brand.country,brand.category\nA,"line one\nline two\nline three",Narnia,beauty\n';
  it.each(BOTH_PATHS)('%s: in the json errors, on stderr and in the github annotation', async (_, env) => {
    const path = file(text);
    const json = await run(['assess', path, '--format', 'json', '--quiet'], { env });
    const [error] = JSON.parse(json.stdout).results[0].errors;
    expect(error).toMatchObject({ line: 4, column: 13, row: 2, field: 'brand.country', cell: { column: 'C', row: 2 } });
    expect(json.stderr).toContain(`${path}:4:13: error: brand.country (row 2, column C): "Narnia"`);
    const github = await run(['assess', path, '--format', 'github'], { env });
    expect(github.stdout).toMatch(/^::error file=[^,]+,line=4,col=13[,:]/m);
  });

  it.each(BOTH_PATHS)('%s: a failed criterion of a valid row is annotated where its cell is too', async (_, env) => {
    // the knock-out on company.entityOutsideMainlandChina fails: its cell `false` is on line 4, at character 13
    const path = file(
      'brand.name,brand.story,company.entityOutsideMainlandChina,brand.country,brand.category\n' +
        'A,"line one\nline two\nline three",false,FR,beauty\n',
    );
    const github = await run(['assess', path, '--format', 'github'], { env });
    expect(github.stdout).toMatch(/^::error file=[^,]+,line=4,col=13,title=[^:]*\[company\/overseas-entity\]::/m);
    const sarif = JSON.parse((await run(['assess', path, '--format', 'sarif'], { env })).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'company/overseas-entity');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 13 });
  });
});
