import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activation, type MlpArchitecture, initialWeights } from '../architecture';
import { Rng } from '../rng';
import { readMnist } from '../test-support/mnist-idx';
import type { BatchStats } from '../types';
import { FusedEngine } from './engine';
import { createOptimizer } from './optimizer';
import { createWasmKernels } from './wasm/wasm-kernels';

const data = readMnist('train', 0, 64);
const order = Uint32Array.from({ length: 64 }, (_, i) => (i * 37) % 64);

/** The largest |a - b| over every gradient, relative to the largest |b| of that gradient (1 where it is tiny). */
function gradientGap(a: FusedEngine, b: FusedEngine): number {
  const ga = a.parameterViews().grads;
  const gb = b.parameterViews().grads;
  let worst = 0;
  ga.forEach((g, i) => {
    if (g === null) return;
    const ref = gb[i] as Float32Array;
    const scale = Math.max(1e-3, ...Array.from(ref, Math.abs));
    for (let j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs(g[j] - ref[j]) / scale);
  });
  return worst;
}

describe('the MLP kernels, wasm SIMD against JS', () => {
  it('load here (Node 20 has WebAssembly SIMD), so the engine trains on them by default', () => {
    const a: MlpArchitecture = { family: 'mlp', inputSize: 784, hidden: [64, 32], classes: 10, activation: 'relu', batchNorm: true, dropout: 0.2 };
    expect(new FusedEngine(a, { optimizer: 'adam', learningRate: 1e-3, batchSize: 32 }, new Rng(1), initialWeights(a, new Rng(1))).kernels.kind).toBe('wasm');
    expect(new FusedEngine(a, { optimizer: 'adam', learningRate: 1e-3, batchSize: 32, precision: 'float64' }, new Rng(1), initialWeights(a, new Rng(1))).kernels.kind).toBe('js');
  });

  it('compute the same gradients and train alike on generated networks: widths across the 32-, 4- and 1-wide tiles, every activation', () => {
    const config = fc.record({
      hidden: fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 3 }),
      activation: fc.constantFrom<Activation>('relu', 'tanh', 'elu', 'sigmoid'),
      batchNorm: fc.boolean(),
      dropout: fc.constantFrom(0, 0.25),
      batch: fc.integer({ min: 1, max: 32 }),
    });
    fc.assert(
      fc.property(config, (c) => {
        const a: MlpArchitecture = { family: 'mlp', inputSize: 784, hidden: c.hidden, classes: 10, activation: c.activation, batchNorm: c.batchNorm, dropout: c.dropout };
        const initial = initialWeights(a, new Rng(1));
        // The same Rng seed on both sides: the same dropout masks.
        const [w, j] = (['wasm', 'js'] as const).map((kernels) => new FusedEngine(a, { optimizer: 'sgd', learningRate: 0.05, batchSize: c.batch, kernels }, new Rng(3), initial));
        expect(w.kernels.kind).toBe('wasm');
        const sw: BatchStats = { lossSum: 0, correct: 0 };
        const sj: BatchStats = { lossSum: 0, correct: 0 };
        w.computeGradients(data, order, 0, c.batch, sw);
        j.computeGradients(data, order, 0, c.batch, sj);
        expect(Math.abs(sw.lossSum - sj.lossSum)).toBeLessThan(1e-4 * Math.max(1, sj.lossSum));
        // float32 sums in another order (f32x4 lanes, f32 accumulators where JS keeps float64 locals), through up to
        // three BatchNorms whose division by a small batch's deviation scales rounding up.
        expect(gradientGap(w, j)).toBeLessThan(2e-3);
        // Two SGD steps (the second sees the first's update), then inference.
        w.trainBatch(data, order, 0, c.batch, sw);
        j.trainBatch(data, order, 0, c.batch, sj);
        w.trainBatch(data, order, c.batch, 2 * c.batch, sw);
        j.trainBatch(data, order, c.batch, 2 * c.batch, sj);
        const ew = w.evaluate(data);
        const ej = j.evaluate(data);
        expect(Math.abs(ew.loss - ej.loss)).toBeLessThan(1e-3 * Math.max(1, ej.loss));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it("step Adam as the JS loop does: Keras's bias-corrected step, the gradient cleared", () => {
    const n = 1027; // 256 f32x4 steps and a 3-wide tail
    const wasm = createWasmKernels(8 * n * 4 + 1024);
    if (wasm === null) throw new Error('wasm SIMD did not load');
    let at = 64;
    const view = () => {
      const v = new Float32Array(wasm.memory.buffer, at, n);
      at += 4 * n + 16;
      return v;
    };
    const [theta, grad, m, v] = [view(), view(), view(), view()];
    const moments = [m, v];
    const opt = createOptimizer('adam', n, Float32Array, { floats: () => moments.shift() as Float32Array, adam: wasm.mlp.adam });
    const refTheta = new Float32Array(n);
    const refGrad = new Float32Array(n);
    const ref = createOptimizer('adam', n, Float32Array);
    const rng = new Rng(5);
    for (let i = 0; i < n; i++) refTheta[i] = theta[i] = rng.next() - 0.5;
    const initial = Float32Array.from(theta);
    for (let step = 0; step < 3; step++) {
      for (let i = 0; i < n; i++) refGrad[i] = grad[i] = (rng.next() - 0.5) * 10 ** (step - 2);
      opt.step(theta, grad, 1e-3, step + 1);
      ref.step(refTheta, refGrad, 1e-3, step + 1);
      expect(grad.every((g) => g === 0)).toBe(true);
    }
    for (let i = 0; i < n; i++) expect(Math.abs(theta[i] - refTheta[i])).toBeLessThan(1e-6);
    // Every parameter moved (three steps of about lr each, some of them opposite).
    for (let i = 0; i < n; i++) expect(theta[i]).not.toBe(initial[i]);
  });
});
