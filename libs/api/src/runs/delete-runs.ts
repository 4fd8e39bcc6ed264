// Deleting runs for good, all of a batch or none. A run's points go with it by trigger (Metric has no foreign key, see
// migration 20261202003000_metric_writes), its digits, model, validation data and embedding by ON DELETE CASCADE; a
// sweep that loses a trial has its best trial recomputed, since Sweep.bestRunId is no foreign key either.
import type { Db } from '@mnist-lab/db';
import { TRPCError } from '@trpc/server';
import { settleSweep } from '../sweeps/settle';
import { sweepRowSelect } from '../sweeps/trials';
import { lockExisting, uniqueIds } from './manage-runs';

interface TrialOfRunningSweep {
  id: string;
  name: string;
  sweepName: string;
}

export async function deleteRuns(db: Db, runIds: readonly string[]): Promise<{ ok: true; deleted: number }> {
  const ids = uniqueIds(runIds);
  // The sweeps are known before any lock is taken, so their locks come first, as every sweep writer takes them
  // (withSweepLock, then the trials' rows): a trial cannot start or its sweep resume between the check and the delete.
  const sweepIds = (
    await db.$queryRaw<{ sweepId: string }[]>`
      SELECT DISTINCT "sweepId"::text AS "sweepId" FROM "Run" WHERE id = ANY(${ids}::uuid[]) AND "sweepId" IS NOT NULL ORDER BY 1`
  ).map((r) => r.sweepId);
  return db.$transaction(
    async (tx) => {
      for (const sweepId of sweepIds) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`mnist-lab.sweep.${sweepId}`}, 0))`;
      }
      await lockExisting(tx, ids);
      const blocked = await tx.$queryRaw<TrialOfRunningSweep[]>`
        SELECT r.id::text, r.name, s.name AS "sweepName" FROM "Run" r JOIN "Sweep" s ON s.id = r."sweepId"
        WHERE r.id = ANY(${ids}::uuid[]) AND s.status = 'running'`;
      if (blocked.length > 0) {
        const first = ids.map((id) => blocked.find((b) => b.id === id)).find((b) => b !== undefined) as TrialOfRunningSweep;
        throw new TRPCError({
          code: 'CONFLICT',
          message: `run "${first.name}" (${first.id}) is a trial of sweep "${first.sweepName}", which is still running: stop the sweep first; nothing was deleted`,
        });
      }
      const deleted = await tx.$executeRaw`DELETE FROM "Run" WHERE id = ANY(${ids}::uuid[])`;
      const touched = await tx.sweep.findMany({ where: { id: { in: sweepIds } }, select: sweepRowSelect });
      for (const sweep of touched) await settleSweep(tx, sweep);
      return { ok: true as const, deleted };
    },
    // A run with a long history deletes a few hundred thousand points; Prisma's default of 5 s is short for a batch.
    { maxWait: 10_000, timeout: 60_000 },
  );
}
