// Throwaway databases for suites that need PostgreSQL: unique names, so parallel runs by several people never collide.
import { randomBytes } from 'node:crypto';
import { readEnv } from '@mnist-lab/contracts';
import { connectClient, quoteIdent, withDatabase } from './connection';
import { migrate } from './migrate';

/** The PostgreSQL the suites make their databases on: the local one, or the embedded one `npm test` started without it. */
export function testServerUrl(): string {
  return readEnv().testDatabaseUrl ?? 'postgresql://root@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the server of `baseUrl`, with every migration applied. */
export async function createTestDatabase(opts: { baseUrl?: string } = {}): Promise<TestDatabase> {
  const database = await createEmptyDatabase(opts);
  try {
    await migrate(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/** A fresh database with nothing in it, for testing the migrator itself. */
export async function createEmptyDatabase(opts: { baseUrl?: string } = {}): Promise<TestDatabase> {
  const baseUrl = opts.baseUrl ?? testServerUrl();
  const name = `mnist_lab_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onServer(baseUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  let dropped = false;
  return {
    url: withDatabase(baseUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) terminates the connections still open (PostgreSQL 13+), e.g. a pool a test forgot to close.
      await onServer(baseUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    },
  };
}

async function onServer(baseUrl: string, sql: string): Promise<void> {
  const client = await connectClient(baseUrl);
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}
