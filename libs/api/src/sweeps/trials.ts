// A sweep's trials as the store holds them: each trial's run, its curve of the sweep's metric, and its value.
import { Prisma, type Db } from '@mnist-lab/db';
import { TRPCError } from '@trpc/server';
import { parseSweepConfig, isBetter, SweepConfigError, type Trial } from '@mnist-lab/sweep';
import type { Hyperparams, RunStatus, SweepConfig } from '@mnist-lab/contracts';

type Reader = Db | Prisma.TransactionClient;

export interface SweepRow {
  id: string;
  name: string;
  metric: string;
  goal: string;
  status: string;
  seed: number;
  maxTrials: number;
  config: unknown;
  bestRunId: string | null;
  bestValue: number | null;
}

export const sweepRowSelect = {
  id: true,
  name: true,
  metric: true,
  goal: true,
  status: true,
  seed: true,
  maxTrials: true,
  config: true,
  bestRunId: true,
  bestValue: true,
} as const;

export interface TrialRecord {
  runId: string;
  trialNumber: number | null;
  name: string;
  status: RunStatus;
  pruned: boolean;
  hyperparams: Hyperparams;
  agentId: string | null;
  lastEpoch: number;
  heartbeatAt: Date;
  startedAt: Date;
  durationMs: number | null;
  /** Archived from the page: still one of the sweep's trials, so its history and best trial count it. */
  archived: boolean;
  /** The sweep's metric per epoch. */
  curve: number[];
  /** The trial's result so far: its best epoch's value of the metric, or the test figure for test_* metrics. */
  value?: number;
}

/** Statuses after which a trial never runs again. */
export const SETTLED: ReadonlySet<RunStatus> = new Set<RunStatus>(['finished', 'failed']);

/**
 * The stored config, parsed again: sweeps.create validated it, and parsing restores the library's types. A sweep
 * written some other way (SQL, an older version) may not parse: that is a conflict with the stored data, not a crash.
 */
export function sweepConfig(sweep: Pick<SweepRow, 'config' | 'name'>): SweepConfig {
  try {
    return parseSweepConfig(sweep.config, `sweep ${sweep.name}: stored config`);
  } catch (e) {
    if (e instanceof SweepConfigError) throw new TRPCError({ code: 'CONFLICT', message: e.message });
    throw e;
  }
}

/** The best finite value of a curve for the goal, as restoreBestWeights keeps that epoch's model. */
function bestOf(goal: SweepConfig['goal'], curve: number[]): number | undefined {
  let best: number | undefined;
  for (const v of curve) if (Number.isFinite(v) && isBetter({ goal }, v, best)) best = v;
  return best;
}

/** Each run's curve of `metric`, epochs in order. */
export async function loadCurves(db: Reader, sweepId: string, metric: string): Promise<Map<string, number[]>> {
  const rows = await db.metric.findMany({
    where: { run: { sweepId }, name: metric },
    select: { runId: true, value: true },
    orderBy: [{ runId: 'asc' }, { epoch: 'asc' }],
  });
  const curves = new Map<string, number[]>();
  for (const r of rows) {
    const curve = curves.get(r.runId) ?? [];
    curve.push(r.value);
    curves.set(r.runId, curve);
  }
  return curves;
}

