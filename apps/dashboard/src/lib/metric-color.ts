// The sweep page's color for a metric value: orange for the worst trial through magenta and violet to indigo for the best.
import type { Goal } from './sweep-trials';

/**
 * Plasma-like hues at one band of lightness: plasma's own ends (pale yellow, deep indigo) vanish on a white and on a
 * dark card respectively, these stand out at 3:1 or more on both (theme-contrast.spec checks).
 */
export const METRIC_STOPS: readonly (readonly [number, number, number])[] = [
  [214, 106, 28],
  [217, 83, 79],
  [192, 58, 138],
  [146, 72, 204],
  [74, 98, 216],
];

export interface MetricScale {
  min: number;
  max: number;
  goal: Goal;
}

/** The scale over the values drawn; one value, or none, gives a scale on which everything is "best". */
export function metricScale(values: readonly number[], goal: Goal): MetricScale {
  const finite = values.filter(Number.isFinite);
  return { min: finite.length ? Math.min(...finite) : 0, max: finite.length ? Math.max(...finite) : 0, goal };
}

/** 0 for the worst value on the scale, 1 for the best, whichever way the goal points. */
export function goodness(scale: MetricScale, value: number): number {
  if (scale.max === scale.min) return 1;
  const t = Math.min(1, Math.max(0, (value - scale.min) / (scale.max - scale.min)));
  return scale.goal === 'maximize' ? t : 1 - t;
}

const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0');

/** The color at `t` in [0, 1] along the stops (0 worst, 1 best). */
export function colorAt(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (METRIC_STOPS.length - 1);
  const i = Math.min(METRIC_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [METRIC_STOPS[i], METRIC_STOPS[i + 1]];
  return `#${[0, 1, 2].map((c) => hex(a[c] + (b[c] - a[c]) * f)).join('')}`;
}

export const metricColor = (scale: MetricScale, value: number) => colorAt(goodness(scale, value));

/** A CSS gradient of the scale from worst (left) to best (right), for the legend. */
export const scaleGradient = () => `linear-gradient(90deg, ${METRIC_STOPS.map((_, i) => colorAt(i / (METRIC_STOPS.length - 1))).join(', ')})`;
