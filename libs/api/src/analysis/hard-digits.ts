// analysis.hardDigits: the test digits nearly every chosen run (or group of runs, voting as one) gets wrong, with what
// they took them for.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import type { HardDigitsRequest } from '@mnist-lab/contracts';
import { groupVote, summarizeVote, type GroupVoteSummary } from './group-vote';
import { digitPixels, loadPredictions, summarize, trueLabels, type RunPredictions, type RunSummary } from './run-predictions';

export interface HardDigit {
  index: number;
  trueLabel: number;
  /** Share of the chosen runs (or groups) that get it wrong. */
  share: number;
  wrongCount: number;
  /** predicted[k]: how many runs (or groups' votes) predicted label k (the true label's slot counts those right). */
  predicted: number[];
  pixels: string;
}

export interface HardDigits {
  runs: RunSummary[];
  /** With groups: each group's vote, its accuracy and errors; counts and shares are then over groups, not runs. */
  groups: GroupVoteSummary[] | null;
  /** Runs of the sweep left out because they have no stored predictions (unfinished, failed, pruned before testing). */
  skippedRuns: number;
  minShare: number;
  /** How many digits reach minShare; `digits` holds the first `limit` of them. */
  total: number;
  digits: HardDigit[];
  /** missedBy[k]: how many test digits exactly k of the runs (or groups) get wrong. */
  missedBy: number[];
}

/** The runs asked for by id, or a sweep's finished, unarchived runs that have predictions (with how many of its runs were left out). */
export async function chosenRunIds(db: Db, q: { runIds?: readonly string[]; sweepId?: string }): Promise<{ ids: string[]; skipped: number }> {
  if (q.runIds) return { ids: [...new Set(q.runIds)], skipped: 0 };
  const sweep = await db.sweep.findUnique({
    where: { id: q.sweepId },
    select: {
      name: true,
      runs: { where: { status: 'finished', testPredictions: { not: null }, archivedAt: null }, select: { id: true }, orderBy: { startedAt: 'asc' } },
      _count: { select: { runs: true } },
    },
  });
  if (!sweep) throw new TRPCError({ code: 'NOT_FOUND', message: `sweep ${q.sweepId} not found` });
  const ids = sweep.runs.map((r) => r.id);
  if (ids.length === 0) {
    throw new TRPCError({ code: 'CONFLICT', message: `sweep ${sweep.name} has no finished runs with stored test predictions yet` });
  }
  return { ids, skipped: sweep._count.runs - ids.length };
}

/** Per test digit: how many runs miss it, and each run's predicted label. */
export function missCounts(truth: Uint8Array, runs: readonly Pick<RunPredictions, 'labels'>[]): { wrong: Uint16Array; predicted: Uint16Array } {
  const wrong = new Uint16Array(truth.length);
  const predicted = new Uint16Array(truth.length * 10);
  for (const run of runs) {
    for (let i = 0; i < truth.length; i++) {
      const p = run.labels[i];
      predicted[i * 10 + p]++;
      if (p !== truth[i]) wrong[i]++;
    }
  }
  return { wrong, predicted };
}

export async function hardDigits(db: Db, q: HardDigitsRequest): Promise<HardDigits> {
  const { ids, skipped } = q.groups ? { ids: q.groups.flat(), skipped: 0 } : await chosenRunIds(db, q);
  const runs = await loadPredictions(db, ids);
  const truth = trueLabels(runs);
  // Groups vote as one classifier each: a configuration on five seeds counts once, as one on a single seed does.
  const byId = new Map(runs.map((r) => [r.id, r]));
  const members = q.groups?.map((g) => g.map((id) => byId.get(id) as RunPredictions));
  const votes = members?.map((m) => groupVote(m));
  const { wrong, predicted } = missCounts(truth, votes ?? runs);
  const n = votes?.length ?? runs.length;
  const missedBy = new Array<number>(n + 1).fill(0);
  for (const w of wrong) missedBy[w]++;
  // Shares are compared as counts so 0.8 of 5 runs means 4 runs, with no floating-point edge at the boundary.
  const needed = Math.max(1, Math.ceil(q.minShare * n - 1e-9));
  const hard: number[] = [];
  for (let i = 0; i < truth.length; i++) if (wrong[i] >= needed) hard.push(i);
  hard.sort((x, y) => wrong[y] - wrong[x] || x - y);
  const shown = hard.slice(0, q.limit);
  const pixels = await digitPixels(db, ids, shown);
  return {
    runs: runs.map(summarize),
    groups: members && votes ? members.map((m, i) => summarizeVote(m, votes[i], truth)) : null,
    skippedRuns: skipped,
    minShare: q.minShare,
    total: hard.length,
    digits: shown.map((i) => ({
      index: i,
      trueLabel: truth[i],
      share: wrong[i] / n,
      wrongCount: wrong[i],
      predicted: Array.from(predicted.subarray(i * 10, i * 10 + 10)),
      pixels: pixels.get(i) ?? '',
    })),
    missedBy,
  };
}
