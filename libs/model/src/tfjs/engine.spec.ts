import { type HyperparamsInput, HyperparamsSchema, resolveHyperparams } from '@mnist-lab/contracts';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type CnnArchitecture, type MlpArchitecture, architectureOf, initialWeights, weightSpecs } from '../architecture';
import { ConvEngine } from '../fused/conv-engine';
import { FusedEngine } from '../fused/engine';
import { Rng } from '../rng';
import { readMnist } from '../test-support/mnist-idx';
import type { BatchStats } from '../types';
import { activateTfjsBackend } from './backend';
import { createTfjsEngine } from './engine';
import { buildSequential, setModelWeights } from './sequential';

const data = readMnist('train', 0, 256);
const order = Uint32Array.from({ length: data.count }, (_, i) => i);

/** |a - b| within `rel` of the largest magnitude in `b` (gradients of a layer share one scale). */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, what: string): void {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i] - b[i]) > rel * scale + 1e-7) throw new Error(`${what}[${i}]: ${a[i]} vs ${b[i]} (scale ${scale})`);
  }
}

describe('fused engine against tfjs (cpu backend)', () => {
  it.each(['relu', 'elu'] as const)('computes the same loss and gradients on the same weights (%s, BatchNorm, no dropout)', async (activation) => {
    const tf = await activateTfjsBackend('cpu');
    const h = HyperparamsSchema.parse({ activation, dropout: 0, hiddenUnits: [64, 32] });
    const arch = architectureOf(h) as MlpArchitecture;
    const weights = initialWeights(arch, new Rng(3));
    // Non-default BatchNorm scales and shifts, so their gradients are tested away from the identity.
    weights[2].forEach((_, i, g) => (g[i] = 0.5 + ((i * 7) % 10) / 10));
    weights[3].forEach((_, i, b) => (b[i] = ((i * 3) % 5) / 10 - 0.2));

    const fused = new FusedEngine(arch, { optimizer: 'sgd', learningRate: 0.1, batchSize: 64 }, new Rng(1), weights);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    fused.computeGradients(data, order, 0, 64, stats);
    const fusedGrads = fused.parameterViews().grads;

    const model = buildSequential(tf, arch);
    setModelWeights(tf, model, arch, weights);
    const variables = model.trainableWeights.map((w) => w.read() as Variable);
    const xs = tf.tensor2d(data.images.subarray(0, 64 * 784), [64, 784]);
    const ys = tf.oneHot(tf.tensor1d(Int32Array.from(data.labels.subarray(0, 64)), 'int32'), 10);
    const { value, grads } = tf.variableGrads(() => {
      let out: Tensor = xs;
      for (const layer of model.layers) out = layer.apply(out, { training: true }) as Tensor;
      return tf.losses.softmaxCrossEntropy(ys, out) as Scalar;
    }, variables);

    expect(stats.lossSum / 64).toBeCloseTo(value.dataSync()[0], 5);
    const trainable = weightSpecs(arch).map((s, i) => ({ s, g: fusedGrads[i] })).filter((x) => x.s.trainable);
    expect(trainable).toHaveLength(variables.length);
    trainable.forEach(({ s, g }, i) => {
      expectClose(g as Float32Array, grads[variables[i].name].dataSync(), 1e-4, `layer ${s.layer} ${s.role}`);
    });
    tf.dispose([xs, ys, value, ...Object.values(grads)]);
    model.dispose();
  });

  it.each(['adam', 'sgd'] as const)('trains in step with the tfjs engine from the same initial weights (%s)', async (optimizer) => {
    const h = HyperparamsSchema.parse({ optimizer, dropout: 0, batchSize: 32, learningRate: 0.01 });
    const arch = architectureOf(h) as MlpArchitecture;
    const initial = initialWeights(arch, new Rng(9));
    const fused = new FusedEngine(arch, { optimizer, learningRate: h.learningRate, batchSize: 32 }, new Rng(1), initial);
    const tfjs = await createTfjsEngine('cpu', arch, h, new Rng(1), initial);
    try {
      const a: BatchStats = { lossSum: 0, correct: 0 };
      const b: BatchStats = { lossSum: 0, correct: 0 };
      const losses: [number, number][] = [];
      for (let step = 0; step < 6; step++) {
        fused.trainBatch(data, order, step * 32, step * 32 + 32, a);
        tfjs.trainBatch(data, order, step * 32, step * 32 + 32, b);
        losses.push([a.lossSum / 32, b.lossSum / 32]);
        expect(a.correct).toBe(b.correct);
      }
      // Adam differs in where epsilon enters (Keras vs tfjs), hence a looser bound than SGD's.
      const tolerance = optimizer === 'adam' ? 2e-3 : 2e-5;
      for (const [x, y] of losses) expect(Math.abs(x - y)).toBeLessThan(tolerance * Math.max(1, Math.abs(y)));
      expect(losses[5][0]).toBeLessThan(losses[0][0]);
      const test = readMnist('t10k', 0, 200);
      const ea = fused.evaluate(test);
      const eb = tfjs.evaluate(test);
      expect(Math.abs(ea.loss - eb.loss)).toBeLessThan(tolerance * 5);
      // Weight by weight only for SGD: where a gradient is ~1e-6, Adam's two epsilon placements give different steps.
      if (optimizer === 'sgd') fused.getWeights().forEach((w, i) => expectClose(w, tfjs.getWeights()[i], 1e-4, `weight ${i}`));
    } finally {
      tfjs.dispose();
    }
  });
});

