// analysis.diff and analysis.groupDiff: what B fixed, broke and still gets wrong compared with A, each digit with both
// sides' predictions; a side is a run, or a group of runs voting as one.
import type { Db } from '@mnist-lab/db';
import type { GroupDiffRequest, RunDiffRequest } from '@mnist-lab/contracts';
import { DIFF_GROUPS, diffPredictions, type ConfusionCellChange, type DiffGroups } from './digit-diff';
import { groupVote, summarizeVote, type GroupVoteSummary } from './group-vote';
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

export interface GroupDiff extends Omit<RunDiff, 'a' | 'b'> {
  a: GroupVoteSummary;
  b: GroupVoteSummary;
}

interface Side {
  labels: Uint8Array;
  confidences: Float32Array;
}

/** The diff of two labellings of the same test digits; pixels come from any of `pixelRuns` that got a digit wrong. */
async function assemble(db: Db, truth: Uint8Array, a: Side, b: Side, pixelRuns: readonly string[], withPixels: boolean) {
  const diff = diffPredictions(truth, a.labels, b.labels);
  const indices = DIFF_GROUPS.flatMap((g) => diff.groups[g]).sort((x, y) => x - y);
  const pixels = withPixels ? await digitPixels(db, pixelRuns, indices) : new Map<number, string>();
  const digits = indices.map(
    (i): DiffDigit => ({
      index: i,
      trueLabel: truth[i],
      a: { label: a.labels[i], confidence: round6(a.confidences[i]) },
      b: { label: b.labels[i], confidence: round6(b.confidences[i]) },
      ...(withPixels ? { pixels: pixels.get(i) ?? '' } : {}),
    }),
  );
  const counts = Object.fromEntries(DIFF_GROUPS.map((g) => [g, diff.groups[g].length])) as Record<keyof DiffGroups, number>;
  return { total: truth.length, counts, ...diff, digits };
}

export async function diffRuns(db: Db, input: RunDiffRequest): Promise<RunDiff> {
  const [a, b] = await loadPredictions(db, [input.a, input.b]);
  const truth = trueLabels([a, b]);
  return { a: summarize(a), b: summarize(b), ...(await assemble(db, truth, a, b, [a.id, b.id], input.withPixels)) };
}

/** Each group votes as one classifier (majority-vote.ts), so "fixed" means B's vote is right where A's was wrong. */
export async function diffGroups(db: Db, input: GroupDiffRequest): Promise<GroupDiff> {
  const all = await loadPredictions(db, [...input.a, ...input.b]);
  const a = all.slice(0, input.a.length);
  const b = all.slice(input.a.length);
  const truth = trueLabels(all);
  const [va, vb] = [groupVote(a), groupVote(b)];
  const body = await assemble(db, truth, va, vb, all.map((r) => r.id), input.withPixels);
  return { a: summarizeVote(a, va, truth), b: summarizeVote(b, vb, truth), ...body };
}
