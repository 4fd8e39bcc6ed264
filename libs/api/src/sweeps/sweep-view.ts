// Sweeps as the dashboard and the `sweep` command read them: progress counts, and each trial with its params and value.
import type { Db } from '@mnist-lab/db';
import type { Hyperparams, HyperparamValue, RunStatus } from '@mnist-lab/contracts';
import { gridSize } from '@mnist-lab/sweep';
import { loadTrials, sweepConfig, type SweepRow } from './trials';

export interface SweepProgress {
  queued: number;
  running: number;
  /** Finished trials, pruned ones included. */
  finished: number;
  pruned: number;
  failed: number;
  crashed: number;
  stopped: number;
}

export interface TrialView {
  runId: string;
  trial: number | null;
  name: string;
  status: RunStatus;
  pruned: boolean;
  /** The swept hyperparameters only, in the sweep's order. */
  params: Partial<Record<keyof Hyperparams, HyperparamValue>>;
  /** The sweep's metric: the best epoch's value so far (the test figure for test_* metrics). */
  value: number | null;
  epochs: number;
  agentId: string | null;
  startedAt: string;
  durationMs: number | null;
  /** Archived: the sweep page still lists it (marked), the runs table does not. */
  archived: boolean;
}

export const emptyProgress = (): SweepProgress => ({ queued: 0, running: 0, finished: 0, pruned: 0, failed: 0, crashed: 0, stopped: 0 });

function count(progress: SweepProgress, status: string, pruned: boolean, n: number): void {
  if (status in progress) progress[status as keyof SweepProgress] += n;
  if (pruned && status === 'finished') progress.pruned += n;
}

/** Progress counts of every sweep that has trials, by sweep id. */
export async function progressBySweep(db: Db): Promise<Map<string, SweepProgress>> {
  const groups = await db.run.groupBy({ by: ['sweepId', 'status', 'pruned'], where: { sweepId: { not: null } }, _count: { _all: true } });
  const out = new Map<string, SweepProgress>();
  for (const g of groups) {
    if (!g.sweepId) continue;
    const progress = out.get(g.sweepId) ?? emptyProgress();
    count(progress, g.status, g.pruned, g._count._all);
    out.set(g.sweepId, progress);
  }
  return out;
}

export interface SweepTrials {
  /** How many trials the sweep will run: maxTrials, or fewer when its space has fewer configurations. */
  plannedTrials: number;
  trials: TrialView[];
  progress: SweepProgress;
}

export async function sweepTrials(db: Db, sweep: SweepRow): Promise<SweepTrials> {
  // A sweep whose stored config does not parse is still shown: its trials, without the swept-params columns.
  const config = (() => {
    try {
      return sweepConfig(sweep);
    } catch {
      return undefined;
    }
  })();
  const keys = Object.keys(config?.parameters ?? {}) as (keyof Hyperparams)[];
  const records = await loadTrials(db, sweep);
  const progress = emptyProgress();
  const trials = records.map((t): TrialView => {
    count(progress, t.status, t.pruned, 1);
    const params: TrialView['params'] = {};
    for (const k of keys) if (t.hyperparams[k] !== undefined) params[k] = t.hyperparams[k];
    return {
      runId: t.runId,
      trial: t.trialNumber,
      name: t.name,
      status: t.status,
      pruned: t.pruned,
      params,
      value: t.value ?? null,
      epochs: t.lastEpoch,
      agentId: t.agentId,
      startedAt: t.startedAt.toISOString(),
      durationMs: t.durationMs,
      archived: t.archived,
    };
  });
  const plannedTrials = config ? Math.min(config.maxTrials, gridSize(config) ?? Infinity) : sweep.maxTrials;
  return { plannedTrials, trials, progress };
}
