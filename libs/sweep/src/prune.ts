// Early termination: the median stopping rule (Golovin et al., "Google Vizier", KDD 2017), asynchronous successive
// halving (ASHA: Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020) and Hyperband's
// brackets over it (Li et al., JMLR 2018), each judging a trial's curve against the other trials' curves.
import type { SweepConfig } from '@mnist-lab/contracts';
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

/** A trial as the rules see it: its curve (one value per epoch) and, for Hyperband's brackets, its place in the sweep. */
export interface PruneTrial {
  curve: number[];
  trialNumber?: number;
}

/**
 * The median rule: at epoch e = trial.curve.length >= minEpochs, the trial is pruned when its best value so far is
 * worse than the median of the other trials' best values over their first e epochs, counting only others that
 * reached epoch e, and only when at least MEDIAN_RULE_MIN_PEERS did. A trial with no finite value (diverged to NaN)
 * counts as worst.
 */
function medianRule(config: SweepConfig, minEpochs: number, trial: PruneTrial, others: PruneTrial[]): boolean {
  const epoch = trial.curve.length;
  if (epoch < minEpochs) return false;
  const peers = others
    .filter((o) => o.curve.length >= epoch)
    .map((o) => bestSoFar(config, o.curve, epoch))
    .filter((v) => !Number.isNaN(v));
  if (peers.length < MEDIAN_RULE_MIN_PEERS) return false;
  return isBetter(config, median(peers), bestSoFar(config, trial.curve, epoch));
}

/** Whether `epoch` is one of the rungs minEpochs·eta^k (k = 0, 1, ...). */
export function isRung(epoch: number, minEpochs: number, eta: number): boolean {
  for (let r = minEpochs; r <= epoch; r *= eta) if (r === epoch) return true;
  return false;
}

/**
 * Successive halving, asynchronously: a trial is judged only when it reaches a rung, against every other trial that
 * reached that rung before it (their best over the same epochs), and goes on only if it is among the top
 * max(1, floor(n / eta)) of the n values there, itself included. With fewer than eta values at the rung it goes on:
 * ASHA promotes the first arrivals rather than wait for a full rung. Between rungs nothing is stopped. A trial with
 * no finite value counts as worst.
 */
function successiveHalving(config: SweepConfig, minEpochs: number, eta: number, trial: PruneTrial, others: PruneTrial[]): boolean {
  const epoch = trial.curve.length;
  if (!isRung(epoch, minEpochs, eta)) return false;
  const own = bestSoFar(config, trial.curve, epoch);
  const peers = others.filter((o) => o.curve.length >= epoch).map((o) => bestSoFar(config, o.curve, epoch));
  const n = peers.length + 1;
  if (n < eta) return false;
  const keep = Math.max(1, Math.floor(n / eta));
  const ahead = peers.filter((v) => !Number.isNaN(v) && (Number.isNaN(own) || isBetter(config, v, own))).length;
  return ahead >= keep;
}

/**
 * Whether to stop `trial` now, by the sweep's earlyTermination rule (always false for `none`). Hyperband assigns
 * trials to its brackets in turn by trial number; bracket b's first rung is at minEpochs·eta^b, so bracket 0 stops
 * early and often and the last bracket lets its trials run longest, and a trial is judged only against its bracket.
 */
export function shouldPrune(config: SweepConfig, trial: PruneTrial, others: PruneTrial[]): boolean {
  const rule = config.earlyTermination;
  switch (rule.type) {
    case 'none':
      return false;
    case 'median':
      return medianRule(config, rule.minEpochs, trial, others);
    case 'asha':
      return successiveHalving(config, rule.minEpochs, rule.eta, trial, others);
    case 'hyperband': {
      const bracketOf = (t: PruneTrial) => ((t.trialNumber ?? 1) - 1) % rule.brackets;
      const bracket = bracketOf(trial);
      const minEpochs = rule.minEpochs * rule.eta ** bracket;
      return successiveHalving(config, minEpochs, rule.eta, trial, others.filter((o) => bracketOf(o) === bracket));
    }
  }
}
