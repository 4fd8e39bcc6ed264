// Grid search: every combination of the listed values, in a fixed order, each once.
import type { Hyperparams } from '@mnist-lab/contracts';
import { configKey, configurationAt, spaceSize, type Dimension } from './space';

/** The first combination, in configurationAt's order, that no trial has used; null once all have been tried. */
export function nextGridConfiguration(dims: Dimension[], tried: Set<string>): Partial<Hyperparams> | null {
  // The schema only lets `value` and `values` into a grid, so the space is finite.
  const size = spaceSize(dims) ?? 0;
  for (let i = 0; i < size; i++) {
    const params = configurationAt(dims, i);
    if (!tried.has(configKey(dims, params))) return params;
  }
  return null;
}
