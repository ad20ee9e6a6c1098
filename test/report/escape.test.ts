// The escaping of each output channel, table-driven: what each must neutralise, and what it must leave alone.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  codeSpan,
  escapeHtml,
  escapeMarkdown,
  forTerminal,
  forTerminalDeep,
  forTerminalLines,
  githubData,
  githubProperty,
  xmlAttr,
  xmlText,
} from '../../src/report/escape.js';

const HOSTILE = 'a\u001b[31mb\u0007c\u0085d\u009b2Je\u007ff\u202eg\u2066h\u061ci';

describe('forTerminal', () => {
  it.each([
    [HOSTILE, 'a\ufffd[31mb\ufffdc\ufffdd\ufffd2Je\ufffdf\ufffdg\ufffdh\ufffdi'],
    ['one\ntwo\r\nthree\tfour\u2028five', 'one two three four five'],
    ['Café 品牌 Ünïcödé', 'Café 品牌 Ünïcödé'],
  ])('%j', (input, output) => expect(forTerminal(input)).toBe(output));

  it('forTerminalLines keeps the line breaks and neutralises each line', () => {
    expect(forTerminalLines('error: x\u001b[2J\r\nusage: y\n')).toBe('error: x\ufffd[2J\nusage: y\n');
  });

  it('forTerminalDeep reaches every string of nested data, and copies rather than changes it', () => {
    const data = { brand: 'A\u001bB', list: ['\u009b', { deep: 'x\u202e' }], n: 1, none: null };
    expect(forTerminalDeep(data)).toEqual({
      brand: 'A\ufffdB',
      list: ['\ufffd', { deep: 'x\ufffd' }],
      n: 1,
      none: null,
    });
    expect(data.brand).toBe('A\u001bB');
  });
});

describe('github workflow commands (the @actions/core rule)', () => {
  it.each([
    ['100% done\r\n::error::x', '100%25 done%0D%0A::error::x', '100%25 done%0D%0A%3A%3Aerror%3A%3Ax'],
    ['a,b:c', 'a,b:c', 'a%2Cb%3Ac'],
    ['esc\u001b[31m', 'esc\ufffd[31m', 'esc\ufffd[31m'],
  ])('%j', (input, data, property) => {
    expect(githubData(input)).toBe(data);
    expect(githubProperty(input)).toBe(property);
  });
});

describe('markup channels', () => {
  it('xml: markup escaped, what XML cannot carry replaced', () => {
    expect(xmlText('<a>&\u0001')).toBe('&lt;a&gt;&amp;\ufffd');
    expect(xmlAttr('"\'\n')).toBe('&quot;&apos;&#10;');
  });
  it('html: the five characters, and controls and bidi made visible', () => {
    expect(escapeHtml(`<b title='x'>"&"</b>\u202e\u001b`)).toBe(
      '&lt;b title=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/b&gt;\ufffd\ufffd',
    );
  });
  it('markdown: inline punctuation escaped, breaks folded, controls made visible', () => {
    expect(escapeMarkdown('*a*\n[b](c)\u001b')).toBe('\\*a\\* \\[b\\](c)\ufffd');
    expect(codeSpan('a`b\u001b')).toBe('``a`b\ufffd``');
  });
});

describe('escapeHtml says "nothing to change" exactly where the escaping would change nothing', () => {
  // the escaping written out plainly, without the scan that lets most texts through untouched
  const reference = (text: string): string =>
    text
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');

  it('on every UTF-16 code unit alone and between letters', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const ch = String.fromCharCode(unit);
      if (escapeHtml(ch) !== reference(ch) || escapeHtml(`ab${ch}cd`) !== reference(`ab${ch}cd`)) wrong.push(unit);
    }
    expect(wrong).toEqual([]);
  });

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => escapeHtml(text) === reference(text)),
    );
  });
});

describe('forTerminal and forTerminalDeep against the plain replacing they stand for', () => {
  const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/g;
  const reference = (text: string): string => text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(UNSAFE, '\ufffd');
  // the deep copy as it was written first: every array and plain object copied, every string replaced
  const deepReference = (value: unknown): unknown => {
    if (typeof value === 'string') return reference(value);
    if (Array.isArray(value)) return value.map(deepReference);
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepReference(v)]));
    return value;
  };

  it('forTerminal on every UTF-16 code unit alone and between letters', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const ch = String.fromCharCode(unit);
      if (forTerminal(ch) !== reference(ch) || forTerminal(`ab${ch}${ch}cd`) !== reference(`ab${ch}${ch}cd`))
        wrong.push(unit);
    }
    expect(wrong).toEqual([]);
  });

  it('forTerminalDeep on random data: the same values, key order included, and the input left as it was', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('\u001b[2J', 'a\nb', '\u202e', '\u0085'),
    );
    const data = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        fc.double(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(text, tie('value'), { maxKeys: 4, noNullPrototype: true }),
      ),
    })).value;
    fc.assert(
      fc.property(data, (value) => {
        const before = structuredClone(value);
        const safe = forTerminalDeep(value);
        expect(safe).toStrictEqual(deepReference(value));
        expect(JSON.stringify(safe)).toBe(JSON.stringify(deepReference(value)));
        expect(value).toStrictEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('forTerminalDeep copies only what holds a string to change, and gives clean data back as it is', () => {
    const clean = { brand: 'Maison', findings: [{ ruleId: 'a/b', actual: 3 }], plan: null };
    expect(forTerminalDeep(clean)).toBe(clean);
    const dirty = { brand: 'Maison', findings: [{ ruleId: 'a/b' }, { ruleId: 'x\u001by' }], plan: { steps: [] } };
    const safe = forTerminalDeep(dirty);
    expect(safe).not.toBe(dirty);
    expect(safe.findings).not.toBe(dirty.findings);
    expect(safe.findings[0]).toBe(dirty.findings[0]);
    expect(safe.findings[1]).toEqual({ ruleId: 'x\ufffdy' });
    expect(safe.plan).toBe(dirty.plan);
    expect(dirty.findings[1]!.ruleId).toBe('x\u001by');
  });
});

describe('escapeMarkdown and codeSpan against the plain replacing they stand for', () => {
  const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/g;
  const markdown = (text: string): string =>
    text
      .replace(/\r?\n|\r/g, ' ')
      .replace(UNSAFE, '\ufffd')
      .replace(/[\\`*_[\]<>#|~&$]/g, '\\$&');
  const code = (text: string): string => {
    const clean = text
      .replace(/\r?\n|\r/g, ' ')
      .replace(UNSAFE, '\ufffd')
      .replace(/\|/g, '\\|');
    const fence = '`'.repeat(Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length)) + 1);
    const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${clean}${pad}${fence}`;
  };

  it('on every UTF-16 code unit alone and between letters', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      for (const text of [String.fromCharCode(unit), `ab${String.fromCharCode(unit)}cd`]) {
        if (escapeMarkdown(text) !== markdown(text) || codeSpan(text) !== code(text)) wrong.push(unit);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('on random text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        (text) => escapeMarkdown(text) === markdown(text) && codeSpan(text) === code(text),
      ),
    );
  });
});
