// `npm run demo`: the platform on the embedded PostgreSQL, the reference training on three seeds (so the first comparison
// shows a group with its band), then the default CNN, and a small sweep logging to it live.
// First import: Next.js and React pick their production code paths from NODE_ENV when they load.
import '@mnist-lab/dashboard/production-env';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnv } from '@mnist-lab/contracts';
import { startServer } from '@mnist-lab/dashboard/server';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../../apps/trainer/bin/mnist-lab.js');

function launch(label: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim())
      .forEach((l) => console.log(`[${label}] ${l}`));
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  return { child, done: new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1))) };
}

async function main(): Promise<void> {
  const env = readEnv();
  // The trainers' progress is what the demo shows: the server's line per request would bury it.
  const server = await startServer({ env, requestLog: () => undefined });
  console.log('');
  console.log(`  open ${server.url} to watch the runs live (Ctrl-C stops everything)`);
  console.log('');
  // The trainers are ordinary CLI processes: they reach the server over HTTP with the token it printed.
  const childEnv = { ...process.env, MNIST_LAB_SERVER: server.url, MNIST_LAB_TOKEN: server.token };
  const jobs: { child: ChildProcess; done: Promise<number> }[] = [];
  let stopping = false;
  /** Jobs one after another on one core (the machine has two; the sweep takes the other); the chain stops at a failure. */
  const chain = (steps: [string, string[]][]): Promise<number> =>
    steps.reduce<Promise<number>>(
      (previous, [label, args]) =>
        previous.then((code) => {
          if (stopping || code !== 0) return code;
          const job = launch(label, args, childEnv);
          jobs.push(job);
          return job.done;
        }),
      Promise.resolve(0),
    );
  // The reference configuration on seeds 1, 2 and 3: one configuration across seeds, which the runs table and the
  // compare page group by "everything but the seed" as a mean curve and a band. Then the CNN family's default (Keras's
  // convnet): three epochs reach about 98.3% test accuracy (measured here); compare it with the reference group.
  const seeds = [1, 2, 3].map((seed): [string, string[]] => [
    `reference s${seed}`,
    ['train', '--name', `reference-s${seed}`, '--seed', String(seed), '--tags', 'demo,reference', '--quiet'],
  ]);
  const trainers = chain([...seeds, ['cnn', ['train', '--arch', 'cnn', '--name', 'cnn', '--tags', 'demo,cnn', '--epochs', '3', '--quiet']]]);
  const sweep = chain([['sweep', ['sweep', '--config', path.join(here, 'sweep.yaml'), '--parallel', '1']]]);
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const j of jobs) j.child.kill('SIGINT');
    await Promise.all([...jobs.map((j) => j.done), trainers, sweep]);
    await server.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(130));
  process.once('SIGTERM', () => void stop(143));
  const codes = await Promise.all([trainers, sweep]);
  console.log('');
  console.log(
    codes.every((c) => c === 0)
      ? `demo finished: the reference runs (compare them grouped: ${server.url}/?group=-seed), the CNN and the sweep are in ${server.url} (Ctrl-C stops the server)`
      : `demo jobs exited with ${codes.join(', ')}; the server stays up at ${server.url} (Ctrl-C stops it)`,
  );
}

main().catch((error: unknown) => {
  console.error(`mnist-lab demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
