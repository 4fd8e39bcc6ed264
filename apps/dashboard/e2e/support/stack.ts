// The browser tests' one fixture: a fresh production build, a scratch database, the server on it and, if asked, Chromium.
import '../../server/production-env';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, createTestDatabase, type Db } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DASHBOARD_DIR, startServer } from '../../server/start-server';
import { apiClient, type ApiClient } from './api-client';
import { launchBrowser } from './browser';
import { ensureFreshBuild } from './build';
import { train } from './trainer';

export interface StackOptions {
  /** Names the log lines (`[e2e name]`), the token and the temporary folders. */
  name: string;
  /** Launches Chromium with one 1440x900 page (downloads accepted, playwright's default). */
  browser?: boolean;
  /** More of the server's environment, e.g. MNIST_LAB_CRASH_AFTER_S. */
  env?: Record<string, string>;
  /** A database the spec runs itself (store-restart restarts its own); otherwise a scratch database, dropped at stop. */
  databaseUrl?: string;
  /** A Prisma client on the database, for reading what the store holds with SQL. */
  db?: boolean;
  /** false: the spec starts the server itself with `stack.startServer` (tracking starts it while a trainer waits). */
  server?: boolean;
}

export interface Stack {
  readonly token: string;
  /** The server's MNIST_LAB_HOME; the CLI processes of a spec share it unless they need their own. */
  readonly home: string;
  readonly databaseUrl: string;
  readonly log: (line: string) => void;
  /** The server's URL; throws before the server started. */
  readonly url: string;
  /** A typed tRPC client of the server, with the token. */
  readonly api: ApiClient;
  /** Throws unless started with `db: true`. */
  readonly db: Db;
  /** Throws unless started with `browser`. */
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and uncaught exceptions of the page (hydration mismatches among them): specs expect none. */
  readonly pageErrors: string[];
  /** Starts the server (when `server: false`), on `port` or a free one. */
  startServer(opts?: { port?: number }): Promise<void>;
  /** The environment a `mnist-lab` command needs to log to `server` (default: this server) with this token and home. */
  cliEnv(server?: string): Record<string, string>;
  /** A real, short `mnist-lab train` run against the server, as a user runs one from a terminal. */
  train(name: string, args?: string[]): Promise<string>;
  /** Closes the browser, stops the server, drops the scratch database: whatever started, whatever failed. */
  stop(): Promise<void>;
}

/** Pages load and poll asynchronously: wait for a value instead of reading it once. */
export const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 100 });

function required<T>(value: T | undefined, problem: string): T {
  if (value === undefined) throw new Error(`the stack has ${problem}`);
  return value;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = (line: string) => console.log(`[e2e ${opts.name}] ${line}`);
  const token = `e2e-${opts.name}-${randomUUID()}`;
  const home = mkdtempSync(path.join(tmpdir(), `mnist-lab-e2e-${opts.name}-`));
  // What has started, stopped in reverse order at the end or when a later step fails.
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    let failure: unknown;
    for (const s of stops.splice(0).reverse()) await s().catch((error: unknown) => (failure ??= error));
    if (failure !== undefined) throw failure;
  };
  let url: string | undefined;
  let api: ApiClient | undefined;
  let db: Db | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];

  try {
    await ensureFreshBuild(DASHBOARD_DIR, log);
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      const database = await createTestDatabase();
      stops.push(() => database.drop());
      databaseUrl = database.url;
    }
    if (opts.db) {
      const client = createDb(databaseUrl);
      stops.push(() => client.$disconnect());
      db = client;
    }
    const env = readEnv({ DATABASE_URL: databaseUrl, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: token, ...opts.env });
    const stack: Stack = {
      token,
      home,
      databaseUrl,
      log,
      get url() {
        return required(url, 'no server yet: call startServer first');
      },
      get api() {
        return required(api, 'no server yet: call startServer first');
      },
      get db() {
        return required(db, 'no database client: start it with db: true');
      },
      get browser() {
        return required(browser, 'no browser: start it with browser: true');
      },
      get page() {
        return required(page, 'no browser: start it with browser: true');
      },
      pageErrors,
      async startServer({ port = 0 } = {}) {
        // Without the line per request: a spec's output would be mostly those (the listener spec tests the log).
        const server = await startServer({ env, port, log, requestLog: () => undefined });
        stops.push(() => server.stop());
        url = server.url;
        api = apiClient(server.url, server.token);
      },
      cliEnv: (server = stack.url) => ({ MNIST_LAB_TOKEN: token, MNIST_LAB_HOME: home, MNIST_LAB_SERVER: server }),
      train: (name, args = []) => train({ server: stack.url, token, home, name, args }),
      stop,
    };
    if (opts.server !== false) await stack.startServer();
    if (opts.browser) {
      const launched = await launchBrowser();
      stops.push(() => launched.close());
      browser = launched;
      const opened = await launched.newPage({ viewport: { width: 1440, height: 900 } });
      const pageError = (line: string) => {
        pageErrors.push(line);
        log(`page error: ${line}`);
      };
      opened.on('console', (m) => m.type() === 'error' && pageError(`${opened.url()}: ${m.text()}`));
      opened.on('pageerror', (e) => pageError(`${opened.url()}: ${e.message}`));
      page = opened;
    }
    return stack;
  } catch (error) {
    // The step's own error is the one to see; a teardown failing after it would only hide it.
    await stop().catch(() => undefined);
    throw error;
  }
}
