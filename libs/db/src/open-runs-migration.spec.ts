// The open-runs migration on a store written before it: configs kept, epoch metrics turned into points, nothing lost.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { defaultMigrationsDir } from './migrations';
import { createEmptyDatabase, type TestDatabase } from './test-database';

const MIGRATION = '20261201210000_open_runs_and_step_metrics';
let database: TestDatabase;
let before: string;

async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createEmptyDatabase();
  // The migrations as they were before this one: the store of a user upgrading.
  before = await mkdtemp(path.join(tmpdir(), 'mnist-lab-migrations-before-'));
  for (const name of await readdir(defaultMigrationsDir())) {
    if (name < MIGRATION) await cp(path.join(defaultMigrationsDir(), name), path.join(before, name), { recursive: true });
  }
  await migrate(database.url, { migrationsDir: before });
  await sql(`
    INSERT INTO "Run" (id, name, hyperparams, backend, seed, "startedAt", "heartbeatAt", "learningRate", "batchSize", dropout, "lastEpoch", "bestEpoch")
    VALUES ('11111111-1111-4111-8111-111111111111', 'old', '{"hiddenUnits": [64, 32], "learningRate": 0.001, "seed": 42}', 'fused', 42, now(), now(), 0.001, 32, 0.2, 3, 2);
    INSERT INTO "Metric" ("runId", name, epoch, value, at)
    SELECT '11111111-1111-4111-8111-111111111111', n, e, 1.0 / e, now() FROM generate_series(1, 3) e, unnest(ARRAY['loss', 'val_loss']) n;`);
  await migrate(database.url);
});

afterAll(async () => {
  await database?.drop();
  await rm(before, { recursive: true, force: true });
});

describe(`migration ${MIGRATION}`, () => {
  it('keeps the run with its hyperparameters as its config and the typed columns as they were', async () => {
    const [run] = await sql<{ config: unknown; seed: number; learningRate: number; architecture: unknown }>(`SELECT config, seed, "learningRate", architecture FROM "Run"`);
    expect(run).toEqual({ config: { hiddenUnits: [64, 32], learningRate: 0.001, seed: 42 }, seed: 42, learningRate: 0.001, architecture: null });
  });

  it('turns every epoch metric into the point at step = epoch, so the run draws as it did', async () => {
    const points = await sql<{ name: string; step: number; epoch: number; value: number }>(`SELECT name, step, epoch, value FROM "Metric" ORDER BY name, step`);
    expect(points).toEqual(
      ['loss', 'val_loss'].flatMap((name) => [1, 2, 3].map((e) => ({ name, step: e, epoch: e, value: 1 / e }))),
    );
  });

  it('keys points by step and accepts points without an epoch', async () => {
    await sql(`INSERT INTO "Metric" ("runId", name, step, value, at) VALUES ('11111111-1111-4111-8111-111111111111', 'batch/loss', 17, 0.4, now())`);
    await expect(sql(`INSERT INTO "Metric" ("runId", name, step, epoch, value, at) VALUES ('11111111-1111-4111-8111-111111111111', 'loss', 2, 2, 9, now())`)).rejects.toThrow(/duplicate key/);
  });
});
