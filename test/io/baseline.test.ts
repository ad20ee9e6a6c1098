// The baseline's value count, the bound that keeps JSON.parse from blowing the heap.
import { describe, expect, it } from 'vitest';
import { countJsonValues } from '../../src/io/baseline.js';

describe('countJsonValues', () => {
  it.each([
    ['{"a":[1,2,3]}', 5],
    ['{"a,b:[{":"x\\\\\\"y,z"}', 2],
    ['[]', 1],
    ['"just, a: string [ {"', 0],
  ])('%s: %i', (json, count) => expect(countJsonValues(Buffer.from(json), 100)).toBe(count));

  it('stops counting past the limit', () => {
    expect(countJsonValues(Buffer.from('['.repeat(1000)), 10)).toBe(11);
  });
});
