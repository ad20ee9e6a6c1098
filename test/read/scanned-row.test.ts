// issue 11 (speed): a scanned CSV row is converted from its bytes (convertScanned, readCellBytes), its cells decoded
// only when read. These tests hold that path to the one it replaces, readRow's strings through convertRow: on random
// rows of every kind of cell (codes, numbers, booleans, countries, texts, none-words, accents, doubled quotes, spaces,
// refusals) the items are the same, value for value and message for message, and so are the rows' cells.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowItems } from '../../src/io/csv.js';
import {
  CellError,
  compileReader,
  NOT_READ,
  readCell,
  readCellBytes,
  readTextCell,
} from '../../src/profile/convert.js';
import { FIELDS } from '../../src/profile/fields.js';
import { cellPosition, readRow, RowProblem, RowScanner, type ScannedRow } from '../../src/read/csv-scan.js';
import { cellCount, compileCsvHeader, convertRow, convertScanned, type CsvPlan } from '../../src/read/sheet-plan.js';
import type { CsvDialect, ReadItem } from '../../src/types.js';

const COLUMNS = [
  'schemaVersion',
  'brand.name',
  'brand.country',
  'brand.category',
  'company.overseasBankAccount',
  'brand.foundedYear',
  'pricing.marginAfterFeesPct',
  'partners.payment',
  'partners.tmallPartner',
  'ip.chineseBrandName',
];

// what people write in these columns, good and bad, ASCII and not
const WORDS = [
  '',
  '1',
  '2',
  'Sol Kiri 1',
  ' Sol ',
  'Crème',
  '花西子',
  'FR',
  'fr',
  'FRA',
  'France',
  'XX',
  'beauty',
  'Beauty',
  'food ',
  'true',
  'false',
  'True',
  'oui',
  'tru',
  'falsy',
  '1938',
  '999',
  '2101',
  '-56.3',
  '-0',
  '12.5',
  '450.000',
  '12,5',
  '-',
  '0.',
  'alipay',
  'alipay|wechat-pay',
  'alipay|alipay',
  'alipay|',
  '|unionpay',
  'alipay, unionpay',
  'none',
  'Aucun',
  'Aurelia Atelier',
  '  ',
  '\t',
];

/** per column, what it mostly holds (the last ones refused or left to the converter) */
const USUAL: string[][] = [
  ['1', '', ' 1'],
  ['Sol Kiri 1', 'Crème', '花西子', 'Aurelia Atelier', ' Sol ', 'x'.repeat(501)],
  ['FR', 'IT', 'fr', 'France', 'FRA', 'XX'],
  ['home', 'sports', 'beauty', 'food', 'Beauty', 'food ', 'beaut'],
  ['true', 'false', '', 'True', 'oui', 'tru'],
  ['1938', '2001', '', '2101', '19.5'],
  ['-56.3', '-0', '12.5', '', '450.000', '12,5', '1e3'],
  ['alipay', 'alipay|wechat-pay', '', '|unionpay', 'alipay|', 'alipay|alipay', 'alipay, unionpay'],
  ['Aurelia Atelier', '', 'none', 'Aucun', '-', ' Atelier '],
  ['花西子', '', 'Crème', 'Sol', ' Sol '],
];

/** a cell as written in the file: plain, quoted, or quoted with a doubled quote inside */
const quoted = (word: fc.Arbitrary<string>) =>
  fc
    .tuple(word, fc.constantFrom('plain', 'plain', 'plain', 'plain', 'quoted', 'doubled'))
    .map(([w, how]) => (how === 'doubled' ? `"${w}""x"` : how === 'quoted' || /[,;]/.test(w) ? `"${w}"` : w));
