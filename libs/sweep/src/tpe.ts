// Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011): sample where good trials cluster and bad ones do not.
import type { Hyperparams, HyperparamValue, SweepConfig } from '@mnist-lab/contracts';
import { smoothedFrequencies, truncatedGaussianMixture, type Estimator } from './parzen';
import { randomConfiguration } from './random-search';
import type { Rng } from './rng';
import { configKey, isActive, snap, type Dimension } from './space';
import { isBetter, type Trial } from './trial';

/** The share of observed trials that make up the good group l(x). */
export const TPE_GAMMA = 0.25;
/** Draws from l(x) among which the one with the highest l(x)/g(x) is suggested. */
export const TPE_CANDIDATES = 24;

/** Trials sampled at random before the estimators have enough to go on. */
export function tpeStartupTrials(config: SweepConfig): number {
  return Math.max(5, Math.ceil(0.1 * config.maxTrials));
}

/**
 * The configurations that carry information, best first: finished trials by their final value, then pruned trials
 * by their last value. A pruned trial was stopped for being behind and its last value comes from an earlier epoch
 * than a finished trial's, so it ranks below every finished trial: it lands in the bad group unless too few trials
 * have finished to fill the good one. Running and failed trials say nothing about the objective and are left out.
 */
export function rankedObservations(config: SweepConfig, history: Trial[]): Partial<Hyperparams>[] {
  const byValue = (a: { value: number }, b: { value: number }) =>
    isBetter(config, a.value, b.value) ? -1 : isBetter(config, b.value, a.value) ? 1 : 0;
  const finished = history
    .filter((t) => t.status === 'finished' && t.value !== undefined && Number.isFinite(t.value))
    .map((t) => ({ params: t.params, value: t.value as number }));
  const pruned = history
    .filter((t) => t.status === 'pruned')
    .map((t) => ({ params: t.params, value: t.curve?.at(-1) ?? t.value ?? Number.NaN }));
  return [...finished.sort(byValue), ...pruned.sort(byValue)].map((o) => o.params);
}

/** One parameter as TPE models it: an axis (log for log_uniform, indices for values), l(x) and g(x) over it. */
interface Axis {
  good: Estimator;
  bad: Estimator;
  /** Turns a draw on the axis into the parameter's value and back into the point where it is scored. */
  decode(x: number): { value: HyperparamValue; at: number };
}

/** A fixed value: one point that scores the same under l and g. */
const POINT: Estimator = { sample: () => 0, logDensity: () => 0 };

function axisOf(dim: Dimension, good: Partial<Hyperparams>[], bad: Partial<Hyperparams>[]): Axis {
  const { spec } = dim;
  if ('value' in spec) return { good: POINT, bad: POINT, decode: () => ({ value: spec.value, at: 0 }) };
  if ('values' in spec) {
    const keys = spec.values.map((v) => JSON.stringify(v));
    const indices = (group: Partial<Hyperparams>[]) =>
      group.map((p) => keys.indexOf(JSON.stringify(p[dim.key]))).filter((i) => i >= 0);
    return {
      good: smoothedFrequencies(indices(good), keys.length),
      bad: smoothedFrequencies(indices(bad), keys.length),
      decode: (i) => ({ value: spec.values[i], at: i }),
    };
  }
  const log = spec.distribution === 'log_uniform';
  const toAxis = (v: number) => (log ? Math.log(v) : v);
  // Whole-number and stepped ranges reach half a step past each end, so that the end values get a full step of mass.
  const half = spec.distribution === 'int_uniform' ? 0.5 : spec.distribution === 'q_uniform' ? spec.q / 2 : 0;
  const low = toAxis(spec.min) - half;
  const high = toAxis(spec.max) + half;
  const numbers = (group: Partial<Hyperparams>[]) =>
    group.map((p) => p[dim.key]).filter((v): v is number => typeof v === 'number' && (!log || v > 0)).map(toAxis);
  return {
    good: truncatedGaussianMixture(numbers(good), low, high),
    bad: truncatedGaussianMixture(numbers(bad), low, high),
    decode: (x) => {
      const value = snap(spec, log ? Math.exp(x) : x);
      return { value, at: toAxis(value) };
    },
  };
}

/** TPE's suggestion: random until tpeStartupTrials have finished or been pruned, then the best of TPE_CANDIDATES draws from l(x). */
export function tpeConfiguration(
  config: SweepConfig,
  dims: Dimension[],
  history: Trial[],
  tried: Set<string>,
  rng: Rng,
): Partial<Hyperparams> | null {
  const ranked = rankedObservations(config, history);
  if (ranked.length < tpeStartupTrials(config)) return randomConfiguration(dims, tried, rng);
  const nGood = Math.ceil(TPE_GAMMA * ranked.length);
  const good = ranked.slice(0, nGood);
  const bad = ranked.slice(nGood);
  const axes = dims.map((d) => axisOf(d, good, bad));

  let best: Partial<Hyperparams> | null = null;
  let bestScore = -Infinity;
  for (let c = 0; c < TPE_CANDIDATES; c++) {
    let score = 0;
    // Within the active subspace, as Optuna's TPE samples a define-by-run space: a parameter whose condition the
    // candidate's earlier values fail is left out, and each axis was fitted only on the trials that had it.
    const params: Partial<Hyperparams> = {};
    dims.forEach((dim, i) => {
      if (!isActive(dim, params)) return;
      const axis = axes[i];
      const { value, at } = axis.decode(axis.good.sample(rng));
      score += axis.good.logDensity(at) - axis.bad.logDensity(at);
      Object.assign(params, { [dim.key]: value });
    });
    if (score > bestScore && !tried.has(configKey(dims, params))) {
      best = params;
      bestScore = score;
    }
  }
  // Every candidate had been tried: the good region of a small discrete space is used up, so look elsewhere.
  return best ?? randomConfiguration(dims, tried, rng);
}
