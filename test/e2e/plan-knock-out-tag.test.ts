// End to end: a plan tags [knock-out] the steps that clear a failing or unknown knock-out, and only those. A
// knock-out already met with partial credit (a luxury price point of EUR 110 on a ramp to EUR 200) blocks
// nothing: raising it is a weighted step like any other, and the plan must not claim it "clears every knock-out".
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'market-ready-plan-tag-'));
const fashionHouse = readFileSync(
  join(ROOT, 'fixtures/brands/luxury-pavilion/turn-down-festival-discounts-fashion-house.yaml'),
  'utf8',
);
// every knock-out met, the luxury price point only in part; the threshold of 99 leaves it as the step to take
const partlyMet = join(dir, 'partly-met-price-point.yaml');
writeFileSync(
  partlyMet,
  fashionHouse
    .replace('averageUnitPriceEur: 900', 'averageUnitPriceEur: 110')
    .replace('festivalDiscountPct: 50', 'festivalDiscountPct: 10'),
);
const args = (file: string, ...more: string[]): string[] => [
  'assess',
  file,
  '-p',
  'luxury-pavilion',
  '--threshold',
  '99',
  '--no-color',
  '--fail-on',
  'none',
  ...more,
];

describe('the [knock-out] tag of a plan step', () => {
  it('text: is not on a knock-out already met with partial credit, nor is "clears every knock-out"', async () => {
    const r = await run(args(partlyMet));
    const plan = r.stdout.slice(r.stdout.indexOf('Plan to approval'));
    expect(plan).toMatch(/\n {4}1\. Luxury price point → EUR 200 /);
    expect(plan).not.toContain('[knock-out]');
    expect(plan).toContain('Following this plan takes the score from 98.8 to 100 (threshold 99).');
  });

  it('json: the step does not say it clears a knock-out', async () => {
    const r = await run(args(partlyMet, '-f', 'json'));
    const [step] = JSON.parse(r.stdout).results[0].plan.steps;
    expect(step).toMatchObject({ ruleId: 'productRange/luxury-price-point', blocker: false });
  });

  it.each([
    ['markdown', '**knock-out**'],
    ['html', 'chip blocker'],
  ])('%s: no knock-out mark in the plan', async (format, mark) => {
    const r = await run(args(partlyMet, '-f', format));
    // the plan alone: the findings and met criteria beside it rightly mark the pack's knock-outs
    const plan = r.stdout.slice(r.stdout.indexOf('Plan to approval'), r.stdout.indexOf('Following this plan'));
    expect(plan).toContain('Luxury price point');
    expect(plan).not.toContain(mark);
  });

  it('is still on the step that clears a failing knock-out', async () => {
    const r = await run(
      args(join(ROOT, 'fixtures/brands/luxury-pavilion/turn-down-festival-discounts-fashion-house.yaml')),
    );
    expect(r.stdout).toMatch(/1\. \[knock-out\] No deep festival discounts → 30%/);
    expect(r.stdout).toContain('and clears every knock-out');
  });
});
