import { describe, expect, it } from 'vitest';
import { HyperparamsSchema, type Hyperparams } from '@mnist-lab/contracts';
import { parseSweepConfig } from './parse-sweep-config';
import { gridSize } from './space';
import { suggest } from './suggest';
import type { Trial } from './trial';

const finished = (params: Partial<Hyperparams>, value = 0.9): Trial => ({ params, value, status: 'finished' });

/** Runs a sweep to its end, every trial finishing with `objective(params)`. */
function runSweep(input: Record<string, unknown>, seed = 1, objective = () => 0.9): Partial<Hyperparams>[] {
  const config = parseSweepConfig({ name: 's', ...input });
  const history: Trial[] = [];
  for (let p = suggest(config, history, seed); p; p = suggest(config, history, seed)) history.push(finished(p, objective()));
  return history.map((t) => t.params);
}

describe('grid', () => {
  const grid = { method: 'grid', parameters: { 'batch-size': { values: [32, 64] }, optimizer: { values: ['adam', 'sgd', 'rmsprop'] }, epochs: 3 } };

  it('walks every combination once, in schema key order with the last key varying fastest, then stops', () => {
    expect(runSweep(grid)).toEqual([
      { optimizer: 'adam', batchSize: 32, epochs: 3 },
      { optimizer: 'adam', batchSize: 64, epochs: 3 },
      { optimizer: 'sgd', batchSize: 32, epochs: 3 },
      { optimizer: 'sgd', batchSize: 64, epochs: 3 },
      { optimizer: 'rmsprop', batchSize: 32, epochs: 3 },
      { optimizer: 'rmsprop', batchSize: 64, epochs: 3 },
    ]);
  });

  it('skips combinations already in the history, whatever their status, and ignores the seed', () => {
    const config = parseSweepConfig({ name: 'g', ...grid });
    const history: Trial[] = [
      { params: { optimizer: 'adam', batchSize: 32, epochs: 3 }, status: 'failed' },
      { params: { epochs: 3, batchSize: 64, optimizer: 'adam' }, status: 'running' },
    ];
    expect(suggest(config, history, 1)).toEqual({ optimizer: 'sgd', batchSize: 32, epochs: 3 });
    expect(suggest(config, history, 99)).toEqual(suggest(config, history, 1));
  });

  it('stops at maxTrials, counting trials of every status', () => {
    const config = parseSweepConfig({ name: 'g', ...grid, maxTrials: 2 });
    const history: Trial[] = [finished({ optimizer: 'adam', batchSize: 32, epochs: 3 }), { params: { optimizer: 'adam', batchSize: 64, epochs: 3 }, status: 'failed' }];
    expect(suggest(config, history.slice(0, 1), 1)).not.toBeNull();
    expect(suggest(config, history, 1)).toBeNull();
  });

  it('reports its size', () => {
    expect(gridSize(parseSweepConfig({ name: 'g', ...grid }))).toBe(6);
  });
});

describe('random', () => {
  const space = {
    learningRate: { distribution: 'log_uniform', min: 1e-4, max: 1e-1 },
    dropout: { distribution: 'uniform', min: 0, max: 0.5 },
    epochs: { distribution: 'int_uniform', min: 1, max: 4 },
    batchSize: { distribution: 'q_uniform', min: 32, max: 256, q: 32 },
    hiddenUnits: { values: [[64], [128, 64]] },
    activation: 'tanh',
  };
  const config = parseSweepConfig({ name: 'r', method: 'random', maxTrials: 500, parameters: space });

  it('is a function of (config, history, seed)', () => {
    const history = [finished({ learningRate: 0.01, dropout: 0.1, epochs: 2, batchSize: 64, hiddenUnits: [64], activation: 'tanh' })];
    expect(suggest(config, history, 7)).toEqual(suggest(config, history, 7));
    expect(suggest(config, history, 7)).not.toEqual(suggest(config, history, 8));
    expect(suggest(config, history, 7)).not.toEqual(suggest(config, [], 7));
  });

  it('draws only valid hyperparameters inside the ranges, reaching both ends of whole-number ranges', () => {
    const draws = runSweep({ method: 'random', maxTrials: 300, parameters: space });
    expect(draws).toHaveLength(300);
    for (const p of draws) {
      expect(HyperparamsSchema.safeParse(p).success).toBe(true);
      expect(p.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(p.learningRate).toBeLessThanOrEqual(1e-1);
      expect(p.dropout).toBeLessThanOrEqual(0.5);
      expect((p.batchSize ?? 1) % 32).toBe(0);
      expect(p.activation).toBe('tanh');
    }
    expect(new Set(draws.map((p) => p.epochs))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(draws.map((p) => p.batchSize))).toEqual(new Set([32, 64, 96, 128, 160, 192, 224, 256]));
    expect(new Set(draws.map((p) => JSON.stringify(p)))).toHaveProperty('size', 300);
  });

  it('spreads log_uniform draws evenly over the decades', () => {
    const decades = [0, 0, 0];
    const n = 3000;
    for (let seed = 0; seed < n; seed++) {
      const lr = suggest(config, [], seed)?.learningRate ?? Number.NaN;
      decades[Math.min(2, Math.floor(Math.log10(lr) + 4))]++;
    }
    // A uniform draw over [1e-4, 1e-1] would put 90% in the top decade.
    for (const count of decades) expect(count / n).toBeGreaterThan(0.3);
  });

  it('tries every configuration of a discrete space before repeating one, then stops', () => {
    const parameters = { optimizer: { values: ['adam', 'sgd', 'rmsprop'] }, batchNorm: { values: [true, false] } };
    const draws = runSweep({ method: 'random', maxTrials: 20, parameters }, 3);
    expect(draws).toHaveLength(6);
    expect(new Set(draws.map((p) => JSON.stringify(p))).size).toBe(6);
    expect(gridSize(parseSweepConfig({ name: 'd', method: 'random', maxTrials: 20, parameters }))).toBe(6);
  });

  it('has no size when a parameter is continuous', () => {
    expect(gridSize(config)).toBeUndefined();
  });
});
