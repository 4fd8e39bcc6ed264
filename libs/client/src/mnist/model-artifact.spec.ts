// A user's tfjs model, captured by modelArtifact and loaded back the way the playground loads a run's model.json.
import * as tf from '@tensorflow/tfjs';
import { ModelArtifactSchema } from '@mnist-lab/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelArtifact, type SaveableModel } from './model-artifact';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

function tinyCnn(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 2, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

describe('modelArtifact', () => {
  it('gives a model.json and weights.bin that tf.loadLayersModel turns back into the same model', async () => {
    const model = tinyCnn();
    const artifact = await modelArtifact(model);
    expect(artifact.format).toBe('tfjs-layers');
    // What the server stores: the JSON as it crossed the wire, the weights as base64.
    const wire = ModelArtifactSchema.parse({ ...artifact, modelJson: JSON.parse(JSON.stringify(artifact.modelJson)), weights: Buffer.from(artifact.weights).toString('base64') });
    const json = wire.modelJson as unknown as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const specs = json.weightsManifest[0].weights;
    expect(specs.map((s) => s.shape)).toEqual([[3, 3, 1, 2], [2], [13 * 13 * 2, 10], [10]]);
    expect(artifact.weights.byteLength).toBe(4 * model.countParams());

    const bytes = Buffer.from(wire.weights, 'base64');
    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const loaded = await tf.loadLayersModel({ load: () => tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest[0].weights, weightData]) });
    const x = tf.randomUniform([5, 28, 28, 1], 0, 1, 'float32', 7);
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const actual = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(loaded.inputs[0].shape).toEqual([null, 28, 28, 1]);
  }, 60_000);

  it('joins weights tfjs hands over in several buffers, in order', async () => {
    const model: SaveableModel = {
      save: (handler) =>
        handler.save({
          format: 'layers-model',
          modelTopology: { class_name: 'Sequential' },
          weightSpecs: [{ name: 'a', shape: [2], dtype: 'float32' }],
          weightData: [new Uint8Array([1, 2, 3]).buffer, new Uint8Array([4, 5]).buffer],
        }),
    };
    const artifact = await modelArtifact(model);
    expect(Array.from(artifact.weights)).toEqual([1, 2, 3, 4, 5]);
    expect(artifact.modelJson.modelTopology).toEqual({ class_name: 'Sequential' });
  });

  it('names the problem when the object is not a tfjs LayersModel', async () => {
    await expect(modelArtifact({ save: async () => ({}) })).rejects.toThrow(/never called its save handler/);
    await expect(modelArtifact({} as SaveableModel)).rejects.toThrow(/expected a tfjs LayersModel/);
    await expect(modelArtifact({ save: (h) => h.save({ modelTopology: null, weightSpecs: [] }) })).rejects.toThrow(/no topology or weights/);
  });
});
