// A group of runs as one classifier: per test digit, the label most of its runs predict.

export interface Voter {
  labels: Uint8Array;
  confidences: Float32Array;
}

/**
 * The plurality label per digit. A tie goes to the label with the larger summed confidence, then to the smaller
 * label, so the vote is deterministic and a group of one run votes exactly as that run predicts.
 */
export function majorityVote(voters: readonly Voter[]): Uint8Array {
  const count = voters[0].labels.length;
  const out = new Uint8Array(count);
  const votes = new Uint16Array(10);
  const weight = new Float64Array(10);
  for (let i = 0; i < count; i++) {
    votes.fill(0);
    weight.fill(0);
    for (const v of voters) {
      votes[v.labels[i]]++;
      weight[v.labels[i]] += v.confidences[i];
    }
    let best = 0;
    for (let k = 1; k < 10; k++) {
      if (votes[k] > votes[best] || (votes[k] === votes[best] && weight[k] > weight[best])) best = k;
    }
    out[i] = best;
  }
  return out;
}

/** Digits only the first labelling gets right, and digits only the second gets right: McNemar's discordant pairs. */
export function discordant(truth: Uint8Array, first: Uint8Array, second: Uint8Array): { onlyFirst: number; onlySecond: number } {
  let onlyFirst = 0;
  let onlySecond = 0;
  for (let i = 0; i < truth.length; i++) {
    const r1 = first[i] === truth[i];
    const r2 = second[i] === truth[i];
    if (r1 && !r2) onlyFirst++;
    else if (r2 && !r1) onlySecond++;
  }
  return { onlyFirst, onlySecond };
}

/** Pairs runs of A and B that share a seed (each run used once), in A's order; runs without a partner are left out. */
export function pairBySeed<T extends { seed: number | null }>(a: readonly T[], b: readonly T[]): [T, T][] {
  const free = [...b];
  const pairs: [T, T][] = [];
  for (const run of a) {
    const k = run.seed === null ? -1 : free.findIndex((other) => other.seed === run.seed);
    if (k >= 0) pairs.push([run, free.splice(k, 1)[0]]);
  }
  return pairs;
}
