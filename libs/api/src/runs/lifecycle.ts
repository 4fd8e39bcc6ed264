// A run's life: created (idempotently, so the trainer's offline spool can replay), kept alive by heartbeats, ended.
import { TRPCError } from '@trpc/server';
import { Prisma, type Db } from '@mnist-lab/db';
import { indexedColumns, type CreateRun, type EndRun } from '@mnist-lab/contracts';
import { durationBetween, lockRun, runNotFound } from './lock-run';
import { attemptIs, checkAttempt, checkTransition, fromStatuses, isStoredEnd, REVIVE_CRASHED, staleAttempt } from './run-state';
import { startQueuedTrial } from '../sweeps/start-trial';

/**
 * A create naming a sweep starts one of its trials, never adds a run to it: runs join sweeps only as the trials the
 * sweep hands out (sweeps.nextTrial queues each as a run), so a sweep of 2 trials cannot come to show 3 runs.
 */
async function startTrial(db: Db, input: CreateRun & { sweepId: string }, now: Date): Promise<{ id: string }> {
  const trial = await db.run.findUnique({ where: { id: input.id }, select: { sweepId: true } });
  if (trial?.sweepId !== input.sweepId) {
    if (!(await db.sweep.findUnique({ where: { id: input.sweepId }, select: { id: true } }))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `sweep ${input.sweepId} not found` });
    }
    throw new TRPCError({
      code: 'CONFLICT',
      message: `run ${input.id} is not a trial of sweep ${input.sweepId}: a run joins a sweep only as a trial the sweep hands out (sweeps.nextTrial)`,
    });
  }
  await startQueuedTrial(db, input, now);
  return { id: input.id };
}

/** `tokenName`: the named token that sent the create (null: the server's own), recorded on the run. */
export async function createRun(db: Db, input: CreateRun, tokenName: string | null = null): Promise<{ id: string }> {
  const now = new Date();
  if (input.sweepId) return startTrial(db, { ...input, sweepId: input.sweepId }, now);
  // ON CONFLICT DO NOTHING: a replayed create is a no-op even when two replays race.
  await db.run.createMany({
    skipDuplicates: true,
    data: [
      {
        id: input.id,
        name: input.name,
        status: 'running',
        config: input.config,
        backend: input.backend,
        ...indexedColumns(input.config),
        architecture: input.architecture ?? Prisma.DbNull,
        family: input.architecture?.family ?? null,
        paramCount: input.architecture?.totalParams ?? null,
        host: input.host ?? null,
        gitCommit: input.gitCommit ?? null,
        command: input.command ?? null,
        tokenName,
        tags: input.tags,
        notes: input.notes ?? null,
        startedAt: new Date(input.startedAt),
        heartbeatAt: now,
      },
    ],
  });
  return { id: input.id };
}

const ENDED: ReadonlySet<string> = new Set(['finished', 'failed', 'stopped']);

/** Records a sign of life; a run marked crashed that is heard from again is running again, an ended one stays as it is. */
export async function heartbeat(db: Db, runId: string, attempt?: number): Promise<{ ok: true; status: string }> {
  const rows = await db.$queryRaw<{ status: string; attempt: number }[]>`
    WITH run AS (SELECT id, status, attempt FROM "Run" WHERE id = ${runId}::uuid),
    alive AS (
      UPDATE "Run" SET "heartbeatAt" = ${new Date()}, ${REVIVE_CRASHED}
      -- A heartbeat is heard from the run as its points are: the same statuses take it.
      WHERE id = ${runId}::uuid AND status = ANY(${fromStatuses('log')}) AND ${attemptIs(attempt)}
      RETURNING status
    )
    SELECT COALESCE((SELECT status FROM alive), run.status)::text AS status, run.attempt FROM run`;
  if (rows.length === 0) throw runNotFound(runId);
  // A heartbeat from an attempt handed on must not keep the new attempt's lease alive, and its agent should know.
  if (attempt !== undefined && rows[0].attempt !== attempt) throw staleAttempt(runId, rows[0].attempt, attempt);
  // An ended run takes no heartbeats (a 409 as for its points and a second finish); it changed nothing. The client's
  // last heartbeat in flight as its run ends gets this, and drops it: heartbeats are best-effort.
  if (ENDED.has(rows[0].status)) {
    throw new TRPCError({ code: 'CONFLICT', message: `run ${runId} is ${rows[0].status}: it has ended and takes no heartbeats` });
  }
  return { ok: true, status: rows[0].status };
}

/**
 * Marks a run failed or stopped. A replay of the stored end is a no-op; any other end of an ended run is a 409, so a
 * finished run's results and a failed run's error stay as stored.
 */
export async function endRun(db: Db, input: EndRun): Promise<{ ok: true }> {
  await db.$transaction(async (tx) => {
    const run = await lockRun(tx, input.runId);
    checkAttempt(input.runId, run.attempt, input.attempt);
    const endedAt = new Date(input.endedAt);
    if (isStoredEnd(run, input.status, endedAt, input.error ?? null)) return;
    checkTransition(input.runId, run.status, input.status === 'failed' ? 'fail' : 'stop');
    await tx.run.update({
      where: { id: input.runId },
      data: {
        status: input.status,
        error: input.error ?? null,
        endedAt,
        durationMs: durationBetween(run.startedAt, endedAt),
        heartbeatAt: new Date(),
      },
    });
  });
  return { ok: true };
}
