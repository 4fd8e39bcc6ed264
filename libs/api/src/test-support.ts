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
export function finishedRun(
  runId: string,
  overrides: Partial<FinishRun> = {},
): FinishRun & { misclassified: NonNullable<FinishRun['misclassified']>; confusionMatrix: number[][] } {
  const misclassified = overrides.misclassified ?? [
    { index: 12, trueLabel: 9, predictedLabel: 4, confidence: 0.91, probabilities: probs(4, 0.91), pixels: blankPixels },
    { index: 5, trueLabel: 3, predictedLabel: 5, confidence: 0.55, probabilities: probs(5, 0.55), pixels: blankPixels },
    { index: 40, trueLabel: 9, predictedLabel: 7, confidence: 0.72, probabilities: probs(7, 0.72), pixels: blankPixels },
  ];
  const testAccuracy = overrides.testAccuracy ?? 0.975;
  return {
    runId,
    testLoss: 0.08,
    testAccuracy,
    misclassifiedCount: misclassified.length,
    confusionMatrix: consistentMatrix(misclassified, testAccuracy),
    misclassified,
    stoppedEarly: false,
    endedAt: new Date('2026-01-01T00:10:00Z').toISOString(),
    ...overrides,
  };
}

/**
 * finishedRun over the whole test set, with its 10,000 predictions: every listed mistake predicted as listed, every
 * other digit right (digit i taken to be an i % 10), and the matrix and accuracy to match.
 */
export function finishedRunWithPredictions(runId: string, overrides: Partial<FinishRun> = {}): ReturnType<typeof finishedRun> {
  const base = finishedRun(runId);
  const misclassified = overrides.misclassified ?? base.misclassified;
  const labels = Uint8Array.from({ length: 10_000 }, (_, i) => i % 10);
  const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const wrong = new Map(misclassified.map((m) => [m.index, m]));
  for (let i = 0; i < labels.length; i++) {
    const m = wrong.get(i);
    if (m) labels[i] = m.predictedLabel;
    matrix[m ? m.trueLabel : labels[i]][labels[i]]++;
  }
  return finishedRun(runId, {
    testAccuracy: 1 - misclassified.length / labels.length,
    misclassified,
    confusionMatrix: matrix,
    predictions: { labels: Buffer.from(labels).toString('base64'), confidences: Buffer.alloc(40_000).toString('base64') },
    ...overrides,
  });
}

/**
 * The confusion matrix of a small test set the results agree with (finish checks that they do): the listed mistakes
 * off the diagonal, and as many right digits on it as the accuracy needs (3 mistakes at 97.5%: 120 digits).
 */
function consistentMatrix(mistakes: readonly { trueLabel: number; predictedLabel: number }[], accuracy: number): number[][] {
  const evaluated = mistakes.length === 0 ? 100 : Math.round(mistakes.length / (1 - accuracy));
  const right = evaluated - mistakes.length;
  const matrix = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? Math.floor(right / 10) + (t < right % 10 ? 1 : 0) : 0)));
  for (const m of mistakes) matrix[m.trueLabel][m.predictedLabel]++;
  return matrix;
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

