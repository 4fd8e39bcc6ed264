// For specs only: an API over a fresh test database, callers with and without the token, and valid inputs to vary.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { createDb, createTestDatabase, type Db } from '@mnist-lab/db';
import { DEFAULT_HYPERPARAMS, indexedColumns, type CreateRun, type EpochLog, type FinishRun } from '@mnist-lab/contracts';
import { createCaller } from './caller';
import { createContext, type ApiRuntime } from './context';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestApi {
  db: Db;
  runtime: ApiRuntime;
  /** Holds the write token. */
  writer: ReturnType<typeof createCaller>;
  /** Sends no token. */
  anonymous: ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

export async function openTestApi(): Promise<TestApi> {
  const database = await createTestDatabase();
  const db = createDb(database.url);
  const runtime: ApiRuntime = { db, store: 'external', token: TEST_TOKEN, crashAfterSeconds: 60 };
  return {
    db,
    runtime,
    writer: createCaller(createContext(runtime, `Bearer ${TEST_TOKEN}`)),
    anonymous: createCaller(createContext(runtime, null)),
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

export function newRun(overrides: Partial<CreateRun> = {}): CreateRun {
  return {
    id: randomUUID(),
    name: 'mlp-64-32',
    config: DEFAULT_HYPERPARAMS,
    backend: 'fused',
    tags: [],
    startedAt: new Date('2026-01-01T00:00:00Z').toISOString(),
    ...overrides,
  };
}

export function epochLog(runId: string, epoch: number, metrics: Record<string, number>): EpochLog {
  return { runId, epoch, metrics, at: new Date(Date.UTC(2026, 0, 1, 0, epoch)).toISOString() };
}

const blankPixels = Buffer.alloc(784, 7).toString('base64');

/** A finish in the precomputed form earlier trainers sent (the derived form is built by `testResults`). */
export function finishedRun(runId: string, overrides: Partial<FinishRun> = {}): FinishRun & { misclassified: NonNullable<FinishRun['misclassified']> } {
  const confusionMatrix = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 980 : 2)));
  return {
    runId,
    testLoss: 0.08,
    testAccuracy: 0.975,
    misclassifiedCount: 3,
    confusionMatrix,
    misclassified: [
      { index: 12, trueLabel: 9, predictedLabel: 4, confidence: 0.91, probabilities: probs(4, 0.91), pixels: blankPixels },
      { index: 5, trueLabel: 3, predictedLabel: 5, confidence: 0.55, probabilities: probs(5, 0.55), pixels: blankPixels },
      { index: 40, trueLabel: 9, predictedLabel: 7, confidence: 0.72, probabilities: probs(7, 0.72), pixels: blankPixels },
    ],
    stoppedEarly: false,
    endedAt: new Date('2026-01-01T00:10:00Z').toISOString(),
    ...overrides,
  };
}

function probs(label: number, p: number): number[] {
  return Array.from({ length: 10 }, (_, i) => (i === label ? p : (1 - p) / 9));
}

/** The TRPCError a call was refused with; the spec fails if it was accepted or failed otherwise. */
export async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/**
 * Queues `run` as the next trial of sweep `sweepId`, as sweeps.nextTrial does (a queued run with its trial number), for
 * specs that need a sweep's runs without its agents: `runs.create` with that sweepId then starts it.
 */
export async function queueTrial(db: Db, sweepId: string, run: CreateRun): Promise<void> {
  const trialNumber = (await db.run.count({ where: { sweepId } })) + 1;
  const now = new Date();
  await db.run.create({
    data: { id: run.id, name: run.name, status: 'queued', sweepId, trialNumber, config: run.config, ...indexedColumns(run.config), backend: run.backend, tags: [], startedAt: now, heartbeatAt: now },
  });
}

