// Picks which points of a long series to draw: first, last, and each bucket's min, max and last, so no spike or dip disappears.

/**
 * Indices (ascending) of at most `maxPoints` points of `values`: the first and the last, and for each of
 * floor((maxPoints - 2) / 3) equal buckets of the interior, its minimum, its maximum and its last point (W&B's
 * "full fidelity" keeps the same three). The global extremes therefore always survive, and the last point of each
 * bucket keeps the line's level where a bucket ends. Min-max bucketing rather than LTTB because LTTB can drop a
 * one-point spike.
 */
export function downsampleIndices(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return values.map((_, i) => i);
  if (maxPoints < 2) return maxPoints === 1 ? [0] : [];
  const buckets = Math.floor((maxPoints - 2) / 3);
  const kept = [0];
  const interior = n - 2;
  for (let b = 0; b < Math.max(buckets, 1); b++) {
    const lo = 1 + Math.floor((b * interior) / Math.max(buckets, 1));
    const hi = 1 + Math.floor(((b + 1) * interior) / Math.max(buckets, 1));
    if (hi <= lo) continue;
    let min = lo;
    let max = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (values[i] < values[min]) min = i;
      if (values[i] > values[max]) max = i;
    }
    // Fewer than 5 points allowed leave no room for a bucket's last point: keep the extremes that fit.
    const picks = buckets > 0 ? [min, max, hi - 1] : [min, max].slice(0, maxPoints - 2);
    kept.push(...[...new Set(picks)].sort((x, y) => x - y));
  }
  kept.push(n - 1);
  return kept;
}
