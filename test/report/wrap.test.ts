// Terminal lines wrapped between words, between Chinese characters, and inside a path only at its separators.
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/i18n/index.js';
import { textWidth, wrapLine, wrapText } from '../../src/report/wrap.js';

/**
 * Fails unless `out` is `line` wrapped to `columns`: no line too wide, and each break either replaces spaces,
 * falls between two characters one of which is Chinese, or follows a path separator. Returns the lines.
 */
export function expectWrapped(line: string, out: string, columns: number): string[] {
  const lines = out.split('\n');
  for (const l of lines) expect(textWidth(l), l).toBeLessThanOrEqual(columns);
  let rest = line;
  lines.forEach((l, i) => {
    const text = i === 0 ? l : l.replace(/^ +/, '');
    expect(rest.startsWith(text), `line ${i} "${text}" is not the next part of the text`).toBe(true);
    rest = rest.slice(text.length);
    if (i === lines.length - 1) return;
    const before = text.at(-1)!;
    if (rest.startsWith(' ')) rest = rest.replace(/^ +/, '');
    else
      expect(before === '/' || textWidth(before) === 2 || textWidth(rest[0]!) === 2, `cut after "${text}"`).toBe(true);
  });
  expect(rest).toBe('');
  return lines;
}

describe('wrapLine', () => {
  const resume =
    'Interrupted: the answers so far are saved in /home/consultant/clients/pelletteria-montalcino.draft.yaml. Resume with: market-ready interview --from /home/consultant/clients/pelletteria-montalcino.draft.yaml';

  it.each([40, 60, 80, 120])('breaks between words at %i columns, every word whole', (columns) => {
    const lines = expectWrapped(resume, wrapLine(resume, columns), columns);
    expect(lines.length).toBeGreaterThan(1);
    // a path that fits on a line is never cut, even at its separators
    if (columns >= 60)
      expect(
        lines.filter((l) => l.includes('/home/consultant/clients/pelletteria-montalcino.draft.yaml')),
      ).toHaveLength(2);
  });

  it.each([30, 40, 44, 50, 60])(
    'never breaks a French number between its groups of digits, nor before a semicolon (%i columns)',
    (columns) => {
      // a pack's French text as written, with ordinary spaces, and the tool's numbers (formatNumber)
      const line = `Le budget de première année est de 120 000 EUR ; Tmall exige au moins ${formatNumber(1_000_000, 'fr')} EUR pour un lancement solide, soit 1 250 000,50 EUR : « assez ».`;
      const lines = expectWrapped(line, wrapLine(line, columns), columns);
      lines.forEach((l, i) => {
        const next = lines[i + 1]?.trimStart();
        if (next === undefined) return;
        expect(`${l}|${next}`).not.toMatch(/\d\|\d{3}/);
        expect(next).not.toMatch(/^[;:»]/);
        expect(l).not.toMatch(/«$/);
      });
    },
  );

  it('writes French thousands with a narrow no-break space, so that no page or terminal splits a number', () => {
    expect(formatNumber(120_000, 'fr')).toBe('120\u202f000');
    expect(formatNumber(1_250_000.5, 'fr')).toBe('1\u202f250\u202f000,5');
  });

  it('cuts a path wider than the line at its separators only', () => {
    const path = '/srv/market-ready/consultants/agence-lyon/dossiers-2026/pelletteria-montalcino.draft.yaml';
    const line = `Resume with: market-ready interview --from ${path}`;
    const lines = expectWrapped(line, wrapLine(line, 40), 40);
    expect(lines.filter((l) => l.endsWith('/')).length).toBeGreaterThan(0);
    // never after the slash that starts the path
    expect(lines.some((l) => l.endsWith(' /'))).toBe(false);
  });

  it.each([40, 60, 80])(
    'breaks Chinese between characters at %i columns, never inside a Latin word or before closing punctuation',
    (columns) => {
      const line =
        '已中断：目前的回答已保存到 pelletteria-montalcino.draft.yaml。继续请运行：market-ready interview --from pelletteria-montalcino.draft.yaml';
      const lines = expectWrapped(line, wrapLine(line, columns), columns);
      for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。：；）]/);
      expect(lines.some((l) => l.includes('market-ready'))).toBe(true);
    },
  );

  it('counts a Chinese character as two columns and keeps colour codes whole', () => {
    expect(textWidth('市场')).toBe(4);
    const red = '\u001b[31m';
    const reset = '\u001b[39m';
    const out = wrapLine(`${red}alpha beta gamma${reset} delta epsilon`, 12);
    expect(out.replace(/\u001b\[\d+m/g, '').split('\n')).toEqual(['alpha beta', 'gamma delta', 'epsilon']);
    expect(out).toContain(red);
    expect(out).toContain(reset);
  });

  it('indents continuation lines like the first, or as asked', () => {
    expect(wrapLine('    one two three four', 14)).toBe('    one two\n    three four');
    expect(wrapLine('  → one two three four', 14, { hanging: '    ' })).toBe('  → one two\n    three four');
    // a list item or a finding continues under its text, not under its mark
    expect(wrapLine('  ✖ one two three four', 14)).toBe('  ✖ one two\n    three four');
    expect(wrapLine('    1. one two three four', 17)).toBe('    1. one two\n       three four');
  });

  it('leaves text alone without a terminal width', () => {
    expect(wrapText('a b c\nd e', undefined)).toBe('a b c\nd e');
    expect(wrapText('one two\nthree four', 5)).toBe('one\ntwo\nthree\nfour');
  });
});
