// Random search (Bergstra & Bengio, JMLR 2012): independent draws from each parameter's prior, skipping tried points.
import type { Hyperparams } from '@mnist-lab/contracts';
import { pickIndex, type Rng } from './rng';
import { configKey, configurationAt, sampleConfiguration, spaceSize, type Dimension } from './space';

/** Draws before concluding that the space is (nearly) used up: with half of it tried, 64 misses in a row happen 1 in 10^19. */
const MAX_DRAWS = 64;
/** Spaces up to this size are listed to find what is left once draws keep hitting tried points. */
const LISTABLE = 100_000;

/** A random untried configuration; null when every configuration of a finite space has been tried (or none can be found). */
export function randomConfiguration(dims: Dimension[], tried: Set<string>, rng: Rng): Partial<Hyperparams> | null {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const params = sampleConfiguration(dims, rng);
    if (!tried.has(configKey(dims, params))) return params;
  }
  const size = spaceSize(dims);
  if (size === undefined || size > LISTABLE) return null;
  const untried: number[] = [];
  for (let i = 0; i < size; i++) if (!tried.has(configKey(dims, configurationAt(dims, i)))) untried.push(i);
  return untried.length > 0 ? configurationAt(dims, untried[pickIndex(rng, untried.length)]) : null;
}
