// Metric points of one or more runs in one SQL statement: each run's row touched, its points upserted, its summary folded.
import { Prisma, sqlPool, type Db } from '@mnist-lab/db';
import type { MetricPoint } from '@mnist-lab/contracts';
import { fromStatuses, refused, REVIVE_CRASHED } from './run-state';

/** The names whose per-epoch values decide a run's best epoch (Keras' EarlyStopping monitors val_loss by default). */
const SUMMARY_METRICS = ['val_loss', 'val_accuracy'];

/** One request's points for one run. */
export interface PointWrite {
  runId: string;
  points: readonly MetricPoint[];
  /** logEpoch: this epoch's points replace every earlier point of the same names at the same epoch, whatever its step. */
  replaceEpoch?: number;
  /** The sweep trial's attempt the writer holds: a write from an earlier one is refused (fencing). */
  attempt?: number;
}

/** What became of one write: stored, or the error its request answers (404, 409, a store failure). */
export type WriteOutcome = { ok: true; stored: number } | { ok: false; error: unknown };

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

/**
 * The statement for writes to distinct runs (one UPDATE cannot take a row twice). Its cost does not grow with the
 * runs' lengths: it touches each run's row (which keeps it alive and revives a run the reaper marked crashed),
 * upserts the points from JSON, and folds each write's best val_loss and val_accuracy into its run's (the best epoch
 * is val_loss's lowest, as Keras' EarlyStopping judges it, else val_accuracy's highest; ties go to the earlier
 * epoch). Folding is safe under concurrent writers of one run: an UPDATE that waited on the row re-reads the row as
 * the other writer left it.
 *
 * It cannot undo a best, though: when it replaces or removes a stored val figure (a re-logged epoch, a replayed
 * request), it says so (`stale`) and the run's bests are recomputed from the stored rows. It asks the upsert itself
 * which rows it replaced rather than reading them first: a concurrent writer's row, invisible to this statement's
 * snapshot, can still be the one its upsert replaces. Replacing is the rare path; a run's writes are new steps.
 */
function statement(writes: readonly PointWrite[], unique: readonly (readonly MetricPoint[])[], now: Date, upsert: boolean): Prisma.Sql {
  // One JSON text per table rather than typed arrays: a driver serializes an array parameter element by element in
  // JavaScript (1,000 Dates cost 18 ms through Prisma's adapter, the same points as one string under 2 ms), and
  // PostgreSQL parses JSON in microseconds. A missing key reads as NULL.
  const runs = JSON.stringify(
    writes.map((w, i) => {
      let lastEpoch = 0;
      for (const p of unique[i]) if (p.epoch !== undefined && p.epoch > lastEpoch) lastEpoch = p.epoch;
      const { loss, accuracy } = batchBests(unique[i]);
      return {
        i,
        run_id: w.runId,
        sent_attempt: w.attempt,
        replace_epoch: w.replaceEpoch,
        last_epoch: Math.floor(lastEpoch),
        loss: loss?.value,
        loss_epoch: loss?.epoch,
        accuracy: accuracy?.value,
        accuracy_epoch: accuracy?.epoch,
      };
    }),
  );
  // Each point names its write by index; for one write (runs.log's 1,000-point batches) the points go as they came.
  const points = writes.length === 1 ? JSON.stringify(unique[0]) : JSON.stringify(unique.flatMap((ps, i) => ps.map((p) => ({ ...p, i }))));
  const conflict = upsert
    ? Prisma.sql`ON CONFLICT ("runId", name, step) DO UPDATE SET epoch = excluded.epoch, value = excluded.value, at = excluded.at
      -- xmax is 0 on a row this statement inserted and set on one it updated: PostgreSQL's way of telling the two apart.
      RETURNING "runId", name, xmax <> 0 AS replaced`
    : Prisma.sql`RETURNING "runId", name, false AS replaced`;
  // Points of the same names at the replaced epoch under another step; "Metric_epoch_end_idx" finds them. Only when a
  // write replaces an epoch (logEpoch), so that runs.log's plan never looks at stored points.
  const replacing = writes.some((w) => w.replaceEpoch !== undefined);
  const removed = replacing
    ? Prisma.sql`removed AS (
      DELETE FROM "Metric" m USING run JOIN w ON w.i = run.i
      WHERE w.replace_epoch IS NOT NULL AND m."runId" = run.id AND m.epoch = w.replace_epoch AND m.epoch - floor(m.epoch) = 0
        AND EXISTS (SELECT 1 FROM new WHERE new.i = w.i AND new.name = m.name)
        AND NOT EXISTS (SELECT 1 FROM new WHERE new.i = w.i AND new.step = m.step)
      RETURNING m."runId", m.name
    ),`
    : Prisma.empty;
  const removedSummary = replacing
    ? Prisma.sql`OR EXISTS (SELECT 1 FROM removed WHERE "runId" = w.run_id AND name = ANY(${SUMMARY_METRICS}::text[]))`
    : Prisma.empty;
  return Prisma.sql`
    WITH w AS (
      SELECT * FROM json_to_recordset(${runs}::json) AS w(i int, run_id uuid, sent_attempt int, replace_epoch float8,
        last_epoch int, loss float8, loss_epoch int, accuracy float8, accuracy_epoch int)
    ),
    new AS (
      SELECT COALESCE(i, 0) AS i, name, step, epoch, value, COALESCE(at, ${now}::timestamptz) AS at
      FROM json_to_recordset(${points}::json) AS m(i int, name text, step int, epoch float8, value float8, at timestamptz)
    ),
    run AS (
      UPDATE "Run" SET "heartbeatAt" = ${now}, "lastEpoch" = GREATEST("lastEpoch", w.last_epoch), ${REVIVE_CRASHED},
        -- LEAST and GREATEST skip NULLs: a write without val figures leaves the bests as they are.
        "bestValLoss" = LEAST("bestValLoss", w.loss),
        "bestValAccuracy" = GREATEST("bestValAccuracy", w.accuracy),
        "bestEpoch" = CASE
          WHEN w.loss IS NOT NULL THEN
            CASE WHEN "bestValLoss" IS NULL OR w.loss < "bestValLoss" OR (w.loss = "bestValLoss" AND w.loss_epoch < "bestEpoch")
                 THEN w.loss_epoch ELSE "bestEpoch" END
          WHEN "bestValLoss" IS NULL AND w.accuracy IS NOT NULL THEN
            CASE WHEN "bestValAccuracy" IS NULL OR w.accuracy > "bestValAccuracy" OR (w.accuracy = "bestValAccuracy" AND w.accuracy_epoch < "bestEpoch")
                 THEN w.accuracy_epoch ELSE "bestEpoch" END
          ELSE "bestEpoch" END
      FROM w
      WHERE id = w.run_id AND status = ANY(${fromStatuses('log')}) AND (w.sent_attempt IS NULL OR attempt = w.sent_attempt)
      RETURNING w.i, id
    ),
    ${removed}
    stored AS (
      INSERT INTO "Metric" ("runId", name, step, epoch, value, at)
      SELECT run.id, new.name, new.step, new.epoch, new.value, new.at FROM new JOIN run ON run.i = new.i
      ${conflict}
    )
    SELECT w.i, EXISTS (SELECT 1 FROM run WHERE run.i = w.i) AS found,
      EXISTS (SELECT 1 FROM stored WHERE "runId" = w.run_id AND replaced AND name = ANY(${SUMMARY_METRICS}::text[])) ${removedSummary} AS stale
    FROM w ORDER BY w.i`;
}

