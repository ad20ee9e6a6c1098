// PURE: batch analytics accumulated one result at a time, so a million-row batch keeps flat memory.
import type { Result, Summary } from '../types.js';

const BINS = 10;
const KEEP = 5;

type Ranked = { brand: string | null; score: number; order: number };

/**
 * issue 11: a slice's summary, as a worker thread sends it back (structured-cloneable, a few dozen numbers):
 * SummaryBuilder.merge adds it to the run's. The rules as [id, count, blocker].
 */
export interface SummaryPart {
  counts: [total: number, approve: number, turnDown: number, error: number, missingData: number];
  histogram: number[];
  rules: [string, number, boolean][];
  top: Ranked[];
  bottom: Ranked[];
}

export class SummaryBuilder {
  private total = 0;
  private approve = 0;
  private turnDown = 0;
  private error = 0;
  private missingData = 0;
  private readonly histogram = new Array<number>(BINS).fill(0);
  private readonly ruleCounts = new Map<string, { count: number; blocker: boolean }>();
  private top: Ranked[] = [];
  private bottom: Ranked[] = [];

  /**
   * `before`: how many results of the run come before this builder's first (a slice's summary): brands of equal
   * score rank in the run's order, whichever thread summed them
   */
  constructor(private readonly before = 0) {}

  add(result: Result): void {
    this.total++;
    if (result.verdict === 'error' || result.score === null) {
      this.error++;
      return;
    }
    if (result.verdict === 'approve') this.approve++;
    else this.turnDown++;
    this.histogram[Math.min(BINS - 1, Math.floor(result.score / (100 / BINS)))]!++;
    // a turn-down that rests on missing data is counted apart: no rule turned the brand down, data is lacking
    if (result.verdict === 'turn-down' && result.decidedBy === 'missing-data') this.missingData++;
    else if (result.verdict === 'turn-down') this.countDecisive(result);
    // a later brand ranks after an earlier one of the same score, so one that does not beat the last kept score
    // is not kept: most rows of a large batch are not, and then make no entry and sort nothing
    const { score } = result;
    const top = this.top;
    const bottom = this.bottom;
    const toTop = top.length < KEEP || score > top[KEEP - 1]!.score;
    const toBottom = bottom.length < KEEP || score < bottom[KEEP - 1]!.score;
    if (!toTop && !toBottom) return;
    const entry = { brand: result.brand, score, order: this.before + this.total };
    if (toTop) this.top = insertRanked(top, entry, byScoreDown);
    if (toBottom) this.bottom = insertRanked(bottom, entry, byScoreUp);
  }

  /**
   * The rules that decided a turn-down: its failed or unknown knock-outs when it has any (they turn the brand
   * down whatever its score, and its lost points then decide nothing), else every failed or unknown criterion
   * (together they are the shortfall). Counting every failure of every brand instead let ordinary criteria,
   * such as a column missing from the whole spreadsheet, crowd the knock-outs out of the list.
   */
  private countDecisive(result: Result): void {
    // two passes over the findings rather than two filtered arrays a turn-down: is there an open knock-out, then
    // count what decided
    const { findings } = result;
    let knockOut = false;
    for (let i = 0; i < findings.length && !knockOut; i++) knockOut = findings[i]!.blocker && isOpen(findings[i]!);
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      if (!isOpen(f) || (knockOut && !f.blocker)) continue;
      const entry = this.ruleCounts.get(f.ruleId);
      if (entry) entry.count++;
      else this.ruleCounts.set(f.ruleId, { count: 1, blocker: f.blocker });
    }
  }

  /** What this builder has summed, for another builder's merge. */
  part(): SummaryPart {
    return {
      counts: [this.total, this.approve, this.turnDown, this.error, this.missingData],
      histogram: this.histogram,
      rules: [...this.ruleCounts].map(([id, { count, blocker }]) => [id, count, blocker]),
      top: this.top,
      bottom: this.bottom,
    };
  }

  /**
   * Adds a part's results, as if they had been added one by one: counts add up, and the kept brands are the
   * first five of both lists by score then order (the order each brand had in the run, see the constructor)
   */
  merge(part: SummaryPart): void {
    const [total, approve, turnDown, error, missingData] = part.counts;
    this.total += total;
    this.approve += approve;
    this.turnDown += turnDown;
    this.error += error;
    this.missingData += missingData;
    for (let i = 0; i < BINS; i++) this.histogram[i]! += part.histogram[i]!;
    for (const [ruleId, count, blocker] of part.rules) {
      const entry = this.ruleCounts.get(ruleId);
      if (entry) entry.count += count;
      else this.ruleCounts.set(ruleId, { count, blocker });
    }
    for (const entry of part.top) this.top = insertRanked(this.top, entry, byScoreDown);
    for (const entry of part.bottom) this.bottom = insertRanked(this.bottom, entry, byScoreUp);
  }

  build(): Summary {
    const assessed = this.approve + this.turnDown;
    return {
      total: this.total,
      approve: this.approve,
      turnDown: this.turnDown,
      error: this.error,
      missingData: this.missingData,
      scoreHistogram: this.histogram.map((count, i) => ({ from: i * (100 / BINS), to: (i + 1) * (100 / BINS), count })),
      // most brands first; at equal counts a knock-out before a criterion, then by id for stable output
      topTurnDownRules: [...this.ruleCounts.entries()]
        .sort(
          (a, b) => b[1].count - a[1].count || Number(b[1].blocker) - Number(a[1].blocker) || (a[0] < b[0] ? -1 : 1),
        )
        .slice(0, 10)
        .map(([ruleId, { count, blocker }]) => ({
          ruleId,
          count,
          share: assessed > 0 ? Math.round((count / assessed) * 1000) / 10 : 0,
          blocker,
        })),
      top: this.top.map(({ brand, score }) => ({ brand, score })),
      bottom: this.bottom.map(({ brand, score }) => ({ brand, score })),
    };
  }
}

/** failed or unknown, and not waived (or its waiver expired) */
function isOpen(f: Result['findings'][number]): boolean {
  return (f.status === 'fail' || f.status === 'missing') && (!f.waiver || f.waiver.expired);
}

const byScoreDown = (a: Ranked, b: Ranked): number => b.score - a.score || a.order - b.order;
const byScoreUp = (a: Ranked, b: Ranked): number => a.score - b.score || a.order - b.order;

function insertRanked<T>(list: T[], item: T, compare: (a: T, b: T) => number): T[] {
  if (list.length === KEEP && compare(item, list[KEEP - 1]!) >= 0) return list;
  const next = [...list, item].sort(compare);
  return next.slice(0, KEEP);
}
