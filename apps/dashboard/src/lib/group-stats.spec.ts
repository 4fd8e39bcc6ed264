// A group's curve: mean, spread and 95% interval per epoch over the runs that reached it, checked against known values.
import { describe, expect, it } from 'vitest';
import { groupBandPoints } from './group-curves';
import { aggregateCurves, bandOf, bandPoints, summarize, t975 } from './group-stats';

describe('group statistics', () => {
  it('summarizes values with the sample standard deviation and a t-interval', () => {
    const s = summarize([0.9, 0.92, 0.94]);
    expect(s?.n).toBe(3);
    expect(s?.mean).toBeCloseTo(0.92, 12);
    expect(s?.std).toBeCloseTo(0.02, 12);
    expect(s?.min).toBe(0.9);
    expect(s?.max).toBe(0.94);
    // t(0.975, 2) = 4.3027: half-width 4.3027 * 0.02 / sqrt(3).
    expect(s?.ciHigh).toBeCloseTo(0.92 + (4.3027 * 0.02) / Math.sqrt(3), 6);
    expect(s?.ciLow).toBeCloseTo(0.92 - (4.3027 * 0.02) / Math.sqrt(3), 6);
  });

  it('gives one value no spread, and nothing for no finite values', () => {
    expect(summarize([0.5, Number.NaN])).toEqual({ n: 1, mean: 0.5, std: 0, min: 0.5, max: 0.5, ciLow: 0.5, ciHigh: 0.5 });
    expect(summarize([Number.NaN])).toBeUndefined();
    expect(summarize([])).toBeUndefined();
  });

  it("uses Student's t critical values, close to 1.96 for many seeds", () => {
    expect(t975(1)).toBeCloseTo(12.706, 3);
    expect(t975(4)).toBeCloseTo(2.776, 3);
    expect(t975(30)).toBeCloseTo(2.042, 3);
    expect(t975(40)).toBeCloseTo(2.021, 3);
    expect(t975(120)).toBeCloseTo(1.98, 3);
    expect(t975(1e6)).toBeCloseTo(1.96, 3);
  });

  it('chooses the band: range, one std, or the 95% interval', () => {
    const s = summarize([1, 2, 3, 6]);
    if (!s) throw new Error('no summary');
    expect(bandOf(s, 'minmax')).toEqual([1, 6]);
    expect(bandOf(s, 'std')).toEqual([s.mean - s.std, s.mean + s.std]);
    expect(bandOf(s, 'ci95')).toEqual([s.ciLow, s.ciHigh]);
    expect(s.ciHigh - s.ciLow).toBeGreaterThan(2 * s.std);
  });

  it('aggregates per epoch over the runs that have it, sorted, counting each run once per epoch', () => {
    const points = aggregateCurves([
      { x: [1, 2, 3], value: [0.5, 0.7, 0.8] },
      { x: [1, 2], value: [0.6, 0.9] },
      // Two points at epoch 1 (a replaced value): the last counts. Epoch NaN (no epoch) is left out.
      { x: [2, 1, 1, Number.NaN], value: [0.8, 0.1, 0.7, 0.99] },
    ]);
    expect(points.map((p) => [p.x, p.n])).toEqual([
      [1, 3],
      [2, 3],
      [3, 1],
    ]);
    expect(points[0].mean).toBeCloseTo(0.6, 12);
    expect(points[0].min).toBe(0.5);
    expect(points[0].max).toBe(0.7);
    expect(points[1].mean).toBeCloseTo(0.8, 12);
    expect(points[2]).toMatchObject({ mean: 0.8, std: 0, ciLow: 0.8, ciHigh: 0.8 });
  });

  it('draws the chosen band around the mean, smoothed like the lines', () => {
    const points = aggregateCurves([
      { x: [1, 2], value: [1, 3] },
      { x: [1, 2], value: [3, 5] },
    ]);
    expect(bandPoints(points, 'minmax', 0)).toEqual([
      { x: 1, n: 2, mean: 2, low: 1, high: 3 },
      { x: 2, n: 2, mean: 4, low: 3, high: 5 },
    ]);
    const std = bandPoints(points, 'std', 0);
    expect(std[0].high - std[0].low).toBeCloseTo(2 * Math.SQRT2, 12);
    const smoothed = bandPoints(points, 'minmax', 0.5);
    expect(smoothed[1].mean).toBeGreaterThan(2);
    expect(smoothed[1].mean).toBeLessThan(4);
  });
});

describe('group curves on the chart axis', () => {
  it('aggregates by epoch and says how many runs each point stands for', () => {
    const series = (values: number[]) => ({ step: values.map((_, i) => (i + 1) * 100), epoch: values.map((_, i) => i + 1), value: values, at: values.map(() => 0) });
    const points = groupBandPoints([{ series: series([0.9, 0.95, 0.97]), startedAt: 0 }, { series: series([0.8, 0.93]), startedAt: 0 }], {
      mode: 'epoch',
      band: 'minmax',
      smoothing: 0,
    });
    expect(points.map((p) => [p.x, p.n, p.low, p.high])).toEqual([
      [1, 2, 0.8, 0.9],
      [2, 2, 0.93, 0.95],
      [3, 1, 0.97, 0.97],
    ]);
  });
});
