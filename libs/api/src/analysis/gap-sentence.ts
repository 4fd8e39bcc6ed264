// The gap between two groups of runs in one sentence: which is better, by how much, and whether that beats seed noise.
import type { WelchInterval } from './stats/welch';

export type GapVerdict = 'larger-than-seed-noise' | 'within-seed-noise' | 'undetermined';

export interface GapSentenceInput {
  /** mean(B) - mean(A), in accuracy points. */
  interval: WelchInterval;
  nA: number;
  nB: number;
  /** The McNemar p on the shared test digits (runs, or the groups' majority votes). */
  p: number;
  majorityVote: boolean;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p >= 0.1 ? p.toFixed(2) : p.toFixed(3)}`;
}

const points = (x: number) => x.toFixed(2);

export function gapVerdict(interval: WelchInterval): GapVerdict {
  if (!interval.defined) return 'undetermined';
  return interval.low > 0 || interval.high < 0 ? 'larger-than-seed-noise' : 'within-seed-noise';
}

/**
 * e.g. "B is better by 0.31 points (95% CI 0.12 to 0.50 across 5 seeds; McNemar p = 0.003): larger than seed noise".
 * The interval is stated in the direction of the claim, so "A is better by 0.3" comes with a CI around +0.3.
 */
export function gapSentence({ interval, nA, nB, p, majorityVote }: GapSentenceInput): string {
  const d = interval.difference;
  const sign = d < 0 ? -1 : 1;
  const rounded = Math.abs(d) < 0.005;
  const claim = rounded ? `A and B are level (difference ${points(Math.abs(d))} points)` : `${d > 0 ? 'B' : 'A'} is better by ${points(Math.abs(d))} points`;
  const mcnemar = `McNemar ${formatP(p)}${majorityVote ? ' on the majority votes' : ''}`;
  if (!interval.defined) {
    const which = nA < 2 && nB < 2 ? 'one run per side' : `one run in ${nA < 2 ? 'A' : 'B'}`;
    const chance = p < 0.05 ? 'more than test-set chance' : 'within test-set chance';
    return `${claim} (${mcnemar}; no CI across seeds with ${which}, n < 2): ${chance}, but seed noise is unknown — repeat with more seeds`;
  }
  const [low, high] = sign > 0 ? [interval.low, interval.high] : [-interval.high, -interval.low];
  const seeds = nA === nB ? `${nA} seeds` : `${nA} and ${nB} seeds`;
  const verdict = gapVerdict(interval) === 'larger-than-seed-noise' ? 'larger than seed noise' : 'within seed noise';
  return `${claim} (95% CI ${points(low)} to ${points(high)} across ${seeds}; ${mcnemar}): ${verdict}`;
}
