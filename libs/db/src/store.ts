// Where mnist-lab keeps its data: the PostgreSQL the user named, or an embedded one under the mnist-lab home.
import { connectClient, describeUrl, quoteIdent, sqlState, withDatabase } from './connection';
import { startEmbedded } from './embedded';

export interface Store {
  url: string;
  kind: 'external' | 'embedded';
  /** `host:port/database` of an external store, the data directory of the embedded one. */
  location: string;
  stop(): Promise<void>;
}

export interface OpenStoreOptions {
  databaseUrl?: string;
  /** mnist-lab's home; the embedded PostgreSQL lives in `${home}/postgres`. */
  home: string;
  log?: (line: string) => void;
}

export const EMBEDDED_DATABASE = 'mnist_lab';

/** Opens the store without migrating it: the caller runs `migrate(store.url)` next. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const log = opts.log ?? (() => undefined);
  if (opts.databaseUrl) {
    const client = await connectClient(opts.databaseUrl);
    await client.end();
    const location = describeUrl(opts.databaseUrl);
    log(`using PostgreSQL at ${location}`);
    return { url: opts.databaseUrl, kind: 'external', location, stop: async () => undefined };
  }

  const server = await startEmbedded(opts.home, log);
  const serverUrl = `postgresql://postgres:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/postgres`;
  try {
    await ensureDatabase(serverUrl, EMBEDDED_DATABASE, log);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: withDatabase(serverUrl, EMBEDDED_DATABASE),
    kind: 'embedded',
    location: server.dataDir,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(serverUrl: string, name: string, log: (line: string) => void): Promise<void> {
  const client = await connectClient(serverUrl);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    const created = await client.query(`CREATE DATABASE ${quoteIdent(name)}`).then(
      () => true,
      (error: unknown) => {
        // Another process created it since the check: 42P04 duplicate_database, or 23505 when both
        // CREATE DATABASE statements ran at once and the catalog's unique index caught the second.
        if (sqlState(error) !== '42P04' && sqlState(error) !== '23505') throw error;
        return false;
      },
    );
    if (created) log(`created database ${name}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
