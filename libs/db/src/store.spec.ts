// openStore: the embedded PostgreSQL in a temporary home (start, migrate, keep data across restarts and kills), and
// an external one that must answer.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './client';
import { migrate } from './migrate';
import { openStore, type Store } from './store';
import { DEFAULT_TEST_BASE_URL } from './test-database';

/** Seconds of `fn`, printed so the report can quote first/warm start and migrate times. */
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  console.log(`[timing] ${label}: ${Math.round(performance.now() - started)} ms`);
  return result;
}

describe('openStore, embedded', { timeout: 120_000 }, () => {
  let home: string;
  let store: Store | undefined;
  const runId = randomUUID();
  const opened = (): Store => {
    if (!store) throw new Error('the first test did not open the store');
    return store;
  };

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'mnist-lab-home-'));
    // mkdtemp makes a 0700 folder; as root the server runs as `postgres`, which must be able to enter it.
    await chmod(home, 0o755);
  });

  afterAll(async () => {
    await store?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('initialises on first use, migrates, and stores a run', async () => {
    store = await timed('embedded first start (initdb + start + create database)', () => openStore({ home }));
    expect(store).toMatchObject({ kind: 'embedded', location: path.join(home, 'postgres') });
    expect(store.url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/mnist_lab$/);
    const { url } = store;
    expect((await timed('migrate (fresh database)', () => migrate(url))).applied.length).toBeGreaterThan(0);

    const db = createDb(store.url, { max: 1 });
    const now = new Date();
    await db.run.create({
      data: { id: runId, name: 'kept', hyperparams: {}, backend: 'cpu', seed: 1, startedAt: now, heartbeatAt: now, learningRate: 0.01, batchSize: 32, dropout: 0 },
    });
    await db.$disconnect();
  });

  it('keeps its data when restarted on the existing data directory', async () => {
    await opened().stop();
    store = await timed('embedded warm start', () => openStore({ home }));
    const { url } = store;
    expect((await timed('migrate (up to date)', () => migrate(url))).applied).toEqual([]);
    const db = createDb(store.url, { max: 1 });
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).name).toBe('kept');
    await db.$disconnect();
  });

  it('starts again after its server was killed, leaving a stale postmaster.pid', async () => {
    const pidFile = path.join(home, 'postgres', 'postmaster.pid');
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    // The library's handle on the killed server is useless now; the test drops it without stopping it.
    const lines: string[] = [];
    store = await openStore({ home, log: (line) => lines.push(line) });
    expect(lines.some((line) => line.includes('removing the stale'))).toBe(true);
    const db = createDb(store.url, { max: 1 });
    expect(await db.run.count({ where: { id: runId } })).toBe(1);
    await db.$disconnect();
  });

  it('lets a second process share the running server without stopping it', async () => {
    const second = await openStore({ home });
    expect(second.url).toBe(opened().url);
    await second.stop();
    const db = createDb(opened().url, { max: 1 });
    expect(await db.run.count()).toBe(1);
    await db.$disconnect();
  });
});

describe('openStore, external', () => {
  it('uses the given PostgreSQL when it answers', async () => {
    const store = await openStore({ databaseUrl: DEFAULT_TEST_BASE_URL, home: '/nonexistent' });
    expect(store).toMatchObject({ kind: 'external', url: DEFAULT_TEST_BASE_URL, location: '127.0.0.1:5432/postgres' });
    await store.stop();
  });

  it('fails in one line naming the host when it does not answer', async () => {
    await expect(openStore({ databaseUrl: 'postgresql://u:secret@127.0.0.1:9/runs', home: '/nonexistent' })).rejects.toThrow(
      /^cannot reach PostgreSQL at 127\.0\.0\.1:9 \(ECONNREFUSED\): start it, or fix the host and port in the URL$/,
    );
  });

  it('says how to fix a database that does not exist', async () => {
    const url = DEFAULT_TEST_BASE_URL.replace(/\/postgres$/, '/no_such_mnist_lab_db');
    await expect(openStore({ databaseUrl: url, home: '/nonexistent' })).rejects.toThrow(
      'database "no_such_mnist_lab_db" does not exist on 127.0.0.1:5432: create it (createdb no_such_mnist_lab_db) or fix the URL',
    );
  });
});
