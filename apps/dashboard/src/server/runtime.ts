// The server's process-wide runtime (store, Prisma client, token, crash reaper, sweep queue), shared by every request.
import os from 'node:os';
import type { ApiRuntime } from '@mnist-lab/api';
import { resolveMnistDataDir, startCrashDetection, SweepQueue } from '@mnist-lab/api';
import { createDb, migrate, openStore } from '@mnist-lab/db';
import { readEnv, type Env } from '@mnist-lab/metrics';
import { loadToken } from './token';

export interface ServerRuntime extends ApiRuntime {
  /** One line per fact for the start banner: store, token. */
  banner: string[];
  stop(): Promise<void>;
}

/** The API's failures that answer 500 are bugs: one line per failure in the server log, for the route handlers and the listener alike. */
export function logInternalError(error: unknown, procedure: string | undefined): void {
  console.error(`mnist-lab: internal error in ${procedure ?? 'a request'}:`, error);
}

/** Opens the store (embedded PostgreSQL unless DATABASE_URL is set), migrates it, loads the token, starts the reaper. */
export async function createServerRuntime(env: Env, log: (line: string) => void): Promise<ServerRuntime> {
  const store = await openStore({ databaseUrl: env.databaseUrl, home: env.home, log });
  try {
    await migrate(store.url, { log });
    const token = await loadToken({ envToken: env.token, home: env.home });
    const db = createDb(store.url);
    // pg-boss keeps the sweeps' trial queues in its own schema of the same database.
    const sweepQueue = await SweepQueue.start(store.url, log);
    const port = store.kind === 'embedded' ? ` (port ${new URL(store.url).port})` : '';
    const home = os.homedir();
    const shown = store.location.startsWith(`${home}/`) ? `~${store.location.slice(home.length)}` : store.location;
    const where = store.kind === 'embedded' ? `embedded PostgreSQL at ${shown}${port}` : `PostgreSQL at ${shown}`;
    const reaper = startCrashDetection(db, env.crashAfterSeconds, log);
    return {
      db,
      store: store.kind,
      token: token.value,
      crashAfterSeconds: env.crashAfterSeconds,
      sweepQueue,
      mnistDataDir: resolveMnistDataDir(env.mnistDataDir),
      banner: [`store: ${where}`, `token: ${token.value} (${token.source})`],
      async stop() {
        reaper.stop();
        await sweepQueue.stop();
        await db.$disconnect();
        await store.stop();
      },
    };
  } catch (error) {
    await store.stop();
    throw error;
  }
}

// Next bundles route handlers apart from the start script's copy of this module, so a module-level variable
// would not be shared between them; a global symbol is (one process, one globalThis).
const SLOT = Symbol.for('mnist-lab.server-runtime');
type Slot = { [SLOT]?: Promise<ServerRuntime> };
const slot = globalThis as Slot;

/** Installs the runtime the start script created, so requests use it instead of opening another store. */
export function setServerRuntime(runtime: ServerRuntime | undefined): void {
  slot[SLOT] = runtime ? Promise.resolve(runtime) : undefined;
}

/** The installed runtime, or (under `next dev`, with no start script) one created from the environment on first use. */
export function getServerRuntime(): Promise<ServerRuntime> {
  slot[SLOT] ??= createServerRuntime(readEnv(), (line) => console.log(`mnist-lab: ${line}`)).then(
    (runtime) => {
      for (const line of runtime.banner) console.log(`mnist-lab: ${line}`);
      return runtime;
    },
    (error: unknown) => {
      // Forget the failure so the next request tries again (the store may be starting).
      slot[SLOT] = undefined;
      throw error;
    },
  );
  return slot[SLOT];
}
