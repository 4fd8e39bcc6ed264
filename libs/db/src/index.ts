// @mnist-lab/db: the Prisma client, offline migrations, the store (external or embedded PostgreSQL), test databases.
export type { PrismaClient, Sweep, Run, Metric, MisclassifiedDigit, ModelArtifact } from './generated/client';
export { Prisma, RunStatus, SweepStatus } from './generated/client';
export { createDb, sqlPool, type Db } from './client';
export { migrate, type MigrateOptions } from './migrate';
export { schemaHash, SCHEMA_HASH_FILE, defaultMigrationsDir } from './migrations';
export { openStore, type Store, type OpenStoreOptions } from './store';
export { listen, type Listener, type ListenOptions } from './notifications';
export { createTestDatabase, type TestDatabase } from './test-database';
export { freePort } from './free-port';
