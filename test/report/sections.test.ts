// The cap on per-brand sections of html and markdown (--sections): the overview counts every brand, only the
// first ones in input order get a section and an index row, and a note says how many were left out.
import { describe, expect, it } from 'vitest';
import { html } from '../../src/report/html.js';
import { markdown } from '../../src/report/markdown.js';
import { context, sampleResults, summarise } from './fixtures.js';

const results = sampleResults('en');
const summary = summarise(results);
const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('--sections', () => {
  it.each([
    [undefined, 3],
    [Infinity, 3],
    [2, 2],
    [0, 0],
  ])('html with sections %s: %i sections and index rows, the overview still counting 3', (sections, shown) => {
    const page = html.footer({ ...context('en'), ...(sections === undefined ? {} : { sections }) }, summary, results);
    expect(count(page, '<article class="brand"')).toBe(shown);
    expect(count(page, '<a href="#brand-')).toBe(shown);
    expect(page).toContain('<h3>Verdicts · 3 profiles</h3>');
    if (shown < 3)
      expect(page).toContain(
        `<p class="note">This report details the first ${shown} of 3 brands, in input order; the other ${3 - shown} are counted in the overview only.`,
      );
    else expect(page).not.toContain('This report details');
  });

  it('html of one brand with --sections 0: the note stands in for its section', () => {
    const one = [results[1]!];
    const page = html.footer({ ...context('en'), sections: 0 }, summarise(one), one);
    expect(page).not.toContain('<article');
    expect(page).toContain('<main>\n<p class="note">This report details the first 0 of 1 brands');
  });

  it.each([
    [undefined, 3],
    [1, 1],
    [0, 0],
  ])('markdown with sections %s: %i table rows and sections', (sections, shown) => {
    const text = markdown.footer(
      { ...context('en'), ...(sections === undefined ? {} : { sections }) },
      summary,
      results,
    );
    expect(text.split('\n').filter((l) => /^\| .* \| (✅|❌|⚠️) \*\*/.test(l))).toHaveLength(shown);
    expect(count(text, '\n---\n\n## ')).toBe(shown);
    expect(text).toContain('**3** profiles');
    if (shown < 3) expect(text).toContain(`_This report details the first ${shown} of 3 brands`);
    else expect(text).not.toContain('This report details');
  });
});
