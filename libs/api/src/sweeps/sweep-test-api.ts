// For specs only: the API over a fresh test database with sweep signals listening, and a scripted agent's steps.
import { createDb, createTestDatabase, type Db } from '@mnist-lab/db';
import type { SweepConfigInput } from '@mnist-lab/contracts';
import { createCaller } from '../caller';
import { createContext, type ApiRuntime } from '../context';
import { epochLog, finishedRun, newRun, TEST_TOKEN } from '../test-support';
import type { TrialAssignment, NextTrial } from './next-trial';
import { SweepSignals } from './signals';

export type Caller = ReturnType<typeof createCaller>;

export interface SweepTestApi {
  /** The test database's URL, for a second server process's connections. */
  url: string;
  db: Db;
  runtime: ApiRuntime;
  writer: Caller;
  anonymous: Caller;
  close(): Promise<void>;
}

export async function openSweepTestApi(crashAfterSeconds = 60): Promise<SweepTestApi> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  const sweepSignals = await SweepSignals.start(database.url);
  const runtime: ApiRuntime = { db, store: 'external', token: TEST_TOKEN, crashAfterSeconds, sweepSignals };
  return {
    url: database.url,
    db,
    runtime,
    writer: createCaller(createContext(runtime, `Bearer ${TEST_TOKEN}`)),
    anonymous: createCaller(createContext(runtime, null)),
    async close() {
      await sweepSignals.stop();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** A 3 x 2 grid of short trials. */
export const gridConfig = (overrides: Partial<SweepConfigInput> = {}): SweepConfigInput => ({
  name: 'grid',
  method: 'grid',
  parameters: { learningRate: { values: [0.001, 0.003, 0.01] }, batchSize: { values: [32, 64] }, epochs: 3 },
  ...overrides,
});

export function isAssignment(next: NextTrial): next is TrialAssignment {
  return 'runId' in next;
}

export function expectAssignment(next: NextTrial): TrialAssignment {
  if (!isAssignment(next)) throw new Error(`expected a trial, got ${JSON.stringify(next)}`);
  return next;
}

/** What an agent's runTrain sends for a trial, each write with the trial's attempt: create, one epoch per value of val_accuracy, then finish or not. */
export async function runTrial(api: Caller, t: TrialAssignment, sweepId: string, valAccuracy: number[], finish = true): Promise<void> {
  const attempt = t.attempt;
  await api.runs.create(newRun({ id: t.runId, name: t.name, config: t.hyperparams, sweepId, attempt }));
  for (const [i, acc] of valAccuracy.entries()) {
    await api.runs.logEpoch({ ...epochLog(t.runId, i + 1, { val_accuracy: acc, val_loss: 1 - acc }), attempt });
  }
  if (finish) await api.runs.finish({ ...finishedRun(t.runId), attempt });
}
