// The validation-predictions migration on a store written before it: runs and their results kept, with no predictions.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { defaultMigrationsDir } from './migrations';
import { createEmptyDatabase, type TestDatabase } from './test-database';

const MIGRATION = '20261203142316_validation_predictions_and_embeddings';
const RUN = '22222222-2222-4222-8222-222222222222';
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
  before = await mkdtemp(path.join(tmpdir(), 'mnist-lab-migrations-before-'));
  for (const name of await readdir(defaultMigrationsDir())) {
    if (name < MIGRATION) await cp(path.join(defaultMigrationsDir(), name), path.join(before, name), { recursive: true });
  }
  await migrate(database.url, { migrationsDir: before });
  await sql(`
    INSERT INTO "Run" (id, name, config, backend, "startedAt", "heartbeatAt", status, "testAccuracy", "testPredictions")
    VALUES ('${RUN}', 'old', '{"seed": 1}', 'fused', now(), now(), 'finished', 0.97, '\\x0102');
    INSERT INTO "Metric" ("runId", name, step, epoch, value, at) VALUES ('${RUN}', 'val_accuracy', 1, 1, 0.95, now());
    INSERT INTO "MisclassifiedDigit" ("runId", "testIndex", "trueLabel", "predictedLabel", confidence, probabilities, pixels)
    VALUES ('${RUN}', 8, 5, 6, 0.7, '{}', '\\x00');`);
  await migrate(database.url);
});

afterAll(async () => {
  await database?.drop();
  await rm(before, { recursive: true, force: true });
});

describe(`migration ${MIGRATION}`, () => {
  it('keeps an earlier run, its points and its test results, and gives it no validation predictions or embedding', async () => {
    expect(await sql(`SELECT name, status::text, "testAccuracy" FROM "Run"`)).toEqual([{ name: 'old', status: 'finished', testAccuracy: 0.97 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM "Metric"`)).toEqual([{ n: 1 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM "MisclassifiedDigit"`)).toEqual([{ n: 1 }]);
    for (const table of ['ValidationSet', 'ValidationEpoch', 'ValidationDigit', 'TestEmbedding']) {
      expect(await sql(`SELECT count(*)::int AS n FROM "${table}"`)).toEqual([{ n: 0 }]);
    }
  });

  it("deletes a run's predictions, pixels and embedding with the run", async () => {
    await sql(`
      INSERT INTO "ValidationSet" ("runId", count, "trueLabels") VALUES ('${RUN}', 2, '\\x0103');
      INSERT INTO "ValidationEpoch" ("runId", epoch, predicted, confidences, correct, at) VALUES ('${RUN}', 1, '\\x0102', '\\xffff', 1, now());
      INSERT INTO "ValidationDigit" ("runId", index, pixels) VALUES ('${RUN}', 1, '\\x00');
      INSERT INTO "TestEmbedding" ("runId", layer, "originalWidth", width, count, values, scales, offsets, "trueLabels", "predictedLabels")
      VALUES ('${RUN}', 'dense_2', 32, 32, 1, '\\x00', '\\x00', '\\x00', '\\x01', '\\x01');`);
    await expect(sql(`INSERT INTO "ValidationEpoch" ("runId", epoch, predicted, confidences, correct, at) VALUES ('${RUN}', 1, '\\x00', '\\x00', 0, now())`)).rejects.toThrow(/duplicate key/);
    await sql(`DELETE FROM "Run" WHERE id = '${RUN}'`);
    for (const table of ['ValidationSet', 'ValidationEpoch', 'ValidationDigit', 'TestEmbedding']) {
      expect(await sql(`SELECT count(*)::int AS n FROM "${table}"`)).toEqual([{ n: 0 }]);
    }
  });
});
