/** Levenshtein distance, bounded: returns max + 1 as soon as the distance is known to exceed max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Near misses of `input` among `candidates`, best first: case-insensitive equality, then small edit distances
 * (at most a third of the word, and at most 3).
 */
export function didYouMean(input: string, candidates: readonly string[], limit = 3): string[] {
  const lower = input.toLowerCase();
  const max = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === input) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), max);
    if (d <= max) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, limit).map((s) => s.c);
}
