import { describe, expect, it } from 'vitest';
import { smoothedFrequencies, truncatedGaussianMixture } from './parzen';
import { seededRng } from './rng';

describe('truncatedGaussianMixture', () => {
  const mixture = truncatedGaussianMixture([0.05, 0.1, 0.12, 0.8], 0, 1);

  /** The mixture's mass over [from, to] by the midpoint rule. */
  const mass = (from: number, to: number, steps = 10_000) => {
    let area = 0;
    for (let i = 0; i < steps; i++) area += Math.exp(mixture.logDensity(from + ((i + 0.5) * (to - from)) / steps)) * ((to - from) / steps);
    return area;
  };

  it('is a density on [low, high]: it integrates to 1 there', () => {
    expect(mass(0, 1)).toBeCloseTo(1, 3);
  });

  it('is densest where observations cluster', () => {
    expect(mass(0, 0.2)).toBeGreaterThan(mass(0.4, 0.6));
    expect(mixture.logDensity(0.1)).toBeGreaterThan(mixture.logDensity(0.5));
  });

  it('samples inside the range, as often as its density says', () => {
    const rng = seededRng(1);
    const draws = Array.from({ length: 4000 }, () => mixture.sample(rng));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1);
    for (const [from, to] of [[0, 0.2], [0.2, 0.6], [0.6, 1]]) {
      const share = draws.filter((x) => x >= from && x < to).length / draws.length;
      expect(Math.abs(share - mass(from, to))).toBeLessThan(0.03);
    }
  });
});

describe('smoothedFrequencies', () => {
  it('follows the observed counts and never gives a choice probability 0', () => {
    const freq = smoothedFrequencies([0, 0, 0, 1], 3);
    expect(Math.exp(freq.logDensity(0))).toBeCloseTo(4 / 7);
    expect(Math.exp(freq.logDensity(2))).toBeCloseTo(1 / 7);
    const rng = seededRng(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 7000; i++) counts[freq.sample(rng)]++;
    expect(counts[0] / 7000).toBeCloseTo(4 / 7, 1);
    expect(counts[2]).toBeGreaterThan(0);
  });
});
