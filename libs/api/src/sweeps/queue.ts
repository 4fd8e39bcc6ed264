// The sweeps' trial queue, kept in the trials' own Run rows: one source of truth for each trial's state.
//
// Why the rows and not a job queue beside them: a trial's state was kept twice, in its Run and in a pg-boss job, and
// every nextTrial reconciled the two, while pg-boss committed on its own pool outside the sweep's lock (a failure
// between the two left them disagreeing until the next call repaired it). Here a trial is queued when its run is
// `queued` with no agent; handed out when an agent holds it (its `attempt` counts the hand-outs) and held as long as
// its heartbeat is fresh, which is the lease; and over when the run is finished or failed. Every change happens in
// the transaction that holds the sweep's lock, with the state machine's rules (runs/run-state), so a trial is never
// in two states at once, and a finished sweep leaves nothing behind but its runs.
import { Prisma } from '@mnist-lab/db';
import { allowedFor, RUN_TRANSITIONS } from '../runs/run-state';

/**
 * A trial whose agent goes silent is handed out again, at most this many times in all: a trial that kills every
 * agent it reaches (out of memory, say) must end as failed rather than take down the whole fleet one by one.
 */
export const TRIAL_ATTEMPTS = 4;

/** A trial handed out and not yet over, as the queue's reclaim sees it. */
export interface HeldTrial {
  id: string;
  status: string;
  heartbeatAt: Date;
  lostLeases: number;
}

/**
 * Takes the sweep's next waiting trial (the lowest trial number: a trial queued again keeps its place ahead of newer
 * ones) and hands it to `agentId` as its next attempt. `FOR UPDATE SKIP LOCKED` keeps two takers apart even without
 * the sweep's lock; under it, it costs nothing.
 */
export interface TakenTrial {
  id: string;
  attempt: number;
  name: string;
  trialNumber: number | null;
  config: unknown;
}

export async function takeTrial(tx: Prisma.TransactionClient, sweepId: string, agentId: string): Promise<TakenTrial | undefined> {
  const rows = await tx.$queryRaw<TakenTrial[]>`
    WITH next AS (
      SELECT id FROM "Run"
      -- A trial has a number; a queued run of the sweep without one is a repeat (repeat.ts), started by its own trainer.
      WHERE "sweepId" = ${sweepId}::uuid AND status = 'queued' AND "agentId" IS NULL AND "trialNumber" IS NOT NULL
      ORDER BY "trialNumber" LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Run" r SET "agentId" = ${agentId}, attempt = r.attempt + 1, "heartbeatAt" = now()
    FROM next WHERE r.id = next.id
    RETURNING r.id::text AS id, r.attempt, r.name, r."trialNumber", r.config`;
  return rows[0];
}

/** The sweep's handed-out trials that are not over: an agent holds them, or held them until it stopped. */
export function heldTrials(tx: Prisma.TransactionClient, sweepId: string): Promise<HeldTrial[]> {
  return tx.$queryRaw<HeldTrial[]>`
    SELECT id::text AS id, status::text AS status, "heartbeatAt", "lostLeases" FROM "Run"
    WHERE "sweepId" = ${sweepId}::uuid AND "agentId" IS NOT NULL AND status IN ('queued', 'running', 'crashed', 'stopped')`;
}

/**
 * Puts trials back in the queue as if never run: their points, results and pruning are dropped, so the next attempt
 * under the same run id replaces them and the trial is counted once. Only trials the state machine lets go back
 * (a finished trial's results are never dropped); `lostLease` counts the loss against the trial's attempts.
 */
export async function requeueTrials(tx: Prisma.TransactionClient, given: string[], lostLease = false): Promise<void> {
  if (given.length === 0) return;
  const runIds = (await tx.run.findMany({ where: { id: { in: given }, ...allowedFor('requeue') }, select: { id: true } })).map((r) => r.id);
  if (runIds.length === 0) return;
  await tx.metric.deleteMany({ where: { runId: { in: runIds } } });
  await tx.misclassifiedDigit.deleteMany({ where: { runId: { in: runIds } } });
  await tx.modelArtifact.deleteMany({ where: { runId: { in: runIds } } });
  // The earlier attempt's validation epochs and embedding too: the next attempt may stop at an earlier epoch.
  await tx.validationEpoch.deleteMany({ where: { runId: { in: runIds } } });
  await tx.validationDigit.deleteMany({ where: { runId: { in: runIds } } });
  await tx.validationSet.deleteMany({ where: { runId: { in: runIds } } });
  await tx.testEmbedding.deleteMany({ where: { runId: { in: runIds } } });
  await tx.run.updateMany({
    where: { id: { in: runIds } },
    data: {
      status: RUN_TRANSITIONS.requeue.to,
      agentId: null,
      ...(lostLease ? { lostLeases: { increment: 1 } } : {}),
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

/** Takes stopped trials out of the queue's sight until sweeps.resume queues them again (a stopped sweep's). */
export async function holdTrials(tx: Prisma.TransactionClient, runIds: string[]): Promise<void> {
  if (runIds.length > 0) await tx.run.updateMany({ where: { id: { in: runIds }, status: 'stopped' }, data: { agentId: null } });
}

/** The channel a sweep's changes are announced on (see SweepSignals). */
export const SWEEP_CHANNEL = 'mnist_lab_sweep';

/**
 * Announces that something an idle agent waits for happened to the sweep: a trial settled or went back to the queue,
 * or the sweep stopped or resumed. NOTIFY inside the transaction is delivered when it commits, and not at all if it
 * rolls back, to every server process listening on the database.
 */
export async function announceSweepChange(tx: Prisma.TransactionClient, sweepId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${SWEEP_CHANNEL}, ${sweepId})`;
}
