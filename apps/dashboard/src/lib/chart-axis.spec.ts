// Each chart must draw on an axis its points can be placed on: batch metrics by step, epoch-less series never by epoch.
import { describe, expect, it } from 'vitest';
import { chartAxis, pointsPerSeries } from './chart-axis';
import type { ChartSeries } from './chart-data';

const series = (epoch: (number | null)[]): ChartSeries => ({
  key: `s${epoch.length}`,
  label: 'run',
  color: '#000',
  startedAt: 0,
  series: { step: epoch.map((_, i) => i * 10), epoch, value: epoch.map(() => 1), at: epoch.map((_, i) => i * 1000) },
});

describe('chartAxis', () => {
  it('draws epoch metrics by epoch and batch metrics by step unless the user picks an axis', () => {
    const s = [series([1, 2, 3])];
    expect(chartAxis('val_loss', s, 'auto')).toEqual({ mode: 'epoch' });
    expect(chartAxis('batch/loss', s, 'auto')).toEqual({ mode: 'step' });
    expect(chartAxis('batch/loss', s, 'epoch')).toEqual({ mode: 'epoch' });
    expect(chartAxis('loss', s, 'relative')).toEqual({ mode: 'relative' });
    expect(chartAxis('loss', s, 'step')).toEqual({ mode: 'step' });
  });

  it('falls back to step, and says so, when a series has points without an epoch', () => {
    expect(chartAxis('loss', [series([null, null])], 'auto')).toEqual({ mode: 'step', note: 'by step: no epoch logged' });
    expect(chartAxis('loss', [series([1, 2, 3]), series([null, 2])], 'epoch')).toEqual({
      mode: 'step',
      note: 'by step: 1 of 2 runs logged no epoch',
    });
    // Wall time and step need no epoch.
    expect(chartAxis('loss', [series([null])], 'relative')).toEqual({ mode: 'relative' });
  });
});

describe('pointsPerSeries', () => {
  it('asks for about a chart width of points, fewer per run in a big comparison', () => {
    expect(pointsPerSeries(1)).toBe(1_000);
    expect(pointsPerSeries(10)).toBe(1_000);
    expect(pointsPerSeries(50)).toBe(400);
    expect(pointsPerSeries(100)).toBe(200);
    expect(pointsPerSeries(0)).toBe(1_000);
  });
});
