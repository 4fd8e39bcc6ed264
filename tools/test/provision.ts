// What `npm test` needs from the machine and what it does when that is missing: Chromium for the browser tests, a
// PostgreSQL for the suites that make databases. Decisions only; tools/test/run-tests.ts carries them out.

/** Where the browser tests look for it (apps/dashboard/e2e/support/browser.ts): Debian's `chromium` package. */
export const CHROMIUM = '/usr/bin/chromium';
/** The local PostgreSQL the suites use by default (libs/db test-database.ts). */
export const LOCAL_POSTGRES_URL = 'postgresql://root@127.0.0.1:5432/postgres';

/** `host:port`, without the user or password a URL may carry. */
function server(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 5432}`;
}

export interface Machine {
  chromium: boolean;
  root: boolean;
  aptGet: boolean;
}

export type ChromiumStep = { action: 'none' } | { action: 'install' | 'explain'; line: string };

export function chromiumStep(machine: Machine): ChromiumStep {
  if (machine.chromium) return { action: 'none' };
  if (machine.root && machine.aptGet) {
    return { action: 'install', line: `chromium: not installed; installing Debian's package for the browser tests (apt-get install -y chromium)` };
  }
  const how = machine.aptGet ? 'sudo apt-get install -y chromium' : `a Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`;
  return { action: 'explain', line: `chromium: not installed, so the browser tests will fail; install it with ${how}` };
}

/** The line when the install itself failed: its exit code and the last thing apt-get said. */
export function chromiumInstallFailed(status: number | null, stderr: string): string {
  const said = stderr.trim().split('\n').at(-1) ?? '';
  return `chromium: apt-get install -y chromium failed (exit ${status ?? 'signal'})${said ? `: ${said}` : ''}; the browser tests will fail`;
}

/** How the local PostgreSQL answered a `SELECT 1`: ok, or why not (ECONNREFUSED, an authentication error...). */
export type Probe = { ok: true } | { ok: false; reason: string };

export type PostgresChoice = { kind: 'given' | 'local'; url: string; line: string } | { kind: 'embedded'; line: string };

/** A URL the user set wins; else the local server when it answers; else an embedded one, saying why. */
export function postgresChoice(given: string | undefined, local: Probe): PostgresChoice {
  if (given) return { kind: 'given', url: given, line: `PostgreSQL: ${server(given)} (MNIST_LAB_TEST_DATABASE_URL)` };
  if (local.ok) return { kind: 'local', url: LOCAL_POSTGRES_URL, line: `PostgreSQL: the local one at ${server(LOCAL_POSTGRES_URL)}` };
  return { kind: 'embedded', line: `PostgreSQL: the local one at ${server(LOCAL_POSTGRES_URL)} did not answer (${local.reason}): the suites use an embedded one` };
}
