// End to end (issue 12, second pass): a CSV row is named as Excel numbers it, with its file line beside where a
// quoted cell over lines makes them differ, and a number reads the same in every output format, on the main
// thread (a small file, or --format csv) as on the worker threads (a large file in ndjson or json).
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { run, isErrorLine } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-rows2-'));
let n = 0;
const file = (content: string): string => {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
};
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');
/** rows enough for the worker threads (src/pipeline/run.ts `route`: 1 MB of CSV), at some 330 bytes each */
const LARGE = 3_300;
/** rows with no number in them: their partner cell makes them long, so that fewer make a large file */
const filler = (count: number): string => {
  let text = '';
  for (let i = 0; i < count; i++) text += `Filler ${i},FR,beauty,,TP ${'x'.repeat(300)}\n`;
  return text;
};

interface Out {
  source: { row: number; line?: number };
  brand: string;
  verdict: string;
  passed?: string[];
  errors: { message: string; row?: number; line?: number }[];
}

async function results(path: string, format: 'ndjson' | 'json', args: string[] = []) {
  const r = await run(['assess', path, '--format', format, '--fail-on', 'none', ...args], { timeoutMs: 120_000 });
  const out =
    format === 'ndjson'
      ? lines(r.stdout).map((l) => JSON.parse(l) as Out)
      : (JSON.parse(r.stdout) as { results: Out[] }).results;
  return { out, stderr: r.stderr };
}

/** what a result says of a row: its row, line, verdict and error messages */
const verdicts = (out: Out[]): unknown[] =>
  out.map((r) => [r.source.row, r.source.line, r.verdict, r.errors.map((e) => e.message)]);

