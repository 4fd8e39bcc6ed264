import { describe, expect, it } from 'vitest';
import { ArchitectureSchema, DEFAULT_HYPERPARAMS } from '@mnist-lab/metrics';
import { architectureTable } from './architecture-table';

describe('architectureTable', () => {
  it("lists the reference network's layers with Keras's parameter counts", () => {
    const a = architectureTable(DEFAULT_HYPERPARAMS);
    if (!a) throw new Error('the reference network has a table');
    expect(a.layers.map((l) => [l.type, l.outputShape, l.params])).toEqual([
      ['Dense', [64], 784 * 64 + 64],
      ['BatchNormalization', [64], 256],
      ['Dropout', [64], 0],
      ['Dense', [32], 64 * 32 + 32],
      ['BatchNormalization', [32], 128],
      ['Dropout', [32], 0],
      ['Dense', [10], 32 * 10 + 10],
    ]);
    // 50,240 + 256 + 2,080 + 128 + 330, as Keras's model.summary() totals it (BatchNorm's moving statistics included).
    expect(a.totalParams).toBe(53_034);
    expect(a.family).toBe('mlp');
    expect(ArchitectureSchema.safeParse(a).success).toBe(true);
  });

  it('leaves out the layers a configuration turns off', () => {
    const a = architectureTable({ ...DEFAULT_HYPERPARAMS, hiddenUnits: [128], batchNorm: false, dropout: 0 });
    expect(a?.layers.map((l) => l.type)).toEqual(['Dense', 'Dense']);
    expect(a?.totalParams).toBe(784 * 128 + 128 + 128 * 10 + 10);
  });

  it('records no table rather than a wrong one for another family', () => {
    expect(architectureTable({ ...DEFAULT_HYPERPARAMS, arch: 'cnn' })).toBeUndefined();
  });
});
