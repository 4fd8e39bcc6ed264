// Runs the real `mnist-lab train` CLI against the test server, as a user would from a terminal.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../trainer/bin/mnist-lab.js', import.meta.url));

export interface TrainOptions {
  server: string;
  token: string;
  home: string;
  name: string;
  args?: string[];
}

/** Resolves when the run has finished and its test results are logged; rejects with the CLI's output otherwise. */
export function train(opts: TrainOptions): Promise<string> {
  const args = ['train', '--server', opts.server, '--name', opts.name, '--quiet', ...(opts.args ?? [])];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        encoding: 'utf8',
        timeout: 600_000,
        maxBuffer: 16 * 1024 * 1024,
        // Forwarded as is (PATH, MNIST_DATA_DIR); the token and home are the test's own.
        env: { ...process.env, MNIST_LAB_TOKEN: opts.token, MNIST_LAB_HOME: opts.home, NODE_ENV: 'production' },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`mnist-lab ${args.join(' ')} failed (${error.message}):\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}
