import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, markdown } from '../../src/report/markdown.js';
import { context, NASTY, sampleResults, summarise } from './fixtures.js';

const results = sampleResults();
const render = (lang: 'en' | 'fr' | 'zh' = 'en', list = lang === 'en' ? results : sampleResults(lang)): string =>
  markdown.footer(context(lang), summarise(list), list);

/** The cells of a Markdown table row, split on unescaped pipes. */
const cells = (line: string): string[] =>
  line
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('escapeMarkdown', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['*x* _y_ `z`', '\\*x\\* \\_y\\_ \\`z\\`'],
    ['[t](http://u)', '\\[t\\](http://u)'],
    ['<script>', '\\<script\\>'],
    ['A & B #1 ~~s~~ $5', 'A \\& B \\#1 \\~\\~s\\~\\~ \\$5'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\r\nhere', 'two lines here'],
    ['L’Oréal (Paris) 11.11!', 'L’Oréal (Paris) 11.11!'],
  ])('%j -> %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it('keeps code spans intact around backticks and pipes', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
  });
});

describe('markdown report', () => {
  const out = render();
  const lines = out.split('\n');

  it('opens with a summary table of every brand: brand, verdict, score, threshold, completeness, top reason', () => {
    expect(lines[0]).toBe('# Market readiness report — Test \\<pack\\>');
    const header = lines.indexOf('| brand | verdict | score | threshold | data completeness | main reason |');
    expect(header).toBe(2);
    expect(lines[3]).toBe('| --- | --- | ---: | ---: | ---: | --- |');
    const rows = lines.slice(4, 7).map(cells);
    expect(rows.map((r) => r.length)).toEqual([6, 6, 6]);
    expect(rows[0]!.slice(1, 5)).toEqual([
      '❌ **TURN DOWN**',
      String(results[0]!.score),
      '70',
      `${results[0]!.completeness}%`,
    ]);
    expect(rows[1]!.slice(0, 3)).toEqual(['Maison Claire', '✅ **APPROVE**', '100']);
    // an approve's cell gives its margin, not a failure that decided nothing
    expect(rows[1]![5]).toBe('margin above the threshold: 30 points');
    expect(rows[2]![1]).toBe('⚠️ **ERROR**');
    expect(rows[2]![5]).toBe('expected \\<ISO\\> code');
  });

  it('escapes a hostile brand name everywhere: no raw pipe, tag, emphasis or link', () => {
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<b>');
    expect(out).not.toMatch(/(?<!\\)\[link\]/);
    expect(out).toContain(
      'Evil \\| \\<script\\>alert(1)\\</script\\> \\*bold\\* \\_x\\_ \\[link\\](http://evil.example) \\& "quoted" \\`tick\\` \\#1 \\~\\~s\\~\\~ \\$x\\$',
    );
    // every table row keeps its header's column count whatever the profile said
    expect(NASTY).toContain('|');
    let columns = 0;
    let rows = 0;
    lines.forEach((line, i) => {
      if (!line.startsWith('| ')) columns = 0;
      else if (lines[i + 1]?.startsWith('| ---')) columns = cells(line).length;
      else {
        expect(cells(line).length, line).toBe(columns);
        rows++;
      }
    });
    expect(rows).toBeGreaterThan(20);
  });

  it('has a section per brand with the score against the threshold, categories, findings with actual vs expected, and the plan', () => {
    const sections = lines.filter((l) => l.startsWith('## ') && l !== '## Overview');
    expect(sections).toHaveLength(3);
    expect(sections[1]).toBe('## Maison Claire — ✅ **APPROVE**');
    expect(out).toContain(`**score: ${results[0]!.score} / 100 (threshold 70)**`);
    expect(out).toContain('### By category');
    expect(out).toContain('| status | rule | profile says | expected | what to do | effort | points |');
    expect(out).toContain('| **knock-out** · fail | title of company/bank<br>`company/bank` | no | what is expected |');
    expect(out).toContain('### Plan to approval');
    expect(out).toContain('| # | rule | target | what to do | effort | points won | score after |');
    // the plan's remedy is pack text and is escaped too
    expect(out).toContain('Enrol \\| now \\<b\\>today\\</b\\>');
    expect(out).toContain('### What would bring it down');
    expect(out).toContain('margin above the threshold: 30 points.');
  });

  it('shows the change since the baseline and the batch overview', () => {
    expect(out).toContain('**Since last time**: was turned down at');
    expect(out).toMatch(/- ✅ now passing: title of company\/team `company\/team`/);
    expect(out).toContain('## Overview');
    expect(out).toContain('**3** profiles: ✅ 1 approved · ❌ 1 turned down · ⚠️ 1 error');
    expect(out).toContain('### Rules that turn most brands down');
  });

  it('errors are listed in their section, escaped', () => {
    expect(out).toContain('- broken.yaml:3:1 brand.country: expected \\<ISO\\> code');
  });

  it('speaks French and Chinese', () => {
    const fr = render('fr');
    expect(fr).toContain('# Rapport de préparation au marché chinois');
    expect(fr).toContain('| marque | décision | score | seuil | complétude des données | raison principale |');
    expect(fr).toContain('### Plan pour être accepté');
    expect(fr).toContain('Inscrivez-vous \\| \\<b\\>aujourd’hui\\</b\\>');
    const zh = render('zh');
    expect(zh).toContain('# 中国市场准备度报告');
    expect(zh).toContain('### 达到通过的改进计划');
  });

  it('is deterministic', () => {
    expect(render()).toBe(out);
  });
});
