import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from './parse-sweep-config';
import { isRung, shouldPrune } from './prune';

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

describe('shouldPrune (ASHA)', () => {
  const asha = sweep('val_accuracy', { type: 'asha', minEpochs: 1, eta: 3 });

  it('judges a trial only at the rungs minEpochs·eta^k: epochs 1, 3, 9, ...', () => {
    const better = curves([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
    const worst = (epochs: number) => ({ curve: Array.from({ length: epochs }, () => 0.1) });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((e) => shouldPrune(asha, worst(e), better))).toEqual([true, false, true, false, false, false, false, false, true]);
    expect([2, 4, 8, 16].filter((e) => isRung(e, 2, 2))).toEqual([2, 4, 8, 16]);
    expect(isRung(6, 2, 2)).toBe(false);
  });

  it('keeps the top floor(n / eta) of the n trials at a rung, itself included', () => {
    // Six trials at rung 1 with eta 3: the best two go on.
    const peers = curves([0.95], [0.9], [0.6], [0.5], [0.4]);
    expect(shouldPrune(asha, { curve: [0.97] }, peers)).toBe(false);
    expect(shouldPrune(asha, { curve: [0.92] }, peers)).toBe(false);
    expect(shouldPrune(asha, { curve: [0.91] }, curves([0.95], [0.92], [0.6], [0.5], [0.4]))).toBe(true);
    expect(shouldPrune(asha, { curve: [0.3] }, peers)).toBe(true);
  });

  it('lets the first arrivals at a rung go on: fewer than eta trials there judge nobody', () => {
    expect(shouldPrune(asha, { curve: [0.1] }, [])).toBe(false);
    expect(shouldPrune(asha, { curve: [0.1] }, curves([0.9]))).toBe(false);
    expect(shouldPrune(asha, { curve: [0.1] }, curves([0.9], [0.8]))).toBe(true);
  });

  it('compares best-so-far values over the same epochs, follows a minimised goal, and counts NaN as worst', () => {
    // At rung 3 the trial's best (0.9 at epoch 2) beats both peers over their first three epochs.
    expect(shouldPrune(asha, { curve: [0.5, 0.9, 0.2] }, curves([0.5, 0.6, 0.7, 0.99], [0.4, 0.5, 0.6]))).toBe(false);
    const loss = sweep('val_loss', { type: 'asha', minEpochs: 1, eta: 2 });
    expect(shouldPrune(loss, { curve: [0.2] }, curves([0.5]))).toBe(false);
    expect(shouldPrune(loss, { curve: [0.9] }, curves([0.5]))).toBe(true);
    expect(shouldPrune(loss, { curve: [Number.NaN] }, curves([0.5]))).toBe(true);
    expect(shouldPrune(loss, { curve: [0.9] }, curves([Number.NaN]))).toBe(false);
  });
});

describe('shouldPrune (Hyperband over ASHA)', () => {
  const hyperband = sweep('val_accuracy', { type: 'hyperband', minEpochs: 1, eta: 2, brackets: 2 });
  const trial = (trialNumber: number, curve: number[]) => ({ trialNumber, curve });

  it('puts trials in brackets by turns; bracket b has its first rung at minEpochs·eta^b', () => {
    // Odd trial numbers are bracket 0 (rungs 1, 2, 4, ...), even ones bracket 1 (rungs 2, 4, ...).
    const strong = [trial(3, [0.9, 0.9]), trial(4, [0.9, 0.9])];
    expect(shouldPrune(hyperband, trial(1, [0.1]), strong)).toBe(true);
    expect(shouldPrune(hyperband, trial(2, [0.1]), strong)).toBe(false);
    expect(shouldPrune(hyperband, trial(2, [0.1, 0.1]), strong)).toBe(true);
  });

  it('judges a trial only against its own bracket', () => {
    const otherBracket = [trial(2, [0.9]), trial(4, [0.9]), trial(6, [0.9])];
    expect(shouldPrune(hyperband, trial(1, [0.1]), otherBracket)).toBe(false);
    expect(shouldPrune(hyperband, trial(1, [0.1]), [...otherBracket, trial(5, [0.2])])).toBe(true);
  });

  it('reads the rule from the sweep file with its defaults, and names what is wrong in one line', () => {
    expect(sweep('val_accuracy', { type: 'hyperband' }).earlyTermination).toEqual({ type: 'hyperband', minEpochs: 1, eta: 3, brackets: 3 });
    expect(sweep('val_accuracy', { type: 'asha' }).earlyTermination).toEqual({ type: 'asha', minEpochs: 1, eta: 3 });
    expect(() => sweep('val_accuracy', { type: 'asha', eta: 1 })).toThrow(/earlyTermination\.eta: /);
    expect(() => sweep('val_accuracy', { type: 'successive' })).toThrow(/earlyTermination.*asha, minEpochs: 1, eta: 3/);
  });
});
