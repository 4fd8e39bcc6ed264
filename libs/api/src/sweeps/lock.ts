// One writer per sweep at a time: handing out, settling, stopping and resuming its trials never interleave.
import type { Db, Prisma } from '@mnist-lab/db';

/**
 * Runs `fn` in a transaction that holds the sweep's advisory lock until it commits, so two agents asking at once
 * are served one after the other and never get the same trial. The queue is in the trials' rows (queue.ts), so
 * everything a call changes commits or rolls back together, notifications included.
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
