// Exact binomial tails and the exact McNemar test: is one classifier's advantage on the same test digits more than chance?

import { logGamma } from './t-distribution';

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so n in the thousands neither overflows nor underflows. */
export function binomialHalfCdf(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logs = Array.from({ length: Math.floor(k) + 1 }, (_, i) => logChoose(n, i) - n * Math.LN2);
  const max = Math.max(...logs);
  return Math.min(1, Math.exp(max) * logs.reduce((s, l) => s + Math.exp(l - max), 0));
}

export interface McNemarResult {
  /** Digits the first classifier gets right and the second wrong. */
  onlyFirst: number;
  /** Digits the second gets right and the first wrong. */
  onlySecond: number;
  /** Exact two-sided p: twice the smaller binomial tail of the discordant pairs, capped at 1. */
  p: number;
}

/**
 * The exact (binomial) McNemar test. Only discordant digits carry information; under "no difference" each is
 * equally likely to favour either classifier. With no discordant digits there is no evidence either way: p = 1.
 */
export function mcnemarExact(onlyFirst: number, onlySecond: number): McNemarResult {
  const n = onlyFirst + onlySecond;
  const p = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(onlyFirst, onlySecond), n));
  return { onlyFirst, onlySecond, p };
}
