// `npm test`: provisions what the suites need (Chromium, a PostgreSQL), then runs lint, typecheck and test of every
// Nx project; extra arguments go to `nx run-many` (`npm test -- --projects=@mnist-lab/db`).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore, type Store } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';
import { chromiumInstallFailed, chromiumStep, CHROMIUM, LOCAL_POSTGRES_URL, postgresChoice, type Probe } from './provision';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** One embedded cluster for every `npm test` on this machine, kept between runs (initdb takes seconds). */
const EMBEDDED_HOME = path.join(tmpdir(), 'mnist-lab-npm-test');

function log(line: string): void {
  console.log(`npm test: ${line}`);
}

function provideChromium(): void {
  const step = chromiumStep({ chromium: existsSync(CHROMIUM), root: process.getuid?.() === 0, aptGet: existsSync('/usr/bin/apt-get') });
  if (step.action === 'none') return;
  log(step.line);
  if (step.action === 'explain') return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // A fresh machine may have no package lists yet; apt-get install would not find the package without them.
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const apt = spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (apt.status !== 0) return log(chromiumInstallFailed(apt.status, apt.stderr ?? ''));
  }
}

async function probeLocal(): Promise<Probe> {
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: typeof code === 'string' ? code : (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL the suites make their databases on, and the embedded store to stop afterwards, if one was started. */
async function providePostgres(): Promise<{ url: string; embedded?: Store }> {
  const choice = postgresChoice(readEnv().testDatabaseUrl, await probeLocal());
  log(choice.line);
  if (choice.kind !== 'embedded') return { url: choice.url };
  // Open to the postgres user, which runs the cluster when this runs as root (libs/db embedded.ts).
  mkdirSync(EMBEDDED_HOME, { recursive: true });
  chmodSync(EMBEDDED_HOME, 0o755);
  const embedded = await openStore({ home: EMBEDDED_HOME, log });
  return { url: embedded.url, embedded };
}

async function main(): Promise<number> {
  provideChromium();
  const postgres = await providePostgres();
  const nx = path.join(root, 'node_modules/.bin/nx');
  const args = ['run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--outputStyle=stream', ...process.argv.slice(2)];
  // Training in the suites on one thread unless told: two Nx tasks and several spec files run at once, and a run's
  // threads spinning on both cores starve the browser specs beside them (a dashboard spec timed out so). The thread
  // specs and the CLI's pass --threads themselves.
  const env = { ...process.env, MNIST_LAB_TEST_DATABASE_URL: postgres.url, MNIST_LAB_THREADS: process.env.MNIST_LAB_THREADS ?? '1' };
  const child = spawn(nx, args, { cwd: root, stdio: 'inherit', env });
  // Ctrl-C reaches nx through the terminal; a SIGTERM is passed on. Either way the embedded cluster stops after nx.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise<number>((resolve) => child.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
  await postgres.embedded?.stop();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
