// Crash detection: a running run that has not been heard from for a while is marked crashed, with how long it was silent.
import type { Db } from '@mnist-lab/db';

/** Reaps in flight, per database: a tRPC batch of 50 reads shares one UPDATE instead of queueing 50 on the same rows. */
const inFlight = new WeakMap<Db, Promise<number>>();

/** Marks running runs whose last heartbeat is older than `olderThanSeconds` as crashed; returns how many. */
export function reapCrashedRuns(db: Db, olderThanSeconds: number): Promise<number> {
  const running = inFlight.get(db);
  if (running) return running;
  const reap = markCrashed(db, olderThanSeconds).finally(() => inFlight.delete(db));
  inFlight.set(db, reap);
  return reap;
}

async function markCrashed(db: Db, olderThanSeconds: number): Promise<number> {
  const now = new Date();
  const cutoff = new Date(now.getTime() - olderThanSeconds * 1000);
  // endedAt is the last sign of life, so the duration column shows how long the run really ran.
  return db.$executeRaw`
    UPDATE "Run" SET
      status = 'crashed',
      error = 'no heartbeat for ' || floor(extract(epoch FROM (${now}::timestamptz - "heartbeatAt")))::int || 's',
      "endedAt" = "heartbeatAt",
      "durationMs" = LEAST(GREATEST(floor(extract(epoch FROM ("heartbeatAt" - "startedAt")) * 1000), 0), 2147483647)::int
    WHERE status = 'running' AND "heartbeatAt" < ${cutoff}::timestamptz`;
}
