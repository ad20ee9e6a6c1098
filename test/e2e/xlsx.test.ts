// --format xlsx and init --xlsx, end to end: read back with exceljs and converted by LibreOffice headless (the
// other real program), the same bytes for the same inputs, and the template filled in by a script then assessed.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { BIN, ROOT, isWarningLine, run } from '../helpers/cli.js';
import { CSV_ALL_SHEETS, convert } from '../helpers/soffice.js';
import { FIELDS, fieldLabel } from '../../src/profile/fields.js';
import { toolHeader } from '../../src/report/sheet.js';
import { TEMPLATE_FIELDS, TEMPLATE_ROWS } from '../../src/report/xlsx-template.js';
import { t } from '../../src/i18n/index.js';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
const temp = (): string => mkdtempSync(join(tmpdir(), 'market-ready-xlsx-'));
const PROSPECTS = 'fixtures/csv/prospects.csv';

async function workbook(file: string): Promise<import('exceljs').Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

async function ndjson(args: string[]): Promise<
  {
    brand: string;
    verdict: string;
    decidedBy: string | null;
    score: number | null;
    findings: { status: string; points: number; maxPoints: number }[];
  }[]
> {
  const r = await run(['assess', ...args, '--format', 'ndjson', '--fail-on', 'none']);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('--format xlsx', () => {
  it("a Verdicts sheet assessed again: the same verdicts, the tool's own columns set aside with one warning", async () => {
    const out = join(temp(), 'verdicts.xlsx');
    const written = await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', out, '--fail-on', 'none']);
    expect(written.code).toBe(0);
    const before = await ndjson([PROSPECTS]);
    const again = await run(['assess', out, '--format', 'ndjson', '--fail-on', 'none']);
    const after = again.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            brand: string;
            verdict: string;
            score: number | null;
            source: { columns?: Record<string, unknown> };
          },
      );
    expect(after.map((r) => [r.brand, r.verdict, r.score])).toEqual(before.map((r) => [r.brand, r.verdict, r.score]));
    const warnings = again.stderr.split('\n').filter((l) => isWarningLine(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /\[Verdicts\] row 1: \d+ columns are market-ready's own, from an earlier report, and are set aside: .*"verdict"/,
    );
    // last run's verdict is not carried with the row as a column of the brand's own
    for (const r of after) expect(Object.keys(r.source.columns ?? {})).not.toContain(toolHeader('verdict', 'en'));
  });

  // exceljs' reader stopped at unzipper's early "end" and lost the parts after the sheets (workbook.xml last, as
  // exceljs writes it): the names came back as Sheet1..Sheet4 in about one run of three, at random
  it(
    'a report read back with --sheet Verdicts finds its sheet every time (the names are never lost)',
    { timeout: 60_000 },
    async () => {
      const out = join(temp(), 'verdicts.xlsx');
      expect((await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', out, '--fail-on', 'none'])).code).toBe(0);
      const reads = [];
      // one after the other: the loss came from a reader slowed by its own temporary files, not from a busy machine
      for (let i = 0; i < 10; i++)
        reads.push(await run(['assess', out, '--sheet', 'Verdicts', '--format', 'ndjson', '--fail-on', 'none']));
      for (const r of reads) {
        expect(r.stderr).not.toContain('no sheet named');
        expect(r.stderr).toContain(`${out}: warning: [Verdicts] row 1:`);
        expect(r.code).toBe(0);
      }
    },
  );

  it('Verdicts: the input columns then the typed tool columns, coloured verdicts, frozen header, autofilter, links', async () => {
    const dir = temp();
    const out = join(dir, 'verdicts.xlsx');
    const r = await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', out, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const wb = await workbook(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Verdicts', 'Findings', 'Summary', 'About']);
    const sheet = wb.getWorksheet('Verdicts')!;
    const inputHeader = (parse(readFileSync(PROSPECTS), { to: 1 }) as string[][])[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header.slice(0, inputHeader.length)).toEqual(inputHeader);
    expect(header.slice(inputHeader.length, inputHeader.length + 2)).toEqual([
      toolHeader('verdict', 'en'),
      toolHeader('decision', 'en'),
    ]);
    const expected = await ndjson([PROSPECTS]);
    expect(sheet.rowCount).toBe(expected.length + 1);
    const col = (name: string): number => header.indexOf(name) + 1;
    expected.forEach((result, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('brand.name')).value).toBe(result.brand);
      expect(row.getCell(col(toolHeader('verdict', 'en'))).value).toBe(result.verdict);
      // a number cell with a number format, not text
      expect(row.getCell(col(toolHeader('score', 'en'))).value).toBe(result.score);
      expect(row.getCell(col(toolHeader('score', 'en'))).numFmt).toBe('0.0');
      const fill = row.getCell(col(toolHeader('verdict', 'en'))).fill as { fgColor?: { argb?: string } };
      // green for an approve, red for a turn-down, amber for one that rests on missing data
      const colour =
        result.verdict === 'approve' ? 'FFC6EFCE' : result.decidedBy === 'missing-data' ? 'FFFFEB9C' : 'FFFFC7CE';
      expect(fill.fgColor?.argb).toBe(colour);
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const xml = execFileSync('unzip', ['-p', out, 'xl/worksheets/sheet1.xml']).toString('utf8');
    expect(xml).toContain(`<autoFilter ref="A1:${sheet.getColumn(header.length).letter}1"/>`);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(10);
    // each brand with findings links to its first row in Findings, and that row is that brand's
    const findings = wb.getWorksheet('Findings')!;
    const costly = expected.map(
      (x) => x.findings.filter((f) => f.status !== 'not-applicable' && f.points < f.maxPoints).length,
    );
    expect(findings.rowCount).toBe(1 + costly.reduce((a, b) => a + b, 0));
    let next = 2;
    expected.forEach((result, i) => {
      const link = sheet.getRow(i + 2).getCell(header.length).value as { formula?: string } | null;
      if (costly[i] === 0) expect(link).toBeNull();
      else {
        expect(link?.formula).toBe(
          `HYPERLINK("#'Findings'!A${next}","${costly[i] === 1 ? '1 finding' : `${costly[i]} findings`}")`,
        );
        expect(findings.getRow(next).getCell(1).value).toBe(result.brand);
      }
      next += costly[i]!;
    });
    // Summary counts every brand; About has no date without --timestamp
    const summary = wb.getWorksheet('Summary')!;
    const counts = new Map<string, number>();
    summary.eachRow((row) => {
      if (typeof row.getCell(2).value === 'number')
        counts.set(String(row.getCell(1).value), row.getCell(2).value as number);
    });
    expect(counts.get(t('en', 'verdict.approve'))).toBe(expected.filter((x) => x.verdict === 'approve').length);
    expect(counts.get(t('en', 'sheet.summary.total'))).toBe(expected.length);
    const about = wb.getWorksheet('About')!;
    expect(about.getRow(6).getCell(2).value).toBe(t('en', 'sheet.about.noDate'));
  });

  it('the same inputs give the same bytes; --timestamp writes the date', async () => {
    const dir = temp();
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', a, '--fail-on', 'none']);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    // in another time zone too (a zip entry's date is local time)
    await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', b, '--fail-on', 'none'], {
      env: { TZ: 'Asia/Shanghai' },
    });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const c = join(dir, 'c.xlsx');
    await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', c, '--fail-on', 'none', '--timestamp']);
    const about = (await workbook(c)).getWorksheet('About')!;
    expect(String(about.getRow(6).getCell(2).value)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it.each([
    [
      ['assess', PROSPECTS, '--format', 'xlsx'],
      'error: --format xlsx writes a binary file: add -o <file>.xlsx (or redirect stdout to a file)',
    ],
    [['init', '--xlsx'], 'error: init --xlsx writes a binary file: name it (market-ready init --xlsx prospects.xlsx)'],
    // in the run's language, as every other message
    [
      ['assess', PROSPECTS, '--format', 'xlsx', '--lang', 'fr'],
      'error: --format xlsx écrit un fichier binaire : ajoutez -o <fichier>.xlsx (ou redirigez la sortie vers un fichier)',
    ],
    [
      ['init', '--xlsx', '--lang', 'zh'],
      'error: init --xlsx 输出的是二进制文件：请给出文件名（market-ready init --xlsx prospects.xlsx）',
    ],
  ])('a workbook is refused on a terminal with one line, exit 2: %j', (args, line) => {
    // util-linux script gives the command a pseudo-terminal; its own transcript goes to a temporary file
    const dir = temp();
    const command = ['node', BIN, ...args].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, join(dir, 'transcript')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout.replace(/\r/g, '').trim()).toBe(line);
  });

  it('piped stdout gets the workbook (a zip)', async () => {
    const r = await run(['assess', PROSPECTS, '--format', 'xlsx', '--lang', 'fr', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('PK')).toBe(true);
  });

  it('LibreOffice converts it to csv without complaint, and its cells match; its input columns assess the same', async () => {
    const dir = temp();
    const out = join(dir, 'verdicts.xlsx');
    await run(['assess', PROSPECTS, '--format', 'xlsx', '-o', out, '--fail-on', 'none', '--lang', 'fr']);
    const converted = await convert(out, CSV_ALL_SHEETS);
    expect(converted.stderr).not.toMatch(/error/i);
    const verdictsCsv = converted.files.find((f) => basename(f).endsWith('-Verdicts.csv'))!;
    expect(converted.files.map((f) => basename(f)).sort()).toEqual(
      ['verdicts-Constats.csv', 'verdicts-Synthèse.csv', 'verdicts-Verdicts.csv', 'verdicts-À propos.csv'].sort(),
    );
    const rows = parse(readFileSync(verdictsCsv)) as string[][];
    const sheet = (await workbook(out)).getWorksheet('Verdicts')!;
    expect(rows).toHaveLength(sheet.rowCount);
    rows.forEach((row, r) => {
      const values = sheet.getRow(r + 1);
      row.forEach((cell, c) => {
        const v = values.getCell(c + 1).value;
        const expected =
          v === null || v === undefined ? '' : typeof v === 'object' && 'result' in v ? String(v.result) : String(v);
        if (typeof v === 'number') expect(Number(cell)).toBeCloseTo(v, 6);
        else expect(cell).toBe(expected);
      });
    });
    // read back: the input's columns of the converted sheet, as a CSV, give the verdicts the sheet shows
    const width = (parse(readFileSync(PROSPECTS), { to: 1 }) as string[][])[0]!.length;
    const back = join(dir, 'back.csv');
    writeFileSync(back, stringify(rows.map((row) => row.slice(0, width))));
    const again = await ndjson([back]);
    expect(again.map((x) => x.verdict)).toEqual(rows.slice(1).map((row) => row[width]));
  });

  it('a CRM note longer than an Excel cell holds is cut to 32,767 characters with an ellipsis; csv keeps it whole', async () => {
    const dir = temp();
    const note = 'Call log. '.repeat(4_000);
    const input = join(dir, 'crm.csv');
    writeFileSync(
      input,
      stringify([
        ['Marque', 'Pays', 'Catégorie', 'Notes'],
        ['Maison A', 'FR', 'Mode', note],
      ]),
    );
    const out = join(dir, 'v.xlsx');
    const r = await run(['assess', input, '--format', 'xlsx', '-o', out, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const sheet = (await workbook(out)).getWorksheet('Verdicts')!;
    const cell = String(sheet.getRow(2).getCell(4).value);
    expect(cell).toHaveLength(32_767);
    expect(cell).toBe(`${note.slice(0, 32_766)}…`);
    const csv = await run(['assess', input, '--format', 'csv', '--fail-on', 'none']);
    expect((parse(csv.stdout, { bom: true }) as string[][])[1]![3]).toBe(note);
  });

  it('a table of results still writes every sheet when nothing could be read', async () => {
    const dir = temp();
    const out = join(dir, 'v.xlsx');
    const r = await run(['assess', 'fixtures/csv/bad-rows.csv', '--format', 'xlsx', '-o', out]);
    expect(r.code).toBe(2);
    const sheet = (await workbook(out)).getWorksheet('Verdicts')!;
    const input = parse(readFileSync('fixtures/csv/bad-rows.csv'), { relax_column_count: true }) as string[][];
    expect(sheet.rowCount).toBe(input.length);
  });
});

describe('init --xlsx', () => {
  it('labels with notes, validation on every column, frozen header, a sheet of fields; filled by a script, it assesses with no error', async () => {
    const dir = temp();
    const file = join(dir, 'prospects.xlsx');
    const r = await run(['init', '--xlsx', file, '--lang', 'fr']);
    expect(r.code).toBe(0);
    const wb = await workbook(file);
    const [brands, fields, lists] = wb.worksheets;
    expect([brands!.name, fields!.name, lists!.name]).toEqual([
      t('fr', 'template.sheet.profiles'),
      t('fr', 'template.sheet.fields'),
      t('fr', 'template.sheet.lists'),
    ]);
    expect((brands!.getRow(1).values as unknown[]).slice(1)).toEqual(TEMPLATE_FIELDS.map((f) => fieldLabel(f, 'fr')));
    expect(brands!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const validations = (
      brands as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }
    ).dataValidations.model;
    TEMPLATE_FIELDS.forEach((field, i) => {
      const header = brands!.getRow(1).getCell(i + 1);
      expect(
        String((header.note as { texts?: { text: string }[] } | string | undefined) && JSON.stringify(header.note)),
      ).toContain(field.help.fr!.slice(0, 10));
      const v =
        validations[`${brands!.getColumn(i + 1).letter}2`] ??
        Object.entries(validations).find(([k]) => k.startsWith(`${brands!.getColumn(i + 1).letter}2:`))?.[1];
      expect(v, field.path).toBeDefined();
      const kind =
        field.type === 'enum' || field.type === 'boolean'
          ? 'list'
          : field.type === 'integer'
            ? 'whole'
            : field.type === 'number'
              ? 'decimal'
              : 'textLength';
      expect(v!.type, field.path).toBe(kind);
    });
    expect(Object.keys(validations).some((k) => k.endsWith(String(TEMPLATE_ROWS + 1)))).toBe(true);
    expect(fields!.rowCount).toBe(TEMPLATE_FIELDS.length + 1);

    // filled in by a script, with the drop-downs' own items
    const listItems = (path: string): string[] => {
      const column = (lists!.getRow(1).values as unknown[]).indexOf(path);
      const items: string[] = [];
      for (let r = 2; lists!.getRow(r).getCell(column).value; r++)
        items.push(String(lists!.getRow(r).getCell(column).value));
      return items;
    };
    const byPath = new Map(TEMPLATE_FIELDS.map((f, i) => [f.path, i + 1]));
    const set = (row: number, path: string, value: string | number): void => {
      brands!.getRow(row).getCell(byPath.get(path)!).value = value;
    };
    set(2, 'brand.name', 'Maison Remplie');
    set(2, 'brand.country', 'FR');
    set(2, 'brand.category', listItems('brand.category')[0]!);
    set(2, 'brand.foundedYear', 1990);
    set(2, 'company.overseasBankAccount', listItems('company.overseasBankAccount')[0]!);
    set(2, 'company.role', listItems('company.role')[0]!);
    set(2, 'pricing.year1BudgetEur', 450000);
    set(3, 'brand.name', 'Deuxième');
    set(3, 'brand.country', 'IT');
    set(3, 'brand.category', listItems('brand.category')[2]!);
    set(3, 'company.chinaTeamFte', 2.5);
    await wb.xlsx.writeFile(file);
    // LibreOffice turns the first sheet into a CSV, which the tool assesses with no error
    const converted = await convert(
      file,
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1',
    );
    const csvFile = converted.files[0]!;
    const results = await ndjson([csvFile]);
    expect(results.map((x) => x.brand)).toEqual(['Maison Remplie', 'Deuxième']);
    expect(results.every((x) => x.verdict !== 'error')).toBe(true);
    void FIELDS;
  });

  it('init --csv --lang fr: the labels in the excel-fr dialect, which reads back', async () => {
    const r = await run(['init', '--csv', '--lang', 'fr']);
    expect(r.stdout).toBe('\ufeff' + FIELDS.map((f) => fieldLabel(f, 'fr')).join(';') + '\r\n');
    const dir = temp();
    const file = join(dir, 'p.csv');
    const header = FIELDS.map((f) => fieldLabel(f, 'fr'));
    const row = FIELDS.map((f) =>
      f.path === 'schemaVersion'
        ? '1'
        : f.path === 'brand.name'
          ? 'Maison'
          : f.path === 'brand.country'
            ? 'FR'
            : f.path === 'brand.category'
              ? 'beauty'
              : '',
    );
    writeFileSync(file, r.stdout + row.join(';') + '\r\n');
    expect(header.length).toBe(row.length);
    const results = await ndjson([file]);
    expect(results).toHaveLength(1);
    expect(results[0]!.verdict).not.toBe('error');
  });
});
