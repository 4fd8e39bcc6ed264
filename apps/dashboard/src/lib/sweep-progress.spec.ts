import { describe, expect, it } from 'vitest';
import { summarizeProgress } from './sweep-progress';

const none = { queued: 0, running: 0, finished: 0, pruned: 0, failed: 0, crashed: 0, stopped: 0 };

describe('sweep progress', () => {
  it('counts pruned trials as done but draws them apart from complete ones', () => {
    const s = summarizeProgress({ ...none, finished: 3, pruned: 1, running: 1, crashed: 1 }, 8);
    expect([s.done, s.total, s.notStarted]).toEqual([3, 8, 3]);
    expect(s.segments.map((g) => [g.kind, g.count, g.share])).toEqual([
      ['finished', 2, 0.25],
      ['pruned', 1, 0.125],
      ['running', 1, 0.125],
      ['failed', 1, 0.125],
    ]);
    expect(s.text).toBe('2 finished, 1 pruned, 1 running, 1 failed, 3 not started');
  });

  it('never draws past the end of the bar when retries outnumber the plan', () => {
    const s = summarizeProgress({ ...none, finished: 2, crashed: 1 }, 2);
    expect(s.total).toBe(3);
    expect(s.segments.reduce((n, g) => n + g.share, 0)).toBeCloseTo(1);
    expect(summarizeProgress(none, 0).text).toBe('no trials yet');
  });
});
