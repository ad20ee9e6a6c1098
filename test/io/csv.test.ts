// The CSV reader on the files office staff really send: French Excel exports, UTF-16 "Unicode text", BOMs,
// TSV, and broken files. Whatever the file, every data row comes out exactly once.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { detectDelimiter, readCsvInput } from '../../src/io/csv.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import { formatDiagnostic } from '../../src/errors.js';
import type { ReadItem } from '../../src/types.js';
// @ts-expect-error the fixture script is plain JavaScript
import { FRENCH_EXCEL, UNICODE_TEXT } from '../../fixtures/csv/make-encoded.mjs';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-csv-'));
let fileNo = 0;

function write(content: string | Buffer, ext = 'csv'): string {
  const path = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(path, content);
  return path;
}

async function read(
  path: string,
  format: 'csv' | 'tsv' = 'csv',
  options: Parameters<typeof readCsvInput>[2] = {},
): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readCsvInput(path, format, options)) items.push(item);
  return items;
}

const value = (item: ReadItem | undefined, field: string): unknown => {
  if (item?.kind !== 'profile') throw new Error(`expected a profile, got ${JSON.stringify(item)}`);
  return item.profile.values[FIELD_INDEX.get(field)!];
};
const errorText = (item: ReadItem | undefined): string =>
  item?.kind === 'error'
    ? item.errors.map((e) => `${e.line ?? ''}:${e.column ?? ''} ${e.field ?? ''} ${e.message}`).join(' / ')
    : '';

const HEAD = 'brand.name,brand.country,brand.category';

describe('encodings and delimiters', () => {
  it('reads a French Excel export: Windows-1252, semicolons, CRLF, decimal commas, oui/non, accents', async () => {
    const items = await read(write(iconv.encode(FRENCH_EXCEL, 'win1252')));
    expect(items.map((i) => i.kind)).toEqual(['profile', 'profile', 'profile']);
    const [first, second, third] = items;
    expect(value(first, 'brand.name')).toBe('Maison Élodie');
    expect(value(first, 'brand.country')).toBe('FR');
    expect(value(first, 'brand.annualRevenueEur')).toBe(12_500_000.5);
    expect(value(first, 'company.entityOutsideMainlandChina')).toBe(true);
    expect(value(first, 'company.overseasBankAccount')).toBe(true);
    expect(value(first, 'company.chinaTeamFte')).toBe(2.5);
    expect(value(first, 'pricing.year1BudgetEur')).toBe(1_250_000);
    expect(value(first, 'pricing.marginAfterFeesPct')).toBe(45.5);
    expect(value(first, 'localization.socialChannels')).toEqual(['wechat', 'xiaohongshu']);
    expect(value(first, 'partners.tmallPartner')).toBe('Agence Lumière');
    expect(value(second, 'brand.name')).toBe('Pâtisserie Gâteaux & Cie');
    expect(value(second, 'company.overseasBankAccount')).toBe(false);
    expect(value(second, 'localization.socialChannels')).toBeUndefined();
    expect(value(third, 'brand.name')).toBe('Crème du Léman');
    expect(items.map((i) => (i.kind === 'profile' ? i.profile.source.row : null))).toEqual([2, 3, 4]);
  });

  it.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(UNICODE_TEXT, 'utf16le')])],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(UNICODE_TEXT, 'utf16be')])],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(UNICODE_TEXT)])],
    ['UTF-8 without BOM', Buffer.from(UNICODE_TEXT)],
  ])('reads %s (tab-separated, detected from the header)', async (_name, bytes) => {
    const items = await read(write(bytes));
    expect(items.map((i) => i.kind)).toEqual(['profile', 'profile']);
    expect(value(items[0], 'brand.name')).toBe('Maison Élodie');
    expect(value(items[0], 'ip.chineseBrandName')).toBe('艾洛迪之家');
    expect(value(items[1], 'brand.name')).toBe('Søstrene Nord');
    expect(value(items[1], 'ip.chineseBrandName')).toBeUndefined();
  });

  it('a .tsv file is tab-separated even when its cells hold commas', async () => {
    const items = await read(
      write('brand.name\tbrand.country\tbrand.category\nSmith, Jones & Co\tGB\thome\n', 'tsv'),
      'tsv',
    );
    expect(value(items[0], 'brand.name')).toBe('Smith, Jones & Co');
  });

  it('decides Windows-1252 on the first accented letter, even far into a stream', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `Brand ${i},FR,food`);
    const text = `${HEAD}\n${rows.join('\n')}\nCafé Crème,FR,food\n`;
    const bytes = iconv.encode(text, 'win1252');
    // delivered in small pieces, as a pipe does
    const pieces = [];
    for (let i = 0; i < bytes.length; i += 4096) pieces.push(bytes.subarray(i, i + 4096));
    const items = await read('-', 'csv', { stdin: Readable.from(pieces) });
    expect(items).toHaveLength(3001);
    expect(value(items[3000], 'brand.name')).toBe('Café Crème');
    expect(items.every((i) => i.kind === 'profile')).toBe(true);
  });

  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['"x;y",b,c', ','],
    ['a', ','],
  ])('detectDelimiter(%j) is %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });
});

