// Bench part "tracking": logEpoch throughput and latency through tRPC with 8 concurrent clients, step points stored
// from 8 concurrent SDK clients (and the latency of one batch request), and the tracking overhead of a real training
// run (wall time with the server vs --offline).
import '@mnist-lab/dashboard/production-env';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { createTestDatabase } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';
import { startServer } from '@mnist-lab/dashboard/server';
import { median, quantile } from '../stats';

export const name = 'tracking';

const CLIENTS = 8;
const EPOCHS_PER_CLIENT = 250;
const PACED_RATE = 10;
const PACED_EPOCHS = 150;
const OVERHEAD_PAIRS = 6;
const cli = fileURLToPath(new URL('../../../apps/trainer/bin/mnist-lab.js', import.meta.url));
const sdkWriter = fileURLToPath(new URL('../sdk-writer.mjs', import.meta.url));
const clientBuild = fileURLToPath(new URL('../../../libs/client/build.mjs', import.meta.url));
const epochWriter = fileURLToPath(new URL('../epoch-writer.ts', import.meta.url));
/** Each SDK client: 337,600 batches (200 epochs of 54,000 at batch 32) logged every 10: 67,520 points of two metrics. */
const SDK_STEPS = 337_600;
const SDK_EVERY = 10;
const BATCH_POINTS = 1_000;
const BATCHES_PER_CLIENT = 60;


/** Runs tools/bench/epoch-writer.ts in a process of its own and gives back its latencies (sorted) and seconds. */
function epochWriters(url: string, token: string, clients: number, epochs: number, rate: number, client: 'http' | 'trpc' = 'http'): Promise<{ latencies: number[]; seconds: number }> {
  const args = ['--conditions=@mnist-lab/source', '--import', 'tsx', epochWriter, url, token, String(clients), String(epochs), String(rate), ...(client === 'trpc' ? ['--client', 'trpc'] : [])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24 }, (err, stdout) => {
      if (err) return reject(err);
      const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { latencies: number[]; seconds: number };
      resolve({ latencies: out.latencies.sort((a, b) => a - b), seconds: out.seconds });
    });
  });
}

/**
 * logEpoch from 8 writers in a process apart from the server's (trainers are processes of their own): first back to
 * back, which measures throughput and makes the latency mostly queueing on the server's one thread; then each at
 * 10 epochs/s on a fixed schedule (a trainer logs about one epoch every 2 s at batch 32: this is 20x that, 8 times
 * over), timed from each request's scheduled time, which is the latency a trainer sees. The writers send tRPC's HTTP
 * form over node:http (epoch-writer.ts says why); back to back once more through @trpc/client and fetch, for scale.
 */
async function throughput(url: string, token: string): Promise<void> {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const closed = await epochWriters(url, token, CLIENTS, EPOCHS_PER_CLIENT, 0);
  console.log(`logEpoch through tRPC, ${CLIENTS} writers back to back x ${EPOCHS_PER_CLIENT} epochs (6 metrics each):`);
  console.log(`  ${((CLIENTS * EPOCHS_PER_CLIENT) / closed.seconds).toFixed(0)} epochs/s   p50 ${ms(quantile(closed.latencies, 0.5))}   p99 ${ms(quantile(closed.latencies, 0.99))} (goal p99 <= 10 ms)`);
  const viaClient = await epochWriters(url, token, CLIENTS, EPOCHS_PER_CLIENT, 0, 'trpc');
  console.log(`  the same through @trpc/client and fetch (the writers' own CPU then queues them): ${((CLIENTS * EPOCHS_PER_CLIENT) / viaClient.seconds).toFixed(0)} epochs/s   p50 ${ms(quantile(viaClient.latencies, 0.5))}   p99 ${ms(quantile(viaClient.latencies, 0.99))}`);
  const paced = await epochWriters(url, token, CLIENTS, PACED_EPOCHS, PACED_RATE);
  console.log(`logEpoch through tRPC, ${CLIENTS} writers at ${PACED_RATE} epochs/s each (${CLIENTS * PACED_RATE}/s in all) x ${PACED_EPOCHS} epochs:`);
  console.log(`  p50 ${ms(quantile(paced.latencies, 0.5))}   p99 ${ms(quantile(paced.latencies, 0.99))}   max ${ms(paced.latencies.at(-1) ?? 0)} (goal p99 <= 10 ms)`);
}

interface WriterResult {
  started: number;
  logged: number;
  flushed: number;
  points: number;
  left: number;
}

function sdkClient(url: string, token: string): Promise<WriterResult> {
  const args = [sdkWriter, url, token, String(SDK_STEPS), String(SDK_EVERY)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WriterResult);
    });
  });
}

/** Points/s stored from 8 SDK processes at once, from the first point logged until the server has the last. */
async function ingestion(url: string, token: string): Promise<void> {
  // The clients run the package as it ships: its bundle, built here from the sources at hand (without declarations).
  await new Promise<void>((resolve, reject) => execFile(process.execPath, [clientBuild, '--js-only'], (err) => (err ? reject(err) : resolve())));
  const results = await Promise.all(Array.from({ length: CLIENTS }, () => sdkClient(url, token)));
  const points = results.reduce((n, r) => n + r.points, 0);
  const left = results.reduce((n, r) => n + r.left, 0);
  const seconds = (Math.max(...results.map((r) => r.flushed)) - Math.min(...results.map((r) => r.started))) / 1000;
  const loggedIn = Math.max(...results.map((r) => r.logged - r.started)) / 1000;
  console.log(`step points from ${CLIENTS} concurrent SDK clients (each ${SDK_STEPS / SDK_EVERY} steps x 2 metrics, logged every ${SDK_EVERY} batches):`);
  console.log(`  ${(points / seconds).toFixed(0)} points/s stored (${points} points in ${seconds.toFixed(1)} s; logging itself took ${loggedIn.toFixed(1)} s; ${left} left unsent) (goal >= 50,000)`);
}

