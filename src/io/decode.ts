// Text decoding for input files: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1252 as French
// Excel saves it. Decoding itself is iconv-lite's; here we only decide which encoding a file is in.
import { createRequire } from 'node:module';

// iconv-lite carries large tables; load it only for a file that is not UTF-8
let iconvModule: typeof import('iconv-lite') | undefined;
export function iconv(): typeof import('iconv-lite') {
  return (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite'));
}

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';

/** Decides the encoding from the first bytes: a BOM if any, else UTF-8 if the sample is valid UTF-8, else Windows-1252. */
export function detectEncoding(sample: Uint8Array): Encoding | { binary: true } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  // UTF-16 without a BOM shows as every other byte NUL; anything else with NUL bytes is binary
  if (sample.includes(0)) return { binary: true };
  return isValidUtf8(sample) ? 'utf8' : 'win1252';
}

/** Valid UTF-8, allowing a multi-byte sequence cut at the end of the sample. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
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

/** Decodes a whole file; refuses binary content. */
export function decodeText(bytes: Buffer): { text: string; encoding: Encoding } | { error: string } {
  const encoding = detectEncoding(bytes.subarray(0, 64 * 1024));
  if (typeof encoding !== 'string') return { error: 'the file is binary, not text (it contains NUL bytes)' };
  if (encoding === 'utf8') {
    const text = bytes.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
  }
  return { text: iconv().decode(bytes, encoding === 'win1252' ? 'win1252' : encoding, { stripBOM: true }), encoding };
}
