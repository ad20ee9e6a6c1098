// The worker's reader splits lines without quotes itself and leaves the others to csv-parse: whatever the
// mix (quoted cells with delimiters and line breaks, CRLF, CR alone, stray CRs, ragged rows, blank lines, bad
// cells, an unclosed quote at the end), a slice must give the same ndjson and the same diagnostics, byte for
// byte, as csv-parse reading all of it.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sliceRunner } from '../../src/cli/batch-slice.js';
import type { BatchJob, BatchSetup } from '../../src/cli/batch.js';
import { RowCutter } from '../../src/cli/batch.js';
import { lastRowEnd } from '../helpers/row-end.js';
import { lineEndOf, parserCore, parserOptionsFor } from '../../src/io/csv.js';
import { loadPack } from '../../src/rules/packs.js';
import type { CompiledPack } from '../../src/rules/types.js';

const SETUP: BatchSetup = { format: 'ndjson', pack: 'tmall-global', lang: 'en', threshold: 60, today: '2026-01-01', findings: 'costly' };
let pack: CompiledPack;
beforeAll(async () => {
  pack = await loadPack('tmall-global');
  SETUP.threshold = pack.threshold;
});

/** Runs a whole CSV text through both readers, cut into slices as the main thread cuts them. */
function both(text: string, sliceBytes = 1 << 20): { fast: string; slow: string } {
  const file = Buffer.from(text);
  const lineEnd = lineEndOf(file);
  const chosen = parserOptionsFor(file, lineEnd, 'csv');
  const afterHeader = file[lineEnd] === 0x0d && file[lineEnd + 1] === 0x0a ? lineEnd + 2 : lineEnd + 1;
  let header: string[] = [];
  parserCore({ ...chosen.options }).parse(file.subarray(0, afterHeader), true, (r) => { header = r; }, () => {});
  const results: Record<'fast' | 'slow', string> = { fast: '', slow: '' };
  for (const mode of ['fast', 'slow'] as const) {
    const run = sliceRunner(SETUP, pack, null, mode === 'fast');
    let pos = afterHeader;
    let line = 2;
    const delimiter = String(chosen.options.delimiter).charCodeAt(0);
    while (pos < file.length) {
      const window = file.subarray(pos, Math.min(file.length, pos + sliceBytes));
      let cut = pos + sliceBytes >= file.length ? window.length : lastRowEnd(window, delimiter, chosen.lineBreak);
      if (cut <= 0) cut = window.length;
      const bytes = new Uint8Array(window.subarray(0, cut));
      const job: BatchJob = { id: 0, fileId: 0, file: 'x.csv', header, parserOptions: chosen.options as BatchJob['parserOptions'], startLine: line, bytes };
      const answer = run(job);
      results[mode] += Buffer.from(answer.bytes).toString('utf8') + answer.diagnostics + JSON.stringify(answer.counts) + '\n';
      for (const b of bytes) if (b === chosen.lineBreak) line++;
      pos += cut;
    }
  }
  return results;
}

const HEADER = ['brand.name', 'brand.country', 'brand.category', 'company.overseasBankAccount', 'pricing.year1BudgetEur', 'partners.tmallPartner'];

