// The server's composition root: the one place its process-wide parts (store, migrations, Prisma client, token,
// crash detection, sweep signals) are put together and taken apart, whatever serves the requests (the start script's
// listener, Next's route handlers, `next dev`, the bench, the e2e tests).
import os from 'node:os';
import { createDb, migrate, openStore } from '@mnist-lab/db';
import type { Env } from '@mnist-lab/contracts';
import type { ApiRuntime } from '../context';
import { resolveMnistDataDir } from '../runs/mnist-test-set';
import { startCrashDetection } from '../runs/reaper';
import { SweepSignals } from '../sweeps/signals';
import { NamedTokens } from '../auth/named-tokens';
import { ListCache } from '../runs/list-cache';
import { loadToken, tokenLine } from './token';

export interface ServerRuntime extends ApiRuntime {
  /** One line per fact for the start banner: store, token. */
  banner: string[];
  stop(): Promise<void>;
}

/**
 * Opens the store (embedded PostgreSQL unless DATABASE_URL is set), migrates it, loads the token, and starts crash
 * detection and the sweep signals' listening connection. Several processes may run this on one database: each is a
 * replica, and nothing any of them keeps in memory is needed by another.
 */
export async function createServerRuntime(env: Env, log: (line: string) => void): Promise<ServerRuntime> {
  const store = await openStore({ databaseUrl: env.databaseUrl, home: env.home, log });
  const stops: (() => Promise<void> | void)[] = [() => store.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    await migrate(store.url, { log });
    const token = await loadToken({ envToken: env.token, home: env.home });
    const db = createDb(store.url);
    stops.push(() => db.$disconnect());
    const sweepSignals = await SweepSignals.start(store.url, log);
    stops.push(() => sweepSignals.stop());
    const reaper = startCrashDetection(db, env.crashAfterSeconds, log);
    stops.push(() => reaper.stop());
    const port = store.kind === 'embedded' ? ` (port ${new URL(store.url).port})` : '';
    const home = os.homedir();
    const shown = store.location.startsWith(`${home}/`) ? `~${store.location.slice(home.length)}` : store.location;
    const where = store.kind === 'embedded' ? `embedded PostgreSQL at ${shown}${port}` : `PostgreSQL at ${shown}`;
    return {
      db,
      store: store.kind,
      token: token.value,
      crashAfterSeconds: env.crashAfterSeconds,
      sweepSignals,
      mnistDataDir: resolveMnistDataDir(env.mnistDataDir),
      tokens: new NamedTokens(db),
      listCache: new ListCache(),
      private: env.private,
      banner: [`store: ${where}`, tokenLine(token), env.private ? 'private: pages, exports and reads need a session or a token' : `public reads: anyone who can reach ${env.host} reads runs; writes need a token (MNIST_LAB_PRIVATE=1 closes reads too)`],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
