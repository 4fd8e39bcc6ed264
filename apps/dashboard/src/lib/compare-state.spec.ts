// A comparison link must reopen the same runs in the same colors with the same chart settings.
import { describe, expect, it } from 'vitest';
import { parseCompareState, serializeCompareState } from './compare-state';

const a = '0b8f9a3e-1111-4a1b-9c2d-0123456789ab';
const b = '0b8f9a3e-2222-4a1b-9c2d-0123456789ab';

describe('compare URL state', () => {
  it('keeps run order, drops duplicates and junk', () => {
    expect(parseCompareState(new URLSearchParams(`runs=${b},${a},${b},nope`)).runIds).toEqual([b, a]);
  });

  it('round-trips chart settings', () => {
    for (const xAxis of ['auto', 'step', 'epoch', 'relative'] as const) {
      const state = { runIds: [a, b], smoothing: 0.6, xAxis, logScale: true };
      expect(parseCompareState(serializeCompareState(state))).toEqual(state);
    }
  });

  it('defaults to raw curves on each metric\'s own axis, linear', () => {
    expect(parseCompareState(new URLSearchParams(`runs=${a}&smooth=7`))).toEqual({
      runIds: [a],
      smoothing: 0,
      xAxis: 'auto',
      logScale: false,
    });
  });

  it('opens links from before the step axis as they were', () => {
    expect(parseCompareState(new URLSearchParams(`runs=${a}&x=time`)).xAxis).toBe('relative');
    expect(serializeCompareState({ runIds: [a], smoothing: 0, xAxis: 'auto', logScale: false }).toString()).toBe(`runs=${a}`);
  });
});
