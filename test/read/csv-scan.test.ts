// The row scanner and readRow on their own (issue 11, the scan's speed): the shortcuts they take (one decode a
// row sliced into cells, byte tables, the held row joined with the next chunk's first line only) must give the
// cells a plain reading gives, whatever the characters and however the bytes arrive.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRow, RowProblem, RowScanner, type ScannedRow, type ScannedRows } from '../../src/read/csv-scan.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const COMMA = 0x2c;

const CHARS = ['a', 'Z', '7', ' ', '.', 'é', 'ü', '€', '中', '😀', '𝄞', '"', ',', ';', '\t'];
/** A cell's text: ASCII, two-, three- and four-byte characters (a surrogate pair in JS), quotes, delimiters. */
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((parts) => parts.join(''));
/**
 * The same with line breaks inside (quoted): a line in a quoted cell with a whole row's delimiters reads as a stray
 * quote (see csv-scan.ts), which the scanner test below holds to the same rows however the bytes arrive.
 */
const textOverLines = fc
  .array(fc.constantFrom(...CHARS, '\n', '\r\n'), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** A cell as a spreadsheet writes it: quoted when it must be (or at random), quotes doubled inside. */
function cellOf(value: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(value) || value.startsWith(' ') ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Every row of every piece, as readRow gives it. */
function rowsOf(pieces: ScannedRows[]): ScannedRow[] {
  const out: ScannedRow[] = [];
  for (const piece of pieces)
    for (let at = 0; at < piece.rows.length;) {
      const row: ScannedRow = { line: 0, record: 0, problem: RowProblem.None, arg: 0, cells: [] };
      at = readRow(piece, at, row);
      out.push(row);
    }
  return out;
}

/** Scans `bytes` arriving in chunks cut at `cuts`, drained in pieces of about `pieceBytes` as the CSV reader does. */
function scan(bytes: Buffer, cuts: number[], pieceBytes = Infinity, width = 0): ScannedRows[] {
  const scanner = new RowScanner(COMMA, 1);
  scanner.width = width;
  const pieces: ScannedRows[] = [];
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    if (cut <= at) continue;
    let piece = scanner.push(bytes.subarray(at, cut), Infinity, pieceBytes);
    at = cut;
    pieces.push(piece);
    while (piece.count > 0 && scanner.held > pieceBytes)
      pieces.push((piece = scanner.push(Buffer.alloc(0), Infinity, pieceBytes)));
  }
  while (scanner.held > 0) pieces.push(scanner.end(pieceBytes));
  return pieces;
}

const plain = (rows: ScannedRow[]) =>
  rows.map((r) => ({ line: r.line, record: r.record, problem: r.problem, arg: r.arg, cells: r.cells }));

describe('readRow', () => {
  it('gives each cell its own text, whatever its characters (one decode a row, cut at character offsets)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(text, fc.boolean()), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (table) => {
          // rows whose cells are all empty or blank are blank lines, left out: give each row a first cell
          const rows = table.map((cells) => [['x', false] as [string, boolean], ...cells]);
          const csv = rows.map((cells) => cells.map(([v, q]) => cellOf(v, q)).join(',')).join('\n') + '\n';
          const read = rowsOf(scan(Buffer.from(csv), []));
          expect(read.map((r) => r.problem)).toEqual(rows.map(() => RowProblem.None));
          expect(read.map((r) => r.cells)).toEqual(rows.map((cells) => cells.map(([v]) => v)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a byte that is not UTF-8 (pasted from Windows-1252) is that row's error, naming the column and the byte", () => {
    const bytes = Buffer.concat([
      Buffer.from('Crème,€ 5\n'),
      Buffer.from('Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',ok\nok,'),
      Buffer.from([0x93]),
      Buffer.from('x\nfin,😀\n'),
    ]);
    const read = rowsOf(scan(bytes, []));
    expect(read.map((r) => [r.line, r.problem, r.arg, r.problem === RowProblem.NotUtf8 ? r.byte : 0])).toEqual([
      [1, RowProblem.None, 0, 0],
      [2, RowProblem.NotUtf8, 1, 0xe9],
      [3, RowProblem.NotUtf8, 2, 0x93],
      [4, RowProblem.None, 0, 0],
    ]);
    expect(read[0]!.cells).toEqual(['Crème', '€ 5']);
    expect(read[3]!.cells).toEqual(['fin', '😀']);
  });
});

describe('the row scanner', () => {
  it('gives the same rows however the bytes arrive and whatever the piece size (the held row joined or not)', () => {
    const line = fc.oneof(
      fc
        .array(fc.tuple(textOverLines, fc.boolean()), { minLength: 1, maxLength: 4 })
        .map((cells) => cells.map(([v, q]) => cellOf(v, q)).join(',')),
      // bad lines and blank lines: a stray quote, text after a quote, a NUL, spaces only, nothing
      fc.constantFrom('"open,x', 'a"b,"c"d', 'n\0l,x', '   ', '', ' \t '),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(2000), { maxLength: 8 }),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(0, 2, 3),
        (lines, cuts, pieceBytes, width) => {
          const bytes = Buffer.from(lines.map(([l, e]) => l + e).join(''));
          const whole = plain(rowsOf(scan(bytes, [], Infinity, width)));
          expect(plain(rowsOf(scan(bytes, cuts, Infinity, width)))).toEqual(whole);
          expect(plain(rowsOf(scan(bytes, cuts, pieceBytes, width)))).toEqual(whole);
          expect(plain(rowsOf(scan(bytes, [], pieceBytes, width)))).toEqual(whole);
        },
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('reads a row with a surplus quoted cell over lines as one row, however the bytes arrive', () => {
    const bytes = Buffer.from('A,FR,beauty\r\nB,FR,beauty,"note\r\nsur deux lignes"\r\nC,FR,beauty\r\n');
    for (const cuts of [[], [20], [30, 40], [45]]) {
      const rows = plain(rowsOf(scan(bytes, cuts, Infinity, 3)));
      expect(rows.map((r) => [r.line, r.record, r.problem, r.cells])).toEqual([
        [1, 1, RowProblem.None, ['A', 'FR', 'beauty']],
        [2, 2, RowProblem.None, ['B', 'FR', 'beauty', 'note\r\nsur deux lignes']],
        [4, 3, RowProblem.None, ['C', 'FR', 'beauty']],
      ]);
    }
    // short of the header's cells, the same quote over lines is a stray quote: its lines are read one row each
    const short = plain(rowsOf(scan(Buffer.from('B,"note\nsuite"\nC,FR,beauty\n'), [], Infinity, 3)));
    expect(short.map((r) => [r.line, r.problem])).toEqual([
      [1, RowProblem.UnclosedQuote],
      [2, RowProblem.None],
      [3, RowProblem.None],
    ]);
  });

  it('scans a big chunk behind a held row without a row waiting for the next chunk', () => {
    // the second chunk ends the held row on its first line, and more than a piece follows: every row is out
    const rows = Array.from({ length: 400 }, (_, i) => `Brand ${i},"Crème ${i}, fine",${i}.5`);
    const bytes = Buffer.from(rows.join('\r\n') + '\r\n');
    const scanner = new RowScanner(COMMA, 1);
    const pieces: ScannedRows[] = [];
    let piece = scanner.push(bytes.subarray(0, 50), Infinity, 256);
    pieces.push(piece);
    piece = scanner.push(bytes.subarray(50), Infinity, 256);
    pieces.push(piece);
    while (piece.count > 0 && scanner.held > 256) pieces.push((piece = scanner.push(Buffer.alloc(0), Infinity, 256)));
    const read = rowsOf(pieces);
    // at most a piece's bytes are held back, as before: the rest is out before the input ends
    expect(scanner.held).toBeLessThanOrEqual(256 + rows[0]!.length + 2);
    expect(read.length).toBeGreaterThan(390);
    read.forEach((r, i) => {
      expect(r.line).toBe(i + 1);
      expect(r.cells).toEqual([`Brand ${i}`, `Crème ${i}, fine`, `${i}.5`]);
    });
    pieces.push(scanner.end());
    expect(rowsOf(pieces)).toHaveLength(400);
  });
});
