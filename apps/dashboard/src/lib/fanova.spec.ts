// fANOVA over a random forest: a parameter that decides the metric gets the importance, one that does not gets none.
import { mulberry32 } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { fanovaImportance, fitForest, pairMarginal } from './fanova';

function sample(n: number, f: (x: number[]) => number, dims = 3, seed = 1) {
  const random = mulberry32(seed);
  const xs = Array.from({ length: n }, () => Array.from({ length: dims }, () => random()));
  return { xs, ys: xs.map(f) };
}

describe('fanovaImportance', () => {
  it('gives the parameter that decides the metric nearly all the importance', () => {
    const { xs, ys } = sample(80, ([lr]) => Math.sin(3 * lr));
    const [lr, dropout, batch] = fanovaImportance(fitForest(xs, ys));
    expect(lr).toBeGreaterThan(0.9);
    expect(dropout + batch).toBeLessThan(0.1);
  });

  it('splits it between two parameters that add up to the metric, in proportion to their variance', () => {
    const { xs, ys } = sample(150, ([a, b]) => 2 * a + b);
    const [a, b, c] = fanovaImportance(fitForest(xs, ys));
    // Var(2a) = 4 Var(b): about 0.8 and 0.2.
    expect(a).toBeGreaterThan(0.65);
    expect(a).toBeLessThan(0.92);
    expect(b).toBeGreaterThan(0.08);
    expect(c).toBeLessThan(0.05);
    expect(a + b + c).toBeCloseTo(1, 10);
  });

  it('is all zeros when the metric never changes, and the same for the same seed', () => {
    const { xs } = sample(20, () => 0);
    expect(fanovaImportance(fitForest(xs, xs.map(() => 0.97)))).toEqual([0, 0, 0]);
    const { xs: x2, ys } = sample(40, ([a, b]) => a * b);
    expect(fanovaImportance(fitForest(x2, ys, { seed: 3 }))).toEqual(fanovaImportance(fitForest(x2, ys, { seed: 3 })));
  });
});

describe('pairMarginal', () => {
  it('follows the metric over the two parameters, the others averaged out', () => {
    const { xs, ys } = sample(200, ([a, b]) => a - b);
    const grid = pairMarginal(fitForest(xs, ys), 0, 1, 4);
    expect(grid).toHaveLength(4);
    // Rows are b (rising down the array), columns a: highest at large a and small b.
    expect(grid[0][3]).toBeGreaterThan(grid[0][0]);
    expect(grid[0][0]).toBeGreaterThan(grid[3][0]);
    expect(grid[0][3]).toBeGreaterThan(0.4);
    expect(grid[3][0]).toBeLessThan(-0.4);
  });
});
