// Applies prisma/migrations offline and records them in `_prisma_migrations` the way `prisma migrate deploy` does.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { connectClient, describeUrl, firstLine, sqlState } from './connection';
import { checksumMatches, defaultMigrationsDir, readMigrations, type LocalMigration } from './migrations';

// Prisma's schema engine cannot run offline, so this mirrors it from its source: prisma-engines
// schema-engine/connectors/sql-schema-connector/src/flavour/postgres.rs (lock key, table DDL),
// sql_migration_persistence.rs (row writes) and schema-engine/core/src/commands/apply_migrations.rs (order, checks).

/** Prisma Migrate's advisory lock key: this migrator and `prisma migrate deploy` exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;
const LOCK_WAIT_SECONDS = 60;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrateOptions {
  log?: (line: string) => void;
  /** Defaults to the checked-in `prisma/migrations`. */
  migrationsDir?: string;
}

/**
 * Applies the pending migrations in order, each in its own transaction, under Prisma's advisory lock, so two
 * processes starting at once apply each migration once. Refuses a database whose recorded checksums differ from
 * the files, or which holds a migration left unfinished by `prisma migrate deploy`.
 */
export async function migrate(url: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const migrations = await readMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  const where = describeUrl(url);
  const client = await connectClient(url);
  try {
    await acquireLock(client, where);
    const pending = plan(migrations, await readHistory(client, where), where, log);
    const applied: string[] = [];
    for (const migration of pending) {
      const started = performance.now();
      await applyOne(client, migration, where);
      applied.push(migration.name);
      log(`applied migration ${migration.name} to ${where} in ${Math.round(performance.now() - started)} ms`);
    }
    if (applied.length === 0) log(`${where} is up to date (${migrations.length} migration${migrations.length === 1 ? '' : 's'})`);
    return { applied };
  } finally {
    // Ending the session releases the advisory lock.
    await client.end().catch(() => undefined);
  }
}

async function acquireLock(client: pg.Client, where: string): Promise<void> {
  await client.query(`SET lock_timeout = '${LOCK_WAIT_SECONDS}s'`);
  try {
    await client.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})`);
  } catch (error) {
    if (sqlState(error) !== '55P03') throw error;
    throw new Error(
      `another process has been migrating ${where} for over ${LOCK_WAIT_SECONDS} s (it holds advisory lock ${PRISMA_MIGRATE_LOCK_KEY}): let it finish, or find it in pg_locks and stop it`,
    );
  }
  await client.query('RESET lock_timeout');
}

/** Creates the history table on first use, refusing (as Prisma does, P3005) a database that already has tables. */
async function readHistory(client: pg.Client, where: string): Promise<HistoryRow[]> {
  const { rows } = await client.query<{ exists: boolean; tables: number }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists,
            (SELECT count(*)::int FROM pg_tables WHERE schemaname = current_schema()) AS tables`,
  );
  if (!rows[0].exists) {
    if (rows[0].tables > 0) {
      throw new Error(
        `${where} already has tables but no _prisma_migrations history: point the URL at an empty database, or baseline this one with \`prisma migrate resolve --applied\``,
      );
    }
    await client.query(CREATE_MIGRATIONS_TABLE);
    return [];
  }
  const history = await client.query<HistoryRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at',
  );
  return history.rows;
}

function plan(migrations: LocalMigration[], history: HistoryRow[], where: string, log: (line: string) => void) {
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `migration ${failed.migration_name} is recorded as started but unfinished on ${where}: repair the database by hand, then run \`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or delete its _prisma_migrations row)`,
    );
  }
  const recorded = history.filter((row) => row.rolled_back_at === null);
  const local = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of recorded) {
    const migration = local.get(row.migration_name);
    if (!migration) {
      log(`note: ${where} has migration ${row.migration_name}, which this checkout does not have (a newer mnist-lab?)`);
    } else if (!checksumMatches(migration.script, row.checksum)) {
      throw new Error(
        `${migration.file} was changed after it was applied to ${where} (checksum differs from _prisma_migrations): restore it from git and put the change in a new migration`,
      );
    }
  }
  const done = new Set(recorded.map((row) => row.migration_name));
  return migrations.filter((migration) => !done.has(migration.name));
}

/** One migration and its history row commit together, so a failure leaves neither behind. */
async function applyOne(client: pg.Client, migration: LocalMigration, where: string): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, clock_timestamp(), $3)',
      [id, migration.checksum, migration.name],
    );
    // No parameters: pg sends the script with the simple query protocol, which accepts many statements.
    await client.query(migration.script);
    await client.query(
      'UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = firstLine(error instanceof Error ? error.message : String(error));
    throw new Error(`migration ${migration.name} failed on ${where} and was rolled back: ${reason}`);
  }
}
