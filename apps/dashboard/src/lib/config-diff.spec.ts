// Comparing runs starts from what differs between them: that flag must be right.
import { describe, expect, it } from 'vitest';
import { hyperparamRows } from './hyperparam-diff';

describe('hyperparamRows', () => {
  it('flags settings that differ and keeps schema order', () => {
    const rows = hyperparamRows([
      { hyperparams: { learningRate: 0.001, hiddenUnits: [64, 32], optimizer: 'adam' } },
      { hyperparams: { learningRate: 0.01, hiddenUnits: [64, 32], optimizer: 'adam', extra: 1 } },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['hiddenUnits', 'optimizer', 'learningRate', 'extra']);
    expect(rows.find((r) => r.key === 'learningRate')).toEqual({
      key: 'learningRate',
      values: ['0.001', '0.01'],
      differs: true,
    });
    expect(rows.find((r) => r.key === 'hiddenUnits')?.differs).toBe(false);
    expect(rows.find((r) => r.key === 'extra')?.values).toEqual(['—', '1']);
  });
});
