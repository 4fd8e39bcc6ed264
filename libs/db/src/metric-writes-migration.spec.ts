// The metric-writes migration: no per-point foreign-key check, yet a deleted run takes its points with it, and the
// points at epochs' ends are found through their own index.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database';

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

async function newRun(id: string): Promise<void> {
  await client.query(`INSERT INTO "Run" (id, name, config, backend, "startedAt", "heartbeatAt") VALUES ($1, 'r', '{}', 'x', now(), now())`, [id]);
  await client.query(
    `INSERT INTO "Metric" ("runId", name, step, epoch, value, at) SELECT $1, n, s, s / 10.0, 1.0 / s, now() FROM generate_series(1, 30) s, unnest(ARRAY['loss', 'val_loss']) n`,
    [id],
  );
}

describe('migration 20261202003000_metric_writes', () => {
  it('deletes a deleted run’s points and no other run’s, as the cascade did', async () => {
    const [a, b] = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'];
    await newRun(a);
    await newRun(b);
    await client.query(`DELETE FROM "Run" WHERE id = $1`, [a]);
    const counts = await client.query<{ runId: string; n: number }>(`SELECT "runId", count(*)::int AS n FROM "Metric" GROUP BY "runId"`);
    expect(counts.rows).toEqual([{ runId: b, n: 60 }]);
  });

  it('finds the points at an epoch’s end by epoch through the partial index, whatever the table’s statistics', async () => {
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT * FROM "Metric" WHERE "runId" = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' AND name = ANY(ARRAY['loss']) AND epoch = 3 AND epoch - floor(epoch) = 0`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('Metric_epoch_end_idx');
  });
});