describe('values', () => {
  it('invisible format characters at the edges of a cell (pasting noise) are read without them', async () => {
    const head = 'Marque;Pays;Catégorie;Compte bancaire hors Chine;Budget 1re année (€)';
    const items = await read(
      write(
        `${head}\r\nMaison A\u200b;FR\u2060;beauty;Oui\u200b;1 250 000\u200b\r\n` +
          `\u200bB;\ufeffFR;\u2060beauty\u200b;\ufeffnon\u2060;\u200b\r\n`,
      ),
    );
    expect(items.map((i) => [value(i, 'brand.name'), value(i, 'brand.country'), value(i, 'brand.category')])).toEqual([
      ['Maison A', 'FR', 'beauty'],
      ['B', 'FR', 'beauty'],
    ]);
    expect(items.map((i) => value(i, 'company.overseasBankAccount'))).toEqual([true, false]);
    // a cell of nothing but them is empty: unknown
    expect(items.map((i) => value(i, 'pricing.year1BudgetEur'))).toEqual([1250000, undefined]);
    // a header cell too; and a refused row still names its brand without them
    const [row, refused] = await read(
      write('Marque\u200b;\u2060Pays;Catégorie\r\nA;FR;beauty\r\nMaison B\u200b;FR;nothing-known\r\n'),
    );
    expect(value(row, 'brand.country')).toBe('FR');
    expect(refused).toMatchObject({ kind: 'error', brand: 'Maison B' });
  });

  it('a Windows-1252 export that lost a narrow no-break space as "?": refused, saying a character was lost', async () => {
    const csv = 'Marque;Pays;Catégorie;Budget 1re année (€)\r\nMaison A;FR;beauty;1?250?000\r\nB;FR;beauty;90 000\r\n';
    const items = await read(write(iconv.encode(csv, 'win1252')));
    expect(errorText(items[0])).toContain(
      'got "1?250?000" (a character was lost in the file\'s conversion: write 1250000 or 1 250 000)',
    );
    expect(value(items[1], 'pricing.year1BudgetEur')).toBe(90000);
  });

  it('an invisible format character inside a value is shown in the message, where it looked like a plain word', async () => {
    const head = 'Marque;Pays;Catégorie;Compte bancaire hors Chine';
    const items = await read(write(`${head}\r\nA;FR;beauty;O\u200bui\r\nB;FR;beauty;oui\u2060non\r\n`));
    expect(errorText(items[0])).toContain('got "O\\u200Bui"');
    expect(errorText(items[1])).toContain('got "oui\\u2060non"');
    expect(errorText(items[0])).not.toMatch(/[\u200b\u2060\ufeff]/);
  });

  it('reads numbers as spreadsheets write them', async () => {
    const items = await read(
      write(
        `${HEAD},pricing.year1BudgetEur\nA,FR,food,1 250 000,50\nB,FR,food,"1\u202f250\u202f000,5"\nC,FR,food,1.250.000\nD,FR,food,"1,250,000.75"\nE,FR,food,1250000\n`,
      ),
    );
    // the first row has 5 cells: an unquoted decimal comma in a comma-separated file splits the cell
    expect(errorText(items[0])).toMatch(/5 cells where the header has 4/);
    expect(items.slice(1).map((i) => value(i, 'pricing.year1BudgetEur'))).toEqual([
      1_250_000.5, 1_250_000, 1_250_000.75, 1_250_000,
    ]);
  });

  it.each([
    [
      'company.overseasBankAccount',
      'maybe',
      /expected a boolean \(true\/false, yes\/no, oui\/non, 1\/0\), got "maybe"/,
    ],
    ['brand.retailStores', '2,5', /expected a whole number, got "2,5"/],
    ['brand.retailStores', '-1', /-1 is below the minimum 0/],
    ['brand.annualRevenueEur', 'lots', /expected a number, got "lots"/],
    ['productRange.positiveListSharePct', '120', /120 is above the maximum 100/],
    ['company.role', 'brand-ower', /"brand-ower" is not one of .* \(did you mean brand-owner\?\)/],
    ['localization.socialChannels', 'wechat|tiktok', /"tiktok" is not one of wechat, weibo/],
    ['localization.socialChannels', 'wechat, tiktok', /separate list items with \|/],
    ['localization.socialChannels', 'wechat|wechat', /lists "wechat" twice/],
    ['schemaVersion', '2', /must be 1/],
  ])('%s = %j is an error naming the row and column', async (field, cell, message) => {
    const items = await read(write(`${HEAD},${field}\nGood,FR,food,\nBad,FR,food,"${cell}"\n`));
    expect(items).toHaveLength(2);
    expect(items[0]!.kind).toBe('profile');
    const bad = items[1]!;
    expect(bad.kind).toBe('error');
    if (bad.kind !== 'error') return;
    expect(bad.source.row).toBe(3);
    expect(bad.brand).toBe('Bad');
    // the line and the character its cell starts on (its opening quote), the column's letter beside
    expect(bad.errors[0]).toMatchObject({ line: 3, column: 'Bad,FR,food,'.length + 1, field, cell: { column: 'D' } });
    expect(bad.errors[0]!.message).toMatch(message);
  });

  it('an unknown country code is an error; a lower-case one is upper-cased', async () => {
    const items = await read(write(`${HEAD}\nA,fr,food\nB,XX,food\n`));
    expect(value(items[0], 'brand.country')).toBe('FR');
    expect(errorText(items[1])).toMatch(/3:3 brand.country "XX" is not one of the ISO 3166-1/);
  });

  it("an empty required cell is that row's error; empty optional cells are unknown", async () => {
    const items = await read(write(`${HEAD},ip.chinaTrademark\n,FR,food,registered\nB,FR,food,  \n`));
    expect(errorText(items[0])).toMatch(/2:1 brand.name is required/);
    expect(value(items[1], 'ip.chinaTrademark')).toBeUndefined();
    expect(value(items[1], 'schemaVersion')).toBe(1);
  });
});

