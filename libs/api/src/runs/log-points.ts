// runs.log: one request's metric points of one run, stored in one statement (point-writes.ts) with the run's summary.
import type { Db } from '@mnist-lab/db';
import type { LogPoints } from '@mnist-lab/contracts';
import { storeWrites, type PointWrite } from './point-writes';

/** Stores one write on its own and throws what it answers: 404 for a missing run, 409 for an ended one. */
export async function storePoints(db: Db, write: PointWrite): Promise<{ ok: true; stored: number }> {
  const [outcome] = await storeWrites(db, [write]);
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

export function logPoints(db: Db, input: LogPoints): Promise<{ ok: true; stored: number }> {
  return storePoints(db, { runId: input.runId, points: input.points, attempt: input.attempt });
}
