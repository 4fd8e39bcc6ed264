// sweeps.nextTrial: what an agent runs next: a queued trial, a new suggestion, a pause, or the end of the sweep.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Prisma, Db } from '@mnist-lab/db';
import { HyperparamsSchema, type Hyperparams, type NextTrialRequest } from '@mnist-lab/metrics';
import { suggest } from '@mnist-lab/sweep';
import { reclaimLostTrials, resetTrials } from './leases';
import { withSweepLock } from './lock';
import type { SweepQueue } from './queue';
import { settleSweep } from './settle';
import { asSuggestionHistory, loadTrials, SETTLED, sweepConfig, sweepRowSelect, type SweepRow, type TrialRecord } from './trials';
import type { RunStatus } from '@mnist-lab/metrics';

export interface TrialAssignment {
  runId: string;
  name: string;
  /** The trial's place in the sweep, 1-based. */
  trial: number;
  maxTrials: number;
  hyperparams: Hyperparams;
  /** How often the agent must send runs.heartbeat to keep the trial; silence for the crash window loses it. */
  heartbeatMs: number;
}

export type NextTrial = TrialAssignment | { wait: number } | { done: true; status: string };

/** How long an agent waits before asking again while the last trials run elsewhere (one of them may be lost). */
export const WAIT_MS = 2_000;

/** Four heartbeats per crash window: one lost request or a slow epoch does not cost the lease. */
export const heartbeatMsFor = (crashAfterSeconds: number) => Math.max(1_000, Math.floor((crashAfterSeconds * 1000) / 4));

export function sweepNotFound(sweepId: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `sweep ${sweepId} not found` });
}

/** Takes queued trials until one is still to run, and gives it to the agent. */
async function handOut(tx: Prisma.TransactionClient, queue: SweepQueue, sweep: SweepRow, agentId: string, heartbeatMs: number): Promise<TrialAssignment | undefined> {
  for (;;) {
    const runId = await queue.take(sweep.id);
    if (!runId) return undefined;
    const run = await tx.run.findUnique({ where: { id: runId }, select: { sweepId: true, status: true, name: true, trialNumber: true, hyperparams: true } });
    if (!run || run.sweepId !== sweep.id) {
      await queue.discard(sweep.id, [runId]);
      continue;
    }
    // A run that a slow agent finished after losing its lease: done, never handed out again.
    if (SETTLED.has(run.status as RunStatus)) {
      await queue.complete(sweep.id, [runId]);
      continue;
    }
    if (run.status !== 'queued') await resetTrials(tx, [runId]);
    await tx.run.update({ where: { id: runId }, data: { agentId, heartbeatAt: new Date() } });
    return {
      runId,
      name: run.name,
      trial: run.trialNumber ?? 0,
      maxTrials: sweep.maxTrials,
      // Built by createTrial from HyperparamsSchema.
      hyperparams: run.hyperparams as Hyperparams,
      heartbeatMs,
    };
  }
}

/** Stores a suggested configuration as the sweep's next trial: a queued run with every hyperparameter filled in. */
async function createTrial(tx: Prisma.TransactionClient, sweep: SweepRow, trials: TrialRecord[], params: Partial<Hyperparams>): Promise<string> {
  const id = randomUUID();
  const trialNumber = trials.reduce((n, t) => Math.max(n, t.trialNumber ?? 0), 0) + 1;
  const hyperparams = HyperparamsSchema.parse(params);
  const now = new Date();
  await tx.run.create({
    data: {
      id,
      name: `${sweep.name.slice(0, 180)}-${trialNumber}`,
      status: 'queued',
      sweepId: sweep.id,
      trialNumber,
      hyperparams,
      // The default engine, until the agent's runs.create records the one it really trains on.
      backend: 'fused',
      seed: hyperparams.seed,
      learningRate: hyperparams.learningRate,
      batchSize: hyperparams.batchSize,
      dropout: hyperparams.dropout,
      tags: [],
      startedAt: now,
      heartbeatAt: now,
    },
  });
  return id;
}

export async function nextTrial(db: Db, queue: SweepQueue, input: NextTrialRequest, crashAfterSeconds: number): Promise<NextTrial> {
  // Outside the lock's transaction: creating a queue creates a table, which needs no lock of ours.
  await queue.ensure(input.sweepId);
  return withSweepLock(db, input.sweepId, async (tx) => {
    const sweep = await tx.sweep.findUnique({ where: { id: input.sweepId }, select: sweepRowSelect });
    if (!sweep) throw sweepNotFound(input.sweepId);
    if (sweep.status !== 'running') return { done: true, status: sweep.status };
    await reclaimLostTrials(tx, queue, sweep.id, crashAfterSeconds);
    const heartbeatMs = heartbeatMsFor(crashAfterSeconds);
    const queued = await handOut(tx, queue, sweep, input.agentId, heartbeatMs);
    if (queued) return queued;

    const trials = await loadTrials(tx, sweep);
    const params = suggest(sweepConfig(sweep), asSuggestionHistory(trials), sweep.seed);
    if (params) {
      const runId = await createTrial(tx, sweep, trials, params);
      await queue.enqueue(sweep.id, runId);
      const fresh = await handOut(tx, queue, sweep, input.agentId, heartbeatMs);
      if (fresh) return fresh;
      throw new Error(`sweep ${sweep.id}: trial ${runId} was queued but pg-boss did not hand it out`);
    }
    const outcome = await settleSweep(tx, sweep, trials);
    return outcome.status === 'running' ? { wait: WAIT_MS } : { done: true, status: outcome.status };
  });
}