describe('fused CNN engine against tfjs (cpu backend)', () => {
  it.each([
    ['without BatchNorm (the sparse backward pass)', { convFilters: [4, 6], hiddenUnits: [16], dropout: 0 }],
    ['with BatchNorm and same padding (the dense backward pass)', { convFilters: [4, 6], hiddenUnits: [], padding: 'same', batchNorm: true, dropout: 0 }],
  ] as [string, HyperparamsInput][])('computes the same logits, loss and gradients on the same weights (%s)', async (_name, hp) => {
    const tf = await activateTfjsBackend('cpu');
    const h = resolveHyperparams({ arch: 'cnn', ...hp });
    const arch = architectureOf(h) as CnnArchitecture;
    const weights = initialWeights(arch, new Rng(3));
    // Non-default biases and BatchNorm scales and shifts, so their gradients are tested away from zero and the identity.
    weightSpecs(arch).forEach((s, i) => {
      if (s.role === 'gamma') weights[i].forEach((_, j, g) => (g[j] = 0.5 + ((j * 7) % 10) / 10));
      if (s.role === 'beta' || s.role === 'bias') weights[i].forEach((_, j, b) => (b[j] = ((j * 3) % 5) / 10 - 0.2));
    });
    const rows = 32;
    const fused = new ConvEngine(arch, { optimizer: 'sgd', learningRate: 0.1, batchSize: rows }, new Rng(1), weights);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    fused.computeGradients(data, order, 0, rows, stats);
    const fusedGrads = fused.parameterViews().grads;

    const model = buildSequential(tf, arch);
    setModelWeights(tf, model, arch, weights);
    const variables = model.trainableWeights.map((w) => w.read() as Variable);
    const xs = tf.tensor2d(data.images.subarray(0, rows * 784), [rows, 784]);
    const ys = tf.oneHot(tf.tensor1d(Int32Array.from(data.labels.subarray(0, rows)), 'int32'), 10);
    const { value, grads } = tf.variableGrads(() => {
      let out: Tensor = xs;
      for (const layer of model.layers) out = layer.apply(out, { training: true }) as Tensor;
      return tf.losses.softmaxCrossEntropy(ys, out) as Scalar;
    }, variables);
    expect(stats.lossSum / rows).toBeCloseTo(value.dataSync()[0], 5);
    const trainable = weightSpecs(arch).map((s, i) => ({ s, g: fusedGrads[i] })).filter((x) => x.s.trainable);
    expect(trainable).toHaveLength(variables.length);
    trainable.forEach(({ s, g }, i) => expectClose(g as Float32Array, grads[variables[i].name].dataSync(), 1e-4, `layer ${s.layer} ${s.role}`));

    // Inference: the same logits from the same weights (BatchNorm's moving statistics included).
    const test = readMnist('t10k', 0, 64);
    const logits = tf.tidy(() => (model.predict(tf.tensor2d(test.images, [64, 784])) as Tensor).softmax().dataSync());
    expectClose(fused.evaluate(test).probabilities, logits, 1e-5, 'probabilities');
    tf.dispose([xs, ys, value, ...Object.values(grads)]);
    model.dispose();
  });

  it('trains in step with the tfjs engine from the same initial weights, dropout masks included', async () => {
    const h = resolveHyperparams({ arch: 'cnn', convFilters: [4, 8], batchSize: 32, learningRate: 0.01, optimizer: 'sgd' });
    const arch = architectureOf(h) as CnnArchitecture;
    const initial = initialWeights(arch, new Rng(9));
    const fused = new ConvEngine(arch, { optimizer: 'sgd', learningRate: h.learningRate, batchSize: 32 }, new Rng(1), initial);
    const tfjs = await createTfjsEngine('cpu', arch, h, new Rng(1), initial);
    try {
      const a: BatchStats = { lossSum: 0, correct: 0 };
      const b: BatchStats = { lossSum: 0, correct: 0 };
      for (let step = 0; step < 3; step++) {
        fused.trainBatch(data, order, step * 32, step * 32 + 32, a);
        tfjs.trainBatch(data, order, step * 32, step * 32 + 32, b);
        expect(Math.abs(a.lossSum - b.lossSum) / 32).toBeLessThan(2e-5);
        expect(a.correct).toBe(b.correct);
      }
      fused.getWeights().forEach((w, i) => expectClose(w, tfjs.getWeights()[i], 1e-4, `weight ${i}`));
    } finally {
      tfjs.dispose();
    }
  });

  it('refuses tfjs wasm for a CNN in one line naming why', async () => {
    const h = resolveHyperparams({ arch: 'cnn' });
    const arch = architectureOf(h);
    await expect(createTfjsEngine('wasm', arch, h, new Rng(1), initialWeights(arch, new Rng(1)))).rejects.toThrow(/^backend "wasm" cannot train a CNN: tfjs's wasm backend has no Conv2DBackpropFilter kernel/);
  });
});
