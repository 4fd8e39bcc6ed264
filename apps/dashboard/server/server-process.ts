// `npm start` as a child process, for the specs that need a real server process: start-server.spec (exit codes,
// SIGTERM) and e2e replicas.spec (several processes on one database).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { DASHBOARD_DIR } from './start-server';

const START_SCRIPT = path.join(DASHBOARD_DIR, 'server', 'start.ts');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with its exit code. */
  exit: Promise<number | null>;
}

/** Spawns server/start.ts with `env` (DATABASE_URL, PORT, ...) as the whole environment. */
export function spawnServer(env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', START_SCRIPT], { cwd: DASHBOARD_DIR, env });
  let output = '';
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
  return { child, output: () => output, exit };
}

/** Waits for the server's "running at" line and resolves with its URL; rejects with its output if it exits first. */
export function listening(server: ServerProcess, name = 'the server'): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /mnist-lab is running at (http:\/\/\S+)/.exec(server.output());
      if (match) resolve(match[1]);
    };
    server.child.stdout.on('data', check);
    server.child.stderr.on('data', check);
    check();
    void server.exit.then((code) => reject(new Error(`${name} exited (${code}) before listening:\n${server.output()}`)));
  });
}
