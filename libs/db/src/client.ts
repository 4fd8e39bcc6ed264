// The Prisma client over node-postgres: Prisma 7's Rust-free client needs a driver adapter and runs offline.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

/** A client with its own pg pool of `max` connections (pg's default is 10); `db.$disconnect()` ends the pool. */
export function createDb(url: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: url, ...(opts.max === undefined ? {} : { max: opts.max }) });
  return new PrismaClient({ adapter });
}
