// Seeded, label-stratified split of the training set into train and validation.
import { mulberry32 } from '@mnist-lab/contracts';
import { type MnistSet, subset } from './mnist-set';
import { shuffleInPlace } from './shuffle';

export interface SplitOptions {
  /** Share of each digit's samples that goes to validation, in (0, 1). */
  validationFraction: number;
  /** Same seed, same split: any integer. */
  seed: number;
}

/**
 * Splits so each label's share in validation is `round(n_label * validationFraction)`;
 * both halves come back shuffled, deterministically for the seed.
 */
export function splitTrainValidation(train: MnistSet, opts: SplitOptions): { train: MnistSet; validation: MnistSet } {
  const { validationFraction: fraction, seed } = opts;
  if (!(fraction > 0 && fraction < 1)) {
    throw new RangeError(`splitTrainValidation: validationFraction must be in (0, 1), got ${fraction}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`splitTrainValidation: seed must be an integer, got ${seed}`);

  const byLabel = positionsByLabel(train.labels);
  const random = mulberry32(seed);
  const trainPositions: number[] = [];
  const validationPositions: number[] = [];
  for (const positions of byLabel) {
    shuffleInPlace(positions, random);
    const k = Math.round(positions.length * fraction);
    for (let i = 0; i < positions.length; i++) (i < k ? validationPositions : trainPositions).push(positions[i]);
  }
  // Without this the halves would come back grouped by label, which batches of a training loop must not be.
  return {
    train: subset(train, shuffleInPlace(Int32Array.from(trainPositions), random)),
    validation: subset(train, shuffleInPlace(Int32Array.from(validationPositions), random)),
  };
}

function positionsByLabel(labels: Uint8Array): Int32Array[] {
  const counts = new Int32Array(256);
  for (const label of labels) counts[label]++;
  const groups = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(256);
  for (let p = 0; p < labels.length; p++) groups[labels[p]][filled[labels[p]]++] = p;
  return groups.filter((g) => g.length > 0);
}
