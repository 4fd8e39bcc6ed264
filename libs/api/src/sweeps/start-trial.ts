// A sweep trial's runs.create: the run exists already, queued by sweeps.nextTrial, and its agent's create starts it.
import { Prisma, type Db } from '@mnist-lab/db';
import type { CreateRun } from '@mnist-lab/contracts';
import { allowedFor, checkAttempt, RUN_TRANSITIONS } from '../runs/run-state';

/**
 * Moves the queued run with this id and sweep to running, with what the agent reports (engine, host, architecture, start time).
 * The hyperparameters stay the server's: they are the trial. Anything else is left alone, so a replayed create
 * stays a no-op. A create from an attempt the trial has been handed on from is refused (409).
 */
export async function startQueuedTrial(db: Db, input: CreateRun, now: Date): Promise<void> {
  if (!input.sweepId) return;
  const { count } = await db.run.updateMany({
    where: { id: input.id, sweepId: input.sweepId, ...allowedFor('start'), ...(input.attempt === undefined ? {} : { attempt: input.attempt }) },
    data: {
      status: RUN_TRANSITIONS.start.to,
      backend: input.backend,
      host: input.host ?? null,
      gitCommit: input.gitCommit ?? null,
      command: input.command ?? null,
      architecture: input.architecture ?? Prisma.DbNull,
      family: input.architecture?.family ?? null,
      paramCount: input.architecture?.totalParams ?? null,
      tags: input.tags,
      notes: input.notes ?? null,
      startedAt: new Date(input.startedAt),
      heartbeatAt: now,
    },
  });
  if (count === 0 && input.attempt !== undefined) {
    const run = await db.run.findUnique({ where: { id: input.id }, select: { attempt: true } });
    if (run) checkAttempt(input.id, run.attempt, input.attempt);
  }
}
