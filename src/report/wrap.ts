// Lines for a terminal, wrapped to its width the way people write: between words, between two Chinese
// characters (Chinese has no spaces, and may break between any two characters but before closing or after
// opening punctuation), and inside a path only at its separators, and only when the whole path cannot fit on a
// line. A terminal left to itself cuts words in two ("market / -ready"), and so does wrap-ansi's `hard` mode.
// Colour codes are kept where they were and take no width; a continuation line is indented like its first line.
import { eastAsianWidth } from 'get-east-asian-width';

// SGR colours and other CSI sequences, and OSC sequences such as hyperlinks: zero width, never a break point
const CSI = '\\u001b\\[[0-?]*[ -/]*[@-~]';
const OSC = '\\u001b\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)';
const ANSI = new RegExp(`${CSI}|${OSC}`, 'y');
// made on first use: creating a Segmenter loads ICU's break data, a tenth of a cold start that wraps nothing
let graphemes: Intl.Segmenter | undefined;

/** Characters that never start a line (closing punctuation) and never end one (opening punctuation). */
const NO_BREAK_BEFORE = new Set([...')]}>,.:;!?%”’"\'»…、。，：；！？）」』】》〉〕〗〙〛～ー·・‐–—']);
const NO_BREAK_AFTER = new Set([...'([{<“‘"\'«（「『【《〈〔〖〘〚']);
const SEPARATORS = new Set(['/', '\\']);
/** The marks that open a list item or a finding in the tool's output, with the space after them. */
const MARK = /^(?:[✖✔?~→!⚠•*-]|\d{1,2}\.) /u;

interface Unit {
  text: string;
  /** columns taken on screen; 0 for colour codes and combining marks */
  width: number;
  /** the visible character, '' for a colour code */
  char: string;
}

/** Columns a grapheme takes: CJK and other wide characters two, combining marks and zero-width ones none. */
export function graphemeWidth(grapheme: string): number {
  const cp = grapheme.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || /^[\p{Mn}\p{Me}\p{Cf}]/u.test(grapheme)) return 0;
  return eastAsianWidth(cp, { ambiguousAsWide: false });
}

/** Display width of a text that may hold colour codes. */
export function textWidth(text: string): number {
  return units(text).reduce((w, u) => w + u.width, 0);
}

function units(line: string): Unit[] {
  const out: Unit[] = [];
  let plain = '';
  const flush = (): void => {
    graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
    for (const { segment } of graphemes.segment(plain)) {
      out.push({ text: segment, width: graphemeWidth(segment), char: segment });
    }
    plain = '';
  };
  for (let i = 0; i < line.length;) {
    ANSI.lastIndex = i;
    const m = ANSI.exec(line);
    if (m) {
      flush();
      out.push({ text: m[0], width: 0, char: '' });
      i += m[0].length;
    } else {
      plain += line[i];
      i++;
    }
  }
  flush();
  return out;
}

const isWide = (ch: string): boolean => ch !== '' && graphemeWidth(ch) === 2;

/** Whether a line may break between two visible characters with nothing between them. */
function cjkBreak(before: string, after: string): boolean {
  return (isWide(before) || isWide(after)) && !NO_BREAK_BEFORE.has(after) && !NO_BREAK_AFTER.has(before);
}

/** A piece never broken inside, and what joins it to the next one. */
interface Piece {
  text: string;
  width: number;
  /** spaces (and colour codes among them) after the piece: dropped when the line breaks there */
  gap: Unit[];
  /** how the next piece follows: after spaces, or with a break allowed between characters or at a separator */
  join: 'space' | 'char' | 'separator' | 'end';
}

function pieces(body: Unit[]): Piece[] {
  const out: Piece[] = [];
  let current: Piece = { text: '', width: 0, gap: [], join: 'end' };
  let last = ''; // the last visible character of the current piece
  const close = (join: Piece['join']): void => {
    current.join = join;
    out.push(current);
    current = { text: '', width: 0, gap: [], join: 'end' };
    last = '';
  };
  for (const u of body) {
    if (u.char === ' ') {
      current.gap.push(u);
      continue;
    }
    if (current.gap.length > 0) {
      // colour codes after the spaces belong to the next word
      if (u.char === '') {
        current.gap.push(u);
        continue;
      }
      if (current.width > 0 || current.text !== '') close('space');
    } else if (u.char !== '' && last !== '') {
      if (cjkBreak(last, u.char)) close('char');
      // after a separator inside a path, not after the `/` that starts an absolute one
      else if (SEPARATORS.has(last) && current.width > 1) close('separator');
    }
    current.text += u.text;
    current.width += u.width;
    if (u.char !== '') last = u.char;
  }
  out.push(current);
  return out;
}

/**
 * A path (or any word with separators) that fits on a line is never broken at its separators: its pieces are
 * put back together, so that only a path too long for any line is cut, at a `/`.
 */
