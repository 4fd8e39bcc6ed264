import { describe, expect, it } from 'vitest';
import { type Activation, type Architecture, BN_EPSILON, type MlpArchitecture, initialWeights, weightSpecs } from '../architecture';
import { Rng } from '../rng';
import type { BatchStats, TrainData } from '../types';
import { FusedEngine } from './engine';

const INPUT = 12;
const ROWS = 6;

/** A tiny batch whose pixels are ~40% exact zeros, like MNIST's, so the sparse first-layer path is exercised. */
function tinyData(seed: number, rows = ROWS, input = INPUT): TrainData {
  const rng = new Rng(seed);
  const images = new Float32Array(rows * input);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.4 ? 0 : rng.next();
  const labels = Uint8Array.from({ length: rows }, () => Math.floor(rng.next() * 10));
  return { count: rows, images, labels };
}

function arch(activation: Activation, batchNorm: boolean, dropout: number): MlpArchitecture {
  // 11 and 9 units: the kernels' blocks of 8 and their one-wide tails both run.
  return { family: 'mlp', inputSize: INPUT, hidden: [11, 9], classes: 10, activation, batchNorm, dropout };
}

/** Random values for every weight (biases, gamma and beta too), so no gradient term hides behind a zero or a one. */
function randomWeights(a: Architecture, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return weightSpecs(a).map((s) =>
    Float64Array.from({ length: s.shape.reduce((x, y) => x * y, 1) }, () =>
      s.role === 'moving_variance' || s.role === 'gamma' ? 0.5 + rng.next() : rng.next() - 0.5,
    ),
  );
}

const order = Uint32Array.from({ length: ROWS }, (_, i) => i);

/** A float64 engine holding `weights`; a fresh Rng(7) each time, so every call draws the same dropout masks. */
function engineAt(a: MlpArchitecture, weights: Float64Array[]): FusedEngine {
  const e = new FusedEngine(a, { optimizer: 'sgd', learningRate: 0.1, batchSize: ROWS, precision: 'float64' }, new Rng(7), initialWeights(a, new Rng(0)));
  e.parameterViews().weights.forEach((v, i) => v.set(weights[i]));
  return e;
}

function lossAt(a: MlpArchitecture, weights: Float64Array[], data: TrainData): number {
  const stats: BatchStats = { lossSum: 0, correct: 0 };
  engineAt(a, weights).computeGradients(data, order, 0, ROWS, stats);
  return stats.lossSum / ROWS;
}

describe('FusedEngine gradients', () => {
  const cases: [Activation, boolean, number][] = [
    ['relu', true, 0.3], ['relu', false, 0.3], ['relu', true, 0], ['tanh', true, 0.3],
    ['sigmoid', false, 0], ['elu', true, 0.3], ['elu', false, 0.3],
  ];
  it.each(cases)('match central finite differences (%s, batchNorm %s, dropout %s)', (activation, batchNorm, dropout) => {
    const a = arch(activation, batchNorm, dropout);
    const data = tinyData(11);
    const weights = randomWeights(a, 5);
    const engine = engineAt(a, weights);
    engine.computeGradients(data, order, 0, ROWS, { lossSum: 0, correct: 0 });
    const grads = engine.parameterViews().grads;
    const h = 1e-6;
    let checked = 0;
    weightSpecs(a).forEach((spec, i) => {
      const g = grads[i];
      if (!spec.trainable || g === null) return;
      for (let k = 0; k < g.length; k++) {
        const plus = weights.map((w) => w.slice());
        const minus = weights.map((w) => w.slice());
        plus[i][k] += h;
        minus[i][k] -= h;
        const numeric = (lossAt(a, plus, data) - lossAt(a, minus, data)) / (2 * h);
        const tolerance = 1e-7 + 1e-5 * Math.max(Math.abs(numeric), Math.abs(g[k]));
        if (Math.abs(numeric - g[k]) > tolerance) {
          throw new Error(`layer ${spec.layer} ${spec.role}[${k}]: analytic ${g[k]} vs numeric ${numeric}`);
        }
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(100);
  });
});

/** A plain float64 forward pass in inference mode, written independently of the engine's kernels. */
function referenceProbabilities(a: MlpArchitecture, w: Float32Array[], x: Float32Array): number[] {
  const act = { relu: (v: number) => Math.max(0, v), tanh: Math.tanh, sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), elu: (v: number) => (v > 0 ? v : Math.exp(v) - 1) }[a.activation];
  let input = Array.from(x);
  let i = 0;
  const sizes = [...a.hidden, a.classes];
  sizes.forEach((n, layer) => {
    const kernel = w[i++];
    const bias = w[i++];
    let out = Array.from({ length: n }, (_, j) => bias[j] + input.reduce((s, v, k) => s + v * kernel[k * n + j], 0));
    if (layer < a.hidden.length) {
      out = out.map(act);
      if (a.batchNorm) {
        const [gamma, beta, mean, variance] = [w[i++], w[i++], w[i++], w[i++]];
        out = out.map((v, j) => ((v - mean[j]) / Math.sqrt(variance[j] + BN_EPSILON)) * gamma[j] + beta[j]);
      }
    }
    input = out;
  });
  const max = Math.max(...input);
  const e = input.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

describe('FusedEngine inference', () => {
  it('uses the BatchNorm moving statistics and no dropout', () => {
    const a = arch('relu', true, 0.5);
    const rng = new Rng(3);
    const engine = new FusedEngine(a, { optimizer: 'adam', learningRate: 0.01, batchSize: ROWS }, rng, initialWeights(a, rng));
    const train = tinyData(21);
    for (let step = 0; step < 5; step++) engine.trainBatch(train, order, 0, ROWS, { lossSum: 0, correct: 0 });
    const weights = engine.getWeights();
    const movingMean = weights[4];
    expect(movingMean.some((v) => v !== 0)).toBe(true);

    const test = tinyData(99, 300);
    const ev = engine.evaluate(test);
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < test.count; r++) {
      const p = referenceProbabilities(a, weights, test.images.subarray(r * INPUT, (r + 1) * INPUT));
      for (let c = 0; c < 10; c++) expect(ev.probabilities[r * 10 + c]).toBeCloseTo(p[c], 5);
      const argmax = p.indexOf(Math.max(...p));
      expect(ev.predictions[r]).toBe(argmax);
      loss -= Math.log(p[test.labels[r]]);
      if (argmax === test.labels[r]) correct++;
    }
    expect(ev.loss).toBeCloseTo(loss / test.count, 5);
    expect(ev.accuracy).toBe(correct / test.count);
    // Evaluating twice gives the same answer: inference draws no dropout and leaves the statistics alone.
    expect(engine.evaluate(test).probabilities).toEqual(ev.probabilities);
  });

  it('initializes like Keras: Glorot-uniform kernels within their limit, zero biases, unit gammas', () => {
    const a = { ...arch('relu', true, 0.2), inputSize: 784, hidden: [64, 32] };
    const w = initialWeights(a, new Rng(1));
    const limit = Math.sqrt(6 / (784 + 64));
    expect(Math.max(...w[0].map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w[0].map(Math.abs))).toBeGreaterThan(0.95 * limit);
    expect(w[1].every((v) => v === 0)).toBe(true);
    expect(w[2].every((v) => v === 1)).toBe(true);
    expect(w[5].every((v) => v === 1)).toBe(true);
  });
});