/** mostly a usual cell of its column (its first ones most), now and then any word */
const cellOf = (c: number) =>
  quoted(
    fc.oneof(
      { weight: 16, arbitrary: fc.constantFrom(...USUAL[c]!.slice(0, 2)) },
      { weight: 3, arbitrary: fc.constantFrom(...USUAL[c]!) },
      { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
    ),
  );
const tableRow = fc.tuple(...COLUMNS.map((_, c) => cellOf(c)));
/** a cell of a column that is no field (its text goes into Source.columns) */
const noteCell = quoted(fc.constantFrom('n', '', 'call back', 'Crème', '花西子', ' x '));

function scan(text: string, delimiter: string) {
  const scanner = new RowScanner(delimiter.charCodeAt(0), 1);
  const first = scanner.push(Buffer.from(text), 1);
  const header: ScannedRow = { line: 0, record: 0, problem: RowProblem.None, arg: 0, cells: [] };
  readRow(first, 0, header);
  scanner.width = header.cells.length;
  return { header: header.cells, rows: scanner.end() };
}

function plan(header: string[], delimiter: string): CsvPlan {
  const dialect: CsvDialect = {
    delimiter: delimiter as CsvDialect['delimiter'],
    encoding: 'utf-8',
    bom: false,
    lineBreak: '\n',
    decimalComma: false,
  };
  const compiled = compileCsvHeader('f.csv', header, 1, 'en', { dialect });
  if ('errors' in compiled) throw new Error('header');
  return compiled;
}

/** what an item says, comparable with toEqual (-0 told from 0) */
function shown(item: ReadItem): unknown {
  const row = item.kind === 'profile' ? item.profile.row : item.row;
  const common = { row: row && { header: row.header, cells: [...row.cells], dialect: row.dialect } };
  if (item.kind === 'error') return { ...common, error: item.errors, source: item.source, brand: item.brand };
  const p = item.profile;
  return {
    ...common,
    values: [...p.values].map((v) => (Object.is(v, -0) ? '-0' : v)),
    source: p.source,
    warnings: p.warnings,
    position: p.position,
  };
}

describe('a scanned CSV row read from its bytes', () => {
  it.each([',', ';'])('gives the items readRow and convertRow give, delimiter %j', (delimiter) => {
    let fast = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tableRow, noteCell), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (table, extra) => {
          const head = extra ? [...COLUMNS, 'Notes'] : COLUMNS;
          const text =
            [head, ...table.map(([r, note]) => (extra ? [...r, note] : r))].map((r) => r.join(delimiter)).join('\n') +
            '\n';
          const { header, rows } = scan(text, delimiter);
          // the reading under test, as every path runs it
          const planA = plan(header, delimiter);
          const got: ReadItem[] = [];
          rowItems(planA, rows, (item) => got.push(item));
          // the reading it replaces, on a plan of its own (each plan gives its file's warnings once)
          const planB = plan(header, delimiter);
          const want: ReadItem[] = [];
          const row: ScannedRow = { line: 0, record: 0, problem: RowProblem.None, arg: 0, cells: [] };
          for (let at = 0; at < rows.rows.length;) {
            const here = at;
            at = readRow(rows, at, row);
            // every cell is well formed: the scanner cuts each row
            expect(row.problem).toBe(RowProblem.None);
            want.push(
              convertRow(planB, row.cells, row.line, row.record, undefined, (c) => cellPosition(rows, here, c)),
            );
            if (convertScanned(plan(header, delimiter), rows, here, planA.marks.marks) !== undefined) fast++;
          }
          expect(got.map(shown)).toEqual(want.map(shown));
          for (const item of got)
            if (item.kind === 'profile') expect(cellCount(item.profile.row!)).toBe(item.profile.row!.cells.length);
        },
      ),
      { numRuns: 150 },
    );
    // the bytes' path did read rows: the comparison above is not only the fallback against itself
    expect(fast).toBeGreaterThan(20);
  });

  it('reads the usual row without its cells, and decodes them as readRow does when asked', () => {
    const row = ['1', 'Crème "Sol"', 'FR', 'beauty', 'true', '1938', '-56.3', 'alipay|unionpay', 'none', '花西子'];
    const text = `${COLUMNS.join(',')}\n${row.map((c) => (c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`;
    const { header, rows } = scan(text, ',');
    const item = convertScanned(plan(header, ','), rows, 0, [])!;
    expect(item.kind).toBe('profile');
    if (item.kind !== 'profile') return;
    expect(cellCount(item.profile.row!)).toBe(10);
    expect([...item.profile.values].filter((v) => v !== undefined)).toEqual(
      expect.arrayContaining(['Crème "Sol"', 'FR', 'beauty', true, 1938, -56.3, ['alipay', 'unionpay'], '', '花西子']),
    );
    expect(item.profile.row!.cells).toEqual(row);
  });

  it('leaves to the general reading a row that is not the usual one', () => {
    const { header, rows } = scan(`${COLUMNS.join(',')}\n1,A,FR,food\n1,A,FR,bad-category,,,,,,\n`, ',');
    const p = plan(header, ',');
    // too few cells, then a refused cell: both are errors that readRow and convertRow word
    expect(convertScanned(p, rows, 0, [])).toBeUndefined();
    const second = 6 + 2 * 4;
    expect(convertScanned(p, rows, second, [])).toBeUndefined();
    const items: ReadItem[] = [];
    rowItems(p, rows, (i) => items.push(i));
    expect(items.map((i) => i.kind)).toEqual(['error', 'error']);
  });
});

