// The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): stop a trial that trails its peers' median.
import type { SweepConfig } from '@mnist-lab/metrics';
import { isBetter } from './trial';

/** Fewer peers than this at an epoch make their median too noisy to stop anyone on. */
export const MEDIAN_RULE_MIN_PEERS = 3;

/** The best of the first `epochs` values of a curve; NaN when none is a number. */
function bestSoFar(config: SweepConfig, curve: number[], epochs: number): number {
  let best = Number.NaN;
  for (const v of curve.slice(0, epochs)) if (Number.isFinite(v) && isBetter(config, v, best)) best = v;
  return best;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Whether to stop `trial` now. At epoch e = trial.curve.length >= minEpochs, the trial is pruned when its best value
 * so far is worse than the median of the other trials' best values over their first e epochs, counting only
 * others that reached epoch e, and only when at least MEDIAN_RULE_MIN_PEERS did. A trial with no finite value
 * (diverged to NaN) counts as worst. Always false unless the sweep's earlyTermination is `median`.
 */
export function shouldPrune(config: SweepConfig, trial: { curve: number[] }, others: { curve: number[] }[]): boolean {
  const rule = config.earlyTermination;
  if (rule.type !== 'median') return false;
  const epoch = trial.curve.length;
  if (epoch < rule.minEpochs) return false;
  const peers = others
    .filter((o) => o.curve.length >= epoch)
    .map((o) => bestSoFar(config, o.curve, epoch))
    .filter((v) => !Number.isNaN(v));
  if (peers.length < MEDIAN_RULE_MIN_PEERS) return false;
  return isBetter(config, median(peers), bestSoFar(config, trial.curve, epoch));
}
