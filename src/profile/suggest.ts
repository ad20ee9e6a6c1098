// "Did you mean" suggestions for misspelt field paths, CSV headers and rule fields.

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate, comparing case-insensitively, on the whole path and on its last segment. */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  const leaf = wanted.split('.').pop()!;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const whole = editDistance(wanted, c);
    const byLeaf = editDistance(leaf, c.split('.').pop()!) + 1;
    const score = Math.min(whole, byLeaf);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  const tolerance = Math.max(2, Math.floor(leaf.length / 3));
  if (bestScore <= tolerance) return best;
  // a shortened value (`owner` for brand-owner, `bonded` for bonded-warehouse): the one candidate containing it
  if (leaf.length < 3) return undefined;
  const containing = [...candidates].filter((c) => c.toLowerCase().split('.').pop()!.includes(leaf));
  return containing.length === 1 ? containing[0] : undefined;
}
