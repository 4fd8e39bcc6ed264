import { describe, expect, it } from 'vitest';
import { HyperparamsSchema } from '@mnist-lab/contracts';
import { type CnnArchitecture, type MlpArchitecture, architectureOf, initialWeights } from '../architecture';
import { Rng } from '../rng';
import { readMnist } from '../test-support/mnist-idx';
import type { BatchStats } from '../types';
import { ConvEngine } from './conv-engine';
import { FusedEngine } from './engine';
import { chunkCount, paramSlice, rowRange } from './mlp-step';

const data = readMnist('train', 0, 512);
const order = Uint32Array.from({ length: data.count }, (_, i) => (i * 193) % data.count);

function engine(arch: MlpArchitecture, threads: number, batchSize: number, optimizer: 'adam' | 'sgd' = 'adam'): FusedEngine {
  return new FusedEngine(arch, { optimizer, learningRate: 1e-3, batchSize, threads }, new Rng(9), initialWeights(arch, new Rng(1)));
}

const reference: MlpArchitecture = { family: 'mlp', inputSize: 784, hidden: [64, 32], classes: 10, activation: 'relu', batchNorm: true, dropout: 0 };

/** Trains `steps` batches and gives back the per-batch losses and the final weights. */
function trainSteps(e: FusedEngine, batch: number, steps: number, set = data, setOrder = order): { losses: number[]; weights: Float32Array[] } {
  const losses: number[] = [];
  const stats: BatchStats = { lossSum: 0, correct: 0 };
  for (let s = 0; s < steps; s++) {
    const start = (s * batch) % (set.count - batch);
    e.trainBatch(set, setOrder, start, start + batch, stats);
    losses.push(stats.lossSum);
  }
  return { losses, weights: e.getWeights() };
}

describe('the fused MLP engine on threads', () => {
  it('splits rows and parameters into contiguous shares that cover them once (parameters in whole f32x4s)', () => {
    for (const chunks of [2, 3, 4]) {
      for (const rows of [1, 2, 7, 32, 33]) {
        const ranges = Array.from({ length: chunks }, (_, c) => rowRange(c, rows, chunks));
        expect(ranges[0][0]).toBe(0);
        expect(ranges[chunks - 1][1]).toBe(rows);
        ranges.slice(1).forEach((r, c) => expect(r[0]).toBe(ranges[c][1]));
      }
      const slices = Array.from({ length: chunks }, (_, s) => paramSlice(s, 52_650, chunks));
      expect(slices[chunks - 1][1]).toBe(52_650);
      slices.slice(1).forEach((s, c) => expect(s[0]).toBe(slices[c][1]));
      slices.slice(0, -1).forEach((s) => expect(s[1] % 4).toBe(0));
    }
    expect([1, 2, 3, 4].map(chunkCount)).toEqual([2, 2, 3, 4]);
  });

  it('computes the same loss and gradients, bit for bit, on 1 and 2 threads; on 3 (three chunks) within float32 rounding', () => {
    const one = engine(reference, 1, 32);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    one.computeGradients(data, order, 0, 32, stats);
    const single = { ...stats };
    const g1 = one.parameterViews().grads.map((g) => (g === null ? null : Float32Array.from(g)));
    for (const threads of [2, 3]) {
      const many = engine(reference, threads, 32);
      expect(many.threads).toBe(threads);
      many.computeGradients(data, order, 0, 32, stats);
      expect(stats.correct).toBe(single.correct);
      const grads = many.parameterViews().grads;
      if (threads === 2) {
        expect(stats.lossSum).toBe(single.lossSum);
        grads.forEach((g, i) => expect(g === null ? null : Float32Array.from(g)).toEqual(g1[i]));
      } else {
        expect(Math.abs(stats.lossSum - single.lossSum)).toBeLessThan(1e-4);
        grads.forEach((g, i) => {
          if (g === null) return;
          const ref = g1[i] as Float32Array;
          const scale = Math.max(1e-6, ...Array.from(ref, Math.abs));
          for (let j = 0; j < g.length; j++) expect(Math.abs(g[j] - ref[j]) / scale).toBeLessThan(1e-4);
        });
      }
      many.dispose();
    }
    one.dispose();
  });

  it('repeats a run bit for bit for the same seed on 1 and on 2 threads, dropout and BatchNorm included; a batch smaller than the threads works', () => {
    const arch = { ...reference, dropout: 0.2 };
    const a = trainSteps(engine(arch, 2, 32), 32, 20);
    const b = trainSteps(engine(arch, 2, 32), 32, 20);
    expect(b.losses).toEqual(a.losses);
    b.weights.forEach((w, i) => expect(w).toEqual(a.weights[i]));
    // One thread runs both chunks itself: the same numbers.
    const single = trainSteps(engine(arch, 1, 32), 32, 20);
    expect(single.losses).toEqual(a.losses);
    single.weights.forEach((w, i) => expect(w).toEqual(a.weights[i]));
    // Other optimizers keep their state per parameter slice too.
    for (const optimizer of ['sgd', 'momentum', 'rmsprop'] as const) {
      const [x, y] = [1, 2].map((t) => trainSteps(new FusedEngine(arch, { optimizer, learningRate: 1e-2, batchSize: 32, threads: t }, new Rng(9), initialWeights(arch, new Rng(1))), 32, 5));
      expect(y.losses).toEqual(x.losses);
    }
    // A last batch of one row on two threads: the second chunk is empty.
    const e = engine(arch, 2, 32);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    e.trainBatch(data, order, 0, 1, stats);
    expect(Number.isFinite(stats.lossSum)).toBe(true);
    e.dispose();
  });

  it('learns: 2 threads and 1 reach the same accuracy on held-out digits after the same training', () => {
    const held = readMnist('t10k', 0, 1000);
    const set = readMnist('train', 0, 4800);
    const setOrder = Uint32Array.from({ length: set.count }, (_, i) => i);
    const accuracy = (threads: number) => {
      const e = engine({ ...reference, dropout: 0.2 }, threads, 32);
      trainSteps(e, 32, 150, set, setOrder);
      const acc = e.evaluate(held).accuracy;
      e.dispose();
      return acc;
    };
    const [one, two] = [accuracy(1), accuracy(2)];
    expect(one).toBeGreaterThan(0.8);
    expect(Math.abs(two - one)).toBeLessThan(0.03);
  });

  it('stays on one thread where it must: float64 (the gradient check) and the JS kernels', () => {
    expect(new FusedEngine(reference, { optimizer: 'sgd', learningRate: 0.1, batchSize: 8, threads: 2, precision: 'float64' }, new Rng(1), initialWeights(reference, new Rng(1))).threads).toBe(1);
    expect(new FusedEngine(reference, { optimizer: 'sgd', learningRate: 0.1, batchSize: 8, threads: 2, kernels: 'js' }, new Rng(1), initialWeights(reference, new Rng(1))).threads).toBe(1);
  });
});

