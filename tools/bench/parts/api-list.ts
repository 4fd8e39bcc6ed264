// Bench part `api`: runs.list and friends over 10,000 runs of 50 epochs each, timed through the router as the dashboard calls it.
import { createCaller, createContext } from '@mnist-lab/api';
import { createDb, createTestDatabase } from '@mnist-lab/db';
import { quantile } from '../stats';

export const name = 'api';

export const RUNS = 10_000;
export const EPOCHS = 50;
const REPEATS = 25;

/** 10,000 runs (a tenth running, a tenth without results, 20 sweeps, tags and notes) and 6 metrics per epoch, in SQL. */
export const SEED = [
  `INSERT INTO "Sweep" (id, name, method, metric, goal, config, "maxTrials", "updatedAt")
   SELECT md5('sweep' || s)::uuid, 'sweep ' || s, 'random', 'val_accuracy', 'maximize', '{}', 500, now()
   FROM generate_series(1, 20) s`,
  `INSERT INTO "Run" (id, name, status, "sweepId", config, backend, seed, tags, notes, "startedAt", "endedAt", "heartbeatAt",
     "durationMs", "learningRate", "batchSize", dropout, "lastEpoch", "bestValAccuracy", "bestValLoss", "bestEpoch",
     "testLoss", "testAccuracy", "misclassifiedCount")
   SELECT gen_random_uuid(), 'run-' || i,
     (CASE WHEN i % 10 = 0 THEN 'running' WHEN i % 17 = 0 THEN 'failed' ELSE 'finished' END)::"RunStatus",
     CASE WHEN i % 3 = 0 THEN md5('sweep' || (i % 20 + 1))::uuid END,
     jsonb_build_object('learningRate', (ARRAY[0.1, 0.01, 0.001, 0.0001])[i % 4 + 1], 'batchSize', (ARRAY[32, 64, 128])[i % 3 + 1],
       'dropout', (i % 5) / 10.0, 'optimizer', (ARRAY['adam', 'sgd'])[i % 2 + 1], 'seed', i),
     'fused', i, ARRAY['batch-' || (i % 50), CASE WHEN i % 7 = 0 THEN 'baseline' ELSE 'trial' END],
     CASE WHEN i % 11 = 0 THEN 'note about run ' || i END,
     now() - make_interval(mins => i), CASE WHEN i % 10 <> 0 THEN now() - make_interval(mins => i) + interval '5 min' END,
     now(), CASE WHEN i % 10 <> 0 THEN 300000 + i END,
     (ARRAY[0.1, 0.01, 0.001, 0.0001])[i % 4 + 1], (ARRAY[32, 64, 128])[i % 3 + 1], (i % 5) / 10.0, ${EPOCHS},
     0.9 + (i % 997) / 10000.0, 0.3 - (i % 997) / 10000.0, 40,
     CASE WHEN i % 10 <> 0 THEN 0.3 - (i % 991) / 10000.0 END, CASE WHEN i % 10 <> 0 THEN 0.9 + (i % 991) / 10000.0 END,
     CASE WHEN i % 10 <> 0 THEN 1000 - i % 991 END
   FROM generate_series(1, ${RUNS}) i`,
  `INSERT INTO "Metric" ("runId", name, step, epoch, value, at)
   SELECT r.id, m.name, e * 844, e, 1.0 / e + random() / 100, r."startedAt" + make_interval(secs => e * 6)
   FROM "Run" r, generate_series(1, ${EPOCHS}) e,
     unnest(ARRAY['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr', 'epoch_time']) AS m(name)`,
  `ANALYZE`,
];

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => quantile(sorted, q).toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

export async function run(): Promise<void> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  try {
    const seeding = performance.now();
    for (const sql of SEED) await db.$executeRawUnsafe(sql);
    console.log(`seeded ${RUNS} runs x ${EPOCHS} epochs x 6 metrics in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const api = createCaller(createContext({ db, store: 'external', token: 'bench-token-bench-token', crashAfterSeconds: 86_400 }, null));
    const ids = Array.from({ length: 10 }, (_, i) => `run-${i + 1}`);
    const idOf = async (runName: string) => (await db.run.findFirstOrThrow({ where: { name: runName }, select: { id: true } })).id;
    const compareIds = await Promise.all(ids.map(idOf));
    const cases: [string, () => Promise<unknown>][] = [
      ['list, first page (newest first)', () => api.runs.list({})],
      ['list, by test accuracy', () => api.runs.list({ sort: 'testAccuracy', direction: 'desc' })],
      ['list, by duration ascending', () => api.runs.list({ sort: 'duration', direction: 'asc' })],
      ['list, status running', () => api.runs.list({ status: ['running'] })],
      ['list, tag baseline', () => api.runs.list({ tag: 'baseline' })],
      ['list, search "note"', () => api.runs.list({ search: 'note' })],
      ['list, config batch 64 + adam', () => api.runs.list({ config: { batchSize: 64, optimizer: 'adam' } })],
      ['list, sorted by a config key', () => api.runs.list({ sort: 'config.optimizer', direction: 'asc' })],
      ['configKeys over every run', () => api.runs.configKeys({})],
      ['list, page 100 of 200', () => api.runs.list({ page: 100, pageSize: 50 })],
      ['get one run', () => api.runs.get({ id: compareIds[0] })],
      ['curves, 10 runs x 6 metrics', () => api.runs.curves({ runIds: compareIds })],
    ];
    for (const [label, call] of cases) {
      await call();
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const t = performance.now();
        await call();
        times.push(performance.now() - t);
      }
      console.log(`${label.padEnd(36)} ${stats(times)}`);
    }
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}
