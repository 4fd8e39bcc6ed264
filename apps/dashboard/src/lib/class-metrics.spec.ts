// The per-digit table's numbers: hand-computed cases, undefined classes left undefined, and agreement with raw labels.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classReport, confusionFrom } from './class-metrics';

describe('classReport', () => {
  it('computes precision, recall and F1 of each class from the rows and columns', () => {
    // 3 classes: 0 is 4 right, 1 taken for a 1; 1 is 3 right, 2 taken for 0s; 2 is 5 right.
    const { classes, macro, total } = classReport([
      [4, 1, 0],
      [2, 3, 0],
      [0, 0, 5],
    ]);
    expect(total).toBe(15);
    expect(classes[0]).toEqual({ digit: 0, support: 5, predicted: 6, precision: 4 / 6, recall: 4 / 5, f1: (2 * (4 / 6) * (4 / 5)) / (4 / 6 + 4 / 5) });
    expect(classes[1]).toMatchObject({ support: 5, predicted: 4, precision: 3 / 4, recall: 3 / 5 });
    expect(classes[2]).toMatchObject({ support: 5, predicted: 5, precision: 1, recall: 1, f1: 1 });
    expect(macro.recall).toBeCloseTo((4 / 5 + 3 / 5 + 1) / 3, 12);
  });

  it('leaves recall undefined for a class with no digits and precision undefined for a class never predicted', () => {
    // Class 1 has no test digits but is predicted twice; class 2 has digits but is never predicted.
    const { classes, macro } = classReport([
      [3, 2, 0],
      [0, 0, 0],
      [1, 0, 0],
    ]);
    expect(classes[1]).toEqual({ digit: 1, support: 0, predicted: 2, precision: 0, recall: null, f1: null });
    expect(classes[2]).toEqual({ digit: 2, support: 1, predicted: 0, precision: null, recall: 0, f1: null });
    // The means skip what is undefined instead of counting it as 0 or 1.
    expect(macro.precision).toBeCloseTo((3 / 4 + 0) / 2, 12);
    expect(macro.recall).toBeCloseTo((3 / 5 + 0) / 2, 12);
    expect(macro.f1).toBeCloseTo((2 * (3 / 4) * (3 / 5)) / (3 / 4 + 3 / 5), 12);
  });

  it('gives F1 0, not NaN, to a class predicted and present but never right', () => {
    const { classes } = classReport([
      [0, 2],
      [3, 1],
    ]);
    expect(classes[0]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('keeps every value in [0, 1] and the supports summing to the digits counted, whatever the labels', () => {
    const labels = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { maxLength: 300 });
    fc.assert(
      fc.property(labels, (pairs) => {
        const m = confusionFrom(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        );
        const r = classReport(m);
        expect(r.total).toBe(pairs.length);
        for (const c of r.classes) {
          expect(c.support).toBe(pairs.filter((p) => p[0] === c.digit).length);
          expect(c.predicted).toBe(pairs.filter((p) => p[1] === c.digit).length);
          for (const v of [c.precision, c.recall, c.f1]) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
        }
      }),
    );
  });
});

describe('confusionFrom', () => {
  it('counts each (true, predicted) pair in its cell', () => {
    expect(confusionFrom([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });

  it('refuses label lists of different lengths', () => {
    expect(() => confusionFrom([0, 1], [0])).toThrow('2 true labels but 1 predictions');
  });
});
