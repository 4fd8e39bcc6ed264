// Metric points of one run: upserted per (run, name, step) in one transaction, with the run's summary kept current.
import { Prisma, type Db } from '@mnist-lab/db';
import type { LogPoints, MetricPoint } from '@mnist-lab/metrics';
import { runNotFound } from './lock-run';

/** The names whose per-epoch values decide a run's best epoch (Keras' EarlyStopping monitors val_loss by default). */
const SUMMARY_METRICS = new Set(['val_loss', 'val_accuracy']);

export interface StoreOptions {
  /** logEpoch: this epoch's points replace every earlier point of the same names at the same epoch, whatever its step. */
  replaceEpoch?: number;
}

/**
 * Writes the points in three statements on one connection: the run's row is touched first (which locks it, keeps it
 * alive and revives a run the reaper marked crashed), then the points go in with unnest (one statement whatever
 * their number), then the best-epoch columns are recomputed, only when a validation figure at an epoch's end arrived.
 * Recomputed rather than compared with the new values: a replaced epoch can lower the best.
 */
export async function storePoints(db: Db, runId: string, points: readonly MetricPoint[], opts: StoreOptions = {}): Promise<{ ok: true; stored: number }> {
  // A batch that names one step twice keeps the last value: PostgreSQL refuses to upsert one key twice in a statement.
  const byKey = new Map<string, MetricPoint>();
  for (const p of points) byKey.set(`${p.name}\u0000${p.step}`, p);
  const unique = [...byKey.values()];
  const now = new Date();
  const names = unique.map((p) => p.name);
  const steps = unique.map((p) => p.step);
  const epochs = unique.map((p) => p.epoch ?? null);
  const values = unique.map((p) => p.value);
  const ats = unique.map((p) => (p.at ? new Date(p.at) : now));
  const lastEpoch = Math.floor(Math.max(0, ...unique.map((p) => p.epoch ?? 0)));
  const summary = unique.some((p) => SUMMARY_METRICS.has(p.name) && p.epoch !== undefined && Number.isInteger(p.epoch));
  await db.$transaction(
    async (tx) => {
      const touched = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Run" SET "heartbeatAt" = ${now}, "lastEpoch" = GREATEST("lastEpoch", ${lastEpoch}::int),
          error = CASE WHEN status = 'crashed' THEN NULL ELSE error END,
          "endedAt" = CASE WHEN status = 'crashed' THEN NULL ELSE "endedAt" END,
          "durationMs" = CASE WHEN status = 'crashed' THEN NULL ELSE "durationMs" END,
          status = CASE WHEN status = 'crashed' THEN 'running'::"RunStatus" ELSE status END
        WHERE id = ${runId}::uuid
        RETURNING id`;
      if (touched.length === 0) throw runNotFound(runId);
      if (opts.replaceEpoch !== undefined) {
        await tx.$executeRaw`
          DELETE FROM "Metric" WHERE "runId" = ${runId}::uuid AND name = ANY(${names}::text[])
            AND epoch = ${opts.replaceEpoch}::float8 AND NOT (step = ANY(${steps}::int[]))`;
      }
      await tx.$executeRaw`
        INSERT INTO "Metric" ("runId", name, step, epoch, value, at)
        SELECT ${runId}::uuid, m.name, m.step, m.epoch, m.value, m.at
        FROM unnest(${names}::text[], ${steps}::int[], ${epochs}::float8[], ${values}::float8[], ${ats}::timestamptz[])
          AS m(name, step, epoch, value, at)
        ON CONFLICT ("runId", name, step) DO UPDATE SET epoch = excluded.epoch, value = excluded.value, at = excluded.at`;
      if (summary || opts.replaceEpoch !== undefined) await refreshBestEpoch(tx, runId);
    },
    // Writes to one run queue on its row lock; give them longer than Prisma's 2 s default to get a connection.
    { maxWait: 10_000, timeout: 15_000 },
  );
  return { ok: true, stored: unique.length };
}

/** The epoch whose val_loss is lowest is the best, else the highest val_accuracy; ties go to the earlier epoch. */
async function refreshBestEpoch(tx: Prisma.TransactionClient, runId: string): Promise<void> {
  // Only points at an epoch's end count: a fractional epoch is a value measured inside an epoch.
  const epochEnd = Prisma.sql`"runId" = ${runId}::uuid AND epoch IS NOT NULL AND epoch = floor(epoch)`;
  await tx.$executeRaw`
    UPDATE "Run" r SET
      "bestValAccuracy" = s.best_acc,
      "bestValLoss" = s.best_loss,
      "bestEpoch" = COALESCE(s.best_loss_epoch, s.best_acc_epoch)
    FROM (
      SELECT
        (SELECT max(value) FROM "Metric" WHERE ${epochEnd} AND name = 'val_accuracy') AS best_acc,
        (SELECT min(value) FROM "Metric" WHERE ${epochEnd} AND name = 'val_loss') AS best_loss,
        (SELECT epoch::int FROM "Metric" WHERE ${epochEnd} AND name = 'val_loss' ORDER BY value ASC, epoch ASC LIMIT 1) AS best_loss_epoch,
        (SELECT epoch::int FROM "Metric" WHERE ${epochEnd} AND name = 'val_accuracy' ORDER BY value DESC, epoch ASC LIMIT 1) AS best_acc_epoch
    ) s
    WHERE r.id = ${runId}::uuid`;
}

export function logPoints(db: Db, input: LogPoints): Promise<{ ok: true; stored: number }> {
  return storePoints(db, input.runId, input.points);
}
