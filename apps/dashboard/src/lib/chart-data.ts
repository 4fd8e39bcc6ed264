// Turns metric series from the API into rows a line chart draws: one x per row, one smoothed and one raw value per series.
import { emaSmooth } from './smoothing';

export interface MetricSeries {
  epoch: readonly number[];
  value: readonly number[];
  /** When each epoch ended, as epoch milliseconds. */
  at: readonly number[];
}

export interface ChartSeries {
  /** Unique within one chart; recharts reads it as a path, so it must not contain dots. */
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  series: MetricSeries;
  /** The run's start, epoch ms: the origin of the relative wall-time axis. */
  startedAt: number;
}

export type XAxisMode = 'epoch' | 'relative';

/** One x position: `<key>` holds the drawn (smoothed) value, `<key>:raw` the value the API returned. */
export type ChartRow = { x: number } & Record<string, number | null>;

export const rawKey = (key: string) => `${key}:raw`;

export function xValue(series: MetricSeries, i: number, mode: XAxisMode, startedAt: number): number {
  return mode === 'epoch' ? series.epoch[i] : (series.at[i] - startedAt) / 1000;
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
      const keep = (v: number) => (opts.logScale && v <= 0) || !Number.isFinite(v) ? null : v;
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

/** Metrics in the order a reader scans them: loss and accuracy pairs first, then the rest alphabetically. */
export function orderMetrics(names: Iterable<string>): string[] {
  const first = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'lr', 'epoch_time'];
  const all = [...new Set(names)];
  const known = first.filter((m) => all.includes(m));
  const rest = all.filter((m) => !first.includes(m)).sort();
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
