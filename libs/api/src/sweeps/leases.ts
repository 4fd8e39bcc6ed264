// Trial leases: a handed-out trial is held while its run's heartbeat is fresh; a lost one goes back to the queue, clean.
import { Prisma } from '@mnist-lab/db';
import type { SweepQueue } from './queue';
import { SETTLED } from './trials';
import type { RunStatus } from '@mnist-lab/metrics';
import { allowedFor, RUN_TRANSITIONS } from '../runs/run-state';

/**
 * Puts trials back to `queued` as if never run: their epochs, results and pruning are dropped, so a re-run under the
 * same run id replaces them and the trial is counted once.
 */
export async function resetTrials(tx: Prisma.TransactionClient, given: string[]): Promise<void> {
  if (given.length === 0) return;
  // Only trials the state machine lets go back to the queue: a finished trial's results are never dropped.
  const runIds = (await tx.run.findMany({ where: { id: { in: given }, ...allowedFor('requeue') }, select: { id: true } })).map((r) => r.id);
  if (runIds.length === 0) return;
  await tx.metric.deleteMany({ where: { runId: { in: runIds } } });
  await tx.misclassifiedDigit.deleteMany({ where: { runId: { in: runIds } } });
  await tx.modelArtifact.deleteMany({ where: { runId: { in: runIds } } });
  await tx.run.updateMany({
    where: { id: { in: runIds } },
    data: {
      status: RUN_TRANSITIONS.requeue.to,
      agentId: null,
      pruned: false,
      lastEpoch: 0,
      bestValAccuracy: null,
      bestValLoss: null,
      bestEpoch: null,
      stoppedEarly: null,
      testLoss: null,
      testAccuracy: null,
      misclassifiedCount: null,
      confusionMatrix: Prisma.DbNull,
      testPredictions: null,
      testConfidences: null,
      error: null,
      endedAt: null,
      durationMs: null,
      heartbeatAt: new Date(),
    },
  });
}

/**
 * Settles every handed-out trial of a running sweep whose run says it is no longer held: finished or failed runs
 * complete their job, stopped ones go back to the queue, and runs silent for `crashAfterSeconds` lose their lease
 * (a run that has lost it TRIAL_ATTEMPTS times is marked failed). Jobs whose run is gone are dropped. Call under
 * the sweep's lock.
 */
export async function reclaimLostTrials(
  tx: Prisma.TransactionClient,
  queue: SweepQueue,
  sweepId: string,
  crashAfterSeconds: number,
): Promise<void> {
  const active = await queue.active(sweepId);
  if (active.length === 0) return;
  const runs = await tx.run.findMany({
    where: { id: { in: active.map((a) => a.runId) } },
    select: { id: true, status: true, heartbeatAt: true, sweepId: true },
  });
  const byId = new Map(runs.map((r) => [r.id, { ...r, status: r.status as RunStatus }]));
  const cutoff = Date.now() - crashAfterSeconds * 1000;
  const gone: string[] = [];
  const settled: string[] = [];
  const stopped: string[] = [];
  const lost: string[] = [];
  const exhausted: { runId: string; attempt: number }[] = [];
  for (const job of active) {
    const run = byId.get(job.runId);
    if (!run || run.sweepId !== sweepId) gone.push(job.runId);
    else if (SETTLED.has(run.status)) settled.push(run.id);
    else if (run.status === 'stopped') stopped.push(run.id);
    else if (run.heartbeatAt.getTime() < cutoff) {
      if (job.lastAttempt) exhausted.push(job);
      else lost.push(run.id);
    }
  }
  await queue.discard(sweepId, gone);
  await queue.complete(sweepId, settled);
  await queue.requeue(sweepId, stopped);
  await resetTrials(tx, stopped);
  await queue.retry(sweepId, [...lost, ...exhausted.map((e) => e.runId)]);
  await resetTrials(tx, lost);
  for (const e of exhausted) {
    await tx.run.updateMany({
      where: { id: e.runId, ...allowedFor('give-up') },
      data: {
        status: RUN_TRANSITIONS['give-up'].to,
        error: `lost its agent ${e.attempt} times (no heartbeat for ${crashAfterSeconds}s): given up`,
        endedAt: new Date(),
      },
    });
  }
}
