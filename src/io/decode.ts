// Text decoding for input files: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1252 as French
// Excel saves it. Decoding itself is iconv-lite's; here we only decide which encoding a file is in.
import { createRequire } from 'node:module';
import { t } from '../i18n/index.js';
import type { Lang } from '../types.js';

// iconv-lite carries large tables; load it only for a file that is not UTF-8
let iconvModule: typeof import('iconv-lite') | undefined;
export function iconv(): typeof import('iconv-lite') {
  return (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite'));
}

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';

/**
 * Decides the encoding from the first bytes: a BOM if any, else UTF-8 or Windows-1252 as utf8OrWin1252 says.
 */
export function detectEncoding(sample: Uint8Array): Encoding | { binary: true } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  // UTF-16 without a BOM shows as every other byte NUL; anything else with NUL bytes is binary
  if (sample.includes(0)) return { binary: true };
  return utf8OrWin1252(sample);
}

/**
 * UTF-8 or Windows-1252, for bytes with no BOM: UTF-8 when they are valid UTF-8 (a multi-byte sequence cut at the
 * end allowed) or when they hold at least one valid multi-byte sequence anywhere; Windows-1252 only when no byte
 * above 0x7F is part of one. A UTF-8 file with a byte pasted from Windows-1252 (before or after its accents) is
 * then UTF-8, and the stray byte is refused where it is, rather than every accent of the file turned into mojibake.
 * A Windows-1252 file rarely holds a pair such as "Ã©" that reads as UTF-8; if it does, its other accented bytes
 * are refused at their positions: an error to see, never a silent misreading.
 */
export function utf8OrWin1252(bytes: Uint8Array): 'utf8' | 'win1252' {
  return isValidUtf8(bytes) || hasMultibyteSequence(bytes) ? 'utf8' : 'win1252';
}

/** Whether a valid UTF-8 multi-byte sequence (two to four bytes) occurs anywhere in the bytes. */
export function hasMultibyteSequence(bytes: Uint8Array): boolean {
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0xc2 || b > 0xf4) continue;
    const extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
    let ok = i + extra < n;
    for (let k = 1; ok && k <= extra; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}

/** Valid UTF-8, allowing a multi-byte sequence cut at the end of the sample. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const extra = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    if (extra < 0) return false;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= n) return true;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

export function decoderFor(encoding: Encoding): ReturnType<typeof import('iconv-lite').getDecoder> {
  return iconv().getDecoder(encoding === 'win1252' ? 'win1252' : encoding, { stripBOM: true });
}

/**
 * Where a buffer stops being UTF-8: the offset of the first byte that is not part of a valid sequence (-1 if none),
 * and whether a valid multi-byte sequence came before it (then the file is UTF-8 with a stray byte, not
 * Windows-1252 throughout).
 */
export function utf8Break(bytes: Uint8Array): { offset: number; multibyteBefore: boolean } {
  let multibyte = false;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const extra = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    let ok = extra > 0;
    for (let k = 1; ok && k <= extra; k++) ok = i + k < n && (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) return { offset: i, multibyteBefore: multibyte };
    multibyte = true;
    i += extra + 1;
  }
  return { offset: -1, multibyteBefore: multibyte };
}

/** line:column (1-based, columns in UTF-16 units as editors and SARIF count) of a byte offset in a UTF-8 text. */
function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: bytes.toString('utf8', start, offset).length + 1 };
}

export type Decoded = { text: string; encoding: Encoding } | { error: string; line?: number; column?: number };

/**
 * Decodes a whole file; refuses binary content. A file that is UTF-8 (a BOM, or valid multi-byte sequences) but
 * holds a byte that is not is refused at that byte's line:column: decoding it as Windows-1252 would turn every
 * accent of the file into mojibake, and decoding it as UTF-8 would replace the byte with U+FFFD, both in silence.
 * A file with no valid multi-byte sequence anywhere is Windows-1252, as French Excel writes it.
 */
export function decodeText(bytes: Buffer, lang: Lang = 'en'): Decoded {
  const encoding = detectEncoding(bytes.subarray(0, 64 * 1024));
  if (typeof encoding !== 'string') return { error: t(lang, 'file.binary') };
  if (encoding === 'utf8' || encoding === 'win1252') {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const broken = utf8Break(bytes);
    if (broken.offset < 0) {
      const text = bytes.toString('utf8');
      return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf8' };
    }
    // the whole file decides, as the CSV reader's first non-ASCII chunk does (utf8OrWin1252)
    if (bom || broken.multibyteBefore || hasMultibyteSequence(bytes.subarray(broken.offset))) {
      const byte = bytes[broken.offset]!.toString(16).toUpperCase().padStart(2, '0');
      return {
        ...positionOf(bytes, broken.offset),
        error: t(lang, 'file.notUtf8', { byte }),
      };
    }
    return { text: iconv().decode(bytes, 'win1252'), encoding: 'win1252' };
  }
  return { text: iconv().decode(bytes, encoding, { stripBOM: true }), encoding };
}
