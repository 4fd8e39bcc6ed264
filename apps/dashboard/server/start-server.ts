// Starts the tracking server in this process: store, token, a production Next.js build, and an HTTP listener.
import { spawn } from 'node:child_process';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServerRuntime, type StoreKind } from '@mnist-lab/api';
import type { Env } from '@mnist-lab/contracts';
import { buildState, type BuildState } from './build-freshness';
import { createListener } from './listener';
import { createRequestLog, type RequestLog } from './request-log';
import { logInternalError, setServerRuntime } from '../src/server/runtime';

export const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StartServerOptions {
  env: Env;
  /** Overrides env.port; 0 picks a free port (tests). */
  port?: number;
  /** The Next.js app folder; defaults to apps/dashboard. */
  dir?: string;
  /** Runs `next build` when there is no production build or it is older than the sources (default true). */
  buildIfMissing?: boolean;
  log?: (line: string) => void;
  /** One line per request; defaults to pino's JSON lines on stdout (request-log.ts). */
  requestLog?: RequestLog;
}

export interface RunningServer {
  url: string;
  token: string;
  store: StoreKind;
  /** Stops accepting connections, then closes the database and stops an embedded PostgreSQL. */
  stop(): Promise<void>;
}

export class StartError extends Error {
  override name = 'StartError';
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartError(`port ${port} on ${host} is already in use: stop what is using it, or set PORT`));
      else if (error.code === 'EACCES') reject(new StartError(`not allowed to listen on ${host}:${port}: use a port above 1023 (PORT)`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new StartError(`${host} is not an address of this machine: fix HOST`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

function runNextBuild(dir: string, state: Exclude<BuildState, 'fresh'>, log: (line: string) => void): Promise<void> {
  const why = {
    missing: 'the dashboard has not been built yet: running `next build` (a minute or two, once)',
    incomplete: 'the last dashboard build did not finish: running `next build` again (a minute or two)',
    stale: 'the dashboard build is older than its sources: running `next build` (a minute or two)',
  } satisfies Record<Exclude<BuildState, 'fresh'>, string>;
  log(why[state]);
  const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/bin/next');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new StartError(`next build failed (exit ${code}): see its output above`))));
  });
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = opts.dir ?? DASHBOARD_DIR;
  const host = opts.env.host;
  // Probes and the request log from the first moment: /healthz answers while the store opens and Next loads.
  const listener = createListener(opts.requestLog ?? createRequestLog());
  const server = listener.server;
  // Bind first: a port in use should fail in a second, not after the store and the build.
  await listen(server, opts.port ?? opts.env.port, host);
  const { port } = server.address() as AddressInfo;
  const closeListener = () => new Promise<void>((resolve) => server.close(() => resolve()));

  let runtime: Awaited<ReturnType<typeof createServerRuntime>> | undefined;
  try {
    runtime = await createServerRuntime(opts.env, log);
    for (const line of runtime.banner) log(line);
    setServerRuntime(runtime);
    const state = buildState(dir);
    if (state !== 'fresh') {
      if (opts.buildIfMissing === false) throw new StartError(`no up-to-date production build in ${dir}/.next: run \`next build\` there first`);
      await runNextBuild(dir, state, log);
    }
    // Imported here, after NODE_ENV is settled by the caller: React picks its production build from it on load.
    const { default: next } = await import('next');
    const app = next({ dev: false, dir, hostname: host, port });
    await app.prepare();
    listener.serve({ db: runtime.db, api: { runtime, onInternalError: logInternalError }, next: app.getRequestHandler() });
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    const url = `http://${shownHost}:${port}`;
    log(`mnist-lab is running at ${url}`);
    const started = runtime;
    return {
      url,
      token: started.token,
      store: started.store,
      async stop() {
        const closed = closeListener();
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; long polls and keep-alive sockets do not hold up the exit.
        const force = setTimeout(() => server.closeAllConnections(), 2_000);
        await closed;
        clearTimeout(force);
        await app.close();
        setServerRuntime(undefined);
        await started.stop();
      },
    };
  } catch (error) {
    await closeListener();
    setServerRuntime(undefined);
    await runtime?.stop();
    throw error;
  }
}
