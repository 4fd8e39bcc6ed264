// Charts overlay runs logged at different times: rows must line up by epoch or by elapsed seconds, raw values intact.
import { describe, expect, it } from 'vitest';
import { buildChartRows, canUseLogScale, isBatchMetric, nearestRow, orderMetrics, rawKey, type ChartSeries } from './chart-data';

const start = Date.UTC(2025, 0, 1);
const a: ChartSeries = {
  key: 's0',
  label: 'a',
  color: '#000',
  startedAt: start,
  series: { step: [100, 200, 300], epoch: [1, 2, 3], value: [1, 0.5, 0.25], at: [start + 10_000, start + 20_000, start + 30_000] },
};
const b: ChartSeries = {
  key: 's1',
  label: 'b',
  color: '#111',
  startedAt: start + 5_000,
  series: { step: [50, 100], epoch: [1, 2], value: [2, 1], at: [start + 20_000, start + 35_000] },
};

describe('buildChartRows', () => {
  it('aligns runs by epoch', () => {
    const rows = buildChartRows([a, b], { mode: 'epoch', smoothing: 0 });
    expect(rows.map((r) => r.x)).toEqual([1, 2, 3]);
    expect(rows[1]).toMatchObject({ s0: 0.5, s1: 1 });
    expect(rows[2].s1).toBeUndefined();
  });

  it('places points by seconds since each run started', () => {
    const rows = buildChartRows([a, b], { mode: 'relative', smoothing: 0 });
    expect(rows.map((r) => r.x)).toEqual([10, 15, 20, 30]);
    expect(rows.find((r) => r.x === 15)?.s1).toBe(2);
  });

  it('places points by global step', () => {
    const rows = buildChartRows([a, b], { mode: 'step', smoothing: 0 });
    expect(rows.map((r) => r.x)).toEqual([50, 100, 200, 300]);
    expect(rows.find((r) => r.x === 100)).toMatchObject({ s0: 1, s1: 1 });
  });

  it('leaves out points logged without an epoch on the epoch axis', () => {
    const partial: ChartSeries = { ...a, series: { ...a.series, epoch: [1, null, 3] } };
    expect(buildChartRows([partial], { mode: 'epoch', smoothing: 0 }).map((r) => r.x)).toEqual([1, 3]);
  });

  it('smooths the drawn value but keeps the raw value the API returned', () => {
    const rows = buildChartRows([a], { mode: 'epoch', smoothing: 0.9 });
    expect(rows[2][rawKey('s0')]).toBe(0.25);
    expect(rows[2].s0).toBeGreaterThan(0.25);
  });

  it('drops non-positive values on a log axis', () => {
    const z: ChartSeries = { ...a, series: { ...a.series, value: [1, 0, 0.5] } };
    expect(canUseLogScale([z])).toBe(false);
    expect(buildChartRows([z], { mode: 'epoch', smoothing: 0, logScale: true })[1].s0).toBeNull();
  });
});

describe('nearestRow', () => {
  it("finds each run's closest point on a wall-time axis", () => {
    const rows = buildChartRows([a, b], { mode: 'relative', smoothing: 0 });
    expect(nearestRow(rows, 's1', 20)?.x).toBe(15);
    expect(nearestRow(rows, 's1', 24)?.x).toBe(30);
    expect(nearestRow(rows, 's0', 16)?.x).toBe(20);
    expect(nearestRow(rows, 'missing', 16)).toBeUndefined();
  });
});

describe('orderMetrics', () => {
  it('puts loss and accuracy first', () => {
    expect(orderMetrics(['zeta', 'val_accuracy', 'loss', 'lr', 'accuracy', 'val_loss'])).toEqual([
      'loss',
      'val_loss',
      'accuracy',
      'val_accuracy',
      'lr',
      'zeta',
    ]);
  });

  it('puts batch metrics after the epoch pairs and before the rest', () => {
    expect(orderMetrics(['zeta', 'batch/grad_norm', 'batch/accuracy', 'loss', 'batch/loss'])).toEqual([
      'loss',
      'batch/loss',
      'batch/accuracy',
      'batch/grad_norm',
      'zeta',
    ]);
    expect(isBatchMetric('batch/loss')).toBe(true);
    expect(isBatchMetric('loss')).toBe(false);
  });
});
