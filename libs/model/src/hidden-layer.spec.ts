// The last hidden layer's activations and the per-epoch validation answers, taken from the passes that already run.
import { type HyperparamsInput, resolveHyperparams, type BackendChoice } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { readMnist } from './test-support/mnist-idx';
import { train } from './index';
import type { ValidationAnswers } from './types';

const trainSet = readMnist('train', 0, 600);
const validation = readMnist('train', 59000, 200);
const test = readMnist('t10k', 0, 100);

/** Logits recomputed from the captured activations and the logits layer's own weights (the last kernel and bias). */
function logitsFrom(hidden: Float32Array, width: number, kernel: Float32Array, bias: Float32Array, row: number): number[] {
  return Array.from(bias, (b, c) => {
    let z = b;
    for (let i = 0; i < width; i++) z += hidden[row * width + i] * kernel[i * bias.length + c];
    return z;
  });
}

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((best, x, i, a) => (x > a[best] ? i : best), 0);

describe('evaluate({ hidden: true })', () => {
  it.each([
    ['fused', { hiddenUnits: [64, 32] }, 'batch_normalization_2', 32],
    ['fused', { hiddenUnits: [48], batchNorm: false, dropout: 0.3 }, 'dense_1', 48],
    ['fused', { arch: 'cnn', convFilters: [4], hiddenUnits: [] }, 'flatten', 13 * 13 * 4],
    ['fused', { arch: 'cnn', convFilters: [4], hiddenUnits: [16] }, 'dense_1', 16], // the convnet's defaults have no BatchNorm
    ['cpu', { hiddenUnits: [64, 32] }, 'batch_normalization_2', 32],
  ] as [BackendChoice, HyperparamsInput, string, number][])('%s %j: captures %s (%i wide), exactly what the logits layer reads', async (backend, h, layer, width) => {
    const model = await train({ hparams: resolveHyperparams({ epochs: 1, batchSize: 64, ...h }), backend, train: trainSet, validation });
    expect(model.hiddenLayer).toEqual({ name: layer, width });
    const ev = model.evaluate(test, { hidden: true });
    expect(ev.hidden).toMatchObject({ name: layer, width });
    expect(ev.hidden?.activations).toHaveLength(test.count * width);
    const plain = model.evaluate(test);
    expect(ev.probabilities).toEqual(plain.probabilities);
    const artifacts = await model.toTfjsArtifacts();
    expect(artifacts.weights.length).toBeGreaterThan(0);
    // The logits layer's kernel and bias are the last two weights in Keras order.
    const weights = (model as unknown as { engine: { getWeights(): Float32Array[] } }).engine.getWeights();
    const [kernel, bias] = weights.slice(-2);
    for (let row = 0; row < test.count; row++) {
      const z = logitsFrom(ev.hidden?.activations ?? new Float32Array(), width, kernel, bias, row);
      expect(argmax(z)).toBe(ev.predictions[row]);
    }
    model.dispose();
  }, 60_000);
});

describe('onEpochEnd', () => {
  it('gets each epoch\'s predicted label and confidence for every validation digit, agreeing with val_accuracy', async () => {
    const seen: { accuracy: number; answers: ValidationAnswers }[] = [];
    const model = await train({
      hparams: resolveHyperparams({ epochs: 2, batchSize: 64 }),
      backend: 'fused',
      train: trainSet,
      validation,
      onEpochEnd: (e, answers) => void seen.push({ accuracy: e.val_accuracy, answers }),
    });
    expect(seen).toHaveLength(2);
    for (const { accuracy, answers } of seen) {
      expect(answers.predictions).toHaveLength(validation.count);
      const right = answers.predictions.filter((p, i) => p === validation.labels[i]).length;
      expect(right / validation.count).toBeCloseTo(accuracy, 10);
      expect(answers.confidences.every((c) => c >= 0.1 && c <= 1)).toBe(true);
    }
    const last = model.evaluate(validation);
    expect(seen[1].answers.predictions).toEqual(last.predictions);
    model.dispose();
  }, 60_000);
});
