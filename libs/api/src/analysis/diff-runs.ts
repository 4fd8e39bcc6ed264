// analysis.diff: what B fixed, broke and still gets wrong compared with A, each digit with both runs' predictions.
import type { Db } from '@mnist-lab/db';
import type { RunDiffRequest } from '@mnist-lab/contracts';
import { DIFF_GROUPS, diffPredictions, type ConfusionCellChange, type DiffGroups } from './digit-diff';
import { digitPixels, loadPredictions, summarize, trueLabels, type RunSummary } from './run-predictions';

export interface DiffPrediction {
  label: number;
  confidence: number;
}

export interface DiffDigit {
  index: number;
  trueLabel: number;
  a: DiffPrediction;
  b: DiffPrediction;
  /** 784 raw pixels, 0-255, row-major, base64; absent when the request asked for no pixels. */
  pixels?: string;
}

export interface RunDiff {
  a: RunSummary;
  b: RunSummary;
  /** How many test digits both runs were evaluated on. */
  total: number;
  counts: Record<keyof DiffGroups, number>;
  /** Test indices per group, ascending. */
  groups: DiffGroups;
  confusionDelta: number[][];
  cells: ConfusionCellChange[];
  /** Every digit in any group, once, ascending by index. */
  digits: DiffDigit[];
}

/** float32 confidences carry noise digits (0.9100000262…) that only bloat the JSON. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function diffRuns(db: Db, input: RunDiffRequest): Promise<RunDiff> {
  const [a, b] = await loadPredictions(db, [input.a, input.b]);
  const truth = trueLabels([a, b]);
  const diff = diffPredictions(truth, a.labels, b.labels);
  const indices = DIFF_GROUPS.flatMap((g) => diff.groups[g]).sort((x, y) => x - y);
  const pixels = input.withPixels ? await digitPixels(db, [a.id, b.id], indices) : new Map<number, string>();
  const digits = indices.map(
    (i): DiffDigit => ({
      index: i,
      trueLabel: truth[i],
      a: { label: a.labels[i], confidence: round6(a.confidences[i]) },
      b: { label: b.labels[i], confidence: round6(b.confidences[i]) },
      ...(input.withPixels ? { pixels: pixels.get(i) ?? '' } : {}),
    }),
  );
  const counts = Object.fromEntries(DIFF_GROUPS.map((g) => [g, diff.groups[g].length])) as Record<keyof DiffGroups, number>;
  return { a: summarize(a), b: summarize(b), total: truth.length, counts, ...diff, digits };
}
