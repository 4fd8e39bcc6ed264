// The seeded PRNG of the splits and the sweeps: a seed gives the same numbers on every machine, so a stored seed replays.

/** mulberry32: 32-bit state, period 2^32, good enough for shuffling and sampling; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
