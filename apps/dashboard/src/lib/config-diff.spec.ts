// Comparing runs starts from what differs between them: that flag must be right for any config, nested or foreign.
import { describe, expect, it } from 'vitest';
import { configRows, fieldRow } from './config-diff';

describe('configRows', () => {
  it('flags settings that differ and keeps schema order', () => {
    const rows = configRows([
      { config: { learningRate: 0.001, hiddenUnits: [64, 32], optimizer: 'adam' } },
      { config: { learningRate: 0.01, hiddenUnits: [64, 32], optimizer: 'adam', extra: 1 } },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['hiddenUnits', 'optimizer', 'learningRate', 'extra']);
    expect(rows.find((r) => r.key === 'learningRate')).toEqual({
      key: 'learningRate',
      values: ['0.001', '0.01'],
      differs: true,
    });
    expect(rows.find((r) => r.key === 'hiddenUnits')?.differs).toBe(false);
    expect(rows.find((r) => r.key === 'extra')).toEqual({ key: 'extra', values: ['', '1'], differs: true });
  });

  it("uses the union of the runs' dotted paths, whatever keys they have", () => {
    const rows = configRows([
      { config: { arch: 'cnn', optimizer: { name: 'adam', lr: 0.001 } } },
      { config: { learningRate: 0.001, optimizer: 'adam' } },
      { config: {} },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['optimizer', 'optimizer.lr', 'optimizer.name', 'learningRate', 'arch']);
    expect(rows.find((r) => r.key === 'optimizer.lr')?.values).toEqual(['0.001', '', '']);
    expect(rows.every((r) => r.differs)).toBe(true);
  });

  it('tells values apart that print alike', () => {
    expect(configRows([{ config: { lr: 0.001 } }, { config: { lr: 0.0010000001 } }])[0].differs).toBe(true);
  });

  it('flags run fields shown beside the config the same way', () => {
    expect(fieldRow('backend', ['fused', 'fused'])).toEqual({ key: 'backend', values: ['fused', 'fused'], differs: false });
    expect(fieldRow('model family', ['cnn', '']).differs).toBe(true);
  });
});
