// Bench part "sweep-scale": what an agent waits for in a TPE sweep that already has 1,000 finished trials, through the
// real server (sweeps.nextTrial: the sweep's lock, lease checks, loading the trials, the suggestion, the new trial),
// and the TPE suggestion alone. Goal: a suggestion in 50 ms or less at 1,000 trials.
import '@mnist-lab/dashboard/production-env';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { createDb, createTestDatabase } from '@mnist-lab/db';
import { indexedColumns, mulberry32, readEnv, resolveHyperparams } from '@mnist-lab/contracts';
import { parseSweepConfig, suggest } from '@mnist-lab/sweep';
import { startServer } from '@mnist-lab/dashboard/server';
import { median, quantile } from '../stats';

export const name = 'sweep-scale';

const TRIALS = 1_000;
const EPOCHS = 10;
const ASKS = 30;
const GOAL_MS = 50;
const SWEEP = {
  name: 'bench-sweep-scale',
  method: 'tpe',
  maxTrials: TRIALS + ASKS + 10,
  parameters: {
    learningRate: { distribution: 'log_uniform', min: 1e-4, max: 1e-1 },
    dropout: { distribution: 'uniform', min: 0, max: 0.5 },
    batchSize: { values: [32, 64, 128, 256] },
    epochs: { distribution: 'int_uniform', min: 2, max: 20 },
  },
} as const;

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (v: number) => `${v.toFixed(1)} ms`;

export async function run(): Promise<void> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-bench-sweep-scale-'));
  const token = `bench-${randomUUID()}`;
  const server = await startServer({ env: readEnv({ DATABASE_URL: database.url, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: token }), port: 0, log: () => undefined, requestLog: () => undefined });
  try {
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/api/trpc`, headers: { authorization: `Bearer ${token}` } })] });
    const { id } = await api.sweeps.create.mutate({ config: SWEEP, seed: 0 });

    // 1,000 finished trials written straight to the store (through the API they would take minutes): a config each,
    // as createTrial stores it, and a val_accuracy curve of 10 epochs.
    // Seeded, so that every bench run stores the same 1,000 trials.
    const random = mulberry32(7);
    const started = new Date();
    const runs = [];
    const points: { runId: string; name: string; step: number; epoch: number; value: number; at: Date }[] = [];
    for (let i = 1; i <= TRIALS; i++) {
      const params = {
        learningRate: 1e-4 * 1000 ** random(),
        dropout: 0.5 * random(),
        batchSize: SWEEP.parameters.batchSize.values[Math.floor(random() * 4)],
        epochs: 2 + Math.floor(random() * 19),
      };
      const config = resolveHyperparams(params);
      const runId = randomUUID();
      const peak = 0.9 + 0.08 * random();
      runs.push({
        id: runId, name: `${SWEEP.name}-${i}`, status: 'finished' as const, sweepId: id, trialNumber: i, attempt: 1, config, backend: 'fused',
        ...indexedColumns(config), tags: [], startedAt: started, heartbeatAt: started, endedAt: started, lastEpoch: EPOCHS, bestValAccuracy: peak,
      });
      for (let e = 1; e <= EPOCHS; e++) points.push({ runId, name: 'val_accuracy', step: e, epoch: e, value: peak * (1 - 0.5 ** e), at: started });
    }
    await db.run.createMany({ data: runs });
    await db.metric.createMany({ data: points });

    // The suggestion alone, on the history nextTrial builds.
    const config = parseSweepConfig(SWEEP);
    const history = runs.map((r, i) => ({ params: r.config, status: 'finished' as const, value: r.bestValAccuracy, curve: points.slice(i * EPOCHS, (i + 1) * EPOCHS).map((p) => p.value) }));
    const alone: number[] = [];
    for (let i = 0; i < ASKS; i++) {
      const t0 = performance.now();
      suggest(config, history, i);
      alone.push(performance.now() - t0);
    }

    console.log(`load average at start: ${load()}`);
    const asks: number[] = [];
    for (let i = 0; i < ASKS; i++) {
      const t0 = performance.now();
      const next = await api.sweeps.nextTrial.mutate({ sweepId: id, agentId: `bench-${i}` });
      asks.push(performance.now() - t0);
      if (!('runId' in next)) throw new Error(`expected a trial, got ${JSON.stringify(next)}`);
    }
    const sortedAsks = [...asks].sort((a, b) => a - b);
    const sortedAlone = [...alone].sort((a, b) => a - b);
    console.log(`TPE over ${TRIALS} finished trials (${EPOCHS} epochs each), ${ASKS} asks, one agent at a time:`);
    console.log(`  suggestion alone: median ${ms(median(alone))}, p95 ${ms(quantile(sortedAlone, 0.95))}, max ${ms(sortedAlone.at(-1) ?? 0)}`);
    console.log(`  sweeps.nextTrial over HTTP: median ${ms(median(asks))}, p95 ${ms(quantile(sortedAsks, 0.95))}, max ${ms(sortedAsks.at(-1) ?? 0)} (goal: median <= ${GOAL_MS} ms: ${median(asks) <= GOAL_MS ? 'met' : 'not met'})`);
    console.log(`load average at end: ${load()}`);
  } finally {
    await server.stop();
    await db.$disconnect();
    await database.drop();
  }
}
