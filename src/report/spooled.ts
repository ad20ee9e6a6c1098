// What the spooled formats (html, markdown, junit) share: the cap on per-brand sections, and rendering a run in
// memory, which is what their `footer` does for the library and the tests (`assess` spools to disk instead).
import type { Result, Summary } from '../types.js';
import type { SpooledReport } from './types.js';

/**
 * How many brands get a section of their own in html and markdown unless `--sections` says otherwise. A section
 * is some 20 KB of html; past a few hundred brands a page stops being read (and a million-row batch would make
 * a 20 GB one), while the overview still counts every brand and csv or ndjson list each of them.
 */
export const DEFAULT_SECTIONS = 500;

export function sectionLimit(sections: number | undefined): number {
  return sections === undefined ? DEFAULT_SECTIONS : sections;
}

export function renderInMemory(run: SpooledReport, results: readonly Result[], summary: Summary): string {
  const spools: string[][] = Array.from({ length: run.spools }, () => []);
  results.forEach((result, index) => {
    run.add(result, index).forEach((piece, i) => spools[i]!.push(piece));
  });
  return run
    .finish(summary)
    .map((part) => (typeof part === 'number' ? spools[part]!.join('') : part))
    .join('');
}
