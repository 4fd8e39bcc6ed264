// Picks which points of a long series to draw: first, last, and each bucket's min and max, so no spike or dip disappears.

/**
 * Indices (ascending) of at most `maxPoints` points of `values`: the first and the last, and for each of
 * floor((maxPoints - 2) / 2) equal buckets of the interior, its minimum and maximum. The global extremes
 * therefore always survive. Min-max bucketing rather than LTTB because LTTB can drop a one-epoch spike.
 */
export function downsampleIndices(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return values.map((_, i) => i);
  if (maxPoints < 2) return maxPoints === 1 ? [0] : [];
  const buckets = Math.floor((maxPoints - 2) / 2);
  const kept = [0];
  const interior = n - 2;
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * interior) / buckets);
    const hi = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (hi <= lo) continue;
    let min = lo;
    let max = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (values[i] < values[min]) min = i;
      if (values[i] > values[max]) max = i;
    }
    if (min === max) kept.push(min);
    else kept.push(Math.min(min, max), Math.max(min, max));
  }
  kept.push(n - 1);
  return kept;
}
