// issue 11: a csv slice copies a row's input cells from the input's own bytes when they would be written the
// same (report/csv.ts, csvRowWriter). Whatever the rows hold (quotes needed or not, cells starting like a formula,
// negative numbers, accents, a byte that is not UTF-8, too few or too many cells) and whatever the input's and
// the output's delimiters, a slice's bytes must be the rows csv.result writes, one by one.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvPieces, rowItems } from '../../src/io/csv.js';
import { assessItem } from '../../src/pipeline/row.js';
import { prepare, type RunSetup } from '../../src/pipeline/setup.js';
import { sliceRunner } from '../../src/pipeline/slice.js';
import { NAMED_DIALECTS } from '../../src/report/csv-dialect.js';
import type { CsvDialect } from '../../src/types.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const COLUMNS = ['brand.name', 'brand.country', 'brand.category', 'Notes', 'brand.foundedYear'];

/** A cell's text before it is written: what a spreadsheet may hold, the awkward cases often. */
const text = fc.oneof(
  fc.stringMatching(/^[A-Za-z ]{0,8}$/),
  fc.constantFrom('FR', 'IT', 'beauty', 'food', '1990', '-12', '-3,5', '-1.25', '-', '-1a', '-,5', '12-'),
  fc.constantFrom('=1+1', '+33', '@SUM', '\tx', 'Lumière', '中文', 'a"b', 'a,b', 'a;b', '', ' '),
  fc.string({ unit: fc.constantFrom('a', '1', '-', '.', ',', ';', '"', '=', 'é', '中', ' ', '\t') }),
);

/** How a text is written into a cell: as it is (when it can be), quoted, or with a byte that is not UTF-8. */
function written(cell: string, how: number, delimiter: string): string | Buffer {
  const bare = !cell.includes('"') && !cell.includes(delimiter) && !cell.includes('\t') && !cell.includes('\n');
  if (how === 0 && bare) return cell;
  if (how === 2) return Buffer.concat([Buffer.from(cell), Buffer.from([0xff])]);
  return `"${cell.replaceAll('"', '""')}"`;
}

const cell = fc.tuple(text, fc.constantFrom(0, 0, 0, 0, 0, 1, 2));
/** mostly rows of the header's width (the ones that may be copied), some ragged */
const row = fc.oneof(
  { arbitrary: fc.array(cell, { minLength: COLUMNS.length, maxLength: COLUMNS.length }), weight: 4 },
  { arbitrary: fc.array(cell, { minLength: 1, maxLength: 7 }), weight: 1 },
);

function setup(dialect: CsvDialect | undefined): RunSetup {
  return {
    pack: 'tmall-global',
    format: 'csv',
    lang: 'en',
    today: '2026-12-01',
    findings: 'costly',
    quiet: true,
    color: false,
    tool: { name: 'market-ready', version: 'test' },
    sheet: { singleInput: true, ...(dialect ? { dialect } : {}) },
  };
}

describe('csv slices with the input cells copied as bytes', () => {
  it('are the rows csv.result writes, for any rows, any input delimiter and any output dialect', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(undefined, 'excel', 'excel-fr', 'rfc4180'),
        async (rows, delimiter, lineBreak, named) => {
          // a setup for each file: csv settles its columns and dialect on the run's first row
          const env = await prepare(setup(named ? NAMED_DIALECTS[named as keyof typeof NAMED_DIALECTS] : undefined));
          const parts: (string | Buffer)[] = [COLUMNS.join(delimiter) + lineBreak];
          for (const cells of rows) {
            cells.forEach(([cell, how], i) => {
              if (i > 0) parts.push(delimiter);
              parts.push(written(cell, how, delimiter));
            });
            parts.push(lineBreak);
          }
          const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
          const run = sliceRunner(env);
          let index = 0;
          let slices = 0;
          for await (const piece of readCsvPieces('-', 'csv', {
            stdin: Readable.from([bytes]),
            lang: 'en',
            pieceBytes: 64,
          })) {
            if (piece.kind === 'item') continue;
            piece.plan.warnings = [];
            let expected = '';
            let i = index;
            rowItems(
              piece.plan,
              piece.scanned,
              (item) =>
                (expected += env.formatter.result(
                  assessItem(env, item, true, () => undefined),
                  env.ctx,
                  i++,
                )),
              piece.marks,
            );
            const answer = run({
              id: slices++,
              fileId: 0,
              file: piece.plan.file,
              header: piece.header,
              headerLine: piece.headerLine,
              headerOptions: { strict: false, ...(piece.plan.dialect ? { dialect: piece.plan.dialect } : {}) },
              bytes: piece.scanned.bytes,
              rows: piece.scanned.rows,
              marks: piece.marks,
              firstIndex: index,
            });
            // as bytes: a byte that is not UTF-8 must not reach the output (read as UTF-8, it would be U+FFFD)
            expect(Buffer.from(answer.bytes).toString('latin1')).toBe(Buffer.from(expected).toString('latin1'));
            index = i;
          }
          // blank rows (spaces only) are left out
          expect(index).toBeLessThanOrEqual(rows.length);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });
});
