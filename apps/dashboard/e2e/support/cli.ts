// Runs any `mnist-lab` command as a child process, for tests that need to kill it, time it, or read its exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../trainer/bin/mnist-lab.js', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

export function startCli(args: string[], env: Record<string, string>): CliProcess {
  let output = '';
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}
