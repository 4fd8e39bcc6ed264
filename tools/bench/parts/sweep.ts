// Bench part "sweep": trials per hour of one fixed grid sweep run by `mnist-lab sweep` with 1 and with 2 agents, and their ratio.
import '@mnist-lab/dashboard/production-env';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, createTestDatabase } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';
import { startServer } from '@mnist-lab/dashboard/server';

export const name = 'sweep';

const cli = fileURLToPath(new URL('../../../apps/trainer/bin/mnist-lab.js', import.meta.url));
/**
 * Eight trials of three epochs on the full 54,000-image training split: a few seconds each, so that training dominates
 * a trial as it does in real sweeps, and the one-off costs (starting the CLI and the agents, the first read of MNIST,
 * about 2 s in all) stay a small share of either run.
 */
const EPOCHS = 3;
const SWEEP_YAML = `name: bench-sweep
method: grid
parameters:
  learningRate: { values: [0.001, 0.002, 0.003, 0.005] }
  batchSize: { values: [32, 64] }
  epochs: ${EPOCHS}
  earlyStopping: false
`;
const TRIALS = 8;
const PARALLEL = [1, 2];

interface Measurement {
  parallel: number;
  /** The whole command, from its start to its exit: what a user waits for. */
  trialsPerHour: number;
  /** From the first trial's start to the last one's end: the agents at work, without the CLI's and agents' start-up. */
  steadyTrialsPerHour: number;
}

function sweepOnce(parallel: number, configFile: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'sweep', '--config', configFile, '--parallel', String(parallel), '--seed', '0'], { env, encoding: 'utf8', timeout: 1_800_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`mnist-lab sweep --parallel ${parallel} failed (${error.message.split('\n')[0]}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
      else resolve({ seconds: (performance.now() - started) / 1000, output: stdout });
    });
  });
}

export async function run(): Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-bench-sweep-'));
  const configFile = path.join(home, 'sweep.yaml');
  writeFileSync(configFile, SWEEP_YAML);
  const database = await createTestDatabase();
  const token = `bench-${randomUUID()}`;
  const server = await startServer({ env: readEnv({ DATABASE_URL: database.url, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: token }), port: 0, log: () => undefined, requestLog: () => undefined });
  // NODE_ENV is production for Next in this process; the CLI is an ordinary child with its own environment.
  const { NODE_ENV: _server, ...inherited } = process.env;
  // Next's types make NODE_ENV a required key of ProcessEnv; the child must not inherit 'production'.
  const cliSettings: Record<string, string> = { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: server.url, MNIST_LAB_TOKEN: token };
  const env = { ...inherited, ...cliSettings } as NodeJS.ProcessEnv;
  const db = createDb(database.url);
  try {
    console.log(
      `a ${TRIALS}-trial grid (${EPOCHS} epochs of 54,000 images each) through \`mnist-lab sweep\` and a server on a temporary database;` +
        ` ${availableParallelism()} cores`,
    );
    const results: Measurement[] = [];
    for (const parallel of PARALLEL) {
      // Other work on the machine takes cores from the agents: the load before each run says how much to trust it.
      const load = loadavg()[0];
      const { seconds } = await sweepOnce(parallel, configFile, env);
      const sweep = await db.sweep.findFirstOrThrow({ orderBy: { createdAt: 'desc' }, select: { id: true } });
      const runs = await db.run.findMany({ where: { sweepId: sweep.id, status: 'finished' }, select: { startedAt: true, endedAt: true } });
      if (runs.length !== TRIALS) throw new Error(`--parallel ${parallel}: ${runs.length} finished trials in the store, expected ${TRIALS}`);
      const first = Math.min(...runs.map((r) => r.startedAt.getTime()));
      const last = Math.max(...runs.map((r) => r.endedAt?.getTime() ?? 0));
      const m = { parallel, trialsPerHour: (TRIALS / seconds) * 3600, steadyTrialsPerHour: (TRIALS / ((last - first) / 1000)) * 3600 };
      results.push(m);
      console.log(
        `  --parallel ${parallel}: ${TRIALS} trials in ${seconds.toFixed(1)} s = ${m.trialsPerHour.toFixed(0)} trials/hour` +
          ` (steady state ${m.steadyTrialsPerHour.toFixed(0)}/hour; load average ${load.toFixed(1)} before)`,
      );
    }
    const [one, two] = results;
    console.log(
      `  ratio --parallel 2 / --parallel 1: ${(two.trialsPerHour / one.trialsPerHour).toFixed(2)}` +
        ` (steady state ${(two.steadyTrialsPerHour / one.steadyTrialsPerHour).toFixed(2)}; goal >= 1.8 on two idle cores)`,
    );
  } finally {
    await db.$disconnect();
    await server.stop();
    await database.drop();
    rmSync(home, { recursive: true, force: true });
  }
}
