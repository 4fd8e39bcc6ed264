// The lines `mnist-lab sweep` prints: trial by trial with the best so far, and the summary at the end.
import { describe, expect, it } from 'vitest';
import { bestTrial, summaryLines, trialLine, type SweepDetail, type TrialDetail } from './trial-lines';

const trial = (n: number, over: Partial<TrialDetail>): TrialDetail => ({
  runId: `run-${n}`,
  trial: n,
  name: `g-${n}`,
  status: 'finished',
  pruned: false,
  params: { learningRate: 0.001 * n, hiddenUnits: [128, 64] },
  value: 0.9,
  epochs: 3,
  agentId: 'a',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1000,
  archived: false,
  ...over,
});

function sweep(trials: TrialDetail[], over: Partial<SweepDetail> = {}): SweepDetail {
  return {
    id: 'sweep-id',
    name: 'g',
    method: 'grid',
    metric: 'val_accuracy',
    goal: 'maximize',
    status: 'running',
    maxTrials: 4,
    seed: 0,
    bestRunId: null,
    bestValue: null,
    createdAt: '',
    updatedAt: '',
    runCount: trials.length,
    config: {},
    plannedTrials: 4,
    progress: { queued: 0, running: 0, finished: trials.length, pruned: 0, failed: 0, crashed: 0, stopped: 0 },
    trials,
    ...over,
  };
}

describe('trial lines', () => {
  it('show the count, the params, the metric, pruning and the best so far', () => {
    const s = sweep([trial(1, { value: 0.91 }), trial(2, { value: 0.95 }), trial(3, { value: 0.8, pruned: true })]);
    expect(trialLine(3, s, s.trials[2])).toBe('trial 3/4  g-3  learningRate=0.003 hiddenUnits=128,64  val_accuracy 0.8000 (pruned)  best 0.9500 g-2');
    expect(trialLine(1, s, trial(4, { status: 'failed', value: null }))).toBe('trial 1/4  g-4  learningRate=0.004 hiddenUnits=128,64  failed  best 0.9500 g-2');
  });

  it('take the lowest value as best for a minimised metric, the earlier trial on a tie, and ignore running ones', () => {
    const trials = [trial(1, { value: 0.3 }), trial(2, { value: 0.1 }), trial(3, { value: 0.1 }), trial(4, { value: 0.01, status: 'running' })];
    expect(bestTrial(sweep(trials, { goal: 'minimize', metric: 'val_loss' }))?.runId).toBe('run-2');
    expect(bestTrial(sweep(trials))?.runId).toBe('run-1');
  });

  it('end with the best run, its hyperparameters and the dashboard; a stopped sweep says how to resume', () => {
    const s = sweep([trial(1, { value: 0.91 }), trial(2, { value: 0.97 })], { status: 'stopped' });
    expect(summaryLines(s, 'http://x/sweeps/sweep-id')).toEqual([
      'sweep stopped after 2 of 4 trials (0 pruned, 0 failed)',
      'best: g-2 (run run-2) val_accuracy 0.9700',
      '  learningRate=0.002 hiddenUnits=128,64',
      'continue it with: mnist-lab sweep --resume sweep-id',
      'dashboard: http://x/sweeps/sweep-id',
    ]);
  });
});
