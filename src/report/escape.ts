// One escaping function per output channel, used by every string that goes there, whatever it comes from (a
// profile, a file name, a pack, an error message). CSV's is in csv.ts. JSON needs none: JSON.stringify escapes.
//
// terminal  forTerminal: ESC and the other C0 and C1 controls (U+0085, U+009B CSI among them), DEL and the
//           bidirectional embeddings, overrides and isolates could recolour, move the cursor, retitle the window
//           or reorder what follows (a CI log is a terminal too); each becomes a visible U+FFFD, and line breaks a
//           space, so one value stays on its line
// github    githubData, githubProperty: GitHub's own toolkit rule (@actions/core): % CR LF in data, and also : ,
//           in properties; the other controls as for the terminal, since the log shows them raw
// xml       xmlText, xmlAttr: what XML 1.0 cannot carry even escaped becomes U+FFFD, then the markup characters
// html      escapeHtml: the five characters that end text or an attribute; controls and bidi as for the terminal
// markdown  escapeMarkdown, codeSpan: CommonMark's inline punctuation, line breaks folded

/** Controls and bidi formatting characters that a terminal or a log viewer would act on. */
const UNSAFE_FOR_DISPLAY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\r\n\t\u2028\u2029]+/g;

/** what forTerminal changes: LINE_BREAKS' characters and UNSAFE_FOR_DISPLAY's */
const TERMINAL_UNSAFE =
  /[\r\n\t\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/;

/** Text from anywhere made safe for a terminal, on one line. */
export function forTerminal(text: string): string {
  // most texts need nothing: one scan says so (the text report passes every string of every result here)
  if (!TERMINAL_UNSAFE.test(text)) return text;
  return text.replace(LINE_BREAKS, ' ').replace(UNSAFE_FOR_DISPLAY, '\ufffd');
}

/** Several lines for a terminal (stderr messages, commander's help): each line made safe, the breaks kept. */
export function forTerminalLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .map(forTerminal)
    .join('\n');
}

/**
 * A report of any format shown on a terminal (csv or markdown on stdout, a tty): its line breaks kept, its controls
 * made visible, and a CR that is not part of CRLF too (it would let a value overwrite what its line showed before).
 * A CR ending the text may be half of a CRLF cut between two writes: kept.
 */
export function forTerminalReport(text: string): string {
  return text.replace(UNSAFE_FOR_DISPLAY, '\ufffd').replace(/\r(?!\n|$)/g, '\ufffd');
}

/**
 * A plain data value (a result, a pack, a summary) with every string made safe for a terminal, so that a report
 * drawn from it cannot leak a control character from a field nobody thought of. Class instances, Maps and
 * functions are kept as they are. The value itself is never changed: an array or object holding a string that
 * needs it is copied, with its own enumerable keys, and one that holds none is given back as it is, since copying
 * every result whole was a quarter of the text report's time. Callers only read what they get.
 */
export function forTerminalDeep<T>(value: T): T {
  if (typeof value === 'string') return forTerminal(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const safe = forTerminalDeep(item);
      if (copy) copy.push(safe);
      else if (!Object.is(safe, item)) (copy = value.slice(0, i)).push(safe);
    }
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    // for-in rather than Object.keys: no array per object (the prototype is Object.prototype, which has no
    // enumerable key, so for-in sees the own keys, in Object.keys' order)
    for (const key in record) {
      const item = record[key];
      const safe = forTerminalDeep(item);
      if (!copy && !Object.is(safe, item)) {
        copy = {};
        for (const before of Object.keys(record)) {
          if (before === key) break;
          copy[before] = record[before];
        }
      }
      if (copy) copy[key] = safe;
    }
    return (copy ?? value) as T;
  }
  return value;
}

/** Workflow-command data (the message): GitHub decodes %25, %0D and %0A, as @actions/core's escapeData encodes them. */
export function githubData(text: string): string {
  return text.replace(UNSAFE_FOR_DISPLAY, '\ufffd').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values (file, title...) are also cut at `:` and `,`, so those are encoded too. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Characters XML 1.0 cannot carry at all, even escaped (control characters but tab, LF and CR; U+FFFE, U+FFFF;
 * lone surrogates): replaced by U+FFFD so that every XML parser accepts the document.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values also keep their quotes and whitespace (a parser would normalise tab and LF to spaces). */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** what escapeHtml changes: the five markup characters and UNSAFE_FOR_DISPLAY's */
const HTML_UNSAFE = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/;
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text and attribute values alike: the five characters that can end either; controls and bidi made visible. */
export function escapeHtml(text: string): string {
  // most texts need nothing: one scan to say so, rather than the two replacing ones (an html report escapes
  // some 40 texts a brand)
  if (!HTML_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_FOR_DISPLAY, '\ufffd').replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** what escapeMarkdown changes: line breaks, its punctuation and UNSAFE_FOR_DISPLAY's characters */
const MARKDOWN_UNSAFE =
  /[\r\n\\`*_[\]<>#|~&$\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/;
/** what makes a code span more than the text between two backticks */
const CODE_SPAN_UNSAFE = /[\r\n|`\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/;

/**
 * Backslash-escapes the ASCII punctuation that means something inline in CommonMark / GitHub Markdown
 * (emphasis, code, links and images, HTML, tables, strikethrough, entities, headings, math), and folds line
 * breaks, which would end a table row or a heading. Parentheses and `!` mean nothing once `[` and `]` are
 * escaped, so they stay as they are and the raw text stays readable in an email.
 */
export function escapeMarkdown(text: string): string {
  if (!MARKDOWN_UNSAFE.test(text)) return text;
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(UNSAFE_FOR_DISPLAY, '\ufffd')
    .replace(/[\\`*_[\]<>#|~&$]/g, '\\$&');
}

/** A code span that survives backticks in its content, and pipes inside a table. */
export function codeSpan(text: string): string {
  if (!CODE_SPAN_UNSAFE.test(text)) return `\`${text}\``;
  const clean = text
    .replace(/\r?\n|\r/g, ' ')
    .replace(UNSAFE_FOR_DISPLAY, '\ufffd')
    .replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}
