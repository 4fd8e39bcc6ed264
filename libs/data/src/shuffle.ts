// Fisher-Yates in place, driven by a seeded PRNG (mulberry32 from @mnist-lab/contracts) so a split is the same on every machine.

/** Fisher-Yates shuffle in place, driven by `random`. */
export function shuffleInPlace(items: Int32Array, random: () => number): Int32Array {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
