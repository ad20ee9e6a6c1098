// Properties of the one CSV row reader and of the pipeline's two paths, on random CSV with quotes, mixed line
// ends, quoted line breaks and bad rows: (1) a well-formed file gives exactly its rows, cells and line numbers;
// (2) any file gives the same items however its bytes arrive and however it is cut into slices; (3) a slice
// formatted on a worker thread is byte for byte the slice formatted on the main thread, with the same
// source.row and the same messages, in en, fr and zh.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvInput, readCsvPieces } from '../../src/io/csv.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import { isNoneWord } from '../../src/profile/none-words.js';
import { Pool } from '../../src/pipeline/pool.js';
import { settleCsv } from '../../src/report/csv.js';
import { prepare, type RunSetup } from '../../src/pipeline/setup.js';
import { sliceRunner, type SliceAnswer, type SliceJob } from '../../src/pipeline/slice.js';
import type { Lang, ReadItem } from '../../src/types.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const HEAD = 'brand.name,brand.country,brand.category,partners.tmallPartner';
const END = fc.constantFrom('\n', '\r\n', '\r');

/** A cell as a spreadsheet writes it, with the text it holds. */
const cell = fc.oneof(
  fc.stringMatching(/^[A-Za-zé ]{1,12}$/).map((text) => ({ raw: text, text })),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z]{1,6}$/),
      fc.constantFrom(',', '""', '\n', '\r\n', ', '),
      fc.stringMatching(/^[A-Za-z]{0,6}$/),
    )
    .map(([a, mid, b]) => ({ raw: `"${a}${mid}${b}"`, text: `${a}${mid === '""' ? '"' : mid}${b}` })),
  fc.constant({ raw: '', text: '' }),
);
const goodRow = fc
  .tuple(cell, fc.constantFrom('FR', 'IT'), fc.constantFrom('beauty', 'food'), cell)
  .map(([name, country, category, partner]) => ({ name, country, category, partner }));

/** rows and their line ends, plus the line each row starts on */
function render(
  rows: { name: { raw: string }; country: string; category: string; partner: { raw: string } }[],
  ends: string[],
): { text: string; lines: number[]; records: number[] } {
  let text = HEAD + '\n';
  let line = 2;
  const lines: number[] = [];
  const records: number[] = [];
  rows.forEach((r, i) => {
    lines.push(line);
    // the row as Excel numbers it: a quoted cell over lines is still one row
    records.push(i + 2);
    const raw = `${r.name.raw},${r.country},${r.category},${r.partner.raw}`;
    text += raw + ends[i % ends.length]!;
    line += 1 + (raw.match(/\r\n|\r|\n/g)?.length ?? 0);
  });
  return { text, lines, records };
}

/** what an item says, for comparing two readings */
const describeItem = (item: ReadItem): unknown =>
  item.kind === 'profile'
    ? ['profile', item.profile.source.row, item.profile.source.line, [...item.profile.values]]
    : [
        'error',
        item.source.row,
        item.source.line,
        item.errors.map((e) => [e.row, e.line, e.column, e.cell?.row, e.field, e.message]),
      ];

async function items(bytes: Buffer, cuts: number[], lang: Lang = 'en', pieceBytes?: number): Promise<ReadItem[]> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue;
    chunks.push(bytes.subarray(at, cut));
    at = cut;
  }
  chunks.push(bytes.subarray(at));
  const out: ReadItem[] = [];
  if (pieceBytes === undefined)
    for await (const item of readCsvInput('-', 'csv', { stdin: Readable.from(chunks), lang })) out.push(item);
  else {
    const { rowItems } = await import('../../src/io/csv.js');
    for await (const piece of readCsvPieces('-', 'csv', { stdin: Readable.from(chunks), lang, pieceBytes })) {
      if (piece.kind === 'item') out.push(piece.item);
      else rowItems(piece.plan, piece.scanned, (item) => out.push(item), piece.marks);
    }
  }
  return out;
}

