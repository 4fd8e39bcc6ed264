// The smoothing slider must not change data at 0 and must follow TensorBoard's debiased EMA above it.
import { describe, expect, it } from 'vitest';
import { emaSmooth } from './smoothing';

describe('emaSmooth', () => {
  it('returns the raw values at weight 0', () => {
    expect(emaSmooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('starts at the first value rather than near zero (debiased)', () => {
    const out = emaSmooth([10, 10.5, 9.5], 0.9);
    expect(out[0]).toBeCloseTo(10, 10);
  });

  it('matches the hand-computed debiased EMA', () => {
    const w = 0.6;
    const out = emaSmooth([1, 0], w);
    // last1 = 0.4, debias1 = 0.4 -> 1; last2 = 0.24, debias2 = 1 - 0.36 = 0.64 -> 0.375
    expect(out[1]).toBeCloseTo(0.375, 10);
  });

  it('keeps a constant series constant and passes non-finite values through', () => {
    expect(emaSmooth([2, 2, 2], 0.9)).toEqual([2, 2, 2]);
    const out = emaSmooth([1, Number.NaN, 3], 0.5);
    expect(Number.isNaN(out[1])).toBe(true);
  });
});
