import { HyperparamsSchema, type HyperparamsInput, resolveHyperparams } from '@mnist-lab/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CnnArchitecture, architectureOf, initialWeights, weightSpecs } from '../architecture';
import { Rng } from '../rng';
import { readMnist } from '../test-support/mnist-idx';
import type { BatchStats, TrainData } from '../types';
import { ConvEngine } from './conv-engine';

const ROWS = 3;
const order = Uint32Array.from({ length: ROWS }, (_, i) => i);

const cnn = (h: HyperparamsInput): CnnArchitecture => architectureOf(resolveHyperparams({ arch: 'cnn', ...h })) as CnnArchitecture;

/** Random 28x28 digits whose pixels are ~40% exact zeros, so max pooling rarely meets a tie. */
function randomImages(seed: number, rows = ROWS): TrainData {
  const rng = new Rng(seed);
  const images = new Float32Array(rows * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.4 ? 0 : rng.next();
  return { count: rows, images, labels: Uint8Array.from({ length: rows }, () => Math.floor(rng.next() * 10)) };
}

/** Random values for every weight (biases, gamma and beta too), so no gradient term hides behind a zero or a one. */
function randomWeights(a: CnnArchitecture, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return weightSpecs(a).map((s) =>
    Float64Array.from({ length: s.shape.reduce((x, y) => x * y, 1) }, () =>
      s.role === 'moving_variance' || s.role === 'gamma' ? 0.5 + rng.next() : rng.next() - 0.5,
    ),
  );
}

/** A float64 engine (JS kernels) holding `weights`; a fresh Rng(7) each time, so every call draws the same dropout masks. */
function engineAt(a: CnnArchitecture, weights: Float64Array[]): ConvEngine {
  const e = new ConvEngine(a, { optimizer: 'sgd', learningRate: 0.1, batchSize: ROWS, precision: 'float64' }, new Rng(7), initialWeights(a, new Rng(0)));
  e.parameterViews().weights.forEach((v, i) => v.set(weights[i]));
  return e;
}

function lossAt(a: CnnArchitecture, weights: Float64Array[], data: TrainData): number {
  const stats: BatchStats = { lossSum: 0, correct: 0 };
  engineAt(a, weights).computeGradients(data, order, 0, ROWS, stats);
  return stats.lossSum / ROWS;
}

describe('ConvEngine gradients', () => {
  it.each([
    ['the anchor in small: relu, valid, pool 2, dropout after Flatten', { convFilters: [2, 3], dropout: 0.3 }],
    ['BatchNorm, same padding, a Dense block', { convFilters: [3, 2], padding: 'same', batchNorm: true, hiddenUnits: [5], dropout: 0.3 }],
    ['tanh, BatchNorm, an even kernel, pool 3', { convFilters: [2], activation: 'tanh', batchNorm: true, kernelSize: 4, poolSize: 3, dropout: 0, hiddenUnits: [4] }],
    ['elu, same padding with an even kernel (one more zero row after than before)', { convFilters: [2, 2], activation: 'elu', padding: 'same', kernelSize: 2, poolSize: 2, hiddenUnits: [3], dropout: 0 }],
    ['no pooling, no BatchNorm: the dense backward pass', { convFilters: [2], kernelSize: 5, poolSize: 1, dropout: 0 }],
    ['sigmoid, kernel 5, three blocks', { convFilters: [2, 2, 2], activation: 'sigmoid', kernelSize: 5, padding: 'same', dropout: 0.2 }],
  ] as [string, HyperparamsInput][])('match central finite differences (%s)', (_name, h) => {
    const a = cnn(h);
    const data = randomImages(11);
    const weights = randomWeights(a, 5);
    const engine = engineAt(a, weights);
    expect(engine.kernels.kind).toBe('js');
    engine.computeGradients(data, order, 0, ROWS, { lossSum: 0, correct: 0 });
    const grads = engine.parameterViews().grads;
    const step = 1e-6;
    let checked = 0;
    weightSpecs(a).forEach((spec, i) => {
      const g = grads[i];
      if (!spec.trainable || g === null) return;
      // Every value of the small layers; a spread sample of a large Dense kernel keeps the test short.
      const stride = Math.max(1, Math.floor(g.length / 150));
      for (let k = 0; k < g.length; k += stride) {
        const plus = weights.map((w) => w.slice());
        const minus = weights.map((w) => w.slice());
        plus[i][k] += step;
        minus[i][k] -= step;
        const numeric = (lossAt(a, plus, data) - lossAt(a, minus, data)) / (2 * step);
        const tolerance = 1e-7 + 1e-5 * Math.max(Math.abs(numeric), Math.abs(g[k]));
        if (Math.abs(numeric - g[k]) > tolerance) {
          throw new Error(`layer ${spec.layer} ${spec.role}[${k}]: analytic ${g[k]} vs numeric ${numeric}`);
        }
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(100);
  }, 60_000);
});

describe('ConvEngine kernels', () => {
  it('trains the same with the wasm SIMD kernels as with the JS kernels (float tolerance)', () => {
    const a = cnn({ convFilters: [8, 16], batchNorm: true, hiddenUnits: [12] });
    const data = readMnist('train', 0, 128);
    const all = Uint32Array.from({ length: 128 }, (_, i) => i);
    const initial = initialWeights(a, new Rng(4));
    const make = (kernels: 'wasm' | 'js') => new ConvEngine(a, { optimizer: 'adam', learningRate: 0.003, batchSize: 32, kernels }, new Rng(1), initial);
    const wasm = make('wasm');
    const js = make('js');
    expect(wasm.kernels.kind).toBe('wasm');
    expect(js.kernels.kind).toBe('js');
    const x: BatchStats = { lossSum: 0, correct: 0 };
    const y: BatchStats = { lossSum: 0, correct: 0 };
    for (let b = 0; b < 4; b++) {
      wasm.trainBatch(data, all, b * 32, b * 32 + 32, x);
      js.trainBatch(data, all, b * 32, b * 32 + 32, y);
      expect(Math.abs(x.lossSum - y.lossSum) / 32).toBeLessThan(1e-4);
    }
    const test = readMnist('t10k', 0, 100);
    const ew = wasm.evaluate(test);
    const ej = js.evaluate(test);
    for (let i = 0; i < ew.probabilities.length; i++) expect(Math.abs(ew.probabilities[i] - ej.probabilities[i])).toBeLessThan(1e-3);
  });

  it('agree on generated CNNs: every padding, kernel, pool, activation, BatchNorm and Dense head the schema accepts', () => {
    const data = readMnist('train', 0, 16);
    const all = Uint32Array.from({ length: 16 }, (_, i) => i);
    const config = fc.record({
      convFilters: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 4 }),
      kernelSize: fc.integer({ min: 1, max: 7 }),
      poolSize: fc.integer({ min: 1, max: 4 }),
      padding: fc.constantFrom('valid' as const, 'same' as const),
      batchNorm: fc.boolean(),
      activation: fc.constantFrom('relu' as const, 'tanh' as const, 'elu' as const, 'sigmoid' as const),
      hiddenUnits: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 2 }),
      dropout: fc.constantFrom(0, 0.3),
      batchSize: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(config, (c) => {
        const parsed = HyperparamsSchema.safeParse({ arch: 'cnn', ...c });
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const a = architectureOf(parsed.data) as CnnArchitecture;
        const initial = initialWeights(a, new Rng(1));
        // Two steps (the second sees the first's update), then inference, with either kernel set. SGD, not Adam: Adam's
        // first step is about lr * sign(g), so a gradient within float32 rounding of zero (BatchNorm at batch 1 to 8
        // makes many) moves a weight by a full step one way or the other, and the losses then differ by more than
        // the kernels do (seen: 9e-4 after two Adam steps at batch 4, the kernels agreeing to 1e-6).
        const [w, j] = (['wasm', 'js'] as const).map((kernels) => {
          const e = new ConvEngine(a, { optimizer: 'sgd', learningRate: 0.01, batchSize: c.batchSize, kernels }, new Rng(3), initial);
          const stats: BatchStats = { lossSum: 0, correct: 0 };
          e.trainBatch(data, all, 0, c.batchSize, stats);
          e.trainBatch(data, all, c.batchSize, 2 * c.batchSize, stats);
          return [stats.lossSum / c.batchSize, e.evaluate(data).loss];
        });
        // Relative 1e-3: float32 sums in a different order (the wasm kernels fold f32x4 partial sums) pass through up to
        // four BatchNorms, whose division by a small batch's standard deviation scales rounding up (seen: 1.6e-4).
        expect(Math.abs(w[0] - j[0])).toBeLessThan(1e-3 * Math.max(1, j[0]));
        expect(Math.abs(w[1] - j[1])).toBeLessThan(1e-3 * Math.max(1, j[1]));
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
