// Which x axis each chart draws on: the page's choice, or by default epoch for epoch metrics and step for batch ones.
import { isBatchMetric, type ChartSeries, type XAxisMode } from './chart-data';

/** The chart controls' choice: `auto` lets each chart take its metric's natural axis. */
export type XAxisChoice = 'auto' | XAxisMode;

export const X_AXIS_CHOICES: readonly { value: XAxisChoice; label: string; title: string }[] = [
  { value: 'auto', label: 'Auto', title: 'epoch metrics by epoch, batch metrics (batch/...) by step' },
  { value: 'step', label: 'Step', title: 'the global step (batch count) each point was logged at' },
  { value: 'epoch', label: 'Epoch', title: 'the epoch, fractional inside one for batch metrics' },
  { value: 'relative', label: 'Wall time', title: 'time since each run started' },
];

export interface ChartAxis {
  mode: XAxisMode;
  /** Why the chart is not on the axis asked for, to show beside its title; undefined when it is. */
  note?: string;
}

/**
 * The axis one chart draws on. A series with a point logged without an epoch cannot be placed on the epoch axis, and
 * mixing epochs and steps on one axis would misplace every point, so such a chart falls back to step and says so.
 */
export function chartAxis(metric: string, series: readonly ChartSeries[], choice: XAxisChoice): ChartAxis {
  const wanted: XAxisMode = choice === 'auto' ? (isBatchMetric(metric) ? 'step' : 'epoch') : choice;
  if (wanted !== 'epoch') return { mode: wanted };
  const without = series.filter((s) => s.series.epoch.some((e) => e == null)).length;
  if (without === 0) return { mode: 'epoch' };
  const who = series.length === 1 ? 'no epoch logged' : `${without} of ${series.length} runs logged no epoch`;
  return { mode: 'step', note: `by step: ${who}` };
}

/**
 * Points asked of the server per series: about 1,000 (a chart's width in pixels) for a few runs, fewer as a comparison
 * grows, so 50 runs' charts hold about 20,000 points each instead of 50,000. The server keeps each bucket's min, max and
 * last, so spikes survive the thinning.
 */
export function pointsPerSeries(runCount: number, perChart = 20_000): number {
  return Math.max(100, Math.min(1_000, Math.floor(perChart / Math.max(1, runCount))));
}
