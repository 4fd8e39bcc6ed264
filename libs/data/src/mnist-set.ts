// The in-memory form of an MNIST split, and picking samples out of one.
export const IMAGE_SIDE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIDE * IMAGE_SIDE;

export interface MnistSet {
  count: number;
  /** count*784, pixels scaled to [0,1]: what a model trains on. */
  images: Float32Array;
  /** count*784, raw 0-255: for drawing digits. */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Index of each sample in its source file, so a misclassified digit can be traced back. */
  indices: Int32Array;
}

/** A new set holding copies of the samples at `positions` (positions within `set`, in that order). */
export function subset(set: MnistSet, positions: ArrayLike<number>): MnistSet {
  const count = positions.length;
  const out: MnistSet = {
    count,
    images: new Float32Array(count * PIXELS_PER_IMAGE),
    pixels: new Uint8Array(count * PIXELS_PER_IMAGE),
    labels: new Uint8Array(count),
    indices: new Int32Array(count),
  };
  for (let j = 0; j < count; j++) {
    const p = positions[j];
    if (!Number.isInteger(p) || p < 0 || p >= set.count) {
      throw new RangeError(`subset: position ${p} (at ${j}) is outside the set's 0..${set.count - 1}`);
    }
    const from = p * PIXELS_PER_IMAGE;
    const to = from + PIXELS_PER_IMAGE;
    out.images.set(set.images.subarray(from, to), j * PIXELS_PER_IMAGE);
    out.pixels.set(set.pixels.subarray(from, to), j * PIXELS_PER_IMAGE);
    out.labels[j] = set.labels[p];
    out.indices[j] = set.indices[p];
  }
  return out;
}

/** The first `count` samples as views of `set` (no copy): a quick run's training prefix. Read-only use only. */
export function head(set: MnistSet, count: number): MnistSet {
  if (!Number.isInteger(count) || count < 1 || count > set.count) {
    throw new RangeError(`head: count must be an integer in 1..${set.count}, got ${count}`);
  }
  return {
    count,
    images: set.images.subarray(0, count * PIXELS_PER_IMAGE),
    pixels: set.pixels.subarray(0, count * PIXELS_PER_IMAGE),
    labels: set.labels.subarray(0, count),
    indices: set.indices.subarray(0, count),
  };
}
