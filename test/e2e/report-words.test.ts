// End to end: the text report as an account manager reads it in each language: Chinese remarks in full-width
// parentheses, labels followed by the language's own colon, plan targets with their units, unknown data named
// by its labels rather than its field paths.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const text = async (args: string[]): Promise<string> => {
  const r = await run(['assess', ...args, '--no-color', '--fail-on', 'none'], { env: { NO_COLOR: '1' } });
  expect(r.stderr).toBe('');
  return r.stdout;
};

describe('the text report in Chinese', () => {
  it('puts the effort and the plan step remarks in full-width parentheses', async () => {
    const out = await text(['fixtures/brands/turn-down-reseller-wine.yaml', '--lang', 'zh']);
    expect(out).toContain('（难度：高）');
    expect(out).toMatch(/第一年投入 → 100 万欧元（\+\d+(\.\d)? → \d+(\.\d)? · 难度：高 · pricing\/year1-budget）/);
    expect(out).not.toMatch(/ \((难度|\+)/);
  });

  it("says a brand's awareness and grey-market resale in words that fit both", async () => {
    const out = await text(['fixtures/brands/turn-down-large-brand-test-budget-sportswear.yaml', '--lang', 'zh']);
    expect(out).toContain('品牌在中国的知名度为：较低');
    expect(out).not.toMatch(/知名度为：(少量|严重)/);
  });

  it('ends the batch with its best and worst brands after a full-width colon', async () => {
    // more brands than a list holds: a batch of up to five has one line of scores instead
    const out = await text(['fixtures/brands/', '--lang', 'zh']);
    expect(out).toMatch(/得分最高：\S.*；/);
    expect(out).not.toContain('得分最高: ');
  });
});

describe('the text report in French', () => {
  it('separates the best brands by semicolons, since their scores carry a decimal comma', async () => {
    const out = await text(['fixtures/brands/', '--lang', 'fr']);
    const line = out.split('\n').find((l) => l.includes('Meilleurs scores'))!;
    expect(line).toMatch(/Meilleurs scores\s:\s.+\d\s;\s\S/u);
    expect(line).not.toMatch(/\d,\d, /);
  });
});

describe('the plan and the unknown data, in every language', () => {
  it.each([
    ['en', 'First-year investment → EUR 1,000,000', 'Not in the profile: Chinese brand name'],
    ['zh', '第一年投入 → 100 万欧元', '档案中缺少的信息：中文品牌名'],
  ])('%s: a budget target with its unit, unknown fields by their labels', async (lang, target, unknown) => {
    // a brand of EUR 4.2 million: the million is within its means (a brand of EUR 800,000 is not asked for it)
    const out = await text(['fixtures/brands/turn-down-reseller-wine.yaml', '--lang', lang]);
    expect(out).toContain(target);
    expect(out).toContain(unknown);
    expect(out).not.toContain('ip.chineseBrandName');
  });
});

describe('the plan summary', () => {
  it.each([
    ['en', 'Following this plan takes the score from 92.4 to 98.6 (threshold 92.5).'],
    ['fr', 'Ce plan porte le score de 92,4 à 98,6 (seuil 92,5).'],
    ['zh', '完成本计划后，得分将从 92.4 提高到 98.6（门槛 92.5）。'],
  ])('%s: says nothing of knock-outs when none stood in the way', async (lang, summary) => {
    const out = await text(['fixtures/brands/approve-french-skincare.yaml', '--threshold', '92.5', '--lang', lang]);
    expect(out).toContain(summary);
    expect(out).not.toMatch(/clears every knock-out|lève tous les critères|一票否决项均已满足/);
  });

  it('still says the knock-outs are cleared when the plan clears one', async () => {
    const out = await text(['fixtures/brands/turn-down-reseller-wine.yaml']);
    expect(out).toContain('(threshold 70) and clears every knock-out.');
  });
});