describe('the fused CNN engine on threads', () => {
  const cnn = (batchNorm: boolean): CnnArchitecture => {
    const parsed = HyperparamsSchema.parse({ arch: 'cnn', convFilters: [8, 16], kernelSize: 3, batchNorm, hiddenUnits: [12], dropout: 0.25, batchSize: 16 });
    return architectureOf(parsed) as CnnArchitecture;
  };
  const conv = (arch: CnnArchitecture, threads: number) =>
    new ConvEngine(arch, { optimizer: 'adam', learningRate: 1e-3, batchSize: 16, threads }, new Rng(9), initialWeights(arch, new Rng(1)));

  it.each([false, true])('computes the gradient of one thread within float32 rounding on 2 and 3 (BatchNorm %s: the sparse and the dense backward pass)', (batchNorm) => {
    const arch = cnn(batchNorm);
    const one = conv(arch, 1);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    one.computeGradients(data, order, 0, 16, stats);
    const loss = stats.lossSum;
    const g1 = one.parameterViews().grads;
    for (const threads of [2, 3]) {
      const many = conv(arch, threads);
      expect(many.threads).toBe(threads);
      many.computeGradients(data, order, 0, 16, stats);
      expect(stats.lossSum).toBe(loss);
      many.parameterViews().grads.forEach((g, i) => {
        if (g === null) return;
        const ref = g1[i] as Float32Array;
        const scale = Math.max(1e-6, ...Array.from(ref, Math.abs));
        for (let j = 0; j < g.length; j++) expect(Math.abs(g[j] - ref[j]) / scale).toBeLessThan(1e-4);
      });
      many.dispose();
    }
  });

  it('repeats a run bit for bit for the same seed and thread count', () => {
    const arch = cnn(false);
    const steps = (e: ConvEngine) => {
      const stats: BatchStats = { lossSum: 0, correct: 0 };
      const losses: number[] = [];
      for (let s = 0; s < 6; s++) {
        e.trainBatch(data, order, 16 * s, 16 * s + 16, stats);
        losses.push(stats.lossSum);
      }
      e.dispose();
      return { losses, weights: e.getWeights() };
    };
    const [a, b] = [steps(conv(arch, 2)), steps(conv(arch, 2))];
    expect(b.losses).toEqual(a.losses);
    b.weights.forEach((w, i) => expect(w).toEqual(a.weights[i]));
  });
});