/**
 * Stores writes to distinct runs in one statement, no transaction, and gives each its own outcome: a missing run is
 * its 404, an ended one its 409, and neither touches the others. When the statement itself fails (a deadlock with
 * another multi-row writer, say), each write goes again alone, so only a write that fails by itself answers an error.
 */
export async function storeWrites(db: Db, writes: readonly PointWrite[]): Promise<WriteOutcome[]> {
  const unique = writes.map((w) => lastPerStep(w.points));
  const now = new Date();
  // Straight to node-postgres, Prisma's own pool (libs/db sqlPool says why); Prisma.sql still builds the statement.
  const write = async (upsert: boolean) => {
    const q = statement(writes, unique, now, upsert);
    // A named statement, parsed and planned once per connection: the text depends only on these two choices (the
    // writes travel as JSON), and PostgreSQL spent about a fifth of its time per write planning it afresh.
    const name = `point-writes${writes.some((w) => w.replaceEpoch !== undefined) ? '-epoch' : ''}${upsert ? '-upsert' : ''}`;
    return (await sqlPool(db).query<{ i: number; found: boolean; stale: boolean }>({ name, text: q.text, values: q.values })).rows;
  };
  let rows: { i: number; found: boolean; stale: boolean }[];
  try {
    // New steps, nearly every write, go in as a plain INSERT: an upsert costs a third more per row (PostgreSQL's
    // speculative insertion). A batch that repeats a stored step fails on the key, changes nothing, and goes again
    // as the upsert.
    rows = await write(false).catch((error: unknown) => {
      if (isUniqueViolation(error)) return write(true);
      throw error;
    });
  } catch (error) {
    if (writes.length === 1) return [{ ok: false, error }];
    return (await Promise.all(writes.map((w) => storeWrites(db, [w])))).flat();
  }
  return Promise.all(
    writes.map(async (w, i): Promise<WriteOutcome> => {
      try {
        // No row taken, nothing written: the run is missing (404), has ended or was handed to another attempt (409).
        // Its status is read only then, off the path every accepted write takes.
        if (!rows[i].found) {
          const run = await sqlPool(db).query<{ status: string; attempt: number }>(`SELECT status::text AS status, attempt FROM "Run" WHERE id = $1::uuid`, [w.runId]);
          return { ok: false, error: refused(w.runId, run.rows[0] ?? null, 'log', w.attempt) };
        }
        if (rows[i].stale) await recomputeBests(db, w.runId);
        return { ok: true, stored: unique[i].length };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
}

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
