// Example forgetting (Toneva et al. 2019): per digit, how often it went from right to wrong, and since when it stays right.

export interface Forgetting {
  /** The first stored epoch from which the digit is right at every later one; null when it is wrong at the last. */
  learnedFrom: (number | null)[];
  /** Transitions from right at one stored epoch to wrong at the next. */
  forgettingEvents: number[];
  /** Digits right at every stored epoch. */
  neverWrong: number;
}

/** `predicted[k]` is the labels at `epochs[k]` (ascending); epochs not stored are not between two stored ones. */
export function forgetting(epochs: readonly number[], predicted: readonly Uint8Array[], trueLabels: Uint8Array): Forgetting {
  const n = trueLabels.length;
  const learnedFrom = new Array<number | null>(n).fill(null);
  const forgettingEvents = new Array<number>(n).fill(0);
  let neverWrong = 0;
  for (let i = 0; i < n; i++) {
    let events = 0;
    let rightSince: number | null = null;
    let wasRight = false;
    let everWrong = false;
    for (let k = 0; k < epochs.length; k++) {
      const right = predicted[k][i] === trueLabels[i];
      if (wasRight && !right) events++;
      if (!right) everWrong = true;
      if (right && rightSince === null) rightSince = epochs[k];
      if (!right) rightSince = null;
      wasRight = right;
    }
    learnedFrom[i] = rightSince;
    forgettingEvents[i] = events;
    if (!everWrong && epochs.length > 0) neverWrong++;
  }
  return { learnedFrom, forgettingEvents, neverWrong };
}
