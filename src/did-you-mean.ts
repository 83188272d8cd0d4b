/**
 * "Did you mean …?" for a mistyped flag, command, fault name or rule id: the known word closest
 * by edit distance, when it is close enough to be the likely intent.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours each cost 1 (`notifcation` → `notification` is 1, `brokr` → `broker` is 1).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word` (case-insensitive), or undefined when none is within a third
 * of the word's length (at least 1, at most `maxDistance` edits) — further than that, a guess misleads —
 * or when the word is itself a candidate.
 * Ties go to the candidate listed first.
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  maxDistance = 3,
): string | undefined {
  const typed = word.toLowerCase();
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(typed.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit && best !== word ? best : undefined;
}

/** ` Did you mean X?` (with its leading space) or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, render = (x: string) => x): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` Did you mean ${render(match)}?`;
}
