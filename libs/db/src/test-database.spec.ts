// createTestDatabase: a migrated database of its own for each suite, gone after drop() even with connections open.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl } from './test-database';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('gives each caller its own migrated database and drops it with its connections still open', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.url).not.toBe(b.url);
    await b.drop();

    const name = new URL(a.url).pathname.slice(1);
    const forgotten = new pg.Client({ connectionString: a.url });
    forgotten.on('error', () => undefined); // the drop terminates it
    await forgotten.connect();
    const { rows } = await forgotten.query<{ count: number }>('SELECT count(*)::int AS count FROM "Run"');
    expect(rows).toEqual([{ count: 0 }]);

    await a.drop();
    expect(await databaseExists(name)).toBe(false);
    await forgotten.end().catch(() => undefined);
  });
});
