// Downsampling for charts: never more points than asked, endpoints and extremes always kept, short series untouched.
import { describe, expect, it } from 'vitest';
import { downsampleIndices } from './downsample';

describe('downsampleIndices', () => {
  it('keeps every point of a series that already fits', () => {
    expect(downsampleIndices([3, 1, 2], 10)).toEqual([0, 1, 2]);
  });

  it.each([10, 11, 25, 100, 999])('keeps at most %i points, in order, with first, last, min and max', (maxPoints) => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) + (i === 613 ? 50 : 0) - (i === 2 ? 50 : 0));
    const kept = downsampleIndices(values, maxPoints);
    expect(kept.length).toBeLessThanOrEqual(maxPoints);
    expect(kept.length).toBeGreaterThanOrEqual(Math.min(maxPoints - 2, 1000) / 2);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(999);
    expect(kept).toContain(613);
    expect(kept).toContain(2);
    expect(kept.every((k, i) => i === 0 || k > kept[i - 1])).toBe(true);
  });

  it('handles a flat series', () => {
    const kept = downsampleIndices(new Array(500).fill(1), 20);
    expect(kept.length).toBeLessThanOrEqual(20);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(499);
  });
});
