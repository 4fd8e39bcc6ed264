// Row lock on one run: serialises the writes of one run so its summary columns are recomputed from a stable set of rows.
import { TRPCError } from '@trpc/server';
import type { Prisma } from '@mnist-lab/db';

export function runNotFound(runId: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `run ${runId} not found` });
}

/** Locks the run's row until the transaction ends and returns its status and start time; NOT_FOUND when absent. */
export async function lockRun(tx: Prisma.TransactionClient, runId: string): Promise<{ status: string; startedAt: Date }> {
  const rows = await tx.$queryRaw<{ status: string; startedAt: Date }[]>`
    SELECT status::text AS status, "startedAt" FROM "Run" WHERE id = ${runId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw runNotFound(runId);
  return rows[0];
}

/** Milliseconds from start to end, clamped to the Int column (a clock jump must not make the write fail). */
export function durationBetween(startedAt: Date, endedAt: Date): number {
  return Math.min(Math.max(endedAt.getTime() - startedAt.getTime(), 0), 2 ** 31 - 1);
}
