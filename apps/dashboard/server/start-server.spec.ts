// `npm start` for real: a child process serving the production build, with the status codes the trainer relies on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb, createTestDatabase, freePort, type Db, type TestDatabase } from '@mnist-lab/db';
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, spawnServer, type ServerProcess } from './server-process';

const TOKEN = `start-${randomUUID()}`;

let database: TestDatabase;
let db: Db;
let server: ServerProcess;
let url: string;
let env: NodeJS.ProcessEnv;
const statuses: number[] = [];

async function call(procedure: string, init: { body?: string; token?: string; method?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${url}/api/trpc/${procedure}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body });
  statuses.push(res.status);
  return res;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-start-'));
  env = { ...process.env, DATABASE_URL: database.url, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: TOKEN, HOST: '127.0.0.1', PORT: String(await freePort()) };
  server = spawnServer(env);
  // The first start on a fresh checkout runs `next build`: minutes on a busy 2-core machine.
  url = await listening(server);
}, 900_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exit;
  }
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('the server started by `npm start`', { timeout: 60_000 }, () => {
  it('prints which store it uses and which token, masked: it did not create it', () => {
    expect(server.output()).toContain(`store: PostgreSQL at ${new URL(database.url).host}`);
    expect(server.output()).toContain(`token: ${TOKEN.slice(0, 4)}•••••••• (${TOKEN.length} characters) (MNIST_LAB_TOKEN)`);
    expect(server.output()).not.toContain(TOKEN);
  });

  it('serves the dashboard and the API', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('mnist-lab');
    expect(await (await call('health')).json()).toEqual({ result: { data: { ok: true, store: 'external' } } });
  });

  it('stores a run sent with the token and refuses one without it (401), storing nothing', async () => {
    const run = { id: randomUUID(), name: '<script>alert(1)</script>', config: DEFAULT_HYPERPARAMS, backend: 'fused', tags: [], startedAt: new Date().toISOString() };
    expect((await call('runs.create', { body: JSON.stringify({ ...run, id: randomUUID() }) })).status).toBe(401);
    expect((await call('runs.create', { body: JSON.stringify(run), token: TOKEN })).status).toBe(200);
    expect(await db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ name: '<script>alert(1)</script>' });
    expect(await db.run.count()).toBe(1);
  });

  it('answers malformed JSON, "NaN" and negative epochs with 400, naming the problem and without a stack', async () => {
    const malformed = await call('runs.logEpoch', { body: '{"runId": ', token: TOKEN });
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.message).toMatch(/^malformed JSON/);
    expect(body.error.data.stack).toBeUndefined();
    const runId = randomUUID();
    for (const bad of [{ epoch: 1, metrics: { loss: 'NaN' } }, { epoch: -3, metrics: { loss: 1 } }]) {
      const res = await call('runs.logEpoch', { body: JSON.stringify({ runId, at: new Date().toISOString(), ...bad }), token: TOKEN });
      expect(res.status).toBe(400);
    }
  });

  it('answers an oversized body with 413', async () => {
    const huge = JSON.stringify({ runId: randomUUID(), notes: 'x'.repeat(33 * 1024 * 1024) });
    expect((await call('runs.setNotes', { body: huge, token: TOKEN })).status).toBe(413);
  });

  it('never answered 500 to any of this', () => {
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('refuses a second server on the same port with one line and exit code 1', async () => {
    const second = spawnServer(env);
    expect(await second.exit).toBe(1);
    const said = second.output();
    expect(said.trim()).toMatch(/^mnist-lab: port \d+ on 127\.0\.0\.1 is already in use/);
    expect(said.trim().split('\n')).toHaveLength(1);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    await expect(fetch(`${url}/api/trpc/health`)).rejects.toThrow();
  });
});
