// The hard-digits page's URL: what a shared link restores, and what a mistyped one falls back to.
import { describe, expect, it } from 'vitest';
import { hardDigitsHref, parseHardDigitsState, serializeHardDigitsState } from './hard-digits-state';

const A = '0f1e2d3c-4b5a-4978-8877-665544332211';
const B = '9f1e2d3c-4b5a-4978-8877-665544332211';

describe('hard digits state', () => {
  it('round-trips runs and a share', () => {
    const state = parseHardDigitsState(new URLSearchParams(`runs=${A},${B}&share=0.6`));
    expect(state).toEqual({ sweepId: undefined, runIds: [A, B], minShare: 0.6 });
    expect(serializeHardDigitsState(state).toString()).toBe(new URLSearchParams(`runs=${A},${B}&share=0.6`).toString());
  });

  it('takes a sweep, drops malformed ids and out-of-range shares', () => {
    expect(parseHardDigitsState(new URLSearchParams(`sweep=${A}&share=7`))).toEqual({ sweepId: A, runIds: [], minShare: 0.8 });
    expect(parseHardDigitsState(new URLSearchParams('runs=nope,also-nope&sweep=bad')).runIds).toEqual([]);
  });

  it('links from a comparison and from a sweep', () => {
    expect(hardDigitsHref({ runIds: [A, B] })).toBe(`/hard-digits?runs=${A},${B}`);
    expect(hardDigitsHref({ sweepId: A })).toBe(`/hard-digits?sweep=${A}`);
  });

  it('round-trips groups of runs and the grouping they came from; a run is in one group only', () => {
    const C = '1f1e2d3c-4b5a-4978-8877-665544332211';
    const href = hardDigitsHref({ groups: [[A, B], [C]], groupBy: '-seed' });
    expect(href).toBe(`/hard-digits?groups=${A},${B};${C}&group=-seed`);
    const state = parseHardDigitsState(new URLSearchParams(href.split('?')[1]));
    expect(state).toEqual({ sweepId: undefined, runIds: [], minShare: 0.8, groups: [[A, B], [C]], groupBy: '-seed' });
    expect(parseHardDigitsState(new URLSearchParams(`groups=${A};${A},nope;`)).groups).toEqual([[A]]);
  });
});
