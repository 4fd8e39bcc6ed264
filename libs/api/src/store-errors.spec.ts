// The store's failures as API errors: real PostgreSQL errors from node-postgres and Prisma, each the right 4xx or 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlPool } from '@mnist-lab/db';
import { storeErrorToTRPC } from './store-errors';
import { openTestApi, type TestApi } from './test-support';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

/** What the store throws for `sql`, on a connection of node-postgres' pool (the path runs/log-points.ts takes), dropped after. */
async function failureOf(sql: string): Promise<unknown> {
  const client = await sqlPool(api.db).connect();
  try {
    await client.query(sql);
  } catch (error) {
    return error;
  } finally {
    // Its session settings (a timeout, a temp table) go with it.
    client.release(true);
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('storeErrorToTRPC', () => {
  it.each([
    ['a not-null violation', 'CREATE TEMP TABLE t1 (a int NOT NULL); INSERT INTO t1 VALUES (NULL)', 'BAD_REQUEST', /required value is missing/],
    ['a check violation', 'CREATE TEMP TABLE t2 (a int CHECK (a > 0)); INSERT INTO t2 VALUES (-1)', 'BAD_REQUEST', /check constraint/],
    ['a program limit (a row over 1,664 columns)', `SELECT ${Array.from({ length: 1700 }, (_, i) => i).join(',')}`, 'BAD_REQUEST', /too large or too complex/],
    ['a statement timeout', "SET statement_timeout = '10ms'; SELECT pg_sleep(1)", 'SERVICE_UNAVAILABLE', /timed out; nothing was written, retry/],
  ] as const)('maps %s', async (_what, sql, code, message) => {
    const mapped = storeErrorToTRPC(await failureOf(sql));
    expect(mapped?.code).toBe(code);
    expect(mapped?.message).toMatch(message);
  });

  it('maps a deadlock and a serialization failure to a retryable 503, and leaves what it does not know alone', () => {
    expect(storeErrorToTRPC(Object.assign(new Error('deadlock detected'), { code: '40P01' }))?.code).toBe('SERVICE_UNAVAILABLE');
    expect(storeErrorToTRPC(Object.assign(new Error('could not serialize access'), { code: '40001' }))?.message).toMatch(/concurrent write .* retry/);
    expect(storeErrorToTRPC({ code: 'P2034', message: 'Transaction failed due to a write conflict or a deadlock' })?.code).toBe('SERVICE_UNAVAILABLE');
    expect(storeErrorToTRPC(new Error('a bug of our own'))).toBeUndefined();
  });
});
