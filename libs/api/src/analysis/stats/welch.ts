// The difference of two groups' means with Welch's t-interval: unequal variances and sizes, as seeds of two configurations give.
import { tQuantile } from './t-distribution';

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** The sample variance (n - 1 in the denominator); undefined for fewer than two values. */
export function sampleVariance(xs: readonly number[]): number | undefined {
  if (xs.length < 2) return undefined;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Welch–Satterthwaite degrees of freedom for the difference of two means. */
export function welchDf(varA: number, nA: number, varB: number, nB: number): number {
  const a = varA / nA;
  const b = varB / nB;
  return (a + b) ** 2 / ((a * a) / (nA - 1) + (b * b) / (nB - 1));
}

export type WelchInterval =
  | { defined: true; difference: number; low: number; high: number; df: number | null; standardError: number }
  | { defined: false; difference: number; reason: string };

/**
 * mean(b) - mean(a) with its two-sided `level` confidence interval. Each group needs two values to estimate its spread;
 * when every value in both groups is equal the spread is zero and the interval collapses to the difference (df undefined).
 */
export function welchInterval(a: readonly number[], b: readonly number[], level = 0.95): WelchInterval {
  if (a.length === 0 || b.length === 0) throw new RangeError('each group needs at least one value');
  const difference = mean(b) - mean(a);
  const varA = sampleVariance(a);
  const varB = sampleVariance(b);
  if (varA === undefined || varB === undefined) {
    const who = varA === undefined && varB === undefined ? 'groups A and B have a single run each' : `group ${varA === undefined ? 'A' : 'B'} has a single run`;
    return { defined: false, difference, reason: `${who}: the spread across seeds (and so the CI) needs n >= 2` };
  }
  const standardError = Math.sqrt(varA / a.length + varB / b.length);
  if (standardError === 0) return { defined: true, difference, low: difference, high: difference, df: null, standardError };
  const df = welchDf(varA, a.length, varB, b.length);
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return { defined: true, difference, low: difference - half, high: difference + half, df, standardError };
}
