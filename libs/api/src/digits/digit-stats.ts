// Per test digit across runs: how many get it right, the label the others most often take it for, and how sure they are.
import type { RunPredictions } from '../analysis/run-predictions';

/** Columnar, one entry per test digit: 10,000 rows stay a few hundred kB of JSON. */
export interface DigitStats {
  trueLabel: number[];
  /** How many of the runs predict the true label. */
  right: number[];
  /** The wrong label most runs predict (ties: the smaller label), -1 when every run is right. */
  topWrong: number[];
  /** How many runs predict topWrong. */
  topWrongCount: number[];
  /** Mean over the runs of each run's confidence in its own prediction, to 3 decimals. */
  meanConfidence: number[];
  /** Mean confidence of the runs that predict topWrong (0 when none does), to 3 decimals. */
  topWrongConfidence: number[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function digitStats(truth: Uint8Array, runs: readonly RunPredictions[]): DigitStats {
  const n = truth.length;
  const counts = new Uint16Array(n * 10);
  const confSums = new Float64Array(n * 10);
  for (const run of runs) {
    for (let i = 0; i < n; i++) {
      const k = i * 10 + run.labels[i];
      counts[k]++;
      confSums[k] += run.confidences[i];
    }
  }
  const stats: DigitStats = { trueLabel: [], right: [], topWrong: [], topWrongCount: [], meanConfidence: [], topWrongConfidence: [] };
  for (let i = 0; i < n; i++) {
    const t = truth[i];
    let top = -1;
    let total = 0;
    for (let k = 0; k < 10; k++) {
      total += confSums[i * 10 + k];
      if (k !== t && counts[i * 10 + k] > 0 && (top < 0 || counts[i * 10 + k] > counts[i * 10 + top])) top = k;
    }
    const topCount = top < 0 ? 0 : counts[i * 10 + top];
    stats.trueLabel.push(t);
    stats.right.push(counts[i * 10 + t]);
    stats.topWrong.push(top);
    stats.topWrongCount.push(topCount);
    stats.meanConfidence.push(runs.length ? round3(total / runs.length) : 0);
    stats.topWrongConfidence.push(topCount ? round3(confSums[i * 10 + top] / topCount) : 0);
  }
  return stats;
}

/**
 * Digits that nearly every run confidently calls the same other label: the label in the file is the likelier mistake.
 * Most agreed first, then most confident. Shares are compared as counts (0.9 of 10 runs is 9), as hard-digits does.
 */
export function likelyMislabeled(stats: DigitStats, runs: number, minShare: number, minConfidence: number): number[] {
  const needed = Math.max(1, Math.ceil(minShare * runs - 1e-9));
  const out: number[] = [];
  for (let i = 0; i < stats.trueLabel.length; i++) {
    if (stats.topWrongCount[i] >= needed && stats.topWrongConfidence[i] >= minConfidence) out.push(i);
  }
  return out.sort((a, b) => stats.topWrongCount[b] - stats.topWrongCount[a] || stats.topWrongConfidence[b] - stats.topWrongConfidence[a] || a - b);
}
