// PURE: batch analytics accumulated one result at a time, so a million-row batch keeps flat memory.
import type { Result, Summary } from '../types.js';

const BINS = 10;
const KEEP = 5;

export class SummaryBuilder {
  private total = 0;
  private approve = 0;
  private turnDown = 0;
  private error = 0;
  private missingData = 0;
  private readonly histogram = new Array<number>(BINS).fill(0);
  private readonly ruleCounts = new Map<string, { count: number; blocker: boolean }>();
  private top: { brand: string | null; score: number; order: number }[] = [];
  private bottom: { brand: string | null; score: number; order: number }[] = [];

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
    const entry = { brand: result.brand, score, order: this.total };
    if (toTop) this.top = insertRanked(top, entry, (a, b) => b.score - a.score || a.order - b.order);
    if (toBottom) this.bottom = insertRanked(bottom, entry, (a, b) => a.score - b.score || a.order - b.order);
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

function insertRanked<T>(list: T[], item: T, compare: (a: T, b: T) => number): T[] {
  if (list.length === KEEP && compare(item, list[KEEP - 1]!) >= 0) return list;
  const next = [...list, item].sort(compare);
  return next.slice(0, KEEP);
}