describe('the quote-free fast path of the worker reader', () => {
  it('reads a mix of quoted and plain rows, CRLF, ragged and blank rows as csv-parse does', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const rows = [
        HEADER.join(','),
        'Plain,FR,beauty,yes,1250000.5,Agence',
        '"Quoted, with comma",FR,beauty,no,"1 250 000,50","Agence ""A"""',
        `"Two${eol}lines",DE,fashion,oui,10,x`,
        'Ragged,FR',
        '',
        ',,,,,',
        'Bad,FR,beauty,maybe,12,x',
        'Stray\rCR,FR,beauty,yes,1,x',
        'Inch 5" screen,FR,beauty,yes,1,x',
        'Après,FR,beauty,non,3,Éditions',
        'Missing,,beauty,yes,1,x',
      ];
      const text = rows.join(eol) + eol;
      const { fast, slow } = both(text);
      expect(fast).toBe(slow);
      expect(fast).toContain('Quoted, with comma');
      // every cell quoted, as some exports write them
      const allQuoted = rows.map((row) => row.split(',').map((c) => `"${c}"`).join(',')).join(eol) + eol;
      expect(both(allQuoted).fast).toBe(both(allQuoted).slow);
      // and without the last line break, and ending inside an unclosed quote

      expect(both(text + 'Last,FR,beauty,yes,1,x').fast).toBe(both(text + 'Last,FR,beauty,yes,1,x').slow);
      const unclosed = both(text + `"Never closed,FR,beauty,yes,1,x${eol}Next,FR,beauty,yes,1,x${eol}`);
      expect(unclosed.fast).toBe(unclosed.slow);
    }
  });

  it('gives the same bytes as csv-parse on random CSV text', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'FR', 'fr', 'beauty', 'yes', 'no', 'maybe', '1250000.5', '1 250,5', '12', 'Maison', 'é', '品牌', ' '),
      fc.array(fc.constantFrom('a', ',', '"', '\r', '\n', ' ', 'é', ';', '1'), { maxLength: 6 }).map((cs) => cs.join('')),
    );
    const row = fc.array(cell, { minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.integer({ min: 8, max: 400 }), (rows, eol, quoteAll, sliceBytes) => {
        // quoted as a spreadsheet quotes (cells with quotes or commas, and some others), or left raw, stray quotes and all
        const quote = (c: string): string => (quoteAll && (c.includes('"') || c.includes(',') || c.length % 3 === 0) ? `"${c.replaceAll('"', '""')}"` : c);
        const text = [HEADER.join(','), ...rows.map((cells) => cells.map(quote).join(','))].join(eol) + eol;
        const { fast, slow } = both(text, sliceBytes);
        expect(fast).toBe(slow);
      }),
      { numRuns: 400 },
    );
  });
});

describe('RowCutter: the main thread cuts a stream into slices of whole rows', () => {
  /** The earlier way: join the held bytes with each chunk and look for the last row end in all of them. */
  function rejoining(chunks: Buffer[], delimiter: number, lineBreak: number): Buffer[] {
    const slices: Buffer[] = [];
    let pending = Buffer.alloc(0);
    for (const chunk of chunks) {
      pending = Buffer.concat([pending, chunk]);
      const cut = lastRowEnd(pending, delimiter, lineBreak);
      if (cut > 0) {
        slices.push(pending.subarray(0, cut));
        pending = pending.subarray(cut);
      }
    }
    if (pending.length > 0) slices.push(pending);
    return slices;
  }

  function cutting(chunks: Buffer[], delimiter: number, lineBreak: number): Buffer[] {
    const cutter = new RowCutter(delimiter, lineBreak);
    const slices: Buffer[] = [];
    for (const chunk of chunks) {
      const rows = cutter.push(chunk);
      if (rows) slices.push(Buffer.from(rows));
    }
    const rest = cutter.rest();
    if (rest.length > 0) slices.push(Buffer.from(rest));
    return slices;
  }

  // text made of what moves a row end: quotes at and away from cell starts, doubled quotes, delimiters, CR, LF
  const piece = fc.constantFrom('a', 'bc', ',', ';', '"', '""', '\n', '\r\n', '\r', ' ', 'x"y', '"q,\nr"');
  it('gives the same slices as joining and rescanning, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 40 }), fc.constantFrom(0x2c, 0x3b), fc.constantFrom(0x0a, 0x0d), (parts, sizes, delimiter, lineBreak) => {
        const text = Buffer.from(parts.join(''));
        const chunks: Buffer[] = [];
        for (let pos = 0, k = 0; pos < text.length; k++) {
          const size = sizes[k % sizes.length]!;
          chunks.push(text.subarray(pos, pos + size));
          pos += size;
        }
        const expected = rejoining(chunks, delimiter, lineBreak).map((b) => b.toString('latin1'));
        expect(cutting(chunks, delimiter, lineBreak).map((b) => b.toString('latin1'))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