describe('readCellBytes reads an ASCII cell as readCell reads its text', () => {
  const ascii = fc.oneof(
    fc.constantFrom(
      ...WORDS.filter((w) => w !== '' && /^[\x00-\x7f]*$/.test(w)),
      ...FIELDS.flatMap((f) => f.values ?? []),
    ),
    fc.stringMatching(/^[-0-9.|a-zA-Z ]{1,12}$/),
  );
  it('every field: the same value, or NOT_READ for readCell to read', () => {
    const readers = FIELDS.map((f) => compileReader(f, 'en'));
    let read = 0;
    fc.assert(
      fc.property(ascii, fc.constantFrom(null, '.' as const, ',' as const), (text, mark) => {
        const bytes = Buffer.from(`"${text}"`, 'latin1');
        for (const reader of readers) {
          const fromBytes = readCellBytes(reader, bytes, 1, bytes.length - 1);
          const fromText = readTextCell(reader, text);
          for (const got of [fromBytes, fromText]) {
            if (got === NOT_READ) continue;
            // read only where a fast path read: a refusal's words (a country's closest names) cost milliseconds
            const value = readCell(reader, text, mark);
            read++;
            expect(value).not.toBeInstanceOf(CellError);
            expect(Object.is(got, -0) ? '-0' : got).toEqual(Object.is(value, -0) ? '-0' : value);
          }
        }
      }),
      { numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(1000);
  });

  it('reads lists of every length, and refuses a repeat wherever it is, as readCell does', () => {
    for (const field of FIELDS.filter((f) => f.type === 'list')) {
      const reader = compileReader(field, 'en');
      const values = field.values!;
      const cells: string[] = [];
      for (let n = 1; n <= values.length; n++) {
        const items = values.slice(0, n);
        cells.push(items.join('|'), [...items].reverse().join('|'), `|${items.join('||')}|`);
        for (let k = 0; k < n; k++) cells.push([...items, items[k]].join('|'));
      }
      for (const text of cells) {
        const bytes = Buffer.from(text, 'latin1');
        const got = readCellBytes(reader, bytes, 0, bytes.length);
        const want = readCell(reader, text, null);
        expect([text, got === NOT_READ ? 'not read' : got]).toEqual([
          text,
          want instanceof CellError ? 'not read' : want,
        ]);
      }
    }
  });

  it('refuses a byte that is not UTF-8 in a piece whose other rows are read from their bytes', () => {
    const head = Buffer.from(`${COLUMNS.slice(0, 4).join(',')}\n1,Crème,FR,food\n1,Cr`);
    const text = Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('me,FR,food\n1,Sol,FR,food\n')]);
    const header = COLUMNS.slice(0, 4);
    const scanner = new RowScanner(44, 1);
    scanner.push(text, 1);
    scanner.width = header.length;
    const piece = scanner.end();
    const items: ReadItem[] = [];
    rowItems(plan(header, ','), piece, (i) => items.push(i));
    expect(
      items.map((i) =>
        i.kind === 'profile' ? i.profile.values.find((v) => v === 'Crème' || v === 'Sol') : i.errors[0]!.message,
      ),
    ).toEqual(['Crème', expect.stringMatching(/E9/), 'Sol']);
  });
});
