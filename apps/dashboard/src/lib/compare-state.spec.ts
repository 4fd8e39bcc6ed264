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
      const state = { runIds: [a, b], smoothing: 0.6, xAxis, logScale: true, groupBy: { kind: 'none' } as const, band: 'minmax' as const };
      expect(parseCompareState(serializeCompareState(state))).toEqual(state);
    }
  });

  it('defaults to raw curves on each metric\'s own axis, linear', () => {
    expect(parseCompareState(new URLSearchParams(`runs=${a}&smooth=7`))).toEqual({
      runIds: [a],
      smoothing: 0,
      xAxis: 'auto',
      logScale: false,
      groupBy: { kind: 'none' },
      band: 'minmax',
    });
  });

  it('opens links from before the step axis as they were', () => {
    expect(parseCompareState(new URLSearchParams(`runs=${a}&x=time`)).xAxis).toBe('relative');
    expect(serializeCompareState({ runIds: [a], smoothing: 0, xAxis: 'auto', logScale: false, groupBy: { kind: 'none' }, band: 'minmax' }).toString()).toBe(`runs=${a}`);
  });

  it('round-trips the grouping and the band, and reads junk as no grouping', () => {
    for (const groupBy of [{ kind: 'config' } as const, { kind: 'keys' as const, keys: ['arch', 'optimizer.lr'] }]) {
      for (const band of ['minmax', 'std', 'ci95'] as const) {
        const state = { runIds: [a, b], smoothing: 0, xAxis: 'auto' as const, logScale: false, groupBy, band };
        expect(parseCompareState(serializeCompareState(state))).toEqual(state);
      }
    }
    expect(serializeCompareState({ runIds: [a], smoothing: 0, xAxis: 'auto', logScale: false, groupBy: { kind: 'config' }, band: 'ci95' }).toString()).toBe(
      `runs=${a}&group=-seed&band=ci95`,
    );
    const junk = parseCompareState(new URLSearchParams(`runs=${a}&group=,,&band=wide`));
    expect(junk.groupBy).toEqual({ kind: 'none' });
    expect(junk.band).toBe('minmax');
  });
});
