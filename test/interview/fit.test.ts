// The interview's own lines on a narrow terminal: wrapped between words, continuation lines indented.
import { describe, expect, it } from 'vitest';
import { displayWidth as stringWidth } from '../../src/report/text.js';
import { fitToTerminal } from '../../src/cli/interview.js';

const NOTE =
  'productRange.regulatoryPath · used by: Cosmetics clearance route; Cosmetics free of mandatory animal testing';

describe('fitToTerminal', () => {
  it('wraps at word boundaries within the width, continuation lines under the first', () => {
    const out = fitToTerminal(NOTE, '  ', '    ', 40).split('\n');
    expect(out.length).toBeGreaterThan(2);
    for (const line of out) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    expect(out[0]!.startsWith('  p')).toBe(true);
    for (const line of out.slice(1)) expect(line).toMatch(/^ {4}\S/);
    // every word survives whole: joining the lines gives the text back
    expect(out.map((l) => l.trim()).join(' ')).toBe(NOTE);
  });

  it('counts Chinese characters as two columns', () => {
    const text =
      '上一财年营业额为 420 万欧元；有竞争力的申请方通常为超过 1000 万欧元（200 万至 1000 万为中等，低于 200 万为偏弱）';
    for (const line of fitToTerminal(text, '  ', '  ', 30).split('\n'))
      expect(stringWidth(line)).toBeLessThanOrEqual(30);
  });

  it('leaves the line whole when the output is not a terminal', () => {
    expect(fitToTerminal(NOTE, '  ', '    ', undefined)).toBe(`  ${NOTE}`);
  });
});
