import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from './parse-sweep-config';
import { shouldPrune } from './prune';

const sweep = (metric: string, earlyTermination: unknown = { type: 'median', minEpochs: 3 }) =>
  parseSweepConfig({ name: 'p', method: 'random', metric, maxTrials: 10, earlyTermination, parameters: { dropout: { distribution: 'uniform', min: 0, max: 0.5 } } });
const curves = (...cs: number[][]) => cs.map((curve) => ({ curve }));

describe('shouldPrune (median rule)', () => {
  const accuracy = sweep('val_accuracy');
  const peers = curves([0.80, 0.88, 0.91, 0.93], [0.82, 0.90, 0.92], [0.79, 0.86, 0.90, 0.92, 0.93]);

  it('prunes a trial clearly behind its peers and keeps one that leads', () => {
    expect(shouldPrune(accuracy, { curve: [0.50, 0.60, 0.65] }, peers)).toBe(true);
    expect(shouldPrune(accuracy, { curve: [0.85, 0.92, 0.94] }, peers)).toBe(false);
  });

  it('compares running bests: a dip at the current epoch is not a reason to stop', () => {
    expect(shouldPrune(accuracy, { curve: [0.85, 0.92, 0.40] }, peers)).toBe(false);
  });

  it('never prunes before minEpochs', () => {
    expect(shouldPrune(accuracy, { curve: [0.1, 0.1] }, peers)).toBe(false);
    expect(shouldPrune(sweep('val_accuracy', { type: 'median', minEpochs: 5 }), { curve: [0.1, 0.1, 0.1, 0.1] }, curves([0.9, 0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9]))).toBe(false);
  });

  it('needs at least 3 peers that reached the same epoch', () => {
    const behind = { curve: [0.5, 0.6, 0.65, 0.66] };
    expect(shouldPrune(accuracy, behind, peers)).toBe(false); // only two peers reached epoch 4
    expect(shouldPrune(accuracy, behind, curves([0.9, 0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9]))).toBe(false);
    expect(shouldPrune(accuracy, behind, [...peers, { curve: [0.9, 0.9, 0.9, 0.9] }])).toBe(true);
  });

  it('follows the goal: for a loss, higher is behind', () => {
    const loss = sweep('val_loss');
    const lossPeers = curves([0.9, 0.5, 0.3], [1.0, 0.6, 0.35], [0.8, 0.45, 0.3]);
    expect(shouldPrune(loss, { curve: [1.5, 1.2, 1.1] }, lossPeers)).toBe(true);
    expect(shouldPrune(loss, { curve: [0.7, 0.3, 0.2] }, lossPeers)).toBe(false);
  });

  it('prunes a diverged trial and ignores diverged peers', () => {
    expect(shouldPrune(accuracy, { curve: [Number.NaN, Number.NaN, Number.NaN] }, peers)).toBe(true);
    const withDiverged = [...peers.slice(0, 2), { curve: [Number.NaN, Number.NaN, Number.NaN] }];
    expect(shouldPrune(accuracy, { curve: [0.5, 0.6, 0.65] }, withDiverged)).toBe(false);
  });

  it('never prunes without earlyTermination: median', () => {
    expect(shouldPrune(sweep('val_accuracy', { type: 'none' }), { curve: [0.1, 0.1, 0.1] }, peers)).toBe(false);
    const noRule = parseSweepConfig({ name: 'p', method: 'grid', parameters: { dropout: { values: [0.1] } } });
    expect(shouldPrune(noRule, { curve: [0.1, 0.1, 0.1] }, peers)).toBe(false);
  });
});
