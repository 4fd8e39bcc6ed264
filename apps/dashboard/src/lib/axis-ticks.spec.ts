import { describe, expect, it } from 'vitest';
import { axisTicks, linearTicks, logTicks } from './axis-ticks';

describe('axis ticks', () => {
  it('puts round steps inside a linear range', () => {
    expect(linearTicks(0, 0.5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(linearTicks(0.912, 0.968, 4)).toEqual([0.92, 0.93, 0.94, 0.95, 0.96]);
    expect(linearTicks(0.13, 0.95, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(linearTicks(3, 3)).toEqual([3]);
  });

  it('labels 1, 2 and 5 of each decade on a log axis, fewer over a wide range', () => {
    expect(logTicks(3e-4, 1e-2)).toEqual([5e-4, 1e-3, 2e-3, 5e-3, 1e-2]);
    expect(logTicks(1e-4, 1e-1)).toEqual([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]);
    expect(logTicks(1e-8, 1)).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect(logTicks(0.0011, 0.0019)).toEqual([0.0011, 0.0019]);
  });

  it('labels each category of a list at its place, and round values of a range', () => {
    const cat = { key: 'batchSize', kind: 'categorical' as const, min: 0, max: 0, categories: ['64', '128'] };
    expect(axisTicks(cat, String)).toEqual([
      { pos: 0, label: '64' },
      { pos: 1, label: '128' },
    ]);
    const log = { key: 'lr', kind: 'log' as const, min: 1e-3, max: 1e-1, categories: [] };
    expect(axisTicks(log, String).map((t) => [t.label, Number(t.pos.toFixed(3))])).toEqual([
      ['0.001', 0],
      ['0.003', 0.239],
      ['0.01', 0.5],
      ['0.03', 0.739],
      ['0.1', 1],
    ]);
  });
});
