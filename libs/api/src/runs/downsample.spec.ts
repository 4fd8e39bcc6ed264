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

describe('downsampleIndices on a step series', () => {
  it('keeps each bucket last point, so a chart of 8,500 steps ends each stretch where the data does', () => {
    const values = Array.from({ length: 8_500 }, (_, i) => 2 * Math.exp(-i / 2_000) + 0.05 * Math.sin(i));
    const kept = downsampleIndices(values, 1_000);
    expect(kept.length).toBeLessThanOrEqual(1_000);
    expect(kept.length).toBeGreaterThan(900);
    const buckets = Math.floor(998 / 3);
    for (const b of [0, 100, buckets - 1]) expect(kept).toContain(Math.floor(((b + 1) * 8_498) / buckets));
  });
});
