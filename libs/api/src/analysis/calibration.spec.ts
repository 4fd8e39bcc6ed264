// Reliability bins and ECE on constructed predictions whose answers are known by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibration';

describe('calibrate', () => {
  it('puts each prediction in its bin, with the bin accuracy and mean confidence', () => {
    // 10 bins: four at 0.95 (three right), two at 0.55 (both wrong), and a confidence of exactly 1 (right).
    const conf = [0.95, 0.95, 0.95, 0.95, 0.55, 0.55, 1];
    const right = [true, true, true, false, false, false, true];
    const c = calibrate(conf, (i) => right[i], 10, 4);
    expect(c.total).toBe(7);
    expect(c.bins).toHaveLength(10);
    expect(c.bins[5]).toEqual({ lower: 0.5, upper: 0.6, count: 2, accuracy: 0, confidence: 0.55 });
    // 1.0 belongs to the last bin [0.9, 1], not an eleventh.
    expect(c.bins[9]).toMatchObject({ lower: 0.9, upper: 1, count: 5, accuracy: 4 / 5 });
    expect(c.bins[9].confidence).toBeCloseTo((4 * 0.95 + 1) / 5, 12);
    expect(c.bins.filter((b) => b.count === 0).every((b) => b.accuracy === null && b.confidence === null)).toBe(true);
    // ECE: 2/7 x |0 - 0.55| + 5/7 x |0.8 - 0.96|.
    expect(c.ece).toBeCloseTo((2 / 7) * 0.55 + (5 / 7) * 0.16, 12);
    expect(c.mce).toBeCloseTo(0.55, 12);
    expect(c.overconfidence).toBeCloseTo((4 * 0.95 + 2 * 0.55 + 1) / 7 - 4 / 7, 12);
    // Histograms over 4 bins: right answers at 0.95 and 1 (last bin), wrong at 0.95 and 0.55.
    expect(c.histogram).toEqual({ edges: [0, 0.25, 0.5, 0.75, 1], right: [0, 0, 0, 4], wrong: [0, 0, 2, 1] });
  });

  it('scores a perfectly calibrated model 0 and a confidently wrong one by its confidence', () => {
    // In the 0.7 bin, 7 of 10 right; in the 0.3 bin, 3 of 10 right: accuracy equals confidence.
    const conf = [...new Array<number>(10).fill(0.7), ...new Array<number>(10).fill(0.3)];
    const right = (i: number) => (i < 10 ? i < 7 : i < 13);
    expect(calibrate(conf, right).ece).toBeCloseTo(0, 12);
    expect(calibrate([0.9, 0.9], () => false).ece).toBeCloseTo(0.9, 6);
  });

  it('keeps the bin counts summing to the predictions and ECE within [0, 1], whatever the confidences', () => {
    const preds = fc.array(fc.tuple(fc.float({ min: 0, max: 1, noNaN: true }), fc.boolean()), { maxLength: 200 });
    fc.assert(
      fc.property(preds, (ps) => {
        const c = calibrate(
          ps.map((p) => p[0]),
          (i) => ps[i][1],
        );
        expect(c.bins.reduce((a, b) => a + b.count, 0)).toBe(ps.length);
        expect(c.histogram.right.reduce((a, b) => a + b, 0)).toBe(ps.filter((p) => p[1]).length);
        expect(c.ece).toBeGreaterThanOrEqual(0);
        expect(c.ece).toBeLessThanOrEqual(1 + 1e-9);
        expect(c.mce).toBeGreaterThanOrEqual(c.ece - 1e-9);
      }),
    );
  });
});