function keepShortPaths(list: Piece[], room: number): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < list.length) {
    let j = i;
    let width = list[i]!.width;
    while (list[j]!.join === 'separator') width += list[++j]!.width;
    if (j > i && width <= room) {
      const merged: Piece = { text: '', width, gap: list[j]!.gap, join: list[j]!.join };
      for (let k = i; k <= j; k++) merged.text += list[k]!.text;
      out.push(merged);
    } else for (let k = i; k <= j; k++) out.push(list[k]!);
    i = j + 1;
  }
  return out;
}

// what a line never breaks at although a space is there, as French is written with ordinary spaces: inside a
// number grouped by thousands ("120 000 EUR" read as 120 then 000 EUR), before a high punctuation mark ("EUR ;")
// and after an opening guillemet
const GROUP_HEAD = /(?:^|\D)\d{1,3}$/u;
const GROUP_TAIL = /^\d{3}(?:\D|$)/u;
const HIGH_PUNCTUATION = /^[;:!?»]/u;

const visible = (text: string): string => text.replace(new RegExp(`${CSI}|${OSC}`, 'g'), '');

/** Pieces joined by a space where breaking the line would misread or mispunctuate it, put back together. */
function keepTogether(list: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of list) {
    const prev = out.at(-1);
    if (prev && prev.join === 'space') {
      const before = visible(prev.text);
      const after = visible(piece.text);
      if ((GROUP_HEAD.test(before) && GROUP_TAIL.test(after)) || HIGH_PUNCTUATION.test(after) || before.endsWith('«')) {
        const gap = prev.gap.map((u) => u.text).join('');
        out[out.length - 1] = {
          text: prev.text + gap + piece.text,
          width: prev.width + prev.gap.reduce((w, u) => w + u.width, 0) + piece.width,
          gap: piece.gap,
          join: piece.join,
        };
        continue;
      }
    }
    out.push(piece);
  }
  return out;
}

/** A single piece wider than the line (a word without any break): cut where it must be, the one last resort. */
function cutPiece(piece: Piece, room: number): Piece[] {
  const out: Piece[] = [];
  let text = '';
  let width = 0;
  for (const u of units(piece.text)) {
    if (width + u.width > room && width > 0) {
      out.push({ text, width, gap: [], join: 'char' });
      text = '';
      width = 0;
    }
    text += u.text;
    width += u.width;
  }
  out.push({ text, width, gap: piece.gap, join: piece.join });
  return out;
}

export interface WrapOptions {
  /** the start of each continuation line; by default the first line's own indentation */
  hanging?: string;
}

/** One line (no line break inside) wrapped to `columns`. */
export function wrapLine(line: string, columns: number, options: WrapOptions = {}): string {
  const all = units(line);
  if (all.reduce((w, u) => w + u.width, 0) <= columns) return line;
  let lead = 0;
  let leadWidth = 0;
  while (lead < all.length && (all[lead]!.char === ' ' || all[lead]!.char === '')) leadWidth += all[lead++]!.width;
  const head = all
    .slice(0, lead)
    .map((u) => u.text)
    .join('');
  // a line that starts with a mark (✖, →, 1.) continues under its text, as a list item does
  const mark = MARK.exec(
    all
      .slice(lead)
      .map((u) => u.char)
      .join(''),
  );
  const hanging = options.hanging ?? ' '.repeat(leadWidth + (mark ? textWidth(mark[0]) : 0));
  const hangingWidth = textWidth(hanging);
  // a line indented nearly as wide as the terminal would leave no room: the indentation gives way first
  const room = Math.max(10, columns - hangingWidth);
  const list = keepShortPaths(keepTogether(pieces(all.slice(lead))), room).flatMap((p) =>
    p.width > room ? cutPiece(p, room) : [p],
  );
  let out = head;
  let width = leadWidth;
  let pendingGap: Unit[] = [];
  let atStart = true;
  for (const piece of list) {
    const gapWidth = pendingGap.reduce((w, u) => w + u.width, 0);
    if (!atStart && width + gapWidth + piece.width > columns) {
      // the spaces at the break go; colour codes among them stay, so that colours open and close as before
      out += `${pendingGap
        .filter((u) => u.char === '')
        .map((u) => u.text)
        .join('')}\n${hanging}`;
      width = hangingWidth;
    } else {
      out += pendingGap.map((u) => u.text).join('');
      width += gapWidth;
    }
    out += piece.text;
    width += piece.width;
    atStart = false;
    pendingGap = piece.gap;
  }
  return out + pendingGap.map((u) => u.text).join('');
}

/** Every line of a text wrapped to the terminal's width; unchanged when there is no terminal (`columns` unset). */
export function wrapText(text: string, columns: number | undefined, options: WrapOptions = {}): string {
  if (!columns || columns <= 0) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns, options))
    .join('\n');
}

/** The width to wrap a stream's output to: its columns when it is a terminal, else none. */
export function terminalColumns(stream: NodeJS.WriteStream = process.stdout): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}
