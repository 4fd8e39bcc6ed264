// Seeded pseudo-random numbers for sweeps, so that a suggestion is a pure function of (config, history, seed).
import { mulberry32 } from '@mnist-lab/contracts';

/** Uniform numbers in [0, 1). */
export type Rng = () => number;

/** murmur3's 32-bit finalizer: spreads every input bit over the whole state. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32, its state folded from all of `seeds` (e.g. the sweep's seed and the number of trials so far). */
export function seededRng(...seeds: number[]): Rng {
  let state = 0x9e3779b9;
  for (const seed of seeds) {
    // Fold in the high bits too: seeds are often millisecond timestamps, larger than 2^32.
    state = fmix32(state ^ fmix32(seed >>> 0) ^ fmix32(Math.floor(seed / 2 ** 32) >>> 0));
  }
  return mulberry32(state);
}

/** An index in [0, n). */
export function pickIndex(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}

/** A standard normal deviate (Box-Muller); `1 - rng()` keeps the logarithm away from 0. */
export function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}
