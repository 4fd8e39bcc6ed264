// The statistics behind "is the gap real?", checked against published tables and SciPy (scipy.stats 1.17).
import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, mcnemarExact } from './binomial';
import { logGamma, tCdf, tQuantile } from './t-distribution';
import { sampleVariance, welchDf, welchInterval } from './welch';

describe('t distribution', () => {
  it('log-gamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('CDF: Cauchy at 1 is 3/4, symmetric, and matches scipy at fractional df', () => {
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(tCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(tCdf(2, 3)).toBeCloseTo(0.9303370157, 9);
    expect(tCdf(-1.5, 6.5)).toBeCloseTo(0.0902661099, 9);
  });

  it.each([
    [4, 2.7764451052],
    [1, 12.7062047362],
    [2.5, 3.5746548420],
    [7.3, 2.3450667365],
    [1000, 1.9623390808],
  ])('t(0.975, df = %d) = %d', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 7);
  });

  it('lower quantiles are the negated upper ones; bad arguments are refused', () => {
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.7764451052, 7);
    expect(() => tQuantile(1, 4)).toThrow(/probability/);
    expect(() => tCdf(1, 0)).toThrow(/degrees of freedom/);
  });
});

describe('exact binomial McNemar', () => {
  it('b = 10, c = 2 gives p = 0.0386 (two-sided, exact), either way round', () => {
    expect(mcnemarExact(10, 2).p).toBeCloseTo(0.03857421875, 12);
    expect(mcnemarExact(2, 10).p).toBeCloseTo(0.03857421875, 12);
  });

  it('matches scipy.stats.binomtest on larger counts', () => {
    expect(mcnemarExact(40, 60).p).toBeCloseTo(0.0568879336, 9);
    expect(mcnemarExact(480, 520).p).toBeCloseTo(0.2174482932, 9);
  });

  it('caps at 1 when the discordant digits split evenly, and is 1 with none', () => {
    expect(mcnemarExact(5, 5).p).toBe(1);
    expect(mcnemarExact(0, 0).p).toBe(1);
    expect(mcnemarExact(3, 0).p).toBeCloseTo(0.25, 12);
  });

  it('binomial tails stay finite for thousands of trials', () => {
    expect(binomialHalfCdf(5_000, 10_000)).toBeGreaterThan(0.5);
    expect(binomialHalfCdf(4_000, 10_000)).toBeGreaterThan(0);
    expect(binomialHalfCdf(4_000, 10_000)).toBeLessThan(1e-80);
  });
});

describe('Welch interval', () => {
  const a = [97.1, 97.3, 96.9, 97.2, 97.0];
  const b = [97.5, 97.6, 97.3, 97.8, 97.4, 97.55];

  it('matches scipy.stats.ttest_ind(b, a, equal_var=False).confidence_interval()', () => {
    const ci = welchInterval(a, b);
    if (!ci.defined) throw new Error('both groups have n >= 2');
    expect(ci.difference).toBeCloseTo(0.425, 9);
    expect(ci.df).toBeCloseTo(8.8804763533, 8);
    expect(ci.low).toBeCloseTo(0.1987920604, 8);
    expect(ci.high).toBeCloseTo(0.6512079396, 8);
  });

  it('is undefined, with the reason, when a group has one run', () => {
    const ci = welchInterval([97.1], b);
    expect(ci.defined).toBe(false);
    if (!ci.defined) expect(ci.reason).toMatch(/group A has a single run.*n >= 2/);
  });

  it('collapses to the difference when no group varies', () => {
    const ci = welchInterval([97, 97], [98, 98]);
    expect(ci).toMatchObject({ defined: true, low: 1, high: 1, df: null });
  });

  it('Welch df of equal variances and sizes is 2n - 2; variance needs two values', () => {
    expect(welchDf(2, 5, 2, 5)).toBeCloseTo(8, 12);
    expect(sampleVariance([1])).toBeUndefined();
    expect(sampleVariance([1, 3])).toBe(2);
  });
});