async function csvVerdicts(path: string, args: string[] = []): Promise<unknown[]> {
  const r = await run(['assess', path, '--format', 'csv', '--fail-on', 'none', ...args], { timeoutMs: 120_000 });
  const rows = parse(r.stdout, { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((row) => [row['source'], row['verdict']]);
}

const HEAD = 'brand.name,brand.country,brand.category,pricing.year1BudgetEur,partners.tmallPartner';

describe('rows as Excel numbers them, lines beside (main thread and workers, en/fr/zh)', () => {
  // header row 1; A row 2 over lines 2-3 (CRLF inside); B row 3 on line 4 (CR end); C row 4 over lines 5-7 (LF
  // and CR inside), its category wrong; D row 5 on line 8, its budget no number
  const rows =
    'A,FR,beauty,100000,"Agence\r\nParis"\r\n' +
    'B,FR,beauty,100000,TP\r' +
    'C,FR,beuty,100000,"un\ndeux\rtrois"\n' +
    'D,FR,beauty,lots,TP\n';
  const small = file(`${HEAD}\n${rows}`);
  const large = file(`${HEAD}\n${rows}${filler(LARGE)}`);
  const expected = {
    en: [`row 4 (line 5), column C brand.category:`, `row 5 (line 8), column D pricing.year1BudgetEur:`],
    fr: [
      `ligne 4 (ligne 5 du fichier), colonne C brand.category:`,
      `ligne 5 (ligne 8 du fichier), colonne D pricing.year1BudgetEur:`,
    ],
    zh: [`第 4 行（文件第 5 行），第 C 列 brand.category`, `第 5 行（文件第 8 行），第 D 列 pricing.year1BudgetEur`],
  };
  // stderr's lines in the GCC form: the line:column first, where problem matchers read it, the row beside the field
  const onStderr = {
    en: [`:5:6: error: brand.category (row 4, column C):`, `:8:13: error: pricing.year1BudgetEur (row 5, column D):`],
    fr: [
      `:5:6: error: brand.category (ligne 4, colonne C):`,
      `:8:13: error: pricing.year1BudgetEur (ligne 5, colonne D):`,
    ],
    zh: [`:5:6: error: brand.category (第 4 行，第 C 列):`, `:8:13: error: pricing.year1BudgetEur (第 5 行，第 D 列):`],
  };

  it.each(['en', 'fr', 'zh'] as const)('%s: the same rows, lines and messages on both paths', async (lang) => {
    const a = await results(small, 'ndjson', ['--lang', lang]);
    const b = await results(large, 'ndjson', ['--lang', lang]);
    expect(b.out).toHaveLength(4 + LARGE);
    expect(verdicts(b.out.slice(0, 4))).toEqual(verdicts(a.out));
    expect(a.out.map((r) => [r.source.row, r.source.line])).toEqual([
      [2, undefined],
      [3, 4],
      [4, 5],
      [5, 8],
    ]);
    // the filler rows after them: one line each, so still one behind their row
    expect(b.out.at(-1)!.source).toEqual({ file: large, row: 5 + LARGE, line: 8 + LARGE, document: null });
    const errors = lines(a.stderr).filter((l) => isErrorLine(l));
    expect(errors).toHaveLength(2);
    expect(lines(b.stderr).filter((l) => isErrorLine(l))).toEqual(errors.map((l) => l.split(small).join(large)));
    errors.forEach((line, i) => expect(line).toContain(`${small}${onStderr[lang][i]}`));
    // the text report names them the same way
    const text = await run(['assess', small, '--lang', lang, '--fail-on', 'none']);
    expect(text.stdout).toContain(`${small} ${expected[lang][0]}`);
  });

  it('validate names them the same way, in the run language', async () => {
    for (const lang of ['en', 'fr', 'zh'] as const) {
      const r = await run(['validate', small, '--lang', lang]);
      const errors = lines(r.stderr).filter((l) => isErrorLine(l));
      expect(errors.map((l) => l.includes(`${small}${onStderr[lang][0]}`))).toEqual([true, false]);
      expect(errors[1]).toContain(`${small}${onStderr[lang][1]}`);
    }
  });

  it('the csv report gives the row and the line in its source column', async () => {
    const got = await csvVerdicts(small);
    expect(got.map((r) => (r as string[])[0])).toEqual([
      `${small}:2`,
      `${small} row 3 (line 4)`,
      `${small} row 4 (line 5)`,
      `${small} row 5 (line 8)`,
    ]);
  });

  it('a header with words: the column named by its letter and its header', async () => {
    const path = file('Marque;Pays;Catégorie;Notes\r\n"Maison\r\nClaire";France;Vins;ok\r\nB;France;Vinz;x\r\n');
    const r = await run(['assess', path, '--format', 'ndjson', '--lang', 'fr', '--fail-on', 'none']);
    expect(lines(r.stderr).find((l) => isErrorLine(l))).toContain(
      `${path}:4:10: error: brand.category (ligne 3, colonne C "Catégorie"):`,
    );
  });
});

describe('numbers read the same in every output format and on every path', () => {
  it('a later 1,250,000 settles an earlier 450,000, across slices, in csv, ndjson and json alike', async () => {
    // the evidence comes 800 rows below, past the first slices (64 KB, some 200 of these rows)
    const body =
      'A,FR,beauty,"450,000",\n' +
      filler(800) +
      'B,FR,beauty,"1,250,000",\n' +
      filler(LARGE) +
      'C,FR,beauty,"2,500",\n';
    const large = file(`${HEAD}\n${body}`);
    const nd = await results(large, 'ndjson');
    const js = await results(large, 'json');
    expect(verdicts(js.out)).toEqual(verdicts(nd.out));
    const a = nd.out[0]!;
    expect(a.brand).toBe('A');
    // read as 450000: the first-year budget's minimum (EUR 60,000) is met
    expect(a.errors).toEqual([]);
    expect(a.passed).toContain('pricing/year1-budget-minimum');
    const c = nd.out.at(-1)!;
    expect([c.brand, c.errors, c.passed?.includes('pricing/year1-budget-minimum')]).toEqual(['C', [], false]);
    // the csv report (one thread) says the same of every row
    const csv = await csvVerdicts(large);
    expect(csv.map((r) => (r as string[])[1])).toEqual(nd.out.map((r) => r.verdict));
  }, 180_000);

  it('nothing settles it within the look-ahead: the row is an error on every path; later evidence reads later rows', async () => {
    const body =
      'A,FR,beauty,"450,000",\n' +
      filler(1_500) +
      // a decimal point in a number column: the file's numbers use points from here on
      'B,FR,beauty,"62.50",\n' +
      filler(LARGE) +
      'C,FR,beauty,"450,000",\n';
    const large = file(`${HEAD}\n${body}`);
    const small = file(`${HEAD}\n${body.split('\n').slice(0, 3).join('\n')}\n`);
    const nd = await results(large, 'ndjson');
    const js = await results(large, 'json');
    expect(verdicts(js.out)).toEqual(verdicts(nd.out));
    expect(nd.out[0]!.errors.map((e) => e.message)).toEqual([
      '450,000 reads two ways, 450000 or 450: write 450000 or 450,0',
    ]);
    const c = nd.out.at(-1)!;
    expect([c.brand, c.errors, c.passed?.includes('pricing/year1-budget-minimum')]).toEqual(['C', [], true]);
    const csv = await csvVerdicts(large);
    expect(csv.map((r) => (r as string[])[1])).toEqual(nd.out.map((r) => r.verdict));
    // a small file (main thread) reads its first row the same way
    expect((await results(small, 'ndjson')).out[0]!.errors.map((e) => e.message)).toEqual(
      nd.out[0]!.errors.map((e) => e.message),
    );
  }, 180_000);
});

describe('an .xlsx workbook large enough for the workers', () => {
  it('its rows go to the workers in batches: the same verdicts as the one-thread path, the look-ahead across batches', async () => {
    const path = join(dir, 'large.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const sheet = writer.addWorksheet('Feuil1');
    sheet.addRow(['Marque', 'Pays', 'Catégorie', 'Budget 1re année (€)', 'Notes']).commit();
    const rows = 3_000;
    // notes that do not compress, so that the workbook passes 1 MB (the workers' route) with few rows
    let seed = 12345;
    const noise = (n: number): string => {
      let text = '';
      for (let k = 0; k < n; k++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        text += ((seed >>> 16) % 36).toString(36);
      }
      return text;
    };
    for (let i = 0; i < rows; i++) {
      // text cells, as a CSV pasted into a sheet leaves them: "450,000" first, settled 700 rows below
      const budget = i === 0 ? '450,000' : i === 700 ? '1,250,000' : i % 3 === 0 ? 90_000 : null;
      sheet.addRow([`Brand ${i}`, i % 7 === 3 ? 'Frence' : 'France', 'Beauté', budget, noise(700)]).commit();
    }
    sheet.commit();
    await writer.commit();
    const nd = await results(path, 'ndjson');
    expect(nd.out).toHaveLength(rows);
    expect(nd.out.map((r) => r.source.row)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
    expect(nd.out[0]!.errors).toEqual([]);
    expect(nd.out[0]!.passed).toContain('pricing/year1-budget-minimum');
    // --format csv takes the one-thread path (each row through the usual loop): the same verdict for every row
    const csv = await csvVerdicts(path);
    expect(csv.map((r) => (r as string[])[1])).toEqual(nd.out.map((r) => r.verdict));
    expect(nd.out.filter((r) => r.verdict === 'error')).toHaveLength(Math.floor((rows - 4) / 7) + 1);
    expect(statSync(path).size).toBeGreaterThan(1 << 20);
  }, 180_000);
});

describe('a unit in a header says how its numbers read (never a thousand euros taken for one)', () => {
  const read = async (path: string, args: string[] = []) => {
    const r = await run(['assess', path, '--format', 'ndjson', '--findings', 'all', '--fail-on', 'none', ...args]);
    const out = lines(r.stdout).map((l) => JSON.parse(l) as Out & { findings: { field?: string; actual?: unknown }[] });
    const actual = (o: (typeof out)[number], field: string) => o.findings.find((f) => f.field === field)?.actual;
    return { out, actual, stderr: r.stderr };
  };

  it('k€ and M€ columns are read in thousands and millions of euros, in every reader', async () => {
    const text =
      'Marque;Pays;Catégorie;CA annuel (k€);Budget 1re année (M€);Prix moyen (€)\r\n' +
      'Maison A;France;Beauté;1 250;1,1;45,5\r\nMaison B;France;Beauté;12 500,5;0,06;\r\n';
    const csv = file(text);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Feuil1');
    sheet.addRow(['Marque', 'Pays', 'Catégorie', 'CA annuel (k€)', 'Budget 1re année (M€)', 'Prix moyen (€)']);
    sheet.addRow(['Maison A', 'France', 'Beauté', 1250, 1.1, 45.5]);
    sheet.addRow(['Maison B', 'France', 'Beauté', '12 500,5', 0.06, null]);
    const xlsx = join(dir, 'units.xlsx');
    await book.xlsx.writeFile(xlsx);
    for (const path of [csv, xlsx]) {
      const { out, actual, stderr } = await read(path, ['--verbose']);
      expect(out.map((o) => o.verdict === 'error')).toEqual([false, false]);
      expect(out.map((o) => actual(o, 'brand.annualRevenueEur'))).toEqual([1_250_000, 12_500_500]);
      expect(out.map((o) => actual(o, 'pricing.year1BudgetEur'))).toEqual([1_100_000, 60_000]);
      expect(out.map((o) => actual(o, 'productRange.averageUnitPriceEur'))).toEqual([45.5, null]);
      expect(stderr).toContain('D "CA annuel (k€)" → brand.annualRevenueEur (× 1000)');
      expect(stderr).toContain('E "Budget 1re année (M€)" → pricing.year1BudgetEur (× 1000000)');
    }
  });

  it('a CRM’s points of sale and units in stock are kept as its own columns, never read as own stores or months', async () => {
    const path = file('Marque;Pays;Catégorie;Points de vente;Stock\r\nMaison A;France;Beauté;2 500;12 000\r\n');
    const { out, actual } = await read(path);
    expect(actual(out[0]!, 'brand.retailStores')).toBeNull();
    expect(actual(out[0]!, 'partners.stockCoverMonths')).toBeNull();
    expect(out[0]!.source).toMatchObject({ columns: { 'Points de vente': '2 500', Stock: '12 000' } });
  });

  it('a header mapped with --columns is read in the unit it names, wherever it names it', async () => {
    const path = file('Marque;Pays;Catégorie;CA 2025 k€;Budget Chine RMB\r\nMaison A;France;Beauté;1 250;500 000\r\n');
    const columns = join(dir, 'units-columns.yaml');
    writeFileSync(columns, 'CA 2025 k€: brand.annualRevenueEur\nBudget Chine RMB: pricing.year1BudgetEur\n');
    const { out, actual, stderr } = await read(path, ['--columns', columns, '--verbose']);
    expect(actual(out[0]!, 'brand.annualRevenueEur')).toBe(1_250_000);
    expect(actual(out[0]!, 'pricing.year1BudgetEur')).toBeNull();
    expect(stderr).toContain('D "CA 2025 k€" → brand.annualRevenueEur (× 1000)');
    expect(stderr).toContain('E "Budget Chine RMB" (in RMB, where pricing.year1BudgetEur is in euros)');
  });

  it('a column in another currency or another time unit is kept as the user’s own, the warning saying why', async () => {
    const path = file(
      'Marque;Pays;Catégorie;Revenue (USD);Couverture de stock (jours)\r\nMaison A;France;Beauté;1 250 000;90\r\n',
    );
    for (const [lang, words] of [
      ['en', 'D "Revenue (USD)" (in USD, where brand.annualRevenueEur is in euros)'],
      ['fr', 'D "Revenue (USD)" (en USD, alors que brand.annualRevenueEur est en euros)'],
    ] as const) {
      const { out, actual, stderr } = await read(path, ['--lang', lang]);
      expect(out).toHaveLength(1);
      expect(actual(out[0]!, 'brand.annualRevenueEur')).toBeNull();
      expect(actual(out[0]!, 'partners.stockCoverMonths')).toBeNull();
      expect(out[0]!.source).toMatchObject({
        columns: { 'Revenue (USD)': '1 250 000', 'Couverture de stock (jours)': '90' },
      });
      expect(stderr).toContain(words);
    }
    const strict = await run(['assess', path, '--strict', '--format', 'ndjson']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('D "Revenue (USD)" (in USD, where brand.annualRevenueEur is in euros)');
  });
});
