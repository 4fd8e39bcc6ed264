import { describe, expect, it } from 'vitest';
import { colorAt, goodness, metricColor, metricScale } from './metric-color';
import { ranks, spearman } from './rank-correlation';

describe('metric color', () => {
  it('gives the best value the darkest end of the scale, whichever way the goal points', () => {
    const max = metricScale([0.9, 0.95, 0.92], 'maximize');
    expect(metricColor(max, 0.95)).toBe(colorAt(1));
    expect(metricColor(max, 0.9)).toBe(colorAt(0));
    const min = metricScale([0.2, 0.4], 'minimize');
    expect(goodness(min, 0.2)).toBe(1);
    expect(goodness(metricScale([0.5], 'maximize'), 0.5)).toBe(1);
    expect(colorAt(0)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('rank correlation', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it('is 1 or -1 for any monotone relation, and undefined without enough varied pairs', () => {
    expect(spearman([1e-4, 1e-3, 1e-2], [0.9, 0.95, 0.97])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [9, 4, 1, 0])).toBeCloseTo(-1);
    expect(spearman([1, 2], [3, 4])).toBeUndefined();
    expect(spearman([1, 1, 1], [3, 4, 5])).toBeUndefined();
  });
});
