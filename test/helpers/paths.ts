// Set-ups the end-to-end tests of spreadsheet values share.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../src/types.js';

/** Each case runs on the main thread and on the worker threads: the same values, rows and messages. */
export const BOTH_PATHS: [string, Record<string, string>][] = [
  ['main thread', {}],
  ['worker threads', { MARKET_READY_WORKERS_MIN_BYTES: '1' }],
];

/**
 * A temporary folder, and its file writer: each call of `file` writes `content` to a new file `f<n>.<ext>` there
 * and gives its path.
 */
export function tempFolder(prefix: string): { dir: string; file: (content: string | Buffer, ext?: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  const file = (content: string | Buffer, ext = 'csv'): string => {
    const path = join(dir, `f${n++}.${ext}`);
    writeFileSync(path, content);
    return path;
  };
  return { dir, file };
}

/** The results of an ndjson report. */
export const ndjsonResults = (stdout: string): Result[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Result);