/** The latency of one runs.log request of 1,000 points while 8 clients send them at once. */
async function batchLatency(url: string, token: string): Promise<void> {
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${token}` } })] });
  const runIds = Array.from({ length: CLIENTS }, () => randomUUID());
  for (const id of runIds) await client.runs.create.mutate({ id, name: `bench-batch-${id.slice(0, 6)}`, config: {}, backend: 'bench', tags: ['bench'], startedAt: new Date().toISOString() });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    runIds.map(async (runId) => {
      for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
        const points = Array.from({ length: BATCH_POINTS }, (_, i) => {
          const step = b * (BATCH_POINTS / 2) + (i >> 1) + 1;
          return { name: i % 2 === 0 ? 'batch/loss' : 'batch/accuracy', step, epoch: step / 1_688, value: 1 / step };
        });
        const t0 = performance.now();
        await client.runs.log.mutate({ runId, points });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`runs.log through tRPC, ${CLIENTS} concurrent clients x ${BATCHES_PER_CLIENT} requests of ${BATCH_POINTS} points:`);
  console.log(
    `  ${((CLIENTS * BATCHES_PER_CLIENT * BATCH_POINTS) / seconds).toFixed(0)} points/s   p50 ${quantile(latencies, 0.5).toFixed(1)} ms   p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
  );
}

function trainWall(args: string[], env: Record<string, string>): Promise<{ wall: number; training: number }> {
  const out = mkdtempSync(path.join(tmpdir(), 'mnist-lab-bench-run-'));
  const childEnv = { ...process.env, ...env };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'train', '--quiet', '--out', out, ...args], { env: childEnv, maxBuffer: 1 << 24 }, (err) => {
      if (err) return reject(err);
      const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { durationSeconds: number };
      resolve({ wall: (performance.now() - started) / 1000, training: summary.durationSeconds });
    });
  });
}

/**
 * At one thread and at the default (one per core): on this machine the server shares the trainer's cores, and a run
 * on both of them gives up to the server the CPU its work takes.
 */
async function overhead(url: string, token: string, home: string): Promise<void> {
  for (const threads of [...new Set([1, availableParallelism()])]) await overheadAt(threads, url, token, home);
}

async function overheadAt(threads: number, url: string, token: string, home: string): Promise<void> {
  const args = ['--epochs', '5', '--no-early-stopping', '--seed', '1', '--threads', String(threads)];
  const env = { MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: token, MNIST_LAB_SERVER: url };
  const online: number[] = [];
  const offline: number[] = [];
  // Pairs in alternating order (offline first, then online first, ...) so that drift and load from elsewhere on the
  // machine fall on both modes alike; the overhead is the median of the pairs' ratios.
  for (let i = 0; i < OVERHEAD_PAIRS; i++) {
    const pair = i % 2 === 0 ? (['offline', 'online'] as const) : (['online', 'offline'] as const);
    for (const mode of pair) {
      const { training } = await trainWall(mode === 'offline' ? [...args, '--offline'] : args, env);
      (mode === 'offline' ? offline : online).push(training);
    }
  }
  const pct = (r: number) => `${((r - 1) * 100).toFixed(2)}%`;
  const ratios = online.map((t, i) => t / offline[i]);
  // The noise floor: how far two offline runs differ from each other (median over consecutive pairs).
  const offlineSpread = median(offline.slice(1).map((t, i) => Math.abs(t / offline[i] - 1))) + 1;
  console.log(`tracking overhead of a real run on ${threads} thread${threads === 1 ? '' : 's'} (5 epochs of 54,000 from start to results; ${OVERHEAD_PAIRS} alternating pairs):`);
  console.log(
    `  offline median ${median(offline).toFixed(2)} s   with the server ${median(online).toFixed(2)} s   overhead (median of pair ratios) ${pct(median(ratios))} (goal < 1%)`,
  );
  console.log(`  pair ratios ${ratios.map(pct).join(', ')}; run-to-run noise between offline runs ${pct(offlineSpread)}`);
  console.log(`  runs: offline ${offline.map((s) => s.toFixed(2)).join(', ')}; online ${online.map((s) => s.toFixed(2)).join(', ')}`);
}

export async function run(): Promise<void> {
  console.log(`load average at start: ${loadavg()[0].toFixed(2)} (2 cores)`);
  const database = await createTestDatabase();
  const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-bench-'));
  const token = `bench-${randomUUID()}`;
  const env = readEnv({ DATABASE_URL: database.url, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: token });
  const server = await startServer({ env, port: 0, log: () => undefined, requestLog: () => undefined });
  try {
    await throughput(server.url, token);
    await batchLatency(server.url, token);
    await ingestion(server.url, token);
    await overhead(server.url, token, home);
  } finally {
    await server.stop();
    await database.drop();
  }
}
