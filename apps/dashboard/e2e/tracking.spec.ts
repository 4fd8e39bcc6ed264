// The tracking path trainer -> tRPC -> Prisma -> PostgreSQL with real CLI processes: rows checked with SQL, faults survived.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, type Db } from '@mnist-lab/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName, type ApiClient } from './support/api-client';
import { startCli } from './support/cli';
import { startStack, type Stack } from './support/stack';

const METRICS_PER_EPOCH = 6; // loss, accuracy, val_loss, val_accuracy, lr, epoch_time

let stack: Stack;
let db: Db;
let api: ApiClient;
let serverUrl = '';

interface RunRow {
  status: string;
  last_epoch: number;
  misclassified_count: number | null;
  test_accuracy: number | null;
  predictions_bytes: number | null;
  has_model: boolean;
}

/** The stored state of a run, read with SQL rather than through the API under test. */
async function storedRun(id: string) {
  const [run] = await db.$queryRaw<RunRow[]>`
    SELECT status::text, "lastEpoch" AS last_epoch, "misclassifiedCount" AS misclassified_count, "testAccuracy" AS test_accuracy,
           octet_length("testPredictions") AS predictions_bytes,
           EXISTS (SELECT 1 FROM "ModelArtifact" m WHERE m."runId" = r.id) AS has_model
    FROM "Run" r WHERE r.id = ${id}::uuid`;
  // Epoch metrics by epoch; the trainer's batch points (batch/loss, batch/accuracy) counted per epoch they fall in.
  const metrics = await db.$queryRaw<{ epoch: number; n: bigint }[]>`
    SELECT epoch, count(*) AS n FROM "Metric" WHERE "runId" = ${id}::uuid AND name NOT LIKE 'batch/%' GROUP BY epoch ORDER BY epoch`;
  const batches = await db.$queryRaw<{ epoch: number; n: bigint }[]>`
    SELECT ceil(epoch)::int AS epoch, count(*) AS n FROM "Metric" WHERE "runId" = ${id}::uuid AND name LIKE 'batch/%' GROUP BY 1 ORDER BY 1`;
  const [{ n: digits }] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "MisclassifiedDigit" WHERE "runId" = ${id}::uuid`;
  return {
    run,
    epochs: metrics.map((m) => ({ epoch: m.epoch, n: Number(m.n) })),
    batchPoints: batches.map((m) => ({ epoch: m.epoch, n: Number(m.n) })),
    digits: Number(digits),
  };
}

/** Two metrics every --log-every batches, whose default gives an epoch about 50 points: ceil(batches / 50) apart. */
function batchPointsPerEpoch(trainCount: number, batchSize: number): number {
  const batches = Math.ceil(trainCount / batchSize);
  return 2 * Math.floor(batches / Math.ceil(batches / 50));
}

function expectComplete(stored: Awaited<ReturnType<typeof storedRun>>, epochs: number, trainCount: number, batchSize = 32) {
  expect(stored.run.status).toBe('finished');
  expect(stored.epochs).toEqual(Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, n: METRICS_PER_EPOCH })));
  const perEpoch = batchPointsPerEpoch(trainCount, batchSize);
  expect(stored.batchPoints).toEqual(Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, n: perEpoch })));
  expect(stored.run.last_epoch).toBe(epochs);
  expect(stored.digits).toBe(stored.run.misclassified_count);
  expect(stored.run.predictions_bytes).toBe(10_000);
  expect(stored.run.has_model).toBe(true);
}

beforeAll(async () => {
  // The server starts in the first test, on the port a trainer already tried while it was down.
  stack = await startStack({ name: 'tracking', db: true, server: false, env: { MNIST_LAB_CRASH_AFTER_S: '6' } });
  ({ db } = stack);
});

afterAll(() => stack?.stop());

describe('tracking through the running server', { timeout: 600_000 }, () => {
  it('a trainer that starts while the server is down spools its run; `mnist-lab sync` uploads it, in order, once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const trainer = startCli(['train', '--name', 'spooled', '--epochs', '3', '--train-limit', '2000', '--quiet'], stack.cliEnv(url));
    expect(await trainer.exit).toBe(0);
    expect(trainer.output()).toMatch(/server unreachable/);
    expect(trainer.output()).toMatch(/\d+ events spooled; upload them with `mnist-lab sync`/);
    // Points are spooled in batches sealed every 250 ms, so how many events a run leaves depends on timing: count them.
    const spoolDir = path.join(stack.home, 'spool');
    const spooled = readdirSync(spoolDir)
      .filter((f) => f.endsWith('.jsonl'))
      .reduce((n, f) => n + readFileSync(path.join(spoolDir, f), 'utf8').split('\n').filter((l) => l.trim()).length, 0);
    expect(trainer.output()).toContain(`${spooled} events spooled`);

    await stack.startServer({ port });
    ({ api, url: serverUrl } = stack);
    const sync = startCli(['sync'], stack.cliEnv(serverUrl));
    expect(await sync.exit).toBe(0);
    expect(sync.output()).toContain(`sync: ${spooled} events of 1 runs uploaded`);
    expectComplete(await storedRun(await runIdByName(api, 'spooled')), 3, 2000);

    // A second sync finds nothing left: no duplicates.
    const again = startCli(['sync'], stack.cliEnv(serverUrl));
    expect(await again.exit).toBe(0);
    expect(again.output()).toMatch(/sync: 0 events of 0 runs/);
  });

  it('two trainers logging at once are both stored completely, row for row', async () => {
    const a = startCli(['train', '--name', 'parallel-a', '--epochs', '4', '--train-limit', '3000', '--quiet'], stack.cliEnv(serverUrl));
    const b = startCli(['train', '--name', 'parallel-b', '--epochs', '3', '--train-limit', '3000', '--quiet', '--batch-size', '64'], stack.cliEnv(serverUrl));
    expect(await a.exit).toBe(0);
    expect(await b.exit).toBe(0);
    expect(a.output()).toMatch(/logged to http/);
    const [ra, rb] = await Promise.all([storedRun(await runIdByName(api, 'parallel-a')), storedRun(await runIdByName(api, 'parallel-b'))]);
    expectComplete(ra, 4, 3000);
    expectComplete(rb, 3, 3000, 64);
    // What the trainer printed is what was stored.
    const printed = /test accuracy (\d+\.\d\d)% · misclassified (\d+) of 10000/.exec(a.output());
    expect(Number(printed?.[2])).toBe(ra.run.misclassified_count);
    expect((ra.run.test_accuracy ?? 0) * 100).toBeCloseTo(Number(printed?.[1]), 2);
  });

  it('a killed trainer’s run turns crashed once its heartbeat is older than MNIST_LAB_CRASH_AFTER_S', async () => {
    const trainer = startCli(['train', '--name', 'killed', '--epochs', '50', '--train-limit', '20000', '--quiet'], stack.cliEnv(serverUrl));
    const id = await expect
      .poll(async () => (await api.runs.list.query({ search: 'killed' })).runs.find((r) => r.lastEpoch >= 1)?.id, { timeout: 120_000, interval: 250 })
      .toBeDefined()
      .then(() => runIdByName(api, 'killed'));
    trainer.child.kill('SIGKILL');
    await trainer.exit;
    expect((await storedRun(id)).run.status).toBe('running');
    await expect.poll(async () => (await storedRun(id)).run.status, { timeout: 30_000, interval: 500 }).toBe('crashed');
    const run = await api.runs.get.query({ id });
    expect(run.error).toMatch(/heartbeat/);
  });
});
