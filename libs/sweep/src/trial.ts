// A sweep's trial as the suggesters and the pruning rule see it, and which of two metric values is better.
import type { Hyperparams, SweepConfig } from '@mnist-lab/contracts';

export interface Trial {
  params: Partial<Hyperparams>;
  /** The final value of the sweep's metric; undefined while running or when the run produced none. */
  value?: number;
  status: 'running' | 'finished' | 'pruned' | 'failed';
  /** The sweep's metric per epoch so far. */
  curve?: number[];
}

/** Whether `a` is strictly better than `b` for the sweep's goal; any number beats a missing value, NaN beats nothing. */
export function isBetter(config: Pick<SweepConfig, 'goal'>, a: number, b: number | undefined): boolean {
  if (Number.isNaN(a)) return false;
  if (b === undefined || Number.isNaN(b)) return true;
  return config.goal === 'maximize' ? a > b : a < b;
}
