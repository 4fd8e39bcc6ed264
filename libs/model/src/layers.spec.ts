import { ArchitectureSchema, HyperparamsSchema, resolveHyperparams } from '@mnist-lab/contracts';
import { describe, expect, it } from 'vitest';
import { initialWeights, architectureOf } from './architecture';
import { layerTable } from './layers';
import { Rng } from './rng';

/** Every weight value the model holds, moving statistics included (Keras's summary counts those too). */
const weightCount = (h: ReturnType<typeof HyperparamsSchema.parse>) => initialWeights(architectureOf(h), new Rng(1)).reduce((n, w) => n + w.length, 0);

describe('layerTable', () => {
  it("describes the Keras convnet anchor as Keras's summary does: 34,826 parameters", () => {
    const h = resolveHyperparams({ arch: 'cnn' });
    const table = layerTable(h);
    expect(ArchitectureSchema.parse(table)).toEqual(table);
    expect(table.family).toBe('cnn');
    expect(table.layers.map((l) => [l.type, l.outputShape, l.params])).toEqual([
      ['Reshape', [28, 28, 1], 0],
      ['Conv2D', [26, 26, 32], 320],
      ['MaxPooling2D', [13, 13, 32], 0],
      ['Conv2D', [11, 11, 64], 18496],
      ['MaxPooling2D', [5, 5, 64], 0],
      ['Flatten', [1600], 0],
      ['Dropout', [1600], 0],
      ['Dense', [10], 16010],
    ]);
    expect(table.totalParams).toBe(34826);
    expect(weightCount(h)).toBe(34826);
  });

  it('counts a CNN with BatchNorm, same padding and a hidden Dense layer, weights included', () => {
    const h = resolveHyperparams({ arch: 'cnn', convFilters: [8, 16], padding: 'same', batchNorm: true, hiddenUnits: [32], kernelSize: 5 });
    const table = layerTable(h);
    expect(table.layers.map((l) => l.name)).toEqual([
      'reshape', 'conv2d_1', 'batch_normalization_1', 'activation_1', 'max_pooling2d_1',
      'conv2d_2', 'batch_normalization_2', 'activation_2', 'max_pooling2d_2', 'flatten', 'dropout_1',
      'dense_1', 'batch_normalization_3', 'dropout_2', 'logits',
    ]);
    expect(table.layers.find((l) => l.name === 'conv2d_2')).toMatchObject({ outputShape: [14, 14, 16], params: 5 * 5 * 8 * 16, detail: '16 filters 5x5 same, linear' });
    expect(table.layers.find((l) => l.name === 'flatten')?.outputShape).toEqual([7 * 7 * 16]);
    expect(table.totalParams).toBe(weightCount(h));
  });

  it('describes the reference MLP as before', () => {
    const table = layerTable(HyperparamsSchema.parse({}));
    expect(table).toEqual({
      family: 'mlp',
      layers: [
        { type: 'Dense', name: 'dense_1', outputShape: [64], params: 784 * 64 + 64, detail: '64 units, relu' },
        { type: 'BatchNormalization', name: 'batch_normalization_1', outputShape: [64], params: 256 },
        { type: 'Dropout', name: 'dropout_1', outputShape: [64], params: 0, detail: 'rate 0.2' },
        { type: 'Dense', name: 'dense_2', outputShape: [32], params: 64 * 32 + 32, detail: '32 units, relu' },
        { type: 'BatchNormalization', name: 'batch_normalization_2', outputShape: [32], params: 128 },
        { type: 'Dropout', name: 'dropout_2', outputShape: [32], params: 0, detail: 'rate 0.2' },
        { type: 'Dense', name: 'logits', outputShape: [10], params: 330, detail: '10 units, linear' },
      ],
      totalParams: 784 * 64 + 64 + 256 + 64 * 32 + 32 + 128 + 330,
    });
  });
});
