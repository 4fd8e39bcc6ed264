// runs.log: one request's metric points of one run, stored in one statement (point-writes.ts) with the run's summary.
import type { Db } from '@mnist-lab/db';
import type { LogPoints } from '@mnist-lab/contracts';
import { storeWrites } from './point-writes';

/** Answers 404 for a missing run and 409 for an ended one (or a stale attempt), having written nothing. */
export async function logPoints(db: Db, input: LogPoints): Promise<{ ok: true; stored: number }> {
  const [outcome] = await storeWrites(db, [{ runId: input.runId, points: input.points, attempt: input.attempt }]);
  if (!outcome.ok) throw outcome.error;
  return outcome;
}
