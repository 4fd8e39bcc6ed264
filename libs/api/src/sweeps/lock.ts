// One writer per sweep at a time: handing out, settling, stopping and resuming its trials never interleave.
import type { Db, Prisma } from '@mnist-lab/db';

/**
 * Runs `fn` in a transaction that holds the sweep's advisory lock until it commits, so two agents asking at once
 * are served one after the other and never get the same trial. The pg-boss calls inside run on pg-boss's own pool
 * and commit at once; each step is ordered so that a failure halfway leaves a state the next call repairs.
 */
export function withSweepLock<T>(db: Db, sweepId: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`mnist-lab.sweep.${sweepId}`}, 0))`;
      return fn(tx);
    },
    // Agents of a big sweep may queue up behind each other; each holder needs well under a second.
    { maxWait: 10_000, timeout: 60_000 },
  );
}
