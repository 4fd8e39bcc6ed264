// Parzen estimators for TPE: a truncated Gaussian mixture over a numeric axis, smoothed frequencies over a list of choices.
import { pickIndex, standardNormal, type Rng } from './rng';

/** A density over one parameter's axis: numbers for ranges, indices for lists of values. */
export interface Estimator {
  sample(rng: Rng): number;
  logDensity(x: number): number;
}

/** erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7), plenty for kernel masses. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const y = 1 - poly * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

interface Kernel {
  mu: number;
  sigma: number;
  /** The share of the kernel's mass inside [low, high], to renormalise the truncated kernel. */
  mass: number;
}

/**
 * hyperopt's adaptive Parzen estimator: one Gaussian per observation, its width the larger gap to a neighbour,
 * plus a prior kernel as wide as the range at its centre, all truncated to [low, high] and weighted equally.
 * The prior keeps the density positive everywhere, so l(x)/g(x) is always defined.
 */
export function truncatedGaussianMixture(observations: number[], low: number, high: number): Estimator {
  const width = high - low;
  const points = observations.map((x) => ({ mu: Math.min(high, Math.max(low, x)), prior: false }));
  points.push({ mu: (low + high) / 2, prior: true });
  points.sort((a, b) => a.mu - b.mu);
  // hyperopt's "magic clip": no kernel narrower than width / min(100, n + 1), so one lucky point does not become a spike.
  const minSigma = width / Math.min(100, points.length);
  const kernels: Kernel[] = points.map((p, i) => {
    const left = i > 0 ? p.mu - points[i - 1].mu : 0;
    const right = i < points.length - 1 ? points[i + 1].mu - p.mu : 0;
    const sigma = p.prior ? width : Math.min(width, Math.max(minSigma, left, right));
    return { mu: p.mu, sigma, mass: normalCdf((high - p.mu) / sigma) - normalCdf((low - p.mu) / sigma) };
  });
  return {
    sample(rng) {
      const k = kernels[pickIndex(rng, kernels.length)];
      // Every kernel's centre lies inside the range, so at least a third of its draws land there.
      for (let tries = 0; tries < 100; tries++) {
        const x = k.mu + k.sigma * standardNormal(rng);
        if (x >= low && x <= high) return x;
      }
      return k.mu;
    },
    logDensity(x) {
      let density = 0;
      for (const k of kernels) {
        const z = (x - k.mu) / k.sigma;
        density += Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / (k.sigma * k.mass);
      }
      return Math.log(density / kernels.length);
    },
  };
}

/** Frequencies of the observed choices plus one pseudo-count each (hyperopt's prior), so no choice ever has probability 0. */
export function smoothedFrequencies(observedIndices: number[], choices: number): Estimator {
  const weights = new Array<number>(choices).fill(1);
  for (const i of observedIndices) weights[i] += 1;
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    sample(rng) {
      let u = rng() * total;
      for (let i = 0; i < choices; i++) {
        u -= weights[i];
        if (u < 0) return i;
      }
      return choices - 1;
    },
    logDensity(i) {
      return Math.log(weights[i] / total);
    },
  };
}
