// Metric points of one run: upserted per (run, name, step) in one SQL statement, with the run's summary kept current.
import { Prisma, sqlPool, type Db } from '@mnist-lab/db';
import type { LogPoints, MetricPoint } from '@mnist-lab/contracts';
import { attemptIs, fromStatuses, refused, REVIVE_CRASHED } from './run-state';

/** The names whose per-epoch values decide a run's best epoch (Keras' EarlyStopping monitors val_loss by default). */
const SUMMARY_METRICS = ['val_loss', 'val_accuracy'];

export interface StoreOptions {
  /** logEpoch: this epoch's points replace every earlier point of the same names at the same epoch, whatever its step. */
  replaceEpoch?: number;
  /** The sweep trial's attempt the writer holds: a write from an earlier one is refused (fencing). */
  attempt?: number;
}

interface Best {
  value: number;
  epoch: number;
}

/** The batch's own best val_loss (lowest) and val_accuracy (highest) at epoch ends; ties go to the earlier epoch. */
function batchBests(points: readonly MetricPoint[]): { loss?: Best; accuracy?: Best } {
  let loss: Best | undefined;
  let accuracy: Best | undefined;
  for (const { name, value, epoch } of points) {
    if (epoch === undefined || !Number.isInteger(epoch)) continue;
    const better = (b: Best | undefined, sign: 1 | -1) => !b || sign * (value - b.value) < 0 || (value === b.value && epoch < b.epoch);
    if (name === 'val_loss' && better(loss, 1)) loss = { value, epoch };
    if (name === 'val_accuracy' && better(accuracy, -1)) accuracy = { value, epoch };
  }
  return { loss, accuracy };
}

/**
 * One statement, no transaction, whatever the number of points, and its cost does not grow with the run: it touches
 * the run's row (which keeps it alive and revives a run the reaper marked crashed), upserts the points from JSON, and
 * folds the batch's best val_loss and val_accuracy into the run's (the best epoch is val_loss's lowest, as Keras'
 * EarlyStopping judges it, else val_accuracy's highest; ties go to the earlier epoch). Folding is safe under
 * concurrent writers of one run: an UPDATE that waited on the row re-reads the row as the other writer left it.
 *
 * It cannot undo a best, though: when the statement replaces or removes a stored val figure (a re-logged epoch, a
 * replayed request), the run's bests are recomputed from the stored rows, under the row lock so that the
 * recomputation sees every writer that committed before it. It asks the upsert itself which rows it replaced rather
 * than reading them first: a concurrent writer's row, invisible to this statement's snapshot, can still be the one
 * its upsert replaces. Replacing is the rare path; a run's writes are new steps.
 */
