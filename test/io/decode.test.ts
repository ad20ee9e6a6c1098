// Whole-file decoding: UTF-8, Windows-1252 throughout, or refused at the byte that breaks a UTF-8 file.
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/io/decode.js';

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
