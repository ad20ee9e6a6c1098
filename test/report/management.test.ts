// What a director or an account manager sees, checked on the rendered text: the change since the baseline in
// words ("was turned down", not "was TURN DOWN"), a terminal report that profile text cannot take over, and an
// HTML page whose tables stay readable on a phone and whose headers do not run into each other.
import { describe, expect, it } from 'vitest';
import { html } from '../../src/report/html.js';
import { markdown } from '../../src/report/markdown.js';
import { plain, renderResult } from '../../src/report/text.js';
import { context, sampleResults, summarise } from './fixtures.js';

describe('the change since the baseline reads as a sentence', () => {
  it.each([
    ['en', 'was turned down at'],
    ['fr', 'était refusé à'],
    ['zh', '上次为 拒绝'],
  ] as const)('%s', (lang, words) => {
    const results = sampleResults(lang);
    expect(results[0]!.change?.verdictBefore).toBe('turn-down');
    expect(renderResult(results[0]!, context(lang))).toContain(words);
    expect(html.footer(context(lang), summarise(results), results)).toContain(words);
    expect(markdown.footer(context(lang), summarise(results), results)).toContain(words);
  });
});

describe('text report', () => {
  it('profile text cannot move the cursor, recolour the terminal, reorder the line or break the verdict line', () => {
    expect(plain('Evil\u001b[31mRED\u001b[0m\tx\u0007y\u202eRTL\nKyoto')).toBe(
      'Evil\ufffd[31mRED\ufffd[0m x\ufffdy\ufffdRTL Kyoto',
    );
    const [result] = sampleResults();
    const nasty = { ...result!, brand: '京都\nKyoto\u001b[2J' };
    const out = renderResult(nasty, { ...context(), color: false });
    expect(out.split('\n')[0]).toMatch(/^✖ TURN DOWN {2}京都 Kyoto\ufffd\[2J {2}\(/);
    expect(out).not.toContain('\u001b');
  });
});

describe('html report layout', () => {
  const results = sampleResults('zh');
  const out = html.footer(context('zh'), summarise(results), results);

  it('on a phone, the findings and plan tables become one block per row', () => {
    expect(out).toMatch(
      /@media screen and \(max-width:640px\)\{[^}]*\{[^}]*\}[^@]*table\.findings thead,\.plan thead\{display:none\}/,
    );
  });

  it('numeric headers may wrap (French "points gagnés" ran into "score après"), the at-risk table has a narrow # column', () => {
    expect(out).toContain('th.num{white-space:normal}');
    expect(out).toContain('.plan.at-risk tr>:first-child{width:2.5em}');
  });

  it('Chinese sentences end with a Chinese full stop', () => {
    const atRisk = /<section class="plan at-risk">[\s\S]*?<\/p>/.exec(out)?.[0] ?? '';
    expect(atRisk).not.toBe('');
    expect(atRisk).not.toMatch(/分\. /);
    expect(atRisk).toContain('。');
  });
});
