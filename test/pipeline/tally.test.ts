// A slice's results reach the run's summary packed (src/pipeline/row.ts, TallyWriter and eachTally): the summary
// built from the packed tallies must be the one built from the results themselves, for every verdict and every
// way a verdict is decided, waived rules, errors and brands without a name.
import { describe, expect, it } from 'vitest';
import { readCsvInput } from '../../src/io/csv.js';
import { SummaryBuilder } from '../../src/engine/summary.js';
import { assessItem, eachTally, TallyWriter } from '../../src/pipeline/row.js';
import { prepare } from '../../src/pipeline/setup.js';
import type { Result } from '../../src/types.js';

describe('packed tallies', () => {
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
    const ruleIndex = new Map(env.pack.rules.map((r, i) => [r.id, i]));
    for (const size of [1, 3, results.length]) {
      const packed = new SummaryBuilder();
      for (let from = 0; from < results.length; from += size) {
        const writer = new TallyWriter(ruleIndex);
        for (const r of results.slice(from, from + size)) writer.add(r);
        eachTally(writer.done(), env.pack, env.threshold, (r) => packed.add(r));
      }
      expect(packed.build()).toEqual(direct.build());
    }
  });
});