/** A line that the reader must report as that row's error (or read as its own row), never swallow others with. */
const badLine = fc.constantFrom(
  '"Stray,FR,beauty,x',
  'Tail"x,FR,beauty,"a"b',
  'Ragged,FR',
  'Nul\0,FR,beauty,x',
  '"Open,FR,beauty,"x',
  'E",FR,food,y',
);

describe('the CSV row reader', () => {
  it('a well-formed file: exactly its rows, their cells, their row numbers and lines, whatever the line ends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(goodRow, { minLength: 1, maxLength: 25 }),
        fc.array(END, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(4000), { maxLength: 6 }),
        async (rows, ends, cuts) => {
          const { text, lines, records } = render(rows, ends);
          const read = await items(Buffer.from(text), cuts);
          // rows whose every cell is empty are blank lines, not rows; none here has an empty name and a country
          const source = (i: ReadItem) => (i.kind === 'profile' ? i.profile.source : i.source);
          expect(read.map((i) => source(i).row)).toEqual(records);
          // the line where the row starts: beside the row where the two differ, and where CI annotations point
          expect(read.map((i) => source(i).line ?? source(i).row)).toEqual(lines);
          expect(read.map((i) => (i.kind === 'profile' ? i.profile.position?.line : i.position?.line))).toEqual(lines);
          for (const item of read) {
            if (item.kind !== 'error') continue;
            for (const e of item.errors)
              expect([e.row, e.cell?.row, e.line]).toEqual([item.source.row, item.source.row, item.position?.line]);
          }
          const slot = FIELD_INDEX.get('partners.tmallPartner')!;
          read.forEach((item, i) => {
            const row = rows[i]!;
            if (row.name.text.trim() === '') {
              expect(item.kind).toBe('error');
              return;
            }
            expect(item.kind).toBe('profile');
            if (item.kind !== 'profile') return;
            expect(item.profile.values[FIELD_INDEX.get('brand.name')!]).toBe(row.name.text.trim());
            // an empty cell is unknown; a word for none (`na`, `-`, `aucun`) means no partner, read as ''
            const partner = row.partner.text.trim();
            expect(item.profile.values[slot]).toBe(partner === '' ? undefined : isNoneWord(partner) ? '' : partner);
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any file, bad rows included: the same items however the bytes arrive and however the file is sliced', async () => {
    const line = fc.oneof(
      { weight: 4, arbitrary: goodRow.map((r) => `${r.name.raw},${r.country},${r.category},${r.partner.raw}`) },
      { weight: 1, arbitrary: badLine },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, END), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(3000), { maxLength: 8 }),
        fc.constantFrom<Lang>('en', 'fr', 'zh'),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        async (body, cuts, lang, pieceBytes, lastEnd) => {
          // the file's last line with or without its line end
          const text = HEAD + '\n' + body.map(([l, e]) => l + e).join('');
          const bytes = Buffer.from(lastEnd ? text : text.slice(0, -body.at(-1)![1].length));
          const whole = (await items(bytes, [], lang)).map(describeItem);
          expect((await items(bytes, cuts, lang)).map(describeItem)).toEqual(whole);
          expect((await items(bytes, cuts, lang, pieceBytes)).map(describeItem)).toEqual(whole);
          // no row swallowed: a stray quote never makes two lines of the file one output
          expect(whole.length).toBeGreaterThanOrEqual(body.length);
          // every item names a line of the file, each at most once, in order
          const rows = whole.map((d) => (d as [string, number])[1]);
          expect([...rows].sort((a, b) => a - b)).toEqual(rows);
          expect(new Set(rows).size).toBe(rows.length);
          const physical = 1 + (bytes.toString('latin1').match(/\r\n|\r|\n/g)?.length ?? 0);
          for (const r of rows) expect(r).toBeLessThanOrEqual(physical);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** The line and the character column where `offset` is in `text`, counted here from the text alone. */
function placeIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = [...before.matchAll(/\r\n|\r|\n/g)];
  const last = breaks.at(-1);
  const lineStart = last ? last.index + last[0].length : 0;
  // UTF-16 units, not bytes or code points (the cells hold é and 中, one unit each, and 😀, two)
  return { line: breaks.length + 1, column: before.slice(lineStart).length + 1 };
}

/** A cell for the positions' property: text, accents, quotes, line breaks of every kind inside quotes. */
const placedCell = fc.oneof(
  fc.stringMatching(/^(?:[A-Za-zé中 ]|😀){1,8}$/),
  fc
    .tuple(
      fc.stringMatching(/^(?:[A-Za-zé中]|😀){0,5}$/),
      fc.constantFrom('\n', '\r\n', '\r', '""', ','),
      fc.stringMatching(/^[a-zé]{0,5}$/),
    )
    .map(([a, mid, b]) => `"${a}${mid}${b}"`),
  fc.constant(''),
);

/** A row whose cells may be refused (a country, a category), be missing (no name) or be too few (ragged). */
const placedRow = fc.record({
  name: placedCell,
  country: fc.constantFrom('FR', 'Narnia', '"IT"', '"Nar\nnia"'),
  category: fc.constantFrom('beauty', 'nope', '"food"', '"no\r\npe"'),
  partner: placedCell,
  ragged: fc.boolean(),
});

describe('where a CSV row error points: the line and character of its cell', () => {
  it('every cell error at the line its cell starts on and the character column of its first byte, on both paths', async () => {
    const FIELD_CELL: Record<string, number> = { 'brand.name': 0, 'brand.country': 1, 'brand.category': 2 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 5, arbitrary: placedRow }, { weight: 1, arbitrary: badLine }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.array(END, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 300 }),
        async (body, ends, bom, pieceBytes) => {
          let text = HEAD + '\n';
          /** per row built here, by the line it starts on: where each of its cells starts, and the end of its last */
          const expected = new Map<number, { cells: { line: number; column: number }[]; ragged: boolean }>();
          body.forEach((r, i) => {
            const raw =
              typeof r === 'string' ? r : r.ragged ? [r.name, r.country] : [r.name, r.country, r.category, r.partner];
            const rowStart = text.length;
            text += (typeof raw === 'string' ? raw : raw.join(',')) + ends[i % ends.length]!;
            if (typeof raw !== 'string') {
              const starts: number[] = [];
              let at = rowStart;
              for (const cell of raw) {
                starts.push(at);
                at += cell.length + 1;
              }
              // where a missing cell would be: just after the last one
              starts.push(at - 1);
              expected.set(placeIn(text, rowStart).line, {
                cells: starts.map((o) => placeIn(text, o)),
                ragged: typeof r !== 'string' && r.ragged,
              });
            }
          });
          const bytes = Buffer.concat([Buffer.from(bom ? '\ufeff' : ''), Buffer.from(text)]);
          for (const read of [await items(bytes, []), await items(bytes, [], 'en', pieceBytes)]) {
            let checked = 0;
            for (const item of read) {
              if (item.kind !== 'error') continue;
              const want = expected.get(item.source.line ?? item.source.row!);
              if (!want) continue;
              for (const e of item.errors) {
                // the cell count's error, just after the last cell; a row the scanner could not cut (a stray quote,
                // or quoted lines in a row short of cells: read one line each) is placed at its line, not a cell
                const short = want.ragged && item.row?.cells.length === 2 && /cells? where the header/.test(e.message);
                const c = e.field !== undefined ? FIELD_CELL[e.field] : short ? 2 : undefined;
                if (c === undefined) continue;
                expect([e.field, e.line, e.column]).toEqual([e.field, want.cells[c]!.line, want.cells[c]!.column]);
                // the spreadsheet's own names stay: the row as Excel numbers it, the column's letter
                if (e.field !== undefined) expect(e.cell?.column).toBe('ABCD'[c]);
                expect(e.row).toBe(item.source.row);
                checked++;
              }
            }
            // with no stray quote to cut rows apart, every refused cell of every row is placed
            if (body.every((r) => typeof r !== 'string')) {
              const refused = body.filter(
                (r) =>
                  typeof r !== 'string' &&
                  (r.ragged
                    ? !/[\r\n]/.test(r.name + r.country)
                    : /Nar|no/.test(r.country + r.category) || r.name.replaceAll('"', '').trim() === ''),
              );
              expect(checked).toBeGreaterThanOrEqual(refused.length);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the number look-ahead (issue 12, second pass)', () => {
  it('numbers read the same however the file is sliced: each row gets the marks the whole file settles', async () => {
    const cell = fc.constantFrom('450,000', '1,250,000', '62,50', '62.50', '12', '', '1.500', '1 500', '"2,500"');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, END), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 400 }),
        async (body, pieceBytes) => {
          const text =
            'brand.name,brand.country,brand.category,pricing.year1BudgetEur,brand.annualRevenueEur\n' +
            body.map(([a, b, e], i) => `B${i},FR,beauty,${a},${b}${e}`).join('');
          const bytes = Buffer.from(text);
          const whole = (await items(bytes, [])).map(describeItem);
          expect((await items(bytes, [], 'en', pieceBytes)).map(describeItem)).toEqual(whole);
          expect(whole).toHaveLength(body.length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the pipeline: a slice on a worker thread is the slice on the main thread', () => {
  const pools: Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it.each(['en', 'fr', 'zh'] as const)(
    '%s: same bytes, same source.row, same messages (ndjson and csv)',
    async (lang) => {
      for (const format of ['ndjson', 'csv'] as const) {
        const setup: RunSetup = {
          pack: 'tmall-global',
          format,
          lang,
          today: '2026-12-01',
          findings: 'costly',
          quiet: false,
          color: false,
          tool: { name: 'market-ready', version: 'test' },
        };
        const hereEnv = await prepare(setup);
        const here = sliceRunner(hereEnv);
        // csv: as run.ts does, the worker's setup carries the columns and dialect the main thread settled (from
        // the file's header), while the main thread's runner settles them from its first result
        const settled =
          format === 'csv'
            ? settleCsv(
                { ...hereEnv.ctx },
                {
                  header: HEAD.split(','),
                  dialect: { delimiter: ',', encoding: 'utf-8', bom: false, lineBreak: '\n', decimalComma: false },
                },
              )
            : undefined;
        const pool = new Pool(1, settled ? { ...setup, sheet: { singleInput: true, settled } } : setup);
        pools.push(pool);
        while (pool.ready === 0) await new Promise((r) => setTimeout(r, 20));
        const line = fc.oneof(
          { weight: 4, arbitrary: goodRow.map((r) => `${r.name.raw},${r.country},${r.category},${r.partner.raw}`) },
          { weight: 1, arbitrary: badLine },
        );
        let jobId = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(line, END), { minLength: 1, maxLength: 20 }), async (body) => {
            const bytes = Buffer.from(HEAD + '\n' + body.map(([l, e]) => l + e).join(''));
            let index = 0;
            for await (const piece of readCsvPieces('-', 'csv', {
              stdin: Readable.from([bytes]),
              lang,
              pieceBytes: 200,
            })) {
              if (piece.kind === 'item') continue;
              const job = (): SliceJob => ({
                id: jobId++,
                fileId: jobId,
                file: '<stdin>',
                header: piece.header,
                headerLine: piece.headerLine,
                bytes: Uint8Array.from(piece.scanned.bytes),
                rows: Int32Array.from(piece.scanned.rows),
                marks: piece.marks,
                firstIndex: index,
              });
              const a: SliceAnswer = here(job());
              const b: SliceAnswer = await pool.run(job());
              index += piece.scanned.count;
              expect(Buffer.from(b.bytes).toString()).toBe(Buffer.from(a.bytes).toString());
              expect(b.diagnostics).toBe(a.diagnostics);
              expect(b.summary).toEqual(a.summary);
            }
          }),
          { numRuns: Math.ceil(RUNS / 3) },
        );
      }
    },
    120_000,
  );
});
