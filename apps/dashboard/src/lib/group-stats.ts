// A group's curve across its seeds: per x (epoch or step), the mean and the band the user picks, over the runs that have it.
import { emaSmooth } from './smoothing';

/** The band drawn around a group's mean: the runs' range, one standard deviation, or a 95% t-interval of the mean. */
export type BandKind = 'minmax' | 'std' | 'ci95';
export const BAND_KINDS: readonly BandKind[] = ['minmax', 'std', 'ci95'];
export const BAND_LABELS: Record<BandKind, string> = { minmax: 'min – max', std: 'mean ± std', ci95: '95% CI' };

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  min: number;
  max: number;
  /** The 95% t-interval of the mean; collapses to the mean for a single value, which has no spread to estimate. */
  ciLow: number;
  ciHigh: number;
}

export interface GroupPoint extends Summary {
  x: number;
}

/** Student's t 0.975 quantiles for 1 to 30 degrees of freedom (two-sided 95%). */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098,
  2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/** The two-sided 95% critical value of Student's t; past the table, the Cornish–Fisher expansion around 1.96 (error < 1e-4). */
export function t975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= T975.length) return T975[Math.round(df) - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** n, mean, std, range and 95% interval of finite values; undefined when there are none. */
export function summarize(values: readonly number[]): Summary | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return undefined;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of xs) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let squares = 0;
  for (const v of xs) squares += (v - mean) ** 2;
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const half = n > 1 ? (t975(n - 1) * std) / Math.sqrt(n) : 0;
  return { n, mean, std, min, max, ciLow: mean - half, ciHigh: mean + half };
}

/** The band's low and high ends around a summary's mean. */
export function bandOf(s: Summary, band: BandKind): [number, number] {
  if (band === 'minmax') return [s.min, s.max];
  if (band === 'std') return [s.mean - s.std, s.mean + s.std];
  return [s.ciLow, s.ciHigh];
}

/** One run's curve on the chart's x axis: x values with NaN where the run has no position there. */
export interface RunCurve {
  x: readonly number[];
  value: readonly number[];
}

/**
 * Per x, the statistics of every run that has a point there, sorted by x: a run with fewer epochs drops out past its
 * last one, so `n` says how many runs each point stands for. A run with two points at one x counts its last.
 */
export function aggregateCurves(curves: readonly RunCurve[]): GroupPoint[] {
  const byX = new Map<number, number[]>();
  for (const c of curves) {
    const mine = new Map<number, number>();
    for (let i = 0; i < c.x.length; i++) {
      if (Number.isFinite(c.x[i]) && Number.isFinite(c.value[i])) mine.set(c.x[i], c.value[i]);
    }
    for (const [x, v] of mine) {
      const list = byX.get(x);
      if (list) list.push(v);
      else byX.set(x, [v]);
    }
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, vs]) => ({ x, ...(summarize(vs) as Summary) }));
}

/** What a group chart draws at one x: the mean and the band's ends, smoothed as the run charts smooth their lines. */
export interface BandPoint {
  x: number;
  n: number;
  mean: number;
  low: number;
  high: number;
}

export function bandPoints(points: readonly GroupPoint[], band: BandKind, smoothing: number): BandPoint[] {
  const ends = points.map((p) => bandOf(p, band));
  const mean = emaSmooth(points.map((p) => p.mean), smoothing);
  const low = emaSmooth(ends.map((e) => e[0]), smoothing);
  const high = emaSmooth(ends.map((e) => e[1]), smoothing);
  return points.map((p, i) => ({ x: p.x, n: p.n, mean: mean[i], low: low[i], high: high[i] }));
}
