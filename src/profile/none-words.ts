// v2: words that mean "none" in a field whose absence is a real answer (no Tmall Partner signed yet). A
// spreadsheet has no other way to say it, and read as a name they would pass the check "someone runs the store".
// Shared by every reader (CSV, XLSX, YAML, JSON) and the interview, so the reading is the same everywhere.

const NONE_WORDS = new Set([
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

/** Whether a text, trimmed and in any case, is a word for "none" (an empty text is "unknown", not none). */
export function isNoneWord(text: string): boolean {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return t !== '' && NONE_WORDS.has(t);
}
