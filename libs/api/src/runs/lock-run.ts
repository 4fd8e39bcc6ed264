// Row lock on one run: serialises the writes of one run so its summary columns are recomputed from a stable set of rows.
import { TRPCError } from '@trpc/server';
import type { Prisma } from '@mnist-lab/db';
import type { RunStatus } from '@mnist-lab/contracts';

export function runNotFound(runId: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `run ${runId} not found` });
}

export interface LockedRun {
  status: RunStatus;
  startedAt: Date;
  endedAt: Date | null;
  error: string | null;
  /** A sweep trial's attempt (0 for runs outside sweeps): see checkAttempt. */
  attempt: number;
}

/** Locks the run's row until the transaction ends and returns its status, start, end, error and attempt; NOT_FOUND when absent. */
export async function lockRun(tx: Prisma.TransactionClient, runId: string): Promise<LockedRun> {
  const rows = await tx.$queryRaw<LockedRun[]>`
    SELECT status::text AS status, "startedAt", "endedAt", error, attempt FROM "Run" WHERE id = ${runId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw runNotFound(runId);
  return rows[0];
}

/** Milliseconds from start to end, clamped to the Int column (a clock jump must not make the write fail). */
export function durationBetween(startedAt: Date, endedAt: Date): number {
  return Math.min(Math.max(endedAt.getTime() - startedAt.getTime(), 0), 2 ** 31 - 1);
}
