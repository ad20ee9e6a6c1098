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

/** Whether a text, trimmed and in any case, is a word for "none" (an empty text is "unknown", not none). */
export function isNoneWord(text: string): boolean {
  // most texts are names (a Tmall Partner cell on every spreadsheet row), told apart without the lower-casing and
  // the pattern below: one that starts with an ASCII character no none-word starts with in any case, or that has
  // more ASCII non-space characters than the longest none-word has characters (each of them stays one character
  // through the lower-casing and the space folding)
  const first = text.charCodeAt(0);
  if (first > 32 && first < 128 && FIRST[first >= 65 && first <= 90 ? first + 32 : first] === 0) return false;
  if (text.length > LONGEST) {
    let solid = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 32 && c < 128 && ++solid > LONGEST) return false;
    }
  }
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return t !== '' && NONE_WORDS.has(t);
}
