// A user's project outside the repo: @mnist-lab/client packed as npm would publish it, installed into an empty folder, scripts run under plain node.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** npm's own noise (audit, funding, update notices) is off; the npm cache holds every package these tests install. */
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** Next's types declare NODE_ENV always set (next/types/global.d.ts); a user's shell, which these children imitate, has none. */
const withoutNodeEnv = (env: Record<string, string | undefined>) => env as NodeJS.ProcessEnv;

function failed(what: string, error: unknown): Error {
  const e = error as { message?: string; stdout?: string; stderr?: string };
  return new Error(`${what} failed: ${e.message ?? String(error)}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
}

/** `npm pack -w @mnist-lab/client` (its prepack builds dist/) into `dest`; resolves to the tarball's path. */
export async function packClient(dest: string): Promise<string> {
  const { name, version } = JSON.parse(readFileSync(path.join(REPO, 'libs/client/package.json'), 'utf8')) as { name: string; version: string };
  try {
    await run('npm', ['pack', '-w', name, '--pack-destination', dest, '--loglevel=error'], { cwd: REPO, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
  } catch (error) {
    throw failed(`npm pack -w ${name}`, error);
  }
  // npm's name for a scoped package's tarball: @scope/name -> scope-name-<version>.tgz.
  const tarball = path.join(dest, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tarball)) throw new Error(`npm pack -w ${name} wrote no ${path.basename(tarball)} into ${dest}`);
  return tarball;
}

/** An empty ESM project in `dir` with `packages` installed (names, `name@range`s or tarball paths), as a user would. */
export async function installProject(dir: string, packages: string[]): Promise<void> {
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'mnist-lab-sdk-user', private: true, type: 'module' }, null, 2));
  try {
    // This process runs with NODE_ENV=production for Next; a user's shell has none (and npm reads it as --omit=dev).
    const { NODE_ENV: _unused, ...env } = process.env;
    await run('npm', ['install', ...NPM_FLAGS, ...packages], { cwd: dir, env: withoutNodeEnv(env), maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
  } catch (error) {
    throw failed(`npm install ${packages.join(' ')}`, error);
  }
}

export interface ScriptResult {
  code: number;
  output: string;
}

/** Runs `node <script> ...args` in `dir` with only `env` added to PATH and HOME: no tsx, no loader, nothing from the repo. */
export async function runNodeScript(dir: string, script: string, args: string[], env: Record<string, string>): Promise<ScriptResult> {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir };
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      cwd: dir,
      env: withoutNodeEnv({ ...base, ...env }),
      maxBuffer: 16 * 1024 * 1024,
      timeout: 900_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
