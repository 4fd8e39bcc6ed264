// Exponential moving average as TensorBoard draws it: debiased, so early points are not dragged towards zero.

/**
 * Smooths `values` with weight in [0, 1): 0 leaves the curve raw, 0.99 nearly flat.
 * Non-finite values pass through unchanged; a constant series stays constant (no debias drift).
 * Same algorithm as TensorBoard's scalar dashboard (`resetSmoothedData` in vz_line_chart2).
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0 || values.length === 0) return values.slice();
  const w = Math.min(weight, 0.999);
  const constant = values.every((v) => v === values[0]);
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v) || constant) return v;
    last = last * w + (1 - w) * v;
    count += 1;
    return last / (1 - w ** count);
  });
}
