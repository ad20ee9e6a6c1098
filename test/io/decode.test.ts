// Whole-file decoding: UTF-8, Windows-1252 throughout, or refused at the byte that breaks a UTF-8 file.
import { describe, expect, it } from 'vitest';
import { decodeText, utf8OrWin1252 } from '../../src/io/decode.js';

describe('decodeText', () => {
  it('Windows-1252 throughout (no UTF-8 sequence before its first non-ASCII byte) is decoded', () => {
    expect(decodeText(Buffer.from('name: Caf\xe9 \x80\n', 'latin1'))).toEqual({
      text: 'name: Café €\n',
      encoding: 'win1252',
    });
  });

  it('UTF-8 with one stray Windows-1252 byte: refused at its line:column, never mojibake', () => {
    expect(
      decodeText(Buffer.concat([Buffer.from('a: é\nname: d'), Buffer.from([0x92]), Buffer.from('Olivier\n')])),
    ).toEqual({
      line: 2,
      column: 8,
      error: expect.stringMatching(/^not valid UTF-8: byte 0x92 here/),
    });
  });

  it('the column of a stray byte counts UTF-16 units, as the CSV and YAML positions and SARIF do (an emoji is two)', () => {
    const bytes = Buffer.concat([Buffer.from('name: 😀 d'), Buffer.from([0x92]), Buffer.from('\n')]);
    expect(decodeText(bytes)).toMatchObject({ line: 1, column: 11 });
  });

  it('a stray byte past the first 64 KiB of a UTF-8 file is found too (not replaced by U+FFFD in silence)', () => {
    const bytes = Buffer.concat([Buffer.from(`é${'x'.repeat(70_000)}\n`), Buffer.from([0xe9])]);
    expect(decodeText(bytes)).toMatchObject({ line: 2, column: 1 });
  });

  it('a UTF-8 BOM followed by a stray byte is refused', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x92]))).toMatchObject({
      line: 1,
      error: expect.stringContaining('0x92'),
    });
  });

  it('valid UTF-8 is decoded and its BOM dropped', () => {
    expect(decodeText(Buffer.from('\ufeffnom: 品牌\n'))).toEqual({ text: 'nom: 品牌\n', encoding: 'utf8' });
  });
});

describe('utf8OrWin1252: one rule for the YAML reader and the CSV reader', () => {
  it.each([
    ['ASCII only', 'name,country\n', 'utf8'],
    ['valid UTF-8 accents', 'Zoé,Crème\n', 'utf8'],
    ['a multi-byte sequence cut at the end of the sample', Buffer.from('Zoé').subarray(0, 3), 'utf8'],
    ['Windows-1252 throughout', Buffer.from('Caf\xe9,Cr\xe8me\n', 'latin1'), 'win1252'],
    [
      'a stray 1252 byte before UTF-8 accents',
      Buffer.concat([Buffer.from('Caf\xe9\n', 'latin1'), Buffer.from('Zoé\n')]),
      'utf8',
    ],
    [
      'a stray 1252 byte after UTF-8 accents',
      Buffer.concat([Buffer.from('Zoé\n'), Buffer.from('Caf\xe9\n', 'latin1')]),
      'utf8',
    ],
  ])('%s', (_what, text, expected) => {
    expect(utf8OrWin1252(typeof text === 'string' ? Buffer.from(text) : text)).toBe(expected);
  });

  it("decodeText refuses a stray byte that comes before the file's UTF-8 accents, at its position", () => {
    const bytes = Buffer.concat([Buffer.from('a: d'), Buffer.from([0x92]), Buffer.from('Olivier\nb: Crème\n')]);
    expect(decodeText(bytes)).toMatchObject({ line: 1, column: 5, error: expect.stringContaining('0x92') });
  });

  it('decodeText speaks French and Chinese', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x92]), 'fr')).toMatchObject({
      error: expect.stringMatching(/^pas de l’UTF-8 valide\s: octet 0x92/),
    });
    expect(decodeText(Buffer.from('a\0b'), 'zh')).toMatchObject({ error: expect.stringContaining('二进制') });
  });
});
