// Turns metric series from the API into rows a line chart draws: one x per row, one smoothed and one raw value per series.
import { emaSmooth } from './smoothing';

export interface MetricSeries {
  /** The global step of each point (the trainer's batch count; an SDK script's own counter). */
  step: readonly number[];
  /** The point's place on the epoch axis (2.5 = halfway through epoch 3); null where the logger gave none. */
  epoch: readonly (number | null)[];
  value: readonly number[];
  /** When each point was measured, as epoch milliseconds. */
  at: readonly number[];
  /** How many points the server holds, when it sent fewer (downsampled to each bucket's min, max and last). */
  total?: number;
}

export interface ChartSeries {
  /** Unique within one chart; SeriesPaths and the tooltip read rows by it. */
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  series: MetricSeries;
  /** The run's start, epoch ms: the origin of the relative wall-time axis. */
  startedAt: number;
}

/** What a chart's x axis measures: the global step, the (fractional) epoch, or seconds since the run started. */
export type XAxisMode = 'step' | 'epoch' | 'relative';

/** One x position: `<key>` holds the drawn (smoothed) value, `<key>:raw` the value the API returned. */
export type ChartRow = { x: number } & Record<string, number | null>;

export const rawKey = (key: string) => `${key}:raw`;

/** A point's x; NaN where the series has none on that axis (a point logged without an epoch). */
export function xValue(series: MetricSeries, i: number, mode: XAxisMode, startedAt: number): number {
  if (mode === 'step') return series.step[i];
  if (mode === 'epoch') return series.epoch[i] ?? Number.NaN;
  return (series.at[i] - startedAt) / 1000;
}

/**
 * Merges every series on a shared x axis. Series that have no point at some x get null there
 * (drawn with connectNulls), so runs logged at different wall times still share one chart.
 * With `logScale`, values <= 0 become null because a log axis cannot place them.
 */
export function buildChartRows(
  series: readonly ChartSeries[],
  opts: { mode: XAxisMode; smoothing: number; logScale?: boolean },
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  const keep = (v: number) => ((opts.logScale && v <= 0) || !Number.isFinite(v) ? null : v);
  for (const s of series) {
    const smoothed = emaSmooth(s.series.value, opts.smoothing);
    for (let i = 0; i < s.series.value.length; i++) {
      const x = xValue(s.series, i, opts.mode, s.startedAt);
      if (!Number.isFinite(x)) continue;
      let row = rows.get(x);
      if (!row) {
        row = { x } as ChartRow;
        rows.set(x, row);
      }
      row[s.key] = keep(smoothed[i]);
      row[rawKey(s.key)] = keep(s.series.value[i]);
    }
  }
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** True when every value is positive, i.e. a log axis can draw the chart. */
export function canUseLogScale(series: readonly ChartSeries[]): boolean {
  return series.every((s) => s.series.value.every((v) => v > 0 || !Number.isFinite(v)));
}

/** Loss-like metrics span orders of magnitude and read best on a log axis. */
export function isLossMetric(metric: string): boolean {
  return /loss/i.test(metric);
}

/** Batch-level training metrics (`batch/loss`, W&B's Keras-callback naming): their own charts, by step. */
export function isBatchMetric(metric: string): boolean {
  return metric.startsWith('batch/');
}

/** Metrics in the order a reader scans them: loss and accuracy pairs first, then batch metrics, then the rest alphabetically. */
export function orderMetrics(names: Iterable<string>): string[] {
  const first = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'batch/loss', 'batch/accuracy', 'lr', 'epoch_time'];
  const all = [...new Set(names)];
  const known = first.filter((m) => all.includes(m));
  const rest = all.filter((m) => !first.includes(m)).sort((a, b) => Number(isBatchMetric(b)) - Number(isBatchMetric(a)) || (a < b ? -1 : a > b ? 1 : 0));
  return [...known, ...rest];
}

/** The row closest to `x` (rows sorted by x) where series `key` has a value; undefined if it has none. */
export function nearestRow(rows: readonly ChartRow[], key: string, x: number): ChartRow | undefined {
  let best: ChartRow | undefined;
  for (const row of rows) {
    if (row[rawKey(key)] == null) continue;
    if (!best || Math.abs(row.x - x) < Math.abs(best.x - x)) best = row;
    else if (row.x > x) break;
  }
  return best;
}
