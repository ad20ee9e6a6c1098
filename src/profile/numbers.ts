// v2 (issue 12): numbers as spreadsheets and people write them, never misread. `450,000` is 450 thousand in a
// Google Sheets export and 450 in a French one: a single comma or point followed by exactly three digits can
// be either a thousands separator or a decimal mark. Such a cell is read with the decimal mark its column (or
// its file, or its dialect) settles; where nothing settles it, it is not read at all but refused with both
// readings, since a silent guess turns a EUR 450,000 budget into EUR 450 and an approval into a turn-down.
import type { Lang } from '../types.js';

export type DecimalMark = '.' | ',';

/** A cell that reads as two numbers: by its separator taken as thousands, and as a decimal mark. */
export class AmbiguousNumber {
  constructor(
    readonly text: string,
    readonly thousands: number,
    readonly decimal: number,
    readonly mark: DecimalMark,
  ) {}
  /** how to write the decimal reading unambiguously: `450,0` for `450,000`, `1.5` for `1.500` */
  get decimalWritten(): string {
    const [whole, fraction] = String(Math.abs(this.decimal)).split('.');
    return `${this.decimal < 0 ? '-' : ''}${whole}${this.mark}${fraction ?? '0'}`;
  }
}

const SPACES = /[ \u00a0\u202f'’]/g;
// `1 250 000,50`, `1'250'000.50`: spaces (regular, no-break, narrow no-break) and apostrophes group thousands
const SPACED = /^\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?$/;
const PLAIN_INTEGER = /^\d+$/;
const SINGLE = /^(\d*)([.,])(\d+)$/;
const EXPONENT = /^(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$/;
const COMMA_GROUPS = /^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^\d{1,3}(?:,\d{3})+\.\d+$/;
const POINT_GROUPS = /^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^\d{1,3}(?:\.\d{3})+,\d+$/;

/** The cell without what spreadsheets add around a number: a sign, `%`, `€`, `EUR`, surrounding spaces. */
function unwrap(raw: string): { sign: number; body: string } {
  let text = raw
    .trim()
    .replace(/\s*(?:%|€|eur|euros?)$/i, '')
    .replace(/^€\s*/, '')
    .trim();
  let sign = 1;
  const c = text.charAt(0);
  if (c === '-' || c === '−' || c === '–') {
    sign = -1;
    text = text.slice(1);
  } else if (c === '+') text = text.slice(1);
  return { sign, body: text };
}

/**
 * What one cell proves about the decimal mark of its column: `1,250,000` and `62.50` prove a decimal point,
 * `62,5` and `1.250.000,50` a decimal comma; `450,000`, `1 500` or `12` prove nothing.
 */
export function decimalEvidence(raw: string): DecimalMark | null {
  const { body } = unwrap(raw);
  if (COMMA_GROUPS.test(body)) return '.';
  if (POINT_GROUPS.test(body)) return ',';
  const spaced = SPACED.test(body) ? /[.,]/.exec(body) : null;
  if (spaced) return spaced[0] as DecimalMark;
  const m = SINGLE.exec(body);
  if (!m) return null;
  return isGrouping(m[1]!, m[3]!) ? null : (m[2] as DecimalMark);
}

/** `450,000` and `1.500` could be grouped thousands; `0,500`, `1234,567`, `62,50` or `,5` could not. */
function isGrouping(whole: string, fraction: string): boolean {
  return fraction.length === 3 && whole.length >= 1 && whole.length <= 3 && whole[0] !== '0';
}

/**
 * Reads a number as spreadsheets write it, with the decimal mark known (`mark`) or not (null): the number, an
 * AmbiguousNumber when the cell reads two ways and no mark is known, or NaN when it is no number at all.
 */
export function readNumber(raw: string, mark: DecimalMark | null = null): number | AmbiguousNumber {
  const { sign, body } = unwrap(raw);
  if (body === '') return Number.NaN;
  if (PLAIN_INTEGER.test(body)) return sign * Number(body);
  const single = SINGLE.exec(body);
  if (single) {
    const [, whole, separator, fraction] = single as unknown as [string, string, DecimalMark, string];
    const asDecimal = sign * Number(`${whole || '0'}.${fraction}`);
    if (!isGrouping(whole, fraction) || mark === separator) return asDecimal;
    const asThousands = sign * Number(whole + fraction);
    if (mark !== null) return asThousands;
    return new AmbiguousNumber(raw.trim(), asThousands, asDecimal, separator);
  }
  if (EXPONENT.test(body)) return sign * Number(body);
  if (SPACED.test(body)) return sign * Number(body.replace(SPACES, '').replace(',', '.'));
  if (COMMA_GROUPS.test(body)) return sign * Number(body.replace(/,/g, ''));
  if (POINT_GROUPS.test(body)) return sign * Number(body.replace(/\./g, '').replace(',', '.'));
  return Number.NaN;
}

/** The decimal mark a person typing in a language uses (the interview reads answers with it). */
export function decimalMarkOf(lang: Lang): DecimalMark {
  return lang === 'fr' ? ',' : '.';
}

/**
 * What the interview shows back once a number is read, so that a typing slip is seen before it is saved:
 * `450 000 → 450000`; nothing when the answer was written as the number itself.
 */
export function numberEcho(text: string, value: number): string | null {
  const shown = String(value);
  return text.trim() === shown ? null : `${text.trim()} → ${shown}`;
}

/**
 * The decimal mark of each number column of a file, learnt from the cells read so far: a column's own evidence
 * first, then the file's (a file is written in one locale), then the dialect's prior (a `;`-delimited file is
 * written by a decimal-comma Excel). Evidence for both marks in the file settles nothing for the columns without
 * their own. A column stops being looked at once its own cells settled it, so that a million-row file pays for
 * the look at its first rows only.
 */
export class DecimalMarks {
  /**
   * per column: its mark as settled now (null: unknown), read by the converters on every cell. A new array each
   * time a mark changes, never changed in place: a row's look-ahead keeps the one it was given (see MarkSettler).
   */
  marks: readonly (DecimalMark | null)[];
  private readonly own: (DecimalMark | null)[];
  private learning: number[];
  private file: DecimalMark | 'both' | null = null;
  private readonly money: ReadonlySet<number>;
  constructor(
    readonly numberColumns: readonly number[],
    width: number,
    private readonly prior: DecimalMark | null,
    /**
     * the columns of amounts of money: only their own cells settle them. `450,000` in a budget column of a
     * `;`-delimited file was read as EUR 450 from the dialect alone, or from a `62,5` in another column, where
     * the contract says it is not 450: an amount has no third decimal, so the other columns' mark says nothing
     * of it, and the cell reads two ways until the column itself shows its mark (`1 250 000,50`, `62,5`)
     */
    moneyColumns: readonly number[] = [],
    /**
     * told the file's decimal mark each time what is known of it changes (a column settles: a few times a file),
     * so that csv output writes its numbers back with the mark the file itself was written with
     */
    private readonly onFileMark?: (mark: DecimalMark | null) => void,
  ) {
    const marks = new Array<DecimalMark | null>(width).fill(null);
    this.own = new Array<DecimalMark | null>(width).fill(null);
    this.learning = [...numberColumns];
    this.money = new Set(moneyColumns);
    for (const c of numberColumns) marks[c] = this.money.has(c) ? null : prior;
    this.marks = marks;
  }

  /** The number columns whose cells can still teach (or still read two ways): not yet settled by their own. */
  get watching(): readonly number[] {
    return this.learning;
  }

  /** Learns from one row's cells; returns whether any column's mark changed. */
  learn(cells: readonly unknown[]): boolean {
    const learning = this.learning;
    if (learning.length === 0) return false;
    let changed = false;
    for (let i = 0; i < learning.length; i++) {
      const c = learning[i]!;
      const cell = cells[c];
      if (typeof cell !== 'string' || cell.length < 3 || (cell.indexOf(',') === -1 && cell.indexOf('.') === -1))
        continue;
      const found = decimalEvidence(cell);
      if (found === null) continue;
      this.own[c] = found;
      this.file = this.file === null || this.file === found ? found : 'both';
      changed = true;
    }
    if (changed) {
      this.learning = learning.filter((c) => this.own[c] === null);
      const marks = [...this.marks];
      for (const c of this.numberColumns) marks[c] = this.settled(c);
      this.marks = marks;
      this.onFileMark?.(this.fileMark);
    }
    return changed;
  }

  /** The file's decimal mark: what its cells show, else (nothing shown, or both marks) the dialect's prior. */
  get fileMark(): DecimalMark | null {
    return this.file === '.' || this.file === ',' ? this.file : this.prior;
  }

  private settled(c: number): DecimalMark | null {
    const own = this.own[c];
    if (own !== null && own !== undefined) return own;
    if (this.money.has(c) || this.file === 'both') return null;
    return this.fileMark;
  }

  /** Whether a cell of a column would still be read two ways with what is known now. */
  undecided(c: number, cell: unknown): boolean {
    if (this.marks[c] !== null || typeof cell !== 'string') return false;
    if (cell.indexOf(',') === -1 && cell.indexOf('.') === -1) return false;
    return readNumber(cell, null) instanceof AmbiguousNumber;
  }
}
