// Conditional parameters (`when:`): a sweep over both families, the convolution keys only where arch is cnn.
import { describe, expect, it } from 'vitest';
import type { Hyperparams } from '@mnist-lab/contracts';
import { parseSweepConfig, SweepConfigError } from './parse-sweep-config';
import { configKey, configurationAt, dimensions, gridSize } from './space';
import { suggest } from './suggest';
import type { Trial } from './trial';

const families = (method: string, extra: Record<string, unknown> = {}) =>
  parseSweepConfig({
    name: 'mlp-or-cnn',
    method,
    maxTrials: method === 'grid' ? undefined : 40,
    parameters: {
      arch: { values: ['mlp', 'cnn'] },
      learningRate: method === 'grid' ? { values: [1e-3, 3e-3] } : { distribution: 'log_uniform', min: 1e-4, max: 1e-2 },
      convFilters: { values: [[16, 32], [32, 64]], when: { arch: 'cnn' } },
      kernelSize: { values: [3, 5], when: { arch: ['cnn'] } },
      ...extra,
    },
  });

/** A trial's params never carry a key whose condition fails, and always carry those whose condition holds. */
function expectWellFormed(p: Partial<Hyperparams>): void {
  expect(p.arch).toBeDefined();
  if (p.arch === 'mlp') {
    expect(p.convFilters).toBeUndefined();
    expect(p.kernelSize).toBeUndefined();
  } else {
    expect(p.convFilters).toBeDefined();
    expect(p.kernelSize).toBeDefined();
  }
}

describe('a sweep over both families', () => {
  it('counts a grid by its branches: 2 learning rates for mlp, 2 x 2 x 2 more for cnn', () => {
    const config = families('grid');
    expect(gridSize(config)).toBe(2 + 8);
    expect(config.maxTrials).toBe(10);
  });

  it('walks every point of a conditional grid once, each well formed', () => {
    const config = families('grid');
    const history: Trial[] = [];
    for (let p = suggest(config, history, 1); p; p = suggest(config, history, 1)) history.push({ params: p, value: 0.9, status: 'finished' });
    expect(history).toHaveLength(10);
    const dims = dimensions(config);
    expect(new Set(history.map((t) => configKey(dims, t.params))).size).toBe(10);
    for (const t of history) expectWellFormed(t.params);
    expect(history.filter((t) => t.params.arch === 'mlp')).toHaveLength(2);
    // configurationAt enumerates the same points in order.
    expect(Array.from({ length: 10 }, (_, i) => configurationAt(dims, i))).toEqual(history.map((t) => t.params));
  });

  it('draws random trials from the active subspace only', () => {
    const config = families('random');
    const history: Trial[] = [];
    for (let i = 0; i < 40; i++) {
      const p = suggest(config, history, 7);
      if (!p) break;
      expectWellFormed(p);
      history.push({ params: p, value: 0.9, status: 'finished' });
    }
    expect(new Set(history.map((t) => t.params.arch))).toEqual(new Set(['mlp', 'cnn']));
  });

  it('TPE samples within the active subspace and moves toward the family that does better', () => {
    const config = families('tpe');
    // The objective: cnn trials with 32,64 filters and kernel 3 do best; mlp trials worst.
    const objective = (p: Partial<Hyperparams>) =>
      p.arch === 'mlp' ? 0.97 : 0.98 + (JSON.stringify(p.convFilters) === '[32,64]' ? 0.005 : 0) + (p.kernelSize === 3 ? 0.003 : 0);
    const history: Trial[] = [];
    for (let p = suggest(config, history, 3); p; p = suggest(config, history, 3)) {
      expectWellFormed(p);
      history.push({ params: p, value: objective(p), status: 'finished' });
    }
    expect(history).toHaveLength(40);
    const late = history.slice(20);
    expect(late.filter((t) => t.params.arch === 'cnn').length).toBeGreaterThan(late.length * 0.7);
    const lateCnn = late.filter((t) => t.params.arch === 'cnn');
    expect(lateCnn.filter((t) => JSON.stringify(t.params.convFilters) === '[32,64]').length).toBeGreaterThan(lateCnn.length / 2);
  });
});

describe('when: bad input', () => {
  const parse = (parameters: Record<string, unknown>) => () => parseSweepConfig({ name: 's', method: 'random', maxTrials: 5, parameters }, 'sweep.yaml');
  it.each([
    ['a convolution key where a trial may be an MLP', { arch: { values: ['mlp', 'cnn'] }, kernelSize: { values: [3, 5] } }, /kernelSize applies to arch cnn only: add when: \{ arch: cnn \}/],
    ['a convolution key without arch at all', { kernelSize: { values: [3, 5] } }, /kernelSize applies to arch cnn only: add arch: cnn/],
    ['a condition on a parameter that is not swept', { dropout: { values: [0.1, 0.2], when: { optimizer: 'sgd' } } }, /parameters\.dropout\.when: 'optimizer' is not a parameter/],
    ['a condition on a range', { learningRate: { distribution: 'uniform', min: 0.001, max: 0.01 }, dropout: { values: [0.1], when: { learningRate: 0.001 } } }, /learningRate is a range/],
    ['a value the parameter does not take', { arch: { values: ['mlp', 'cnn'] }, kernelSize: { values: [3], when: { arch: 'resnet' } } }, /"resnet" is not one of arch's values/],
    ['a condition on a conditional parameter', { arch: { values: ['mlp', 'cnn'] }, kernelSize: { values: [3, 5], when: { arch: 'cnn' } }, poolSize: { values: [2], when: { kernelSize: 3 } } }, /kernelSize is conditional itself/],
    ['an empty condition', { dropout: { values: [0.1], when: {} } }, /when must name parameters/],
  ])('refuses %s in one line naming the key', (_label, parameters, message) => {
    expect(parse(parameters)).toThrow(SweepConfigError);
    expect(parse(parameters)).toThrow(message);
  });
});
