// v2 (issue 12, second pass): the look-ahead that settles how a file's numbers read, in one place for every path.
// `450,000` reads as thousands or as a decimal; a later `1,250,000` or `62,50` in the same column settles it. Rows
// are held (at most LOOKAHEAD_ROWS) from the first one still read two ways until something settles it, and each
// row is given the decimal marks it is to be converted with. The settling happens where the file is read, in
// order, on the main thread; the conversion may then run anywhere (a worker converts a slice of CSV rows with
// the marks it is given, learning nothing itself), so a cell reads the same whatever the output format and
// whichever thread converts it.
import type { DecimalMark, DecimalMarks } from '../profile/numbers.js';

export type Marks = readonly (DecimalMark | null)[];

/** The most rows held back while the file has not yet settled how to read a number that reads two ways. */
export const LOOKAHEAD_ROWS = 1000;

/**
 * The marks of a piece of rows, run-length: from the row at index `from` of the piece (counting every row,
 * problem rows too) until the next run. A file whose marks are settled early has one run per piece.
 */
export interface MarkRun {
  from: number;
  marks: Marks;
}

/**
 * Gives each row, in order, the marks it is to be read with. `cells`: what the look-ahead may read of the row
 * (a number column's cell that holds no `,` or `.` may be left out); null for a row that teaches nothing (a row the
 * scanner could not cut, a row of the wrong width): it is never held for itself, only behind a held row.
 */
export class MarkSettler<T> {
  private held: { entry: T; cells: readonly unknown[] | null }[] = [];
  /** held rows that still read two ways with the marks known now */
  private undecidedHeld = 0;
  constructor(
    private readonly marks: DecimalMarks,
    private readonly emit: (entry: T, marks: Marks) => void,
  ) {}

  /** Whether no row is held: rows may then be given the current marks without looking at them. */
  get idle(): boolean {
    return this.held.length === 0;
  }

  push(entry: T, cells: readonly unknown[] | null): void {
    const marks = this.marks;
    const changed = cells !== null && marks.learn(cells);
    const undecided = cells !== null && this.undecided(cells);
    if (this.held.length === 0 && !undecided) {
      this.emit(entry, marks.marks);
      return;
    }
    this.held.push({ entry, cells });
    // what was undecided may be settled now: count again only when a mark changed
    if (changed) this.undecidedHeld = this.held.reduce((n, r) => n + (r.cells && this.undecided(r.cells) ? 1 : 0), 0);
    else if (undecided) this.undecidedHeld++;
    if (this.held.length >= LOOKAHEAD_ROWS || this.undecidedHeld === 0) this.flush();
  }

  /** Gives every row held the marks known now (at the end of the file, or of the look-ahead). */
  flush(): void {
    const rows = this.held;
    this.held = [];
    this.undecidedHeld = 0;
    const marks = this.marks.marks;
    for (const r of rows) this.emit(r.entry, marks);
  }

  private undecided(cells: readonly unknown[]): boolean {
    const marks = this.marks;
    for (const c of marks.watching) if (marks.undecided(c, cells[c])) return true;
    return false;
  }
}

/** The marks of the row at `index` of a piece, given the piece's runs; `at` is the run where the last row was. */
export function marksAt(runs: readonly MarkRun[], index: number, at: { run: number }): Marks {
  while (at.run + 1 < runs.length && runs[at.run + 1]!.from <= index) at.run++;
  return runs[at.run]!.marks;
}

/**
 * The look-ahead over a file's batches of rows (a CSV piece, a batch of .xlsx rows): each batch gets the marks of
 * its rows as runs (`marks`), and is given out once every row of it has them, in order; at once unless a number
 * in it still reads two ways.
 */
export class BatchLookAhead<B extends { marks: MarkRun[] }> {
  private waiting: { batch: B; size: number; given: number }[] = [];
  private readonly settler: MarkSettler<{ waiting: { batch: B; size: number; given: number }; index: number }>;
  constructor(private readonly decimalMarks: DecimalMarks) {
    this.settler = new MarkSettler(decimalMarks, ({ waiting, index }, marks) => give(waiting, index, marks));
  }

  /**
   * Takes a batch of `size` rows; `look(cellsOf)` calls `cellsOf(cells)` for each of its rows in order, with what
   * the look-ahead may read of it (see MarkSettler.push), the columns it watches being `watching`. Returns the
   * batches whose rows all have their marks, in order.
   */
  add(
    batch: B,
    size: number,
    look: (watching: readonly number[], each: (cells: readonly unknown[] | null) => void) => void,
  ): B[] {
    const waiting = { batch, size, given: 0 };
    this.waiting.push(waiting);
    const marks = this.decimalMarks;
    if (this.settler.idle && marks.watching.length === 0) {
      // settled: every row of the batch reads with the marks known now, without a look at its cells
      batch.marks.push({ from: 0, marks: marks.marks });
      waiting.given = size;
    } else {
      let index = 0;
      const settler = this.settler;
      look(marks.watching, (cells) => {
        // a row that teaches nothing, with no row held: it reads with the marks known now (what push would do),
        // without an entry for it (a million-row file whose integer columns are watched to the end)
        if (cells === null && settler.idle) give(waiting, index++, marks.marks);
        else settler.push({ waiting, index: index++ }, cells);
      });
    }
    return this.ready();
  }

  /** At the end of the file (or before an item that must come after its rows): every batch, held rows read now. */
  end(): B[] {
    this.settler.flush();
    return this.ready();
  }

  private ready(): B[] {
    let n = 0;
    while (n < this.waiting.length && this.waiting[n]!.given === this.waiting[n]!.size) n++;
    return this.waiting.splice(0, n).map((w) => w.batch);
  }
}

/** Row `index` of a waiting batch reads with `marks`: a new run when they differ from the last row's. */
function give(waiting: { batch: { marks: MarkRun[] }; given: number }, index: number, marks: Marks): void {
  const runs = waiting.batch.marks;
  if (runs.length === 0 || runs[runs.length - 1]!.marks !== marks) runs.push({ from: index, marks });
  waiting.given++;
}