export async function loadTrials(db: Reader, sweep: Pick<SweepRow, 'id' | 'metric' | 'goal'>): Promise<TrialRecord[]> {
  const [runs, curves] = await Promise.all([
    db.run.findMany({
      where: { sweepId: sweep.id },
      select: {
        id: true,
        trialNumber: true,
        name: true,
        status: true,
        pruned: true,
        config: true,
        agentId: true,
        lastEpoch: true,
        heartbeatAt: true,
        startedAt: true,
        durationMs: true,
        testAccuracy: true,
        testLoss: true,
        archivedAt: true,
      },
      orderBy: [{ trialNumber: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    }),
    loadCurves(db, sweep.id, sweep.metric),
  ]);
  const goal = sweep.goal === 'minimize' ? 'minimize' : 'maximize';
  return runs.map((r) => {
    const curve = curves.get(r.id) ?? [];
    const test = sweep.metric === 'test_accuracy' ? r.testAccuracy : sweep.metric === 'test_loss' ? r.testLoss : undefined;
    return {
      runId: r.id,
      trialNumber: r.trialNumber,
      name: r.name,
      // Written only through CreateRunSchema and the sweep code, both of which use RunStatus.
      status: r.status as RunStatus,
      pruned: r.pruned,
      // A trial's config is the one createTrial built from HyperparamsSchema.
      hyperparams: r.config as Hyperparams,
      agentId: r.agentId,
      lastEpoch: r.lastEpoch,
      heartbeatAt: r.heartbeatAt,
      archived: r.archivedAt !== null,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      curve,
      value: test === undefined ? bestOf(goal, curve) : (test ?? undefined),
    };
  });
}

/** A trial as the suggesters see it: only settled trials have a value to learn from. */
export function asSuggestionHistory(trials: TrialRecord[]): Trial[] {
  return trials.map((t) => ({
    params: t.hyperparams,
    curve: t.curve,
    status: t.status === 'finished' ? (t.pruned ? 'pruned' : 'finished') : t.status === 'failed' ? 'failed' : 'running',
    value: t.status === 'finished' ? t.value : undefined,
  }));
}

/**
 * What the suggesters need of every trial, and only that, in one statement: the config, the status, and the value
 * (the best finite value of the metric, the test figure for test_* metrics) or, for a pruned trial, its last value.
 * nextTrial runs this on every ask under the sweep's lock: reading every trial's whole curve instead (loadTrials)
 * cost 10,000 rows at 1,000 trials of 10 epochs; here a trial costs one index scan (two if pruned).
 */
export async function loadSuggestionHistory(db: Reader, sweep: Pick<SweepRow, 'id' | 'metric' | 'goal'>): Promise<{ history: Trial[]; lastTrialNumber: number }> {
  const best = sweep.goal === 'minimize' ? Prisma.sql`min` : Prisma.sql`max`;
  const rows = await db.$queryRaw<{ trialNumber: number | null; status: string; pruned: boolean; config: Hyperparams; test: number | null; best: number | null; last: number | null }[]>`
    SELECT r."trialNumber", r.status::text AS status, r.pruned, r.config,
      ${sweep.metric === 'test_accuracy' ? Prisma.sql`r."testAccuracy"` : sweep.metric === 'test_loss' ? Prisma.sql`r."testLoss"` : Prisma.sql`NULL::float8`} AS test,
      (SELECT ${best}(m.value) FILTER (WHERE m.value NOT IN ('NaN', 'Infinity', '-Infinity')) FROM "Metric" m WHERE m."runId" = r.id AND m.name = ${sweep.metric}) AS best,
      CASE WHEN r.pruned THEN (SELECT m.value FROM "Metric" m WHERE m."runId" = r.id AND m.name = ${sweep.metric} ORDER BY m.epoch DESC NULLS LAST, m.step DESC LIMIT 1) END AS last
    FROM "Run" r WHERE r."sweepId" = ${sweep.id}::uuid
    ORDER BY r."trialNumber" ASC NULLS LAST, r."createdAt" ASC`;
  const testMetric = sweep.metric === 'test_accuracy' || sweep.metric === 'test_loss';
  const history = rows.map((r): Trial => {
    const finished = r.status === 'finished';
    const value = testMetric ? (r.test ?? undefined) : (r.best ?? undefined);
    return {
      params: r.config,
      // Only a pruned trial's last value is read (rankedObservations); its curve stands in as that one value.
      curve: finished && r.pruned && r.last !== null ? [r.last] : undefined,
      status: finished ? (r.pruned ? 'pruned' : 'finished') : r.status === 'failed' ? 'failed' : 'running',
      value: finished ? value : undefined,
    };
  });
  return { history, lastTrialNumber: rows.reduce((n, r) => Math.max(n, r.trialNumber ?? 0), 0) };
}
