// Round tick values for an axis, the one place that picks them: the dashboard's hand-drawn SVG axes and the
// trainer's loss.svg both use these (pure arithmetic, no DOM).

/** About `count` ticks at multiples of 1, 2 or 5 times a power of ten, inside [min, max]. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one on a log scale (d3-array's tickIncrement does the same).
  const err = raw / power;
  const step = power * (err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  // A little slack so a bound that is itself a multiple of the step (0.1 stored as 0.1000000001) is kept.
  const eps = step * 1e-9;
  for (let v = Math.ceil((min - eps) / step) * step; v <= max + eps; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * Ticks for a log axis over [min, max] (both > 0): 1, 2 and 5 of each decade when that gives a handful,
 * decades alone over a wide range, and the two bounds when the range is narrower than a step.
 */
export function logTicks(min: number, max: number, limit = 7): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  if (max === min) return [min];
  const inside = (mantissas: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  for (const mantissas of [[1, 2, 5], [1, 3], [1]]) {
    const ticks = inside(mantissas);
    if (ticks.length >= 2 && ticks.length <= limit) return ticks;
  }
  const decades = inside([1]);
  // Over many decades keep every k-th decade; over less than one, the bounds are the only honest labels.
  if (decades.length > limit) return decades.filter((_, i) => i % Math.ceil(decades.length / limit) === 0);
  return [min, max];
}
