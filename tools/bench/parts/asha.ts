// Bench part "asha": one fixed grid sweep run twice through `mnist-lab sweep`, without early termination and with
// ASHA, in the same run: the best val_accuracy each finds and the epochs each trains. Goal: ASHA within 0.2 points of
// the unpruned best with at least 2x fewer epochs.
import '@mnist-lab/dashboard/production-env';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, createTestDatabase } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';
import { startServer } from '@mnist-lab/dashboard/server';

export const name = 'asha';

const cli = fileURLToPath(new URL('../../../apps/trainer/bin/mnist-lab.js', import.meta.url));
const EPOCHS = 9;
/**
 * Nine configurations of the reference net, nine epochs each on 10,000 training images (no early stopping, so the
 * unpruned sweep trains all 81 epochs): learning rates from too small to too large, crossed with three dropouts.
 */
const sweepYaml = (earlyTermination: string) => `name: bench-asha
method: grid
earlyTermination: ${earlyTermination}
parameters:
  learningRate: { values: [0.0001, 0.001, 0.01] }
  dropout: { values: [0.0, 0.2, 0.5] }
  epochs: ${EPOCHS}
  trainLimit: 10000
  earlyStopping: false
`;
const RULES = [
  ['unpruned', '{ type: none }'],
  ['ASHA (minEpochs 2, eta 3)', '{ type: asha, minEpochs: 2, eta: 3 }'],
] as const;

function sweepOnce(configFile: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'sweep', '--config', configFile, '--parallel', '1', '--seed', '0', '--json'], { env, encoding: 'utf8', timeout: 1_800_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`mnist-lab sweep failed (${error.message.split('\n')[0]}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
      else resolve(stdout);
    });
  });
}

export async function run(): Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-bench-asha-'));
  const database = await createTestDatabase();
  const token = `bench-${randomUUID()}`;
  const server = await startServer({
    env: readEnv({ DATABASE_URL: database.url, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: token }),
    port: 0,
    log: () => undefined,
    requestLog: () => undefined,
  });
  const { NODE_ENV: _server, ...inherited } = process.env;
  // Next's types make NODE_ENV a required key of ProcessEnv; the child must not inherit 'production'.
  const cliSettings: Record<string, string> = { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: server.url, MNIST_LAB_TOKEN: token };
  const env = { ...inherited, ...cliSettings } as NodeJS.ProcessEnv;
  const db = createDb(database.url);
  try {
    console.log(`a 9-trial grid of the reference net, ${EPOCHS} epochs of 10,000 images each, one agent; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const results: { label: string; best: number; epochs: number; pruned: number; seconds: number }[] = [];
    for (const [label, rule] of RULES) {
      const configFile = path.join(home, `sweep-${results.length}.yaml`);
      writeFileSync(configFile, sweepYaml(rule));
      const started = performance.now();
      const { sweepId: id } = JSON.parse(await sweepOnce(configFile, env)) as { sweepId: string };
      const seconds = (performance.now() - started) / 1000;
      const runs = await db.run.findMany({ where: { sweepId: id }, select: { status: true, lastEpoch: true, bestValAccuracy: true, pruned: true } });
      if (runs.length !== 9 || runs.some((r) => r.status !== 'finished')) throw new Error(`${label}: expected 9 finished trials, got ${runs.map((r) => r.status).join(', ')}`);
      const r = {
        label,
        best: Math.max(...runs.map((x) => x.bestValAccuracy ?? 0)),
        epochs: runs.reduce((n, x) => n + x.lastEpoch, 0),
        pruned: runs.filter((x) => x.pruned).length,
        seconds,
      };
      results.push(r);
      console.log(`  ${label}: best val_accuracy ${(r.best * 100).toFixed(2)}%, ${r.epochs} epochs trained, ${r.pruned} trials pruned, ${r.seconds.toFixed(0)} s (load ${loadavg()[0].toFixed(2)})`);
    }
    const [full, asha] = results;
    const gap = (full.best - asha.best) * 100;
    const fewer = full.epochs / asha.epochs;
    console.log(
      `  ASHA against unpruned: ${gap.toFixed(2)} points below its best (goal <= 0.2), ${fewer.toFixed(2)}x fewer epochs (goal >= 2): ${gap <= 0.2 && fewer >= 2 ? 'met' : 'not met'}`,
    );
  } finally {
    await db.$disconnect();
    await server.stop();
    await database.drop();
    rmSync(home, { recursive: true, force: true });
  }
}
