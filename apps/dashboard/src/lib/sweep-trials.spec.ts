import { describe, expect, it } from 'vitest';
import { bestTrial, formatMetric, nextSort, rankTrials, sortTrials, topRunIds, type TrialLike } from './sweep-trials';

const trial = (n: number, value: number | null, extra: Partial<TrialLike> = {}): TrialLike => ({
  runId: `r${n}`,
  trial: n,
  status: 'finished',
  pruned: false,
  params: { learningRate: 10 ** -n },
  value,
  epochs: 5,
  ...extra,
});

const trials = [
  trial(1, 0.91),
  trial(2, 0.95, { pruned: true }),
  trial(3, 0.93),
  trial(4, null, { status: 'running' }),
  trial(5, 0.97, { status: 'failed' }),
];

describe('sweep trials', () => {
  it('ranks finished trials by the goal, complete ones before pruned ones, skipping unfinished ones', () => {
    expect(rankTrials(trials, 'maximize').map((t) => t.runId)).toEqual(['r3', 'r1', 'r2']);
    expect(rankTrials(trials, 'minimize').map((t) => t.runId)).toEqual(['r1', 'r3', 'r2']);
    expect(topRunIds(trials, 'maximize', 2)).toEqual(['r3', 'r1']);
  });

  it("takes the sweep's recorded best run, and the best ranked trial until it is recorded", () => {
    expect(bestTrial(trials, 'maximize', 'r1')?.runId).toBe('r1');
    expect(bestTrial(trials, 'maximize', null)?.runId).toBe('r3');
  });

  it('sorts by the metric with trials lacking a value last, either way', () => {
    const desc = sortTrials(trials, { key: 'value', direction: 'desc' }).map((t) => t.runId);
    expect(desc).toEqual(['r5', 'r2', 'r3', 'r1', 'r4']);
    expect(sortTrials(trials, { key: 'value', direction: 'asc' }).at(-1)?.runId).toBe('r4');
    expect(sortTrials(trials, { key: 'param:learningRate', direction: 'asc' })[0].runId).toBe('r5');
  });

  it('sorts the metric best first on the first click', () => {
    const byTrial = { key: 'trial', direction: 'asc' } as const;
    expect(nextSort(byTrial, 'value', 'maximize')).toEqual({ key: 'value', direction: 'desc' });
    expect(nextSort(byTrial, 'value', 'minimize')).toEqual({ key: 'value', direction: 'asc' });
    expect(nextSort({ key: 'value', direction: 'desc' }, 'value', 'maximize').direction).toBe('asc');
  });

  it('reads accuracies as percentages and losses as numbers', () => {
    expect(formatMetric('val_accuracy', 0.9512)).toBe('95.12%');
    expect(formatMetric('val_loss', 0.123456)).toBe('0.1235');
  });
});
