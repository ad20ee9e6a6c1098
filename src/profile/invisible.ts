// Invisible format characters that a copy from a web page, a PDF or a chat leaves in a cell: the zero-width space
// (U+200B), the word joiner (U+2060) and the zero-width no-break space (U+FEFF, a byte-order mark out of place).
// At a cell's edges they are pasting noise and the cell is read without them; inside a value they are shown, since
// a message saying `got "Oui"` of a cell refused for one of them cannot be acted on.

/** One of them, anywhere (the `g` copy replaces each). */
const INVISIBLE = /[\u200b\u2060\ufeff]/;
const EACH_INVISIBLE = /[\u200b\u2060\ufeff]/g;
/** Spaces and them at either edge (`\s` holds U+FEFF, not the other two). */
const INVISIBLE_EDGES = /^[\s\u200b\u2060]+|[\s\u200b\u2060]+$/g;

/** A cell's text without the spaces and invisible format characters around it. */
export function trimCell(raw: string): string {
  const text = raw.trim();
  // trim leaves U+200B and U+2060: only a cell that starts or ends with one of them pays for the regex
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first !== 0x200b && first !== 0x2060 && last !== 0x200b && last !== 0x2060) return text;
  return text.replace(INVISIBLE_EDGES, '');
}

/** A text as a message quotes it (JSON), each invisible format character written out as its escape (`\u200B`). */
export function quoteVisibly(text: string): string {
  const quoted = JSON.stringify(text);
  if (!INVISIBLE.test(quoted)) return quoted;
  return quoted.replace(EACH_INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
