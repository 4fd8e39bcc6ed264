import { describe, expect, it } from 'vitest';
import { EarlyStopping, ReduceLrOnPlateau } from './schedule';

/** Feeds val losses until the callback says stop; returns the 0-based epoch it stopped at, or -1. */
function stopEpoch(es: EarlyStopping, losses: number[]): number {
  for (let e = 0; e < losses.length; e++) if (es.onEpochEnd(e, losses[e], () => [Float32Array.of(e)])) return e;
  return -1;
}

describe('EarlyStopping (Keras semantics)', () => {
  it('stops after `patience` epochs without improvement and remembers the best epoch and its weights', () => {
    const es = new EarlyStopping(2, 0, true);
    expect(stopEpoch(es, [1.0, 0.9, 0.95, 0.93, 0.8])).toBe(3);
    expect(es.bestEpochIndex).toBe(1);
    expect(es.bestWeights?.[0][0]).toBe(1);
  });

  it('does not count a decrease smaller than min_delta as an improvement', () => {
    const es = new EarlyStopping(1, 0.05, false);
    expect(stopEpoch(es, [1.0, 0.97, 0.9])).toBe(1);
    const lax = new EarlyStopping(1, 0, false);
    expect(stopEpoch(lax, [1.0, 0.97, 0.9])).toBe(-1);
  });

  it('with patience 0 stops at the first epoch that does not improve, never at the first epoch', () => {
    const es = new EarlyStopping(0, 0, false);
    expect(stopEpoch(es, [Number.NaN, 1.0, 1.1])).toBe(2);
    expect(es.bestEpochIndex).toBe(1);
  });

  it('keeps no weights unless asked to', () => {
    const es = new EarlyStopping(1, 0, false);
    stopEpoch(es, [1, 2, 3]);
    expect(es.bestWeights).toBeNull();
  });
});

describe('ReduceLROnPlateau (Keras semantics)', () => {
  it('multiplies the rate by factor after `patience` epochs without a 1e-4 improvement, then waits again', () => {
    const p = new ReduceLrOnPlateau(0.5, 2, 1e-5);
    let lr = 0.001;
    const rates: number[] = [];
    for (const loss of [1.0, 1.0, 0.99995, 1.0, 1.0, 0.5]) {
      lr = p.onEpochEnd(loss, lr);
      rates.push(lr);
    }
    expect(rates).toEqual([0.001, 0.001, 0.0005, 0.0005, 0.00025, 0.00025]);
  });

  it('never goes below min_lr', () => {
    const p = new ReduceLrOnPlateau(0.1, 0, 2e-4);
    let lr = 0.001;
    lr = p.onEpochEnd(1, lr);
    expect(lr).toBe(0.001);
    lr = p.onEpochEnd(1, lr);
    expect(lr).toBe(2e-4);
    lr = p.onEpochEnd(1, lr);
    expect(lr).toBe(2e-4);
  });
});
