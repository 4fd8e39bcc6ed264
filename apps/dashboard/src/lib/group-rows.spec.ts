// A group row's numbers: n, mean and sample std of test accuracy, best val accuracy, mean duration; shared columns only.
import { describe, expect, it } from 'vitest';
import { aggregateGroup, sharedValue } from './group-rows';

const row = (id: string, testAccuracy: number | null, bestValAccuracy: number | null, durationMs: number | null, lr = 0.01) => ({
  id,
  config: { learningRate: lr, seed: Number(id.slice(1)) },
  testAccuracy,
  bestValAccuracy,
  durationMs,
  status: 'finished',
});

describe('group rows', () => {
  it('aggregates the runs that have each value', () => {
    const g = aggregateGroup([row('r1', 0.97, 0.975, 1000), row('r2', 0.98, 0.982, 3000), row('r3', null, 0.5, null)]);
    expect(g.n).toBe(3);
    expect(g.testAccuracy?.n).toBe(2);
    expect(g.testAccuracy?.mean).toBeCloseTo(0.975, 12);
    expect(g.testAccuracy?.std).toBeCloseTo(Math.SQRT2 * 0.005, 12);
    expect(g.bestValAccuracy).toBe(0.982);
    expect(g.durationMs).toBe(2000);
  });

  it('has nothing to average for runs without results', () => {
    const g = aggregateGroup([row('r1', null, null, null)]);
    expect(g).toEqual({ n: 1, testAccuracy: undefined, bestValAccuracy: null, durationMs: null });
  });

  it('shows a column on the group row only when all its runs agree', () => {
    const rows = [row('r1', 0.9, 0.9, 1), row('r2', 0.9, 0.9, 1)];
    expect(sharedValue(rows, { id: 'config.learningRate', label: 'lr', path: 'learningRate' })).toBe(true);
    expect(sharedValue(rows, { id: 'config.seed', label: 'seed', path: 'seed' })).toBe(false);
    expect(sharedValue(rows, { id: 'status', label: 'Status' })).toBe(true);
    expect(sharedValue([...rows, row('r3', 0.9, 0.9, 1, 0.1)], { id: 'config.learningRate', label: 'lr', path: 'learningRate' })).toBe(false);
  });
});
