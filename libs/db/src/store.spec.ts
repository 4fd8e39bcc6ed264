// openStore: the embedded PostgreSQL in a temporary home (start, migrate, keep data across restarts and kills), and
// an external one that must answer.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './client';
import { migrate } from './migrate';
import { defaultMigrationsDir, readMigrations } from './migrations';
import { openStore, type Store } from './store';
import { testServerUrl } from './test-database';

/** Seconds of `fn`, printed so the report can quote first/warm start and migrate times. */
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  console.log(`[timing] ${label}: ${Math.round(performance.now() - started)} ms`);
  return result;
}

describe('openStore, embedded', { timeout: 120_000 }, () => {
  let home: string;
  /** Every store opened here; stopping one that another open started leaves the server running. */
  const stores: Store[] = [];
  const open = async (log?: (line: string) => void) => {
    const store = await openStore({ home, log });
    stores.push(store);
    return store;
  };
  const stopAll = async () => {
    for (const store of stores.splice(0).reverse()) await store.stop();
  };
  const runId = randomUUID();

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'mnist-lab-home-'));
    // mkdtemp makes a 0700 folder; as root the server runs as `postgres`, which must be able to enter it.
    await chmod(home, 0o755);
  });

  afterAll(async () => {
    await stopAll();
    await rm(home, { recursive: true, force: true });
  });

  it('initialises on first use, even when two processes open it at once, migrates once, and stores a run', async () => {
    const [first, second] = await timed('embedded first start, two opens at once (initdb + start + create database)', () =>
      Promise.all([open(), open()]),
    );
    expect(first).toMatchObject({ kind: 'embedded', location: path.join(home, 'postgres') });
    expect(first.url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/mnist_lab$/);
    expect(second.url).toBe(first.url);
    const results = await timed('migrate (fresh database, two at once)', () => Promise.all([migrate(first.url), migrate(second.url)]));
    // Each checked-in migration is applied exactly once between the two concurrent migrate() calls.
    const all = (await readMigrations(defaultMigrationsDir())).map((m) => m.name);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(all.sort());

    const db = createDb(first.url, { max: 1 });
    const now = new Date();
    await db.run.create({
      data: { id: runId, name: 'kept', config: {}, backend: 'cpu', seed: 1, startedAt: now, heartbeatAt: now, learningRate: 0.01, batchSize: 32, dropout: 0 },
    });
    await db.$disconnect();
  });

  it('keeps its data when restarted on the existing data directory', async () => {
    await stopAll();
    const store = await timed('embedded warm start', () => open());
    expect((await timed('migrate (up to date)', () => migrate(store.url))).applied).toEqual([]);
    const db = createDb(store.url, { max: 1 });
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).name).toBe('kept');
    await db.$disconnect();
  });

  it('starts again after its server was killed, leaving a stale postmaster.pid', async () => {
    const pidFile = path.join(home, 'postgres', 'postmaster.pid');
    process.kill(Number((await readFile(pidFile, 'utf8')).split('\n')[0]), 'SIGKILL');
    const lines: string[] = [];
    const store = await open((line) => lines.push(line));
    expect(lines.some((line) => line.includes('removing the stale'))).toBe(true);
    const db = createDb(store.url, { max: 1 });
    expect(await db.run.count({ where: { id: runId } })).toBe(1);
    await db.$disconnect();
  });

  it('lets another process use the running server, and its stop() leaves the server running', async () => {
    const running = stores[stores.length - 1];
    const lines: string[] = [];
    const other = await openStore({ home, log: (line) => lines.push(line) });
    expect(other.url).toBe(running.url);
    expect(lines.some((line) => line.startsWith('using the embedded PostgreSQL another process started'))).toBe(true);
    await other.stop();
    const db = createDb(running.url, { max: 1 });
    expect(await db.run.count()).toBe(1);
    await db.$disconnect();
  });
});

describe('openStore, external', () => {
  it('uses the given PostgreSQL when it answers', async () => {
    const url = testServerUrl();
    const { hostname, port, pathname } = new URL(url);
    const store = await openStore({ databaseUrl: url, home: '/nonexistent' });
    expect(store).toMatchObject({ kind: 'external', url, location: `${hostname}:${port || 5432}${pathname}` });
    await store.stop();
  });

  it('fails in one line naming the host when it does not answer', async () => {
    await expect(openStore({ databaseUrl: 'postgresql://u:secret@127.0.0.1:9/runs', home: '/nonexistent' })).rejects.toThrow(
      /^cannot reach PostgreSQL at 127\.0\.0\.1:9 \(ECONNREFUSED\): start it, or fix the host and port in the URL$/,
    );
  });

  it('says how to fix a database that does not exist', async () => {
    const url = new URL(testServerUrl());
    url.pathname = '/no_such_mnist_lab_db';
    await expect(openStore({ databaseUrl: url.href, home: '/nonexistent' })).rejects.toThrow(
      `database "no_such_mnist_lab_db" does not exist on ${url.hostname}:${url.port || 5432}: create it (createdb no_such_mnist_lab_db) or fix the URL`,
    );
  });
});
