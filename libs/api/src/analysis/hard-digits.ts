// analysis.hardDigits: the test digits nearly every chosen run gets wrong, with what the runs took them for.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import type { HardDigitsRequest } from '@mnist-lab/contracts';
import { digitPixels, loadPredictions, summarize, trueLabels, type RunPredictions, type RunSummary } from './run-predictions';

export interface HardDigit {
  index: number;
  trueLabel: number;
  /** Share of the chosen runs that get it wrong. */
  share: number;
  wrongCount: number;
  /** predicted[k]: how many runs predicted label k for it (the true label's slot counts the runs that got it right). */
  predicted: number[];
  pixels: string;
}

export interface HardDigits {
  runs: RunSummary[];
  /** Runs of the sweep left out because they have no stored predictions (unfinished, failed, pruned before testing). */
  skippedRuns: number;
  minShare: number;
  /** How many digits reach minShare; `digits` holds the first `limit` of them. */
  total: number;
  digits: HardDigit[];
  /** missedBy[k]: how many test digits exactly k of the runs get wrong. */
  missedBy: number[];
}

/** The runs asked for by id, or a sweep's finished runs that have predictions (with how many of its runs were left out). */
export async function chosenRunIds(db: Db, q: { runIds?: readonly string[]; sweepId?: string }): Promise<{ ids: string[]; skipped: number }> {
  if (q.runIds) return { ids: [...new Set(q.runIds)], skipped: 0 };
  const sweep = await db.sweep.findUnique({
    where: { id: q.sweepId },
    select: {
      name: true,
      runs: { where: { status: 'finished', testPredictions: { not: null } }, select: { id: true }, orderBy: { startedAt: 'asc' } },
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
export function missCounts(truth: Uint8Array, runs: readonly RunPredictions[]): { wrong: Uint16Array; predicted: Uint16Array } {
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
  const { ids, skipped } = await chosenRunIds(db, q);
  const runs = await loadPredictions(db, ids);
  const truth = trueLabels(runs);
  const { wrong, predicted } = missCounts(truth, runs);
  const n = runs.length;
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
