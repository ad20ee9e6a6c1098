// A slice's results reach the run's summary as the slice's own summary (SummaryBuilder.part, then merge on the
// main thread): the merged summary must be the one built from the results themselves, one by one, for every
// verdict and every way a verdict is decided, waived rules, errors, brands without a name, and brands of equal
// score in different slices (they rank in the run's order).
import { describe, expect, it } from 'vitest';
import { readCsvInput } from '../../src/io/csv.js';
import { SummaryBuilder } from '../../src/engine/summary.js';
import { assessItem } from '../../src/pipeline/row.js';
import { prepare } from '../../src/pipeline/setup.js';
import type { Result } from '../../src/types.js';

/** the results summed slice by slice, each slice's summary merged in input order, as run.ts does */
function bySlices(results: readonly Result[], size: number): SummaryBuilder {
  const merged = new SummaryBuilder();
  for (let from = 0; from < results.length; from += size) {
    const part = new SummaryBuilder(from);
    for (const r of results.slice(from, from + size)) part.add(r);
    // through a structured clone, as a worker's answer comes
    merged.merge(structuredClone(part.part()));
  }
  return merged;
}

describe('slice summaries', () => {
  it('give the summary the results give, in any number of slices', async () => {
    const env = await prepare({
      pack: 'tmall-global',
      format: 'csv',
      lang: 'en',
      today: '2026-12-01',
      findings: 'costly',
      quiet: true,
      color: false,
      tool: { name: 'market-ready', version: 'test' },
    });
    const results: Result[] = [];
    for (const file of [
      'fixtures/csv/prospects.csv',
      'fixtures/csv/bad-rows.csv',
      'fixtures/csv/formula-injection.csv',
    ])
      for await (const item of readCsvInput(file, 'csv', { lang: 'en' }))
        results.push(assessItem(env, item, true, () => undefined));
    // every verdict and every way it is decided are among them
    const kinds = new Set(results.map((r) => `${r.verdict} ${r.decidedBy}`));
    expect(kinds).toEqual(
      new Set(['approve score', 'turn-down knock-out', 'turn-down score', 'turn-down missing-data', 'error null']),
    );
    const direct = new SummaryBuilder();
    for (const r of results) direct.add(r);
    const expected = direct.build();
    expect(expected.topTurnDownRules!.length).toBeGreaterThan(0);
    for (const size of [1, 2, 3, 7, results.length]) expect(bySlices(results, size).build()).toEqual(expected);
  });

  it('ranks brands of equal score in the order of the run, whichever slice they were in', () => {
    const result = (brand: string, score: number): Result =>
      ({
        source: { file: 'f.csv', row: null, document: null },
        brand,
        verdict: score >= 60 ? 'approve' : 'turn-down',
        decidedBy: 'score',
        score,
        threshold: 60,
        completeness: 1,
        scoreIfComplete: null,
        categories: [],
        findings: [],
        passed: [],
        notApplicable: 0,
        decisive: [],
        errors: [],
        warnings: [],
      }) as Result;
    // twelve brands with only three scores: the five kept at each end are decided by order alone
    const results = Array.from({ length: 12 }, (_, i) => result(`b${i}`, [50, 70, 90][i % 3]!));
    const direct = new SummaryBuilder();
    for (const r of results) direct.add(r);
    const expected = direct.build();
    expect(expected.top!.map((t) => t.brand)).toEqual(['b2', 'b5', 'b8', 'b11', 'b1']);
    expect(expected.bottom!.map((t) => t.brand)).toEqual(['b0', 'b3', 'b6', 'b9', 'b1']);
    for (const size of [1, 2, 5, 12]) expect(bySlices(results, size).build()).toEqual(expected);
  });
});
