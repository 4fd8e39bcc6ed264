// One epoch's metrics, Keras-style: the points of that epoch's end, replacing whatever that epoch logged before.
import type { Db } from '@mnist-lab/db';
import type { EpochLog } from '@mnist-lab/contracts';
import { groupCommitFor } from './group-commit';

/** Without a step (earlier trainers), an epoch's metrics sit at step = epoch, as the migration placed stored ones. */
export async function logEpoch(db: Db, input: EpochLog): Promise<{ ok: true }> {
  const step = input.step ?? input.epoch;
  const points = Object.entries(input.metrics).map(([name, value]) => ({ name, step, epoch: input.epoch, value, at: input.at }));
  const outcome = await groupCommitFor(db).submit({ runId: input.runId, points, replaceEpoch: input.epoch, attempt: input.attempt });
  if (!outcome.ok) throw outcome.error;
  return { ok: true };
}
