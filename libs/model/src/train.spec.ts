import { createRequire } from 'node:module';
import { type HyperparamsInput, resolveHyperparams } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { readMnist } from './test-support/mnist-idx';
import { resolveBackend, train } from './index';
import type { BackendChoice } from '@mnist-lab/contracts';
import type { EpochResult } from './types';

const trainSet = readMnist('train', 0, 5000);
const validation = readMnist('train', 55000, 5000);

const run = (h: HyperparamsInput, backend: BackendChoice = 'fused', extra: Partial<Parameters<typeof train>[0]> = {}) =>
  train({ hparams: resolveHyperparams(h), backend, train: trainSet, validation, ...extra });

/** History without wall-clock time, the one field that may differ between identical runs. */
const withoutTime = (history: EpochResult[]) => history.map((e) => ({ ...e, epoch_time: 0 }));

describe('train on real MNIST', () => {
  it('reaches over 90% validation accuracy after 2 epochs on 5,000 samples (fused engine)', async () => {
    const model = await run({ epochs: 2 });
    expect(model.backend).toBe('fused');
    expect(model.stopReason).toBe('completed');
    expect(model.history).toHaveLength(2);
    expect(model.history[1].loss).toBeLessThan(model.history[0].loss);
    expect(model.history[1].val_accuracy).toBeGreaterThan(0.9);
    expect(model.bestEpoch).toBe(2);
    const test = model.evaluate(readMnist('t10k', 0, 2000));
    expect(test.accuracy).toBeGreaterThan(0.85);
    expect(test.predictions).toHaveLength(2000);
    model.dispose();
    expect(() => model.evaluate(validation)).toThrow(/disposed/);
  });

  it.each(['fused', 'cpu'] as const)('repeats a run bit for bit with the same seed, and not with another (%s)', async (backend) => {
    const h = { epochs: 2, trainLimit: 400, batchSize: 64 };
    const small = { validation: readMnist('train', 59000, 300) };
    const a = await run({ ...h, seed: 7 }, backend, small);
    const b = await run({ ...h, seed: 7 }, backend, small);
    const c = await run({ ...h, seed: 8 }, backend, small);
    expect(withoutTime(a.history)).toEqual(withoutTime(b.history));
    expect(a.evaluate(small.validation).probabilities).toEqual(b.evaluate(small.validation).probabilities);
    expect(withoutTime(c.history)).not.toEqual(withoutTime(a.history));
    for (const m of [a, b, c]) m.dispose();
  }, 30_000);

  it('learns the Keras convnet on the fused engine: over 92% validation accuracy after 2 epochs on 5,000 samples', async () => {
    const model = await run({ arch: 'cnn', epochs: 2 });
    expect(model.backend).toBe('fused');
    expect(model.history[1].loss).toBeLessThan(model.history[0].loss);
    expect(model.history[1].val_accuracy).toBeGreaterThan(0.92);
    model.dispose();
  }, 60_000);

  it('repeats a CNN run bit for bit with the same seed, and not with another (fused)', async () => {
    const h: HyperparamsInput = { arch: 'cnn', convFilters: [8, 16], batchNorm: true, hiddenUnits: [16], epochs: 2, trainLimit: 400, batchSize: 64 };
    const small = { validation: readMnist('train', 59000, 300) };
    const a = await run({ ...h, seed: 7 }, 'fused', small);
    const b = await run({ ...h, seed: 7 }, 'fused', small);
    const c = await run({ ...h, seed: 8 }, 'fused', small);
    expect(withoutTime(a.history)).toEqual(withoutTime(b.history));
    expect(a.evaluate(small.validation).probabilities).toEqual(b.evaluate(small.validation).probabilities);
    expect(withoutTime(c.history)).not.toEqual(withoutTime(a.history));
    for (const m of [a, b, c]) m.dispose();
  }, 60_000);

  it('trains a CNN on tfjs cpu to the fused engine\'s history, from the same seed (float tolerance)', async () => {
    const h: HyperparamsInput = { arch: 'cnn', convFilters: [4, 8], epochs: 2, trainLimit: 128, batchSize: 32, optimizer: 'sgd', learningRate: 0.05 };
    const small = { validation: readMnist('train', 59000, 100) };
    const fused = await run(h, 'fused', small);
    const cpu = await run(h, 'cpu', small);
    expect(cpu.backend).toBe('cpu');
    fused.history.forEach((e, i) => {
      expect(Math.abs(e.loss - cpu.history[i].loss)).toBeLessThan(1e-4);
      expect(Math.abs(e.val_loss - cpu.history[i].val_loss)).toBeLessThan(1e-4);
    });
    for (const m of [fused, cpu]) m.dispose();
  }, 60_000);

  it('trains on only the first trainLimit samples', async () => {
    const batches: number[] = [];
    const model = await run({ epochs: 1, trainLimit: 1000, batchSize: 100 }, 'fused', { onBatchEnd: (p) => batches.push(p.batches) });
    expect(batches).toHaveLength(10);
    expect(new Set(batches)).toEqual(new Set([10]));
    model.dispose();
  });

  it('rejects empty data with a one-line message', async () => {
    const empty = { count: 0, images: new Float32Array(0), labels: new Uint8Array(0) };
    await expect(run({ epochs: 1 }, 'fused', { validation: empty })).rejects.toThrow(/^validation data is empty$/);
  });
});

const tfjsNodeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('resolveBackend', () => {
  it('picks the fused engine for auto', async () => {
    expect(await resolveBackend('auto')).toBe('fused');
    expect(await resolveBackend('fused')).toBe('fused');
  });

  it('picks the best tfjs backend that loads for tfjs', async () => {
    expect(await resolveBackend('tfjs')).toBe(tfjsNodeInstalled ? 'tfjs-node' : 'wasm');
    expect(await resolveBackend('cpu')).toBe('cpu');
  });

  it('skips tfjs wasm for a CNN (it cannot train one)', async () => {
    expect(await resolveBackend('tfjs', 'cnn')).toBe(tfjsNodeInstalled ? 'tfjs-node' : 'cpu');
  });

  it.skipIf(tfjsNodeInstalled)('fails in one line when an explicit backend cannot load', async () => {
    const err = await resolveBackend('tfjs-node').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^backend "tfjs-node" is not available: .*npm install @tensorflow\/tfjs-node\)$/);
    expect((err as Error).message).not.toContain('\n');
  });
});
