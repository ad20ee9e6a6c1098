import { afterEach, describe, expect, it } from 'vitest';
import { route } from '../../src/pipeline/run.js';

const MB = 1 << 20;
const saved = process.env.MARKET_READY_WORKERS_MIN_BYTES;
afterEach(() => {
  if (saved === undefined) delete process.env.MARKET_READY_WORKERS_MIN_BYTES;
  else process.env.MARKET_READY_WORKERS_MIN_BYTES = saved;
});

describe('route: where a CSV file’s slices run', () => {
  it('ndjson and json take the workers from 1 MB, csv (cheaper rows) from 8 MB', () => {
    delete process.env.MARKET_READY_WORKERS_MIN_BYTES;
    expect(route('ndjson', MB - 1, 2)).toBe('here');
    expect(route('ndjson', MB, 2)).toBe('workers');
    expect(route('json', 2 * MB, 2)).toBe('workers');
    expect(route('csv', 6 * MB, 2)).toBe('here');
    expect(route('csv', 8 * MB, 2)).toBe('workers');
  });
  it('stdin (size unknown) takes the workers; one core or a report that keeps state never does', () => {
    delete process.env.MARKET_READY_WORKERS_MIN_BYTES;
    expect(route('csv', null, 2)).toBe('workers');
    expect(route('ndjson', 100 * MB, 1)).toBe('here');
    expect(route('html', 100 * MB, 2)).toBe('here');
  });
  it('MARKET_READY_WORKERS_MIN_BYTES sets one threshold for every format; a value that is no count is ignored', () => {
    process.env.MARKET_READY_WORKERS_MIN_BYTES = String(MB);
    expect(route('csv', MB, 2)).toBe('workers');
    expect(route('ndjson', MB - 1, 2)).toBe('here');
    process.env.MARKET_READY_WORKERS_MIN_BYTES = '1e3';
    expect(route('csv', 6 * MB, 2)).toBe('here');
  });
});
