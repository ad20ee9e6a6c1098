// The slice runner writes each result into its output buffer as it is made (src/pipeline/slice.ts): the bytes
// must be the formatter's, joined, whatever buffer it is given to reuse (none, one too small for a single
// result, one large enough for the whole slice), in every format it runs and in every language.
import { describe, expect, it } from 'vitest';
import { readCsvPieces, rowItems } from '../../src/io/csv.js';
import { assessItem } from '../../src/pipeline/row.js';
import { prepare, type RunSetup } from '../../src/pipeline/setup.js';
import { sliceRunner, type SliceJob } from '../../src/pipeline/slice.js';

const setup = (format: 'ndjson' | 'json', lang: 'en' | 'fr' | 'zh'): RunSetup => ({
  pack: 'tmall-global',
  format,
  lang,
  today: '2026-12-01',
  findings: 'costly',
  quiet: true,
  color: false,
  tool: { name: 'market-ready', version: 'test' },
});

describe('slice runner output', () => {
  it.each([
    ['ndjson', 'en'],
    ['ndjson', 'zh'],
    ['json', 'fr'],
  ] as const)('%s in %s: the formatter bytes, whatever buffer it reuses', async (format, lang) => {
    const env = await prepare(setup(format, lang));
    const run = sliceRunner(env);
    let slices = 0;
    let index = 0;
    for await (const piece of readCsvPieces('fixtures/csv/french-excel-values.csv', 'csv', {
      lang,
      strict: false,
      pieceBytes: 1 << 10,
    })) {
      if (piece.kind === 'item') continue;
      // the file's own warnings (its extra columns) are said once by the main thread, not in a slice (run.ts)
      piece.plan.warnings = [];
      // the reference: each row through the per-row function and the formatter, joined into one string
      let expected = '';
      let i = index;
      rowItems(piece.plan, piece.scanned, (item) => {
        expected += env.formatter.result(
          assessItem(env, item, true, () => undefined),
          env.ctx,
          i++,
        );
      });
      const job = (out?: ArrayBuffer): SliceJob => ({
        id: slices,
        fileId: 0,
        file: piece.plan.file,
        header: piece.header,
        headerLine: piece.headerLine,
        headerOptions: { strict: false, ...(piece.plan.dialect ? { dialect: piece.plan.dialect } : {}) },
        bytes: piece.scanned.bytes,
        rows: piece.scanned.rows,
        firstIndex: index,
        ...(out ? { out } : {}),
      });
      for (const out of [undefined, new ArrayBuffer(64), new ArrayBuffer(8 << 20)]) {
        const answer = run(job(out));
        expect(Buffer.from(answer.bytes).toString('utf8')).toBe(expected);
        expect(answer.summary.counts[0]).toBe(i - index);
      }
      index = i;
      slices++;
    }
    expect(index).toBeGreaterThan(1);
    expect(slices).toBeGreaterThan(0);
  });
});