export async function storePoints(db: Db, runId: string, points: readonly MetricPoint[], opts: StoreOptions = {}): Promise<{ ok: true; stored: number }> {
  const unique = lastPerStep(points);
  const now = new Date();
  const names = [...new Set(unique.map((p) => p.name))];
  // One JSON text rather than five typed arrays: a driver serializes an array parameter element by element in
  // JavaScript (1,000 Dates cost 18 ms through Prisma's adapter, the same points as one string under 2 ms), and
  // PostgreSQL parses JSON in microseconds.
  // The points are the schema's output, {name, step, epoch?, value, at?}: a missing key reads as NULL.
  const rows = JSON.stringify(unique);
  let lastEpoch = 0;
  for (const p of unique) if (p.epoch !== undefined && p.epoch > lastEpoch) lastEpoch = p.epoch;
  lastEpoch = Math.floor(lastEpoch);
  const replace = opts.replaceEpoch;
  const { loss, accuracy } = batchBests(unique);
  const summaryNames = names.filter((n) => SUMMARY_METRICS.includes(n));

  // Points of the same names at the replaced epoch under another step; "Metric_epoch_end_idx" finds them.
  const removed = replace === undefined ? Prisma.empty : Prisma.sql`
    , removed AS (
      DELETE FROM "Metric" WHERE "runId" = ${runId}::uuid AND name = ANY(${names}::text[]) AND epoch = ${replace}::float8
        AND epoch - floor(epoch) = 0 AND NOT (step = ANY(${unique.map((p) => p.step)}::int[]))
        AND EXISTS (SELECT 1 FROM run)
      RETURNING name
    )`;
  const removedSummary = replace === undefined || summaryNames.length === 0 ? Prisma.sql`false` : Prisma.sql`EXISTS (SELECT 1 FROM removed WHERE name = ANY(${SUMMARY_METRICS}::text[]))`;
  // The batch's bests as one row (`best`), so the fold below names each value once.
  const bestColumns = loss || accuracy
    ? Prisma.sql`,
      "bestValLoss" = LEAST("bestValLoss", b.loss),
      "bestValAccuracy" = GREATEST("bestValAccuracy", b.accuracy),
      "bestEpoch" = CASE
        WHEN b.loss IS NOT NULL THEN
          CASE WHEN "bestValLoss" IS NULL OR b.loss < "bestValLoss" OR (b.loss = "bestValLoss" AND b.loss_epoch < "bestEpoch")
               THEN b.loss_epoch ELSE "bestEpoch" END
        WHEN "bestValLoss" IS NULL AND b.accuracy IS NOT NULL THEN
          CASE WHEN "bestValAccuracy" IS NULL OR b.accuracy > "bestValAccuracy" OR (b.accuracy = "bestValAccuracy" AND b.accuracy_epoch < "bestEpoch")
               THEN b.accuracy_epoch ELSE "bestEpoch" END
        ELSE "bestEpoch" END`
    : Prisma.empty;
  // New steps, nearly every write, go in as a plain INSERT: an upsert costs a third more per row (PostgreSQL's
  // speculative insertion). A batch that repeats a stored step fails on the key, changes nothing, and goes again as
  // the upsert.
  const conflict = (upsert: boolean) => upsert
    ? Prisma.sql`ON CONFLICT ("runId", name, step) DO UPDATE SET epoch = excluded.epoch, value = excluded.value, at = excluded.at
      -- xmax is 0 on a row this statement inserted and set on one it updated: PostgreSQL's way of telling the two apart.
      RETURNING name, xmax <> 0 AS replaced`
    : Prisma.sql`RETURNING name, false AS replaced`;
  const statement = (upsert: boolean) => Prisma.sql`
    WITH new AS (
      SELECT name, step, epoch, value, COALESCE(at, ${now}::timestamptz) AS at
      FROM json_to_recordset(${rows}::json) AS m(name text, step int, epoch float8, value float8, at timestamptz)
    ),
    best AS (
      SELECT ${loss?.value ?? null}::float8 AS loss, ${loss?.epoch ?? null}::int AS loss_epoch,
        ${accuracy?.value ?? null}::float8 AS accuracy, ${accuracy?.epoch ?? null}::int AS accuracy_epoch
    ),
    run AS (
      UPDATE "Run" SET "heartbeatAt" = ${now}, "lastEpoch" = GREATEST("lastEpoch", ${lastEpoch}::int), ${REVIVE_CRASHED}
        ${bestColumns}
      FROM best b
      WHERE id = ${runId}::uuid AND status = ANY(${fromStatuses('log')}) AND ${attemptIs(opts.attempt)}
      RETURNING id
    )
    ${removed},
    stored AS (
      INSERT INTO "Metric" ("runId", name, step, epoch, value, at)
      SELECT ${runId}::uuid, name, step, epoch, value, at FROM new WHERE EXISTS (SELECT 1 FROM run)
      ${conflict(upsert)}
    )
    SELECT (SELECT count(*) FROM run)::int AS found, (SELECT count(*) FROM stored)::int AS stored,
      EXISTS (SELECT 1 FROM stored WHERE replaced AND name = ANY(${SUMMARY_METRICS}::text[])) OR ${removedSummary} AS stale`;
  // Straight to node-postgres, Prisma's own pool (libs/db sqlPool says why); Prisma.sql still builds the statement.
  const write = async (upsert: boolean) => {
    const q = statement(upsert);
    return (await sqlPool(db).query<{ found: number; stored: number; stale: boolean }>(q.text, q.values)).rows;
  };
  const result = await write(false).catch((error: unknown) => {
    if (isUniqueViolation(error)) return write(true);
    throw error;
  });
  // No row taken, nothing written: the run is missing (404), has ended or was handed to another attempt (409). Its
  // status is read only then, off the path every accepted batch takes.
  if (result[0]?.found !== 1) {
    const rows = (await sqlPool(db).query<{ status: string; attempt: number }>(`SELECT status::text AS status, attempt FROM "Run" WHERE id = $1::uuid`, [runId])).rows;
    throw refused(runId, rows[0] ?? null, 'log', opts.attempt);
  }
  if (result[0].stale) await recomputeBests(db, runId);
  return { ok: true, stored: unique.length };
}

/** A batch that names one step twice keeps the last value: PostgreSQL refuses to write one key twice in a statement. */
function lastPerStep(points: readonly MetricPoint[]): readonly MetricPoint[] {
  // Steps by name: a batch holds a few names, and numbers in a Set cost less than building a string key per point.
  const seen = new Map<string, Set<number>>();
  for (const p of points) {
    let steps = seen.get(p.name);
    if (!steps) seen.set(p.name, (steps = new Set()));
    if (steps.has(p.step)) {
      const byKey = new Map<string, MetricPoint>();
      for (const q of points) byKey.set(`${q.name}\u0000${q.step}`, q);
      return [...byKey.values()];
    }
    steps.add(p.step);
  }
  return points;
}

/** PostgreSQL's unique_violation (SQLSTATE 23505), as node-postgres reports it. */
const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

/** The run's bests from its stored val figures at epoch ends, after every earlier writer of the run has committed. */
async function recomputeBests(db: Db, runId: string): Promise<void> {
  // The row lock in a statement of its own: in READ COMMITTED the next statement's snapshot then holds every writer
  // that got the row before this one. An interactive transaction, not Prisma's batch form: measured here the batch
  // form cost more per call (5.8 ms against 2.0 ms for two statements).
  await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Run" WHERE id = ${runId}::uuid FOR UPDATE`;
      await tx.$executeRaw`
        WITH val AS (
          SELECT name, epoch, value FROM "Metric"
          WHERE "runId" = ${runId}::uuid AND name = ANY(${SUMMARY_METRICS}::text[]) AND epoch - floor(epoch) = 0
        )
        UPDATE "Run" SET
          "bestValAccuracy" = (SELECT max(value) FROM val WHERE name = 'val_accuracy'),
          "bestValLoss" = (SELECT min(value) FROM val WHERE name = 'val_loss'),
          "bestEpoch" = COALESCE(
            (SELECT epoch::int FROM val WHERE name = 'val_loss' ORDER BY value ASC, epoch ASC LIMIT 1),
            (SELECT epoch::int FROM val WHERE name = 'val_accuracy' ORDER BY value DESC, epoch ASC LIMIT 1))
        WHERE id = ${runId}::uuid`;
    },
    // Writes to one run queue on its row lock; give them longer than Prisma's 2 s default to get a connection.
    { maxWait: 10_000, timeout: 15_000 },
  );
}

export function logPoints(db: Db, input: LogPoints): Promise<{ ok: true; stored: number }> {
  return storePoints(db, input.runId, input.points, { attempt: input.attempt });
}
