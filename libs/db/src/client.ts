// The Prisma client over node-postgres: Prisma 7's Rust-free client needs a driver adapter and runs offline.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

const pools = new WeakMap<Db, pg.Pool>();

/** A client with its own pg pool of `max` connections (pg's default is 10); `db.$disconnect()` ends the pool. */
export function createDb(url: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, ...(opts.max === undefined ? {} : { max: opts.max }) });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The node-postgres pool under a client made by createDb, the same connections Prisma uses. For the few hot
 * statements that skip Prisma's raw-query path: measured here, Prisma spent about 5 microseconds per metric point
 * handing a 1,000-point batch's parameters through its query engine, as much as PostgreSQL took to store them.
 */
export function sqlPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('sqlPool: this client was not made by createDb');
  return pool;
}
