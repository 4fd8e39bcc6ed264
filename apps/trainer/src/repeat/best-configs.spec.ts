// Choosing what `mnist-lab repeat` trains again: the best distinct finished configurations, and fresh seeds.
import { describe, expect, it } from 'vitest';
import { bestConfigurations, repeatSeeds, type TrialSummary } from './best-configs';

const trial = (n: number | null, value: number | null, params: Record<string, unknown>, extra: Partial<TrialSummary> = {}): TrialSummary => ({
  runId: `run-${n}`,
  trial: n,
  name: `s-${n}`,
  status: 'finished',
  pruned: false,
  params,
  value,
  ...extra,
});

describe('bestConfigurations', () => {
  const trials = [
    trial(1, 0.95, { learningRate: 0.01 }),
    trial(2, 0.97, { learningRate: 0.001 }),
    trial(3, 0.99, { learningRate: 0.003 }, { pruned: true }),
    trial(4, 0.97, { learningRate: 0.001 }),
    trial(5, 0.96, { learningRate: 0.002 }),
    trial(6, 0.98, { learningRate: 0.005 }, { status: 'failed' }),
    trial(null, 0.999, { learningRate: 0.001 }),
    trial(7, null, { learningRate: 0.1 }),
  ];

  it('ranks finished, unpruned trials by the metric, one per configuration, earlier trial first on ties', () => {
    expect(bestConfigurations(trials, 'maximize', 3).map((t) => t.trial)).toEqual([2, 5, 1]);
  });

  it('reverses for metrics to minimize, and returns fewer when fewer qualify', () => {
    expect(bestConfigurations(trials, 'minimize', 10).map((t) => t.trial)).toEqual([1, 5, 2]);
  });
});

describe('repeatSeeds', () => {
  it('skips the seed the configuration already ran with', () => {
    expect(repeatSeeds(2, 3)).toEqual([1, 3, 4]);
    expect(repeatSeeds(42, 3)).toEqual([1, 2, 3]);
  });
});
