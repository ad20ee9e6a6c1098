// v2: words that mean "none" in a field whose absence is a real answer (no Tmall Partner signed yet). A
// spreadsheet has no other way to say it, and read as a name they would pass the check "someone runs the store".
// Shared by every reader (CSV, XLSX, YAML, JSON) and the interview, so the reading is the same everywhere.

/** the words, lower case, spaces folded to one */
export const NONE_WORDS: ReadonlySet<string> = new Set([
  'none',
  'no',
  'nobody',
  'not yet',
  'n/a',
  'na',
  'nil',
  '-',
  '--',
  '—',
  '–',
  '0',
  'non',
  'aucun',
  'aucune',
  'pas encore',
  'personne',
  'néant',
  'neant',
  'sans',
  // a yes/no column ("Agence TP ?") or an Excel checkbox, read as text: FALSE is no partner, never one named so
  'false',
  'faux',
  '无',
  '没有',
  '暂无',
  '否',
]);

/** the longest none-word, in characters */
const LONGEST = Math.max(...[...NONE_WORDS].map((w) => w.length));
/** by ASCII code: whether a none-word starts with it */
const FIRST = new Uint8Array(128);
for (const w of NONE_WORDS) if (w.charCodeAt(0) < 128) FIRST[w.charCodeAt(0)] = 1;
/** by the ASCII code a none-word starts with: bit n set when one of them has n characters that are not spaces */
const SHAPES = new Int32Array(128);
for (const w of NONE_WORDS) {
  const lead = w.charCodeAt(0);
  if (/^[\x00-\x7f]*$/.test(w)) SHAPES[lead] = SHAPES[lead]! | (1 << w.replace(/\s/g, '').length);
}

/** Whether a text, trimmed and in any case, is a word for "none" (an empty text is "unknown", not none). */
export function isNoneWord(text: string): boolean {
  // most texts are names (a Tmall Partner cell on every spreadsheet row), told apart without the lower-casing and
  // the pattern below: one that starts with an ASCII character no none-word starts with in any case, or that has
  // more ASCII characters that are no space than the longest none-word has characters (each of them stays one
  // character through the lower-casing and the space folding). An ASCII text keeps exactly those characters, so
  // it is a none-word only if one starts as it does with as many (`Sol Orsay` is 8 after an `s`: `sans` is 4).
  const first = text.charCodeAt(0);
  if (first > 32 && first < 128 && FIRST[first >= 65 && first <= 90 ? first + 32 : first] === 0) return false;
  let solid = 0;
  let lead = 0;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) ascii = false;
    else if (c !== 32 && (c < 9 || c > 13)) {
      if (solid === 0) lead = c >= 65 && c <= 90 ? c + 32 : c;
      if (++solid > LONGEST) return false;
    }
  }
  if (ascii && (solid === 0 || ((SHAPES[lead]! >> solid) & 1) === 0)) return false;
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return t !== '' && NONE_WORDS.has(t);
}
