// One epoch's metrics: upserted per (run, name, epoch), then the run's summary columns recomputed from the stored rows.
import type { Db } from '@mnist-lab/db';
import type { EpochLog } from '@mnist-lab/metrics';
import { lockRun } from './lock-run';

/**
 * The epoch whose val_loss is lowest is the best one, as Keras' EarlyStopping and ModelCheckpoint judge it by
 * default; runs that log no val_loss fall back to the highest val_accuracy. Ties go to the earlier epoch.
 */
export async function logEpoch(db: Db, input: EpochLog): Promise<{ ok: true }> {
  const names = Object.keys(input.metrics);
  const values = names.map((n) => input.metrics[n]);
  const at = new Date(input.at);
  await db.$transaction(async (tx) => {
    await lockRun(tx, input.runId);
    await tx.$executeRaw`
      INSERT INTO "Metric" ("runId", name, epoch, value, at)
      SELECT ${input.runId}::uuid, m.name, ${input.epoch}::int, m.value, ${at}::timestamptz
      FROM unnest(${names}::text[], ${values}::float8[]) AS m(name, value)
      ON CONFLICT ("runId", name, epoch) DO UPDATE SET value = excluded.value, at = excluded.at`;
    // Recomputed rather than compared with the new values: a replaced epoch can lower the best.
    await tx.$executeRaw`
      UPDATE "Run" r SET
        "lastEpoch" = COALESCE(s.last_epoch, 0),
        "bestValAccuracy" = s.best_acc,
        "bestValLoss" = s.best_loss,
        "bestEpoch" = COALESCE(s.best_loss_epoch, s.best_acc_epoch),
        "heartbeatAt" = ${new Date()},
        error = CASE WHEN r.status = 'crashed' THEN NULL ELSE r.error END,
        "endedAt" = CASE WHEN r.status = 'crashed' THEN NULL ELSE r."endedAt" END,
        "durationMs" = CASE WHEN r.status = 'crashed' THEN NULL ELSE r."durationMs" END,
        status = CASE WHEN r.status = 'crashed' THEN 'running'::"RunStatus" ELSE r.status END
      FROM (
        SELECT
          (SELECT max(epoch) FROM "Metric" WHERE "runId" = ${input.runId}::uuid) AS last_epoch,
          (SELECT max(value) FROM "Metric" WHERE "runId" = ${input.runId}::uuid AND name = 'val_accuracy') AS best_acc,
          (SELECT min(value) FROM "Metric" WHERE "runId" = ${input.runId}::uuid AND name = 'val_loss') AS best_loss,
          (SELECT epoch FROM "Metric" WHERE "runId" = ${input.runId}::uuid AND name = 'val_loss'
             ORDER BY value ASC, epoch ASC LIMIT 1) AS best_loss_epoch,
          (SELECT epoch FROM "Metric" WHERE "runId" = ${input.runId}::uuid AND name = 'val_accuracy'
             ORDER BY value DESC, epoch ASC LIMIT 1) AS best_acc_epoch
      ) s
      WHERE r.id = ${input.runId}::uuid`;
    // Writes to one run queue on its row lock; give them longer than Prisma's 2 s default to get a connection.
  }, { maxWait: 10_000, timeout: 15_000 });
  return { ok: true };
}
