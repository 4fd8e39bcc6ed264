// The next configuration a sweep should try, by its method: grid, random or TPE.
import type { Hyperparams, SweepConfig } from '@mnist-lab/contracts';
import { nextGridConfiguration } from './grid-search';
import { randomConfiguration } from './random-search';
import { seededRng } from './rng';
import { configKey, dimensions } from './space';
import { tpeConfiguration } from './tpe';
import type { Trial } from './trial';

/**
 * The configuration to try next, or null when the sweep is done: maxTrials trials exist (in any status), or every
 * configuration of a finite space has been tried. Never returns a configuration already in `history`.
 * Deterministic for (config, history, seed); the number of trials is mixed into the seed, so callers may pass the
 * sweep's own seed every time.
 */
export function suggest(config: SweepConfig, history: Trial[], seed: number): Partial<Hyperparams> | null {
  if (history.length >= config.maxTrials) return null;
  const dims = dimensions(config);
  const tried = new Set(history.map((t) => configKey(dims, t.params)));
  const rng = seededRng(seed, history.length);
  switch (config.method) {
    case 'grid':
      return nextGridConfiguration(dims, tried);
    case 'random':
      return randomConfiguration(dims, tried, rng);
    case 'tpe':
      return tpeConfiguration(config, dims, history, tried, rng);
  }
}