describe('broken files: every data row comes out exactly once', () => {
  it('ragged rows are errors; the rows around them are read', async () => {
    const items = await read(write(`${HEAD}\nA,FR,food\nB,FR\nC,FR,food,extra\nD,FR,food\n`));
    expect(items.map((i) => i.kind)).toEqual(['profile', 'error', 'error', 'profile']);
    expect(errorText(items[1])).toMatch(/2 cells where the header has 3/);
    expect(errorText(items[2])).toMatch(/4 cells where the header has 3/);
    expect(value(items[3], 'brand.name')).toBe('D');
  });

  it('an unterminated quote is an error for its row; the rows after it are still read, one per line', async () => {
    const items = await read(write(`${HEAD}\nA,FR,food\n"B,FR,food\nC,FR,food\n`));
    expect(items.map((i) => i.kind)).toEqual(['profile', 'error', 'profile']);
    expect(items.map((i) => (i.kind === 'profile' ? i.profile.source.row : i.source.row))).toEqual([2, 3, 4]);
    expect(errorText(items[1])).toMatch(/a quote opens cell 1 and is not closed on its line/);
  });

  it('a quoted cell spanning lines: rows as Excel numbers them, and the line beside where they differ', async () => {
    const items = await read(
      write(`${HEAD},partners.tmallPartner\r\nA,FR,food,"Line one\r\nline two"\r\n\r\nB,FR,food,x\r\n;;\r\n`),
    );
    expect(
      items
        .filter((i) => i.kind === 'profile')
        .map(
          (i) =>
            i.kind === 'profile' && [
              i.profile.source.row,
              i.profile.source.line,
              i.profile.values[FIELD_INDEX.get('partners.tmallPartner')!],
            ],
        ),
    ).toEqual([
      // header row 1, A row 2 (lines 2-3), the blank row 3 (line 4: Excel shows it), B row 4 on line 5
      [2, undefined, 'Line one\r\nline two'],
      [4, 5, 'x'],
    ]);
    // `;;` is one cell of text in a comma file: a ragged row, reported at row 5, line 6
    expect(items).toHaveLength(3);
    expect(items[2]).toMatchObject({ kind: 'error', source: { row: 5, line: 6 }, position: { line: 6 } });
    expect(items[2]!.kind === 'error' && formatDiagnostic(items[2]!.errors[0]!)).toMatch(
      /^\S+ row 5 \(line 6\): the row has 1 cell where/,
    );
  });

  it('blank lines and rows of empty cells (spreadsheet leftovers) are not rows', async () => {
    const items = await read(write(`${HEAD}\n\nA,FR,food\n,,\n  \nB,FR,food\n,,\n`));
    expect(items.map((i) => i.kind === 'profile' && i.profile.source.row)).toEqual([3, 6]);
  });

  it('a stray quote inside an unquoted cell is kept as text', async () => {
    const items = await read(write(`${HEAD},partners.tmallPartner\nA,FR,electronics,The 5" Agency\n`));
    expect(value(items[0], 'partners.tmallPartner')).toBe('The 5" Agency');
  });

  it('a sep=; line (Excel names the delimiter with it) is read; Excel does not show it, so the header is row 1', async () => {
    const items = await read(write('sep=;\r\nbrand.name;brand.country;brand.category\r\nA, B & C;FR;food\r\n'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'profile',
      profile: { source: { row: 2, line: 3 }, position: { line: 3 } },
    });
    expect(value(items[0], 'brand.name')).toBe('A, B & C');
  });

  it("a sep=; line is kept in the file's dialect, so that csv output writes it back; a file without has none", async () => {
    const dialectOf = (item: ReadItem | undefined) =>
      item?.kind === 'profile' ? item.profile.row?.dialect : undefined;
    const [hinted] = await read(write('sep=;\r\nbrand.name;brand.country;brand.category\r\nA;FR;food\r\n'));
    expect(dialectOf(hinted)).toMatchObject({ delimiter: ';', sepLine: true });
    const [tabs] = await read(write('sep=\t\nbrand.name\tbrand.country\tbrand.category\nA\tFR\tfood\n'));
    expect(dialectOf(tabs)).toMatchObject({ delimiter: '\t', sepLine: true });
    const [plain] = await read(write('brand.name;brand.country;brand.category\r\nA;FR;food\r\n'));
    expect(dialectOf(plain)?.delimiter).toBe(';');
    expect(dialectOf(plain)?.sepLine).toBeUndefined();
  });

  it('header names are matched whatever their case', async () => {
    const items = await read(write('Brand.Name,BRAND.COUNTRY,brand.category,ip.ChinaTrademark\nA,FR,food,none\n'));
    expect(value(items[0], 'ip.chinaTrademark')).toBe('none');
  });

  it('columns with no header name are kept under their letter where they hold something (v2)', async () => {
    const items = await read(write(`${HEAD},,\nA,FR,food,,\nB,FR,food,,oops\n`));
    expect(items.map((i) => i.kind)).toEqual(['profile', 'profile']);
    expect(items[0]!.kind === 'profile' && items[0]!.profile.source.columns).toBeUndefined();
    expect(items[1]!.kind === 'profile' && items[1]!.profile.source.columns).toEqual({ 'column E': 'oops' });
  });

  it('a column that is no field is kept: one warning for the file, its cells with each row (v2)', async () => {
    const items = await read(write(`${HEAD},ip.chinaTrademrk,Notes\nA,FR,food,none,call back\nB,FR,food,,\n`));
    expect(items.map((i) => i.kind)).toEqual(['profile', 'profile']);
    const [first, second] = items.map((i) => (i.kind === 'profile' ? i.profile : null));
    expect(first!.warnings.map((w) => w.message)).toEqual([
      '2 columns are no profile field and are kept beside the verdict: D "ip.chinaTrademrk" (did you mean ip.chinaTrademark?), E "Notes"',
    ]);
    expect(second!.warnings).toEqual([]);
    expect(first!.source.columns).toEqual({ 'ip.chinaTrademrk': 'none', Notes: 'call back' });
    expect(second!.source.columns).toEqual({ 'ip.chinaTrademrk': null, Notes: null });
    expect(first!.row).toMatchObject({
      header: [...HEAD.split(','), 'ip.chinaTrademrk', 'Notes'],
      cells: ['A', 'FR', 'food', 'none', 'call back'],
    });
  });

  it('--strict refuses a file with columns that are no field', async () => {
    const items = await read(write(`${HEAD},Notes\nA,FR,food,x\n`), 'csv', { strict: true });
    expect(items).toHaveLength(1);
    expect(errorText(items[0])).toMatch(/1 column\(s\) are no profile field \(--strict refuses them\): D "Notes"/);
  });

  it.each([
    [
      'duplicate headers',
      `${HEAD},brand.name\nA,FR,food,B\n`,
      /columns A "brand.name" and D "brand.name" both mean brand.name/,
    ],
    [
      'duplicate headers differing in case',
      `${HEAD},Brand.Name\nA,FR,food,B\n`,
      /columns A "brand.name" and D "Brand.Name" both mean brand.name/,
    ],
    [
      'a path and a label for one field',
      `${HEAD},Marque\nA,FR,food,B\n`,
      /columns A "brand.name" and D "Marque" both mean brand.name/,
    ],
    ['a missing required column', 'brand.name,brand.country\nA,FR\n', /no brand.category column/],
    ['an empty file', '', /the file is empty/],
    ['a header-only file', `${HEAD}\r\n`, /no data rows/],
    ['a header without a line end', HEAD, /no data rows/],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), /binary/],
  ])('%s: one error for the file', async (_name, content, message) => {
    const items = await read(write(content));
    expect(items).toHaveLength(1);
    expect(items[0]!.kind).toBe('error');
    expect(errorText(items[0])).toMatch(message);
  });

  it('the count of results equals the count of data rows, whatever the rows hold', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'FR', 'food', 'beauty', 'xx', 'oui', '1 250,5', 'wechat|weibo', '  '),
      fc.string({ maxLength: 6 }).map((s) => s.replace(/[",\r\n]/g, '')),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 30 }), async (rows) => {
        const lines = rows.map((r) => r.join(','));
        const items = await read(write(`${HEAD},company.overseasBankAccount\n${lines.join('\n')}\n`));
        const dataRows = lines.filter((l) => l.replace(/,/g, '').trim() !== '').length;
        expect(items.length).toBe(dataRows === 0 ? 1 : dataRows);
        if (dataRows > 0)
          expect(items.every((i) => (i.kind === 'profile' ? i.profile.source.row : i.source.row) !== null)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('errors in the language of the report', () => {
  it.each([
    [
      'fr',
      /la ligne a 2 cellules alors que l’en-tête a 3 colonnes/,
      /1 colonne n’est pas un champ du profil et est conservée à côté du verdict\s: D "ip.chinaTrademrk"/,
      /aucune ligne de données/,
    ],
    [
      'zh',
      /该行有 2 个单元格，而表头有 3 列/,
      /有 1 列不是档案字段，已保留在结论旁：D "ip.chinaTrademrk"/,
      /没有数据行/,
    ],
  ] as const)('%s: cell counts, unknown headers, a header-only file', async (lang, cells, header, noRows) => {
    const ragged = await read(write(`${HEAD}\nA,FR,food\nB,FR\n`), 'csv', { lang });
    expect(ragged.map((i) => i.kind)).toEqual(['profile', 'error']);
    expect(errorText(ragged[1])).toMatch(cells);
    const kept = (await read(write(`${HEAD},ip.chinaTrademrk\nA,FR,food,none\n`), 'csv', { lang }))[0];
    expect(kept?.kind === 'profile' ? kept.profile.warnings.map((w) => w.message).join(' / ') : '').toMatch(header);
    expect(errorText((await read(write(`${HEAD}\n`), 'csv', { lang }))[0])).toMatch(noRows);
  });
});
