// The one row reader of CSV and .xlsx (issue 12): the look-ahead that lets a later row settle how an earlier
// ambiguous number reads, typed cells, and the user's own columns.
import { describe, expect, it } from 'vitest';
import { compileCsvHeader, LOOKAHEAD_ROWS, RowQueue, type CsvPlan } from '../../src/read/sheet-plan.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import type { CellValue, CsvDialect, ReadItem } from '../../src/types.js';
import { readDocumentText } from '../../src/io/read-document.js';

const HEAD = ['Marque', 'Pays', 'Catégorie', 'Budget 1re année (€)'];
function plan(header: readonly string[] = HEAD, dialect?: CsvDialect): CsvPlan {
  const compiled = compileCsvHeader('f.csv', header, 1, 'en', dialect ? { dialect } : {});
  if ('errors' in compiled) throw new Error(JSON.stringify(compiled.errors));
  return compiled;
}
function readRows(p: CsvPlan, rows: readonly (readonly CellValue[])[]): ReadItem[] {
  const out: ReadItem[] = [];
  const queue = new RowQueue(p, (item) => out.push(item));
  rows.forEach((cells, i) => queue.push(cells, i + 2));
  queue.flush();
  return out;
}
const budget = (item: ReadItem | undefined): unknown =>
  item?.kind === 'profile' ? item.profile.values[FIELD_INDEX.get('pricing.year1BudgetEur')!] : item?.errors[0]?.message;

describe('the look-ahead', () => {
  it('a later "1,200,000" in the column settles an earlier "450,000" as thousands, rows in order', () => {
    const items = readRows(plan(), [
      ['A', 'FR', 'food', '450,000'],
      ['B', 'FR', 'food', '12'],
      ['C', 'FR', 'food', '1,200,000'],
    ]);
    expect(items.map(budget)).toEqual([450000, 12, 1200000]);
    expect(items.map((i) => (i.kind === 'profile' ? i.profile.source.row : null))).toEqual([2, 3, 4]);
  });

  it('a later "62,5" in another number column settles the file as decimal-comma, but for no column of money', () => {
    const head = [...HEAD, 'Marge après frais (%)', 'Couverture de stock (mois)'];
    const cover = (item: ReadItem | undefined): unknown =>
      item?.kind === 'profile' ? item.profile.values[FIELD_INDEX.get('partners.stockCoverMonths')!] : undefined;
    const items = readRows(plan(head), [
      ['A', 'FR', 'food', '', '', '1,500'],
      ['B', 'FR', 'food', '', '62,5', ''],
    ]);
    expect(items.map(cover)).toEqual([1.5, undefined]);
    // an amount has no third decimal: what another column's comma means says nothing of `450,000` EUR
    const money = readRows(plan(head), [
      ['A', 'FR', 'food', '450,000', '', ''],
      ['B', 'FR', 'food', '', '62,5', ''],
    ]);
    expect(money.map(budget)).toEqual(['450,000 reads two ways, 450000 or 450: write 450000 or 450,0', undefined]);
    // the column's own decimal comma settles it
    const own = readRows(plan(head), [
      ['A', 'FR', 'food', '450,000', '', ''],
      ['B', 'FR', 'food', '1 250 000,50', '', ''],
    ]);
    expect(own.map(budget)).toEqual([450, 1250000.5]);
  });

  it("nothing settles it: each ambiguous cell is its row's error; the look-ahead holds at most LOOKAHEAD_ROWS rows", () => {
    const rows = Array.from({ length: LOOKAHEAD_ROWS + 5 }, (_, i) => [
      'B' + i,
      'FR',
      'food',
      i === 0 ? '450,000' : '1000',
    ]);
    const out: ReadItem[] = [];
    const queue = new RowQueue(plan(), (item) => out.push(item));
    rows.forEach((cells, i) => queue.push(cells, i + 2));
    expect(out.length).toBeGreaterThanOrEqual(LOOKAHEAD_ROWS);
    queue.flush();
    expect(out).toHaveLength(rows.length);
    expect(budget(out[0])).toBe('450,000 reads two ways, 450000 or 450: write 450000 or 450,0');
  });

  it('a ;-delimited file reads decimal commas, and says so in its dialect', () => {
    const dialect: CsvDialect = {
      delimiter: ';',
      encoding: 'windows-1252',
      bom: false,
      lineBreak: '\r\n',
      decimalComma: false,
    };
    const head = [...HEAD, 'Couverture de stock (mois)'];
    const [item] = readRows(plan(head, dialect), [['A', 'FR', 'food', '', '1,500']]);
    expect(item!.kind === 'profile' && item!.profile.values[FIELD_INDEX.get('partners.stockCoverMonths')!]).toBe(1.5);
    expect(dialect.decimalComma).toBe(true);
    // but not an amount of money (contract: 450,000 is not 450): the dialect alone leaves it reading two ways
    expect(readRows(plan(HEAD, dialect), [['A', 'FR', 'food', '450,000']]).map(budget)).toEqual([
      '450,000 reads two ways, 450000 or 450: write 450000 or 450,0',
    ]);
  });

  it("the file's own settled decimal mark is its dialect's, whatever the delimiter", () => {
    const head = [...HEAD, 'Marge après frais (%)'];
    const tabs = (): CsvDialect => ({
      delimiter: '\t',
      encoding: 'utf-16le',
      bom: true,
      lineBreak: '\r\n',
      decimalComma: false,
    });
    // a tab file (Excel's "Unicode text") from a French Excel: its decimal commas are written back
    const french = tabs();
    readRows(plan(head, french), [['A', 'FR', 'food', '', '45,5']]);
    expect(french.decimalComma).toBe(true);
    // a `;` file whose numbers show a decimal point: a point, as the file has it
    const semicolons: CsvDialect = { ...tabs(), delimiter: ';' };
    readRows(plan(head, semicolons), [['A', 'FR', 'food', '', '45.5']]);
    expect(semicolons.decimalComma).toBe(false);
    // nothing settles it: the delimiter's prior (a comma for `;`, a point otherwise)
    const plain = tabs();
    readRows(plan(head, plain), [['A', 'FR', 'food', '1000', '45']]);
    expect(plain.decimalComma).toBe(false);
    // both marks in the file: the prior too
    const both: CsvDialect = { ...tabs(), delimiter: ';' };
    const wide = [...head, 'Couverture de stock (mois)'];
    readRows(plan(wide, both), [['A', 'FR', 'food', '', '45.5', '2,5']]);
    expect(both.decimalComma).toBe(true);
  });

  it("an .xlsx row going on past the header keeps what it holds there under the column's letter", () => {
    const compiled = compileCsvHeader('f.xlsx', HEAD, 1, 'en', { sheet: 'Feuil1' });
    if ('errors' in compiled) throw new Error('header');
    const [item] = readRows(compiled, [['A', 'FR', 'food', 1000, null, 'note']]);
    expect(item!.kind === 'profile' && item!.profile.source.columns).toEqual({ 'column F': 'note' });
  });

  it('typed .xlsx cells: a number is exact, a boolean is a boolean', () => {
    const items = readRows(plan([...HEAD, 'Vend déjà en Chine']), [['A', 'FR', 'food', 450000.5, true]]);
    expect(budget(items[0])).toBe(450000.5);
    expect(
      items[0]!.kind === 'profile' && items[0]!.profile.values[FIELD_INDEX.get('company.existingChinaSales')!],
    ).toBe(true);
  });
});

