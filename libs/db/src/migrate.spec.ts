// The offline migrator against the local PostgreSQL: Prisma's history format, idempotence, the lock, refusals.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { defaultMigrationsDir, readMigrations } from './migrations';
import { createEmptyDatabase, type TestDatabase } from './test-database';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createEmptyDatabase();
  cleanups.push(() => database.drop());
  return database;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the checked-in migrations that a test may add to. */
async function migrationsCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mnist-lab-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

describe('migrate', () => {
  it('creates every table on a fresh database and records each migration as Prisma does', async () => {
    const { url } = await emptyDatabase();
    const local = await readMigrations(defaultMigrationsDir());
    const lines: string[] = [];

    expect(await migrate(url, { log: (line) => lines.push(line) })).toEqual({ applied: local.map((m) => m.name) });

    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((t) => t.tablename).sort()).toEqual(
      ['ApiToken', 'Metric', 'MisclassifiedDigit', 'ModelArtifact', 'Run', 'Sweep', 'TestEmbedding', 'ValidationDigit', 'ValidationEpoch', 'ValidationSet', '_prisma_migrations'].sort(),
    );
    // The column layout of Prisma's CREATE TABLE _prisma_migrations (prisma-engines flavour/postgres.rs).
    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO', column_default: '0' },
    ]);
    const rows = await query(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at');
    expect(rows).toHaveLength(local.length);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({
        migration_name: local[i].name,
        checksum: local[i].checksum,
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    });
    expect(lines.some((line) => line.startsWith(`applied migration ${local[0].name}`))).toBe(true);
  });

  it('does nothing on a second run', async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    expect(await migrate(url)).toEqual({ applied: [] });
    expect(await query(url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength((await readMigrations(defaultMigrationsDir())).length);
  });

  it('applies each migration once when two processes migrate at the same time', async () => {
    const { url } = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url)]);
    const applied = results.flatMap((result) => result.applied);
    expect(applied).toEqual((await readMigrations(defaultMigrationsDir())).map((m) => m.name));
    expect(results.some((result) => result.applied.length === 0)).toBe(true);
  });

  it('applies only the migrations added since, in order', async () => {
    const { url } = await emptyDatabase();
    const dir = await migrationsCopy();
    await migrate(url, { migrationsDir: dir });
    for (const [name, sql] of [
      ['29990102000000_second', 'CREATE TABLE "Second" (id int);'],
      ['29990101000000_first', 'CREATE TABLE "First" (id int);'],
    ]) {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    }
    expect(await migrate(url, { migrationsDir: dir })).toEqual({ applied: ['29990101000000_first', '29990102000000_second'] });
  });

  it('refuses a database whose recorded checksum differs from the file', async () => {
    const { url } = await emptyDatabase();
    const dir = await migrationsCopy();
    await migrate(url, { migrationsDir: dir });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first.name, 'migration.sql'), `${first.script}\n-- edited after release\n`);
    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`^${first.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was changed after it was applied to .*: restore it from git`),
    );
  });

  it('rolls back a failing migration and records nothing, so a fixed file applies cleanly', async () => {
    const { url } = await emptyDatabase();
    const dir = await migrationsCopy();
    await migrate(url, { migrationsDir: dir });
    const broken = path.join(dir, '29990101000000_broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "Half" (id int);\nALTER TABLE "Nope" ADD COLUMN x int;');
    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(
      /^migration 29990101000000_broken failed on .* and was rolled back: relation "Nope" does not exist$/,
    );
    expect(await query(url, `SELECT to_regclass('"Half"') AS half`)).toEqual([{ half: null }]);
    await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "Half" (id int);');
    expect(await migrate(url, { migrationsDir: dir })).toEqual({ applied: ['29990101000000_broken'] });
  });

  it('refuses a database that has tables but no migration history', async () => {
    const { url } = await emptyDatabase();
    await query(url, 'CREATE TABLE someone_elses (id int)');
    await expect(migrate(url)).rejects.toThrow(/already has tables but no _prisma_migrations history: point the URL at an empty database/);
  });

  it('names the server it cannot reach', async () => {
    await expect(migrate('postgresql://root@127.0.0.1:1/nowhere')).rejects.toThrow(
      /^cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\): start it, or fix the host and port in the URL$/,
    );
  });
});
