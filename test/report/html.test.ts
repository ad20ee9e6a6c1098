import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { escapeHtml, html } from '../../src/report/html.js';
import { formatNumber } from '../../src/i18n/index.js';
import { splitFindings } from '../../src/report/explain.js';
import { context, sampleResults, summarise } from './fixtures.js';

const results = sampleResults();
const render = (lang: 'en' | 'fr' | 'zh' = 'en', list = lang === 'en' ? results : sampleResults(lang)): string =>
  html.footer(context(lang), summarise(list), list);

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('html report', () => {
  const out = render();

  it('is one self-contained page: no script, no external resource, the language set', () => {
    expect(out.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<link|<img|<iframe|<object|<embed|@import|url\(/i);
    expect(out).not.toMatch(/(src|href|xlink:href)\s*=\s*["']?(https?:)?\/\//i);
    expect(out).toContain('<meta charset="utf-8">');
    expect(out).toContain('@media print');
    expect(render('fr')).toContain('<html lang="fr">');
    expect(render('zh')).toContain('<html lang="zh-Hans">');
  });

  it('escapes every text from profiles and packs', () => {
    expect(out).toContain(
      'Evil | &lt;script&gt;alert(1)&lt;/script&gt; *bold* _x_ [link](http://evil.example) &amp; &quot;quoted&quot;',
    );
    expect(out).toContain('Enrol | now &lt;b&gt;today&lt;/b&gt;');
    expect(out).toContain('Broken &lt;b&gt;');
    expect(out).toContain('expected &lt;ISO&gt; code');
    expect(out).toContain('Test &lt;pack&gt;');
    expect(out).not.toContain('<b>');
  });

  it('is well-formed markup once the doctype is set aside (every element closed, attributes quoted)', () => {
    // void elements written as HTML (<meta>, <br>, <col>) are closed for the XML check
    const xml = out.replace('<!doctype html>', '').replace(/<(meta|br|col)(\s[^>]*)?>/g, '<$1$2/>');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has a verdict banner, the score against the threshold and a category chart per brand', () => {
    const banners = [...out.matchAll(/<div class="banner ([a-z-]+)" data-verdict="([a-z-]+)">/g)].map((m) => m[2]);
    expect(banners).toEqual(['turn-down', 'approve', 'error']);
    expect(out).toContain('✖ TURN DOWN</span><span class="name">Evil | &lt;script&gt;');
    expect(out).toMatch(/<svg class="gauge" role="img"[^>]*aria-label="score|[^"]*\d+(\.\d)? \/ 100 \(threshold 70\)"/);
    expect(out.match(/<figure class="chart categories"><div class="cats">/g)).toHaveLength(2);
    // one bar per category and its value
    expect(out).toContain('<span class="val">50 / 50</span>');
  });

  it('shows the findings with actual vs expected, the plan and the change since the baseline', () => {
    expect(out).toContain('<th>profile says</th><th>expected</th><th>what to do</th>');
    expect(out).toContain('<h3>Plan to approval</h3>');
    expect(out).toContain('<h3>What would bring it down</h3>');
    expect(out).toMatch(
      /<div class="change"><strong>Since last time<\/strong>: was turned down at [\d.]+ <strong class="up">\+[\d.]+<\/strong>/,
    );
    expect(out).toContain('now passing: title of company/team <code>company/team</code>');
    // the partner's name stands for text only the brand can supply: no made-up value is shown as a target
    expect(out).not.toContain('set to: <strong>…</strong>');
  });

  it('opens a batch with an overview: verdict counts, score distribution chart, top turn-down reasons, an index', () => {
    expect(out).toContain('<h2 id="overview">Overview</h2>');
    expect(out).toContain('<div class="tile approve"><span class="n">1</span>approved</div>');
    expect(out).toContain('<figure class="chart distribution"><svg role="img"');
    expect(out).toContain('<h3>Rules that turn most brands down</h3>');
    expect(out).toContain('<a href="#brand-2">Maison Claire</a>');
    expect(out).toContain('id="brand-2"');
  });

  it('a single brand has no overview', () => {
    const one = render('en', results.slice(1, 2));
    expect(one).not.toContain('Overview');
    expect(one).toContain('<title>Maison Claire — Market readiness report — Test &lt;pack&gt;</title>');
  });

  it('is deterministic', () => {
    expect(render()).toBe(out);
  });

  it("writes each finding's points as formatNumber does, at the edges of the numbers it remembers", () => {
    // numText remembers the texts of 0 to 100 by their hundredths: values just outside, tiny negative ones, and
    // values whose hundredths meet (99.995 reads 100, 99.99 and 99.994 read 99.99) must each read as formatNumber
    // writes them, in whatever order they come
    const points = [
      0, 0.004, -0.004, 0.5, -0.5, 33.333333, 99.995, 99.99, 99.994, 100, 100.004, 100.006, 250.5, -3, 1e-9, 7,
    ];
    for (const lang of ['en', 'fr'] as const) {
      for (const order of [points, [...points].reverse()]) {
        const [turnDown] = sampleResults(lang);
        // one failed finding, again and again with each of the points (all listed under what to improve)
        const failed = turnDown!.findings.find((f) => f.status === 'fail' && !f.blocker)!;
        const findings = order.map((p) => ({ ...failed, points: p, maxPoints: 100 }));
        const page = html.footer(context(lang), summarise([turnDown!]), [{ ...turnDown!, findings }]);
        const shown = [...page.matchAll(/<span class="muted">([^<]*) \/ ([^<]*)<\/span>/g)].map((m) => m[1]!);
        const listed = splitFindings({ ...turnDown!, findings }).toImprove.map((f) => formatNumber(f.points, lang));
        expect(listed).toHaveLength(points.length);
        expect(shown).toEqual(listed);
      }
    }
  });
});