describe('YAML and JSON read values as the spreadsheets do', () => {
  const read = (extra: string): ReadItem =>
    readDocumentText(
      'p.yaml',
      `schemaVersion: 1\nbrand: { name: X, country: Allemagne, category: Vins }\n${extra}`,
    )[0]!;
  const value = (item: ReadItem, path: string): unknown =>
    item.kind === 'profile' ? item.profile.values[FIELD_INDEX.get(path)!] : item.errors.map((e) => e.message);
  it.each([['none'], ['aucun'], ['-'], ['N/A'], ['0'], ['无'], ['pas encore']])(
    'tmallPartner: %j is no partner',
    (word) => {
      expect(value(read(`partners: { tmallPartner: "${word}" }\n`), 'partners.tmallPartner')).toBe('');
    },
  );
  it('an empty partner stays unknown; a name stays a name', () => {
    expect(value(read('partners: { tmallPartner: null }\n'), 'partners.tmallPartner')).toBeUndefined();
    expect(value(read('partners: { tmallPartner: Nonesuch TP }\n'), 'partners.tmallPartner')).toBe('Nonesuch TP');
  });
  it('countries by name and values by label', () => {
    const item = read('company: { role: Propriétaire de la marque }\nip: { chinaTrademark: En cours }\n');
    expect([
      value(item, 'brand.country'),
      value(item, 'brand.category'),
      value(item, 'company.role'),
      value(item, 'ip.chinaTrademark'),
    ]).toEqual(['DE', 'wine-spirits', 'brand-owner', 'pending']);
  });
  it('"450,000" in YAML is refused with both readings, 450000 is read', () => {
    expect(value(read('pricing: { year1BudgetEur: "450,000" }\n'), 'pricing.year1BudgetEur')).toEqual([
      '450,000 reads two ways, 450000 or 450: write 450000 or 450,0',
    ]);
    expect(value(read('pricing: { year1BudgetEur: "450 000" }\n'), 'pricing.year1BudgetEur')).toBe(450000);
  });
});
