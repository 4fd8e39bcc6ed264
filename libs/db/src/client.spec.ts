// The Prisma client over the migrated schema: every model round-trips, metric upserts replace, deletes cascade.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './client';
import { createTestDatabase, type TestDatabase } from './test-database';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

function newRun(overrides: { sweepId?: string; tags?: string[] } = {}) {
  const now = new Date();
  return {
    id: randomUUID(),
    name: 'mlp-128-64',
    config: { hiddenUnits: [128, 64], learningRate: 0.001 },
    backend: 'fused',
    seed: 7,
    startedAt: now,
    heartbeatAt: now,
    learningRate: 0.001,
    batchSize: 64,
    dropout: 0.2,
    ...overrides,
  };
}

describe('createDb', () => {
  it('stores a run in a sweep with its metric series, and a repeated step replaces its value', async () => {
    const sweep = await db.sweep.create({
      data: { id: randomUUID(), name: 'lr-grid', method: 'grid', metric: 'val_accuracy', goal: 'maximize', config: { lr: [1e-3, 3e-3] }, maxTrials: 2 },
    });
    const run = await db.run.create({ data: newRun({ sweepId: sweep.id, tags: ['baseline', 'wide'] }) });
    const at = new Date();
    await db.metric.createMany({
      data: [1, 2].flatMap((epoch) => [
        { runId: run.id, name: 'loss', step: epoch * 100, epoch, value: 1 / epoch, at },
        { runId: run.id, name: 'val_accuracy', step: epoch * 100, epoch, value: 0.9 + epoch / 100, at },
      ]),
    });
    const key = { runId_name_step: { runId: run.id, name: 'loss', step: 200 } };
    await db.metric.upsert({ where: key, create: { runId: run.id, name: 'loss', step: 200, epoch: 2, value: 0.25, at }, update: { value: 0.25, at } });

    const stored = await db.run.findUniqueOrThrow({
      where: { id: run.id },
      include: { sweep: true, metrics: { orderBy: [{ name: 'asc' }, { step: 'asc' }] } },
    });
    expect(stored.status).toBe('running');
    expect(stored.tags).toEqual(['baseline', 'wide']);
    expect(stored.config).toEqual({ hiddenUnits: [128, 64], learningRate: 0.001 });
    expect(stored.sweep?.name).toBe('lr-grid');
    expect(stored.metrics.map((m) => [m.name, m.epoch, m.value])).toEqual([
      ['loss', 1, 1],
      ['loss', 2, 0.25],
      ['val_accuracy', 1, 0.91],
      ['val_accuracy', 2, 0.92],
    ]);
    expect(await db.run.count({ where: { tags: { has: 'wide' } } })).toBe(1);
  });

  it('keeps misclassified digits and the model as bytes, and deleting a run deletes all of it', async () => {
    const run = await db.run.create({ data: newRun() });
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
    await db.misclassifiedDigit.create({
      data: { runId: run.id, testIndex: 4, trueLabel: 9, predictedLabel: 4, confidence: 0.5, probabilities: [0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5], pixels },
    });
    await db.modelArtifact.create({ data: { runId: run.id, format: 'tfjs-layers', modelJson: { layers: 3 }, weights: new Uint8Array([1, 2, 3]) } });
    await db.metric.create({ data: { runId: run.id, name: 'loss', step: 1, epoch: 1, value: 0.3, at: new Date() } });

    const digit = await db.misclassifiedDigit.findUniqueOrThrow({ where: { runId_testIndex: { runId: run.id, testIndex: 4 } } });
    expect(Buffer.from(digit.pixels).equals(Buffer.from(pixels))).toBe(true);
    expect(digit.probabilities[4]).toBe(0.5);

    await db.run.delete({ where: { id: run.id } });
    const left = await Promise.all([
      db.metric.count({ where: { runId: run.id } }),
      db.misclassifiedDigit.count({ where: { runId: run.id } }),
      db.modelArtifact.count({ where: { runId: run.id } }),
    ]);
    expect(left).toEqual([0, 0, 0]);
  });

  it('keeps the runs of a deleted sweep, detached from it', async () => {
    const sweep = await db.sweep.create({
      data: { id: randomUUID(), name: 'gone', method: 'random', metric: 'val_loss', goal: 'minimize', config: {}, maxTrials: 1 },
    });
    const run = await db.run.create({ data: newRun({ sweepId: sweep.id }) });
    await db.sweep.delete({ where: { id: sweep.id } });
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).sweepId).toBeNull();
  });
});
