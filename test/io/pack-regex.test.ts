// Pack patterns are matched by RE2 in time linear in the value: the shapes that backtrack for ever in JavaScript
// take milliseconds, and they match as JavaScript would.
import { describe, expect, it } from 'vitest';
import { compilePackRegex } from '../../src/rules/safe-regex.js';

describe('compilePackRegex', () => {
  it.each([
    ['^a*a*a*a*a*a*a*a*$', 'a'.repeat(49) + 'b'],
    ['^.*.*.*.*.*.*.*.*=$', 'x'.repeat(500)],
    ['^(a+)+$', 'a'.repeat(5000) + 'b'],
    ['^(a|aa)*$', 'a'.repeat(5000) + 'b'],
  ])('%s on a hostile value: no match, in milliseconds', (pattern, value) => {
    const re = compilePackRegex(pattern);
    if ('refused' in re) throw new Error(re.refused);
    const started = performance.now();
    expect(re.test(value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it.each([
    ['^[A-Z]{2}$', 'FR', true],
    ['^[A-Z]{2}$', 'FRA', false],
    ['\\u00e9', 'Café', true],
    ['^\\p{Script=Han}+$', '兰蔻', true],
    ['^\\p{Script=Han}+$', 'Lancôme', false],
    ['ab', 'xxabxx', true],
  ])('%s on %s: %s, as RegExp says', (pattern, value, expected) => {
    const re = compilePackRegex(pattern);
    if ('refused' in re) throw new Error(re.refused);
    expect(re.test(value)).toBe(expected);
    expect(new RegExp(pattern, 'u').test(value)).toBe(expected);
  });
});
