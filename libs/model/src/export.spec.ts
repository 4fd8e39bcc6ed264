import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type HyperparamsInput, resolveHyperparams } from '@mnist-lab/contracts';
import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activateTfjsBackend, loadTfjs } from './tfjs/backend';
import { readMnist } from './test-support/mnist-idx';
import { train } from './train';
import type { Evaluation } from './types';

const trainSet = readMnist('train', 0, 1500);
const validation = readMnist('train', 59000, 300);
const test = readMnist('t10k', 0, 300);

/** Loads model.json + weights.bin the way a tfjs user would (from memory here) and predicts `test`. */
async function predictWithTfjs(modelJson: Record<string, unknown>, weights: Uint8Array): Promise<Float32Array> {
  const tf = await loadTfjs();
  const manifest = modelJson.weightsManifest as { paths: string[]; weights: never[] }[];
  expect(manifest).toHaveLength(1);
  expect(manifest[0].paths).toEqual(['weights.bin']);
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology as object, weightSpecs: manifest[0].weights, weightData: buffer }));
  const logits = model.predict(tf.tensor2d(test.images, [test.count, 784])) as Tensor;
  const probabilities = tf.softmax(logits).dataSync() as Float32Array;
  model.dispose();
  return probabilities;
}

function expectSamePredictions(probabilities: Float32Array, ev: Evaluation): void {
  for (let r = 0; r < test.count; r++) {
    const row = Array.from(probabilities.subarray(r * 10, r * 10 + 10));
    expect(row.indexOf(Math.max(...row))).toBe(ev.predictions[r]);
    for (let c = 0; c < 10; c++) expect(Math.abs(row[c] - ev.probabilities[r * 10 + c])).toBeLessThan(1e-4);
  }
}

async function trained(h: HyperparamsInput, backend: 'fused' | 'wasm' = 'fused') {
  return train({ hparams: resolveHyperparams({ epochs: 1, ...h }), backend, train: trainSet, validation });
}

describe('tfjs export', () => {
  it.each([
    ['the reference network', {}],
    ['tanh without BatchNorm or dropout', { activation: 'tanh', batchNorm: false, dropout: 0, hiddenUnits: [20] }],
    // More epochs: BatchNorm's moving statistics (momentum 0.99) need a few hundred steps before inference works.
    ['three sigmoid blocks', { activation: 'sigmoid', hiddenUnits: [48, 24, 12], optimizer: 'rmsprop', epochs: 6 }],
    ['the Keras convnet', { arch: 'cnn' }],
    ['a CNN with BatchNorm, same padding and a Dense block', { arch: 'cnn', convFilters: [8, 16], batchNorm: true, padding: 'same', hiddenUnits: [32], epochs: 3, batchSize: 32 }],
  ] as [string, HyperparamsInput][])('loads back in tfjs and predicts what evaluate() does (%s)', async (_name, h) => {
    const model = await trained(h);
    const ev = model.evaluate(test);
    expect(ev.accuracy).toBeGreaterThan(0.5);
    const { modelJson, weights } = await model.toTfjsArtifacts();
    expect(modelJson.format).toBe('layers-model');
    expectSamePredictions(await predictWithTfjs(modelJson, weights), ev);
    model.dispose();
    // tfjs's cpu backend runs the CNNs' convolutions in plain JS: seconds, not milliseconds.
  }, 30_000);

  it("takes a CNN's input as the flat [784] the playground sends, through a Reshape layer", async () => {
    const model = await trained({ arch: 'cnn', convFilters: [4, 8], trainLimit: 256 });
    const { modelJson } = await model.toTfjsArtifacts();
    const topology = modelJson.modelTopology as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const layers = topology.config.layers;
    expect(layers.map((l) => l.class_name)).toEqual(['Reshape', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']);
    expect(layers[0].config.batch_input_shape).toEqual([null, 784]);
    expect(layers[0].config.target_shape).toEqual([28, 28, 1]);
    model.dispose();
  });

  it('saves model.json and weights.bin into a folder', async () => {
    const model = await trained({ hiddenUnits: [32, 16] });
    const dir = await mkdtemp(path.join(tmpdir(), 'mnist-lab-model-'));
    try {
      await model.save(path.join(dir, 'nested'));
      const modelJson = JSON.parse(await readFile(path.join(dir, 'nested', 'model.json'), 'utf8')) as Record<string, unknown>;
      const weights = new Uint8Array(await readFile(path.join(dir, 'nested', 'weights.bin')));
      // 784*32+32 + 4*32 + 32*16+16 + 4*16 + 16*10+10 float32 values.
      expect(weights.byteLength).toBe(4 * (784 * 32 + 32 + 4 * 32 + 32 * 16 + 16 + 4 * 16 + 16 * 10 + 10));
      expectSamePredictions(await predictWithTfjs(modelJson, weights), model.evaluate(test));
    } finally {
      await rm(dir, { recursive: true, force: true });
      model.dispose();
    }
  });

  it('leaves a wasm-trained model on the wasm backend', async () => {
    const model = await trained({ trainLimit: 256, batchSize: 128 }, 'wasm');
    const tf = await activateTfjsBackend('wasm');
    await model.toTfjsArtifacts();
    expect(tf.getBackend()).toBe('wasm');
    model.dispose();
  });
});
