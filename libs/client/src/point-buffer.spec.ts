// run.log's checks are the metric point contract's, for any input (fast-check), and its batches seal on size and age.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricPointSchema, type MetricPoint } from '@mnist-lab/contracts';
import { PointBuffer } from './point-buffer';

const sink = () => {
  const batches: MetricPoint[][] = [];
  return { batches, buffer: new PointBuffer((b) => batches.push(b), { maxPoints: 1_000, maxAgeMs: 250 }) };
};

const accepts = (fn: () => void) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

describe('PointBuffer', () => {
  it('accepts a point exactly when the API would (names, values, steps, epochs from any generator)', () => {
    const name = fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_./-]{0,70}$/));
    const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
    const step = fc.oneof(fc.nat(), fc.integer({ min: -5, max: 5 }), fc.double({ min: -1, max: 3e9 }));
    const epoch = fc.option(fc.oneof(fc.double({ min: -1, max: 2e5 }), fc.constant(Number.NaN)), { nil: undefined });
    fc.assert(
      fc.property(name, value, step, epoch, (n, v, s, e) => {
        const { buffer } = sink();
        const point = { name: n, step: s, value: v, ...(e === undefined ? {} : { epoch: e }) };
        expect(accepts(() => buffer.add({ [n]: v }, { step: s, epoch: e }))).toBe(MetricPointSchema.safeParse(point).success);
      }),
      { numRuns: 2_000 },
    );
  });

  it('seals a batch at 1,000 points, and the rest once the oldest is 250 ms old, even if the caller never yields', async () => {
    const { batches, buffer } = sink();
    for (let i = 0; i < 1_200; i++) buffer.add({ loss: i });
    expect(batches.map((b) => b.length)).toEqual([1_000]);
    const until = Date.now() + 260;
    while (Date.now() < until) {
      // A training loop that keeps the thread: no timer can fire.
    }
    buffer.add({ loss: -1 });
    expect(batches.map((b) => b.length)).toEqual([1_000, 201]);
    buffer.add({ loss: -2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(batches.map((b) => b.length)).toEqual([1_000, 201, 1]);
    expect(batches.flat().map((p) => p.step)).toEqual(Array.from({ length: 1_202 }, (_, i) => i));
  });

  it('gives every metric of one call the same step, epoch and time', () => {
    const { batches, buffer } = sink();
    buffer.add({ 'batch/loss': 0.5, 'batch/accuracy': 0.8 }, { step: 40, epoch: 1.25 });
    buffer.flush();
    const [a, b] = batches[0];
    expect(a).toMatchObject({ name: 'batch/loss', step: 40, epoch: 1.25, value: 0.5 });
    expect(b).toMatchObject({ name: 'batch/accuracy', step: 40, epoch: 1.25, value: 0.8, at: a.at });
  });
});
