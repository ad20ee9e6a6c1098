// v2 (issue 12): how headers and values written by people are compared: ignoring case, accents, spaces and
// punctuation, so that `CA annuel (€)`, `ca_annuel` and `CA ANNUEL` are one key, and `Propriétaire de la
// marque` is `proprietaire de la marque`. Letters and digits of every script are kept (`品牌名称`).

const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
// units and remarks in brackets: `(€)`, `(EUR)`, `[%]`, `（欧元）`
const BRACKETED = /\([^()]*\)|\[[^[\]]*\]|（[^（）]*）/g;

/** The comparison key of a text: lower case, no accents, words separated by one space. */
export function textKey(text: string): string {
  // œ and æ do not decompose; ß lower-cases to itself
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(NOT_WORD, ' ')
    .trim();
}

/** The key without what stands in brackets (`Revenue (EUR)` is `revenue`); '' when nothing else is left. */
export function textKeyWithoutBrackets(text: string): string {
  return textKey(text.replace(BRACKETED, ' '));
}
