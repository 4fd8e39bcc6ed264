// Bench part "reads-under-load": logEpoch latency from 8 paced writers alone, then while 20 readers poll the runs
// table's first page (each every 250 ms: 80 list requests/s, a busy team's open pages), over 10,000 seeded runs.
// Goal: logEpoch p99 <= 50 ms under that read load.
import '@mnist-lab/dashboard/production-env';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, createTestDatabase } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/contracts';
import { startServer } from '@mnist-lab/dashboard/server';
import { quantile } from '../stats';
import { SEED } from './api-list';

export const name = 'reads-under-load';

const WRITERS = 8;
const RATE = 10;
const EPOCHS = 150;
const READERS = 20;
const READ_INTERVAL_MS = 250;
const REPEATS = 3;
const epochWriter = fileURLToPath(new URL('../epoch-writer.ts', import.meta.url));
const listReader = fileURLToPath(new URL('../list-reader.ts', import.meta.url));

function child(script: string, args: string[]): Promise<Record<string, number[] | number>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--conditions=@mnist-lab/source', '--import', 'tsx', script, ...args], { maxBuffer: 1 << 26 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number[] | number>);
    });
  });
}

const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

export async function run(): Promise<void> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  for (const sql of SEED) await db.$executeRawUnsafe(sql);
  await db.$disconnect();
  const token = 'bench-reads-under-load-token';
  const env = readEnv({ DATABASE_URL: database.url, MNIST_LAB_HOME: mkdtempSync(path.join(tmpdir(), 'mnist-lab-bench-rul-')), MNIST_LAB_TOKEN: token, MNIST_LAB_CRASH_AFTER_S: '86400' });
  const server = await startServer({ env, port: 0, log: () => undefined, requestLog: () => undefined });
  const seconds = EPOCHS / RATE;
  console.log(`${WRITERS} writers at ${RATE} epochs/s each x ${EPOCHS} epochs; readers: ${READERS} polling runs.list every ${READ_INTERVAL_MS} ms, 10,000 runs; load average at start ${load()}`);
  const alone: number[] = [];
  const loaded: number[] = [];
  const listP50: number[] = [];
  try {
    for (let r = 0; r < REPEATS; r++) {
      const quiet = sorted((await child(epochWriter, [server.url, token, String(WRITERS), String(EPOCHS), String(RATE)])).latencies as number[]);
      const [busy, reads] = await Promise.all([
        child(epochWriter, [server.url, token, String(WRITERS), String(EPOCHS), String(RATE)]),
        child(listReader, [server.url, String(READERS), String(seconds), String(READ_INTERVAL_MS)]),
      ]);
      const busyLat = sorted(busy.latencies as number[]);
      const readLat = sorted(reads.latencies as number[]);
      alone.push(quantile(quiet, 0.99));
      loaded.push(quantile(busyLat, 0.99));
      listP50.push(quantile(readLat, 0.5));
      console.log(
        `  repetition ${r + 1}: logEpoch p50/p99 alone ${quantile(quiet, 0.5).toFixed(1)}/${quantile(quiet, 0.99).toFixed(1)} ms, ` +
          `under reads ${quantile(busyLat, 0.5).toFixed(1)}/${quantile(busyLat, 0.99).toFixed(1)} ms; runs.list ${readLat.length} answers, ` +
          `p50 ${quantile(readLat, 0.5).toFixed(1)} ms, p99 ${quantile(readLat, 0.99).toFixed(1)} ms; load ${load()}`,
      );
    }
  } finally {
    await server.stop();
    await database.drop();
  }
  const mid = (v: number[]) => quantile(sorted(v), 0.5);
  const range = (v: number[]) => `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
  console.log(
    `logEpoch p99 under read load: median ${mid(loaded).toFixed(1)} ms (range ${range(loaded)}) over ${REPEATS} repetitions; alone ${mid(alone).toFixed(1)} ms ` +
      `(range ${range(alone)}); goal <= 50 ms: ${mid(loaded) <= 50 ? 'met' : 'not met'}; load average at end ${load()}`,
  );
}
