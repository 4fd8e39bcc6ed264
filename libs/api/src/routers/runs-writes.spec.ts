// The trainer's writes through the router: idempotent create and finish, epoch replacement, the token, bad input.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinishRun } from '@mnist-lab/contracts';
import { epochLog, finishedRun, finishedRunWithPredictions, newRun, openTestApi, queueTrial, type TestApi, rejection } from '../test-support';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe('runs.create', () => {
  it('stores the run as running with the key hyperparameters copied out, and a replay is a no-op', async () => {
    const run = newRun({ config: { ...newRun().config, learningRate: 0.01, batchSize: 64, dropout: 0.3, seed: 7 } });
    expect(await api.writer.runs.create(run)).toEqual({ id: run.id });
    await api.writer.runs.logEpoch(epochLog(run.id, 1, { loss: 0.5 }));
    expect(await api.writer.runs.create({ ...run, name: 'replayed' })).toEqual({ id: run.id });
    const stored = await api.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ name: 'mlp-64-32', status: 'running', learningRate: 0.01, batchSize: 64, dropout: 0.3, seed: 7, lastEpoch: 1 });
    expect(await api.db.run.count({ where: { id: run.id } })).toBe(1);
  });

  it('keeps names, tags and notes exactly as given, markup included', async () => {
    const name = '<script>alert("x")</script> & <b>bold</b>';
    const run = newRun({ name, tags: ['<img src=x onerror=alert(1)>'], notes: '"quotes" & <i>' });
    await api.writer.runs.create(run);
    const got = await api.anonymous.runs.get({ id: run.id });
    expect(got).toMatchObject({ name, tags: ['<img src=x onerror=alert(1)>'], notes: '"quotes" & <i>' });
  });

  it('answers NOT_FOUND for a sweep that does not exist', async () => {
    const e = await rejection(api.writer.runs.create(newRun({ sweepId: '00000000-0000-4000-8000-000000000000' })));
    expect(e.code).toBe('NOT_FOUND');
  });

  it('never adds a run to a sweep: a create naming a sweep must be one of its trials (409), and the sweep keeps its runs', async () => {
    const sweepId = randomUUID();
    await api.db.sweep.create({ data: { id: sweepId, name: 'two', method: 'grid', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 2 } });
    const trials = [newRun({ name: 'two-1', sweepId }), newRun({ name: 'two-2', sweepId })];
    for (const t of trials) await queueTrial(api.db, sweepId, t);
    const intruder = newRun({ name: 'intruder', sweepId });
    const e = await rejection(api.writer.runs.create(intruder));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(`run ${intruder.id} is not a trial of sweep ${sweepId}: a run joins a sweep only as a trial the sweep hands out (sweeps.nextTrial)`);
    // A run of no sweep with that id is no trial either.
    const loose = newRun({ name: 'loose' });
    await api.writer.runs.create(loose);
    expect((await rejection(api.writer.runs.create({ ...loose, sweepId }))).code).toBe('CONFLICT');
    expect(await api.db.run.findUnique({ where: { id: loose.id }, select: { sweepId: true } })).toEqual({ sweepId: null });
    // The trials themselves start.
    await api.writer.runs.create(trials[0]);
    const rows = await api.db.run.findMany({ where: { sweepId }, select: { name: true, status: true }, orderBy: { trialNumber: 'asc' } });
    expect(rows).toEqual([
      { name: 'two-1', status: 'running' },
      { name: 'two-2', status: 'queued' },
    ]);
    expect(await api.db.run.count({ where: { id: intruder.id } })).toBe(0);
  });
});

describe('the write token', () => {
  it('is required for every mutation, and a refused call changes nothing', async () => {
    const run = newRun();
    expect((await rejection(api.anonymous.runs.create(run))).code).toBe('UNAUTHORIZED');
    expect(await api.db.run.count({ where: { id: run.id } })).toBe(0);
    await api.writer.runs.create(run);
    const calls = [
      api.anonymous.runs.logEpoch(epochLog(run.id, 1, { loss: 1 })),
      api.anonymous.runs.heartbeat({ runId: run.id }),
      api.anonymous.runs.finish(finishedRun(run.id)),
      api.anonymous.runs.end({ runId: run.id, status: 'failed', endedAt: new Date().toISOString() }),
      api.anonymous.runs.setTags({ runId: run.id, tags: ['x'] }),
      api.anonymous.runs.setNotes({ runId: run.id, notes: 'x' }),
    ];
    for (const call of calls) expect((await rejection(call)).code).toBe('UNAUTHORIZED');
    const stored = await api.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ status: 'running', lastEpoch: 0, tags: [], notes: null });
    expect(await api.db.metric.count({ where: { runId: run.id } })).toBe(0);
  });
});

describe('runs.logEpoch', () => {
  it('replaces a repeated epoch instead of duplicating it and recomputes the bests from what is stored', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    await api.writer.runs.logEpoch(epochLog(run.id, 1, { loss: 0.9, val_loss: 0.5, val_accuracy: 0.8 }));
    await api.writer.runs.logEpoch(epochLog(run.id, 2, { loss: 0.4, val_loss: 0.3, val_accuracy: 0.95 }));
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      lastEpoch: 2,
      bestValAccuracy: 0.95,
      bestValLoss: 0.3,
      bestEpoch: 2,
    });
    // Epoch 2 again (a retried request, or a resumed run): the better figures it had are gone.
    await api.writer.runs.logEpoch(epochLog(run.id, 2, { loss: 0.6, val_loss: 0.7, val_accuracy: 0.6 }));
    expect(await api.db.metric.count({ where: { runId: run.id } })).toBe(6);
    expect(await api.db.metric.findUniqueOrThrow({ where: { runId_name_step: { runId: run.id, name: 'val_loss', step: 2 } } })).toMatchObject({ value: 0.7 });
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      lastEpoch: 2,
      bestValAccuracy: 0.8,
      bestValLoss: 0.5,
      bestEpoch: 1,
    });
  });

  it('answers NOT_FOUND for an unknown run and stores nothing', async () => {
    const runId = '11111111-1111-4111-8111-111111111111';
    expect((await rejection(api.writer.runs.logEpoch(epochLog(runId, 1, { loss: 1 })))).code).toBe('NOT_FOUND');
    expect(await api.db.metric.count({ where: { runId } })).toBe(0);
  });

  it.each([
    ['a negative epoch', { epoch: -1 }, /epoch/],
    ['epoch 0', { epoch: 0 }, /epoch/],
    ['"NaN" as a string', { metrics: { loss: 'NaN' } }, /metrics\.loss/],
    ['Infinity', { metrics: { loss: Infinity } }, /metrics\.loss/],
    ['NaN', { metrics: { loss: NaN } }, /metrics\.loss/],
    ['no metrics', { metrics: {} }, /metrics/],
    ['a bad metric name', { metrics: { 'no spaces': 1 } }, /metrics/],
    ['a bad timestamp', { at: 'yesterday' }, /at/],
  ])('rejects %s with BAD_REQUEST naming the field', async (_label, patch, message) => {
    const run = newRun();
    await api.writer.runs.create(run);
    const input = { ...epochLog(run.id, 1, { loss: 1 }), ...patch } as Parameters<typeof api.writer.runs.logEpoch>[0];
    const e = await rejection(api.writer.runs.logEpoch(input));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(message);
    expect(await api.db.metric.count({ where: { runId: run.id } })).toBe(0);
  });

  it('brings a crashed run back to running', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    await api.db.run.update({ where: { id: run.id }, data: { status: 'crashed', error: 'no heartbeat for 90s', endedAt: new Date() } });
    await api.writer.runs.logEpoch(epochLog(run.id, 1, { loss: 1 }));
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'running', error: null, endedAt: null });
  });

  it('keeps two writers logging different runs at the same time apart', async () => {
    const [a, b] = [newRun({ name: 'a' }), newRun({ name: 'b' })];
    await Promise.all([api.writer.runs.create(a), api.writer.runs.create(b)]);
    const accuracy = (offset: number, i: number) => offset + i / 100;
    const writer = (runId: string, offset: number) =>
      Promise.all(Array.from({ length: 20 }, (_, i) => api.writer.runs.logEpoch(epochLog(runId, i + 1, { val_accuracy: accuracy(offset, i) }))));
    await Promise.all([writer(a.id, 0.1), writer(b.id, 0.5)]);
    for (const [run, best] of [[a, accuracy(0.1, 19)], [b, accuracy(0.5, 19)]] as const) {
      expect(await api.db.metric.count({ where: { runId: run.id } })).toBe(20);
      expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ lastEpoch: 20, bestValAccuracy: best });
    }
  });
});

describe('runs.heartbeat and runs.end', () => {
  it('heartbeat revives a crashed run and reports the status', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    await api.db.run.update({ where: { id: run.id }, data: { status: 'crashed' } });
    expect(await api.writer.runs.heartbeat({ runId: run.id })).toEqual({ ok: true, status: 'running' });
    expect((await rejection(api.writer.runs.heartbeat({ runId: '22222222-2222-4222-8222-222222222222' }))).code).toBe('NOT_FOUND');
  });

  it('end marks the run failed with the error and its duration', async () => {
    const run = newRun({ startedAt: '2026-01-01T00:00:00.000Z' });
    await api.writer.runs.create(run);
    await api.writer.runs.end({ runId: run.id, status: 'failed', error: 'out of memory', endedAt: '2026-01-01T00:00:05.000Z' });
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'failed', error: 'out of memory', durationMs: 5000 });
  });
});

describe('runs.finish', () => {
  it('stores the test results in full, and a replayed finish leaves exactly one copy', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const finish = finishedRunWithPredictions(run.id, {
      model: { format: 'tfjs-layers', modelJson: { modelTopology: {} }, weights: Buffer.from([1, 2, 3]).toString('base64') },
      bestEpoch: 4,
    });
    await api.writer.runs.finish(finish);
    await api.writer.runs.finish(finish);
    const stored = await api.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ status: 'finished', testAccuracy: 0.9997, misclassifiedCount: 3, bestEpoch: 4, durationMs: 600_000 });
    expect(stored.testPredictions?.length).toBe(10_000);
    expect(await api.db.misclassifiedDigit.count({ where: { runId: run.id } })).toBe(3);
    expect(await api.db.modelArtifact.count({ where: { runId: run.id } })).toBe(1);
    // A finished run's results are final: it cannot be marked failed afterwards.
    const e = await rejection(api.writer.runs.end({ runId: run.id, status: 'failed', endedAt: new Date().toISOString() }));
    expect(e.code).toBe('CONFLICT');
  });

  it('rejects a digit whose pixels are not 784 bytes and writes nothing', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const finish = finishedRun(run.id);
    finish.misclassified[1] = { ...finish.misclassified[1], pixels: Buffer.alloc(10).toString('base64') };
    const e = await rejection(api.writer.runs.finish(finish));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/misclassified\.1\.pixels/);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'running', testAccuracy: null });
    expect(await api.db.misclassifiedDigit.count({ where: { runId: run.id } })).toBe(0);
  });

  it("refuses results that disagree with themselves (counts, list, matrix, accuracy), storing nothing", async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const good = finishedRun(run.id);
    const huge = good.confusionMatrix.map((row, t) => row.map((v, p) => (t === 0 && p === 0 ? 1e15 : v)));
    const fewer = good.confusionMatrix.map((row, t) => row.map((v, p) => (t === 9 && p === 4 ? 0 : t === 9 && p === 9 ? v + 1 : v)));
    const cases: [Partial<FinishRun>, string][] = [
      [{ misclassifiedCount: 2 }, 'finish: misclassifiedCount 2 disagrees with the confusion matrix (3 off its diagonal)'],
      [{ confusionMatrix: huge }, 'finish: the confusion matrix counts 1000000000000108 digits; the test set has 10000'],
      [{ testAccuracy: 0.99 }, 'finish: testAccuracy 0.99 disagrees with the confusion matrix (117 of 120 right: 0.975000)'],
      [{ misclassified: good.misclassified.slice(0, 2) }, 'finish: the misclassified list has 2 digits; the confusion matrix has 3 off its diagonal'],
      [{ confusionMatrix: fewer, testAccuracy: 118 / 120, misclassifiedCount: 2, misclassified: [good.misclassified[1], good.misclassified[2], { ...good.misclassified[1], index: 77 }] }, 'finish: the misclassified list has 3 digits; the confusion matrix has 2 off its diagonal'],
      [{ misclassified: [good.misclassified[0], good.misclassified[1], { ...good.misclassified[2], predictedLabel: 9 }] }, 'finish: misclassified digit 40 has true and predicted label 9: that is no mistake'],
      [{ misclassified: [good.misclassified[0], good.misclassified[1], { ...good.misclassified[2], predictedLabel: 4 }] }, 'finish: the confusion matrix has 1 digits of 9 taken for 4; the misclassified list has 2'],
    ];
    const predicted = finishedRunWithPredictions(run.id);
    const relabeled = Buffer.from(predicted.predictions?.labels ?? '', 'base64');
    relabeled[40] = 1;
    cases.push(
      [{ ...predicted, confusionMatrix: good.confusionMatrix }, 'finish: the confusion matrix counts 120 digits; predictions has 10000'],
      [{ ...predicted, predictions: { labels: relabeled.toString('base64'), confidences: Buffer.alloc(40_000).toString('base64') } }, 'finish: misclassified digit 40: predicted 7, but predictions.labels says 1'],
    );
    for (const [change, message] of cases) {
      const e = await rejection(api.writer.runs.finish({ ...good, ...change }));
      expect([e.code, e.message]).toEqual(['BAD_REQUEST', message]);
    }
    expect(await api.db.run.findUnique({ where: { id: run.id }, select: { status: true, testAccuracy: true, confusionMatrix: true } })).toEqual({ status: 'running', testAccuracy: null, confusionMatrix: null });
    expect(await api.db.misclassifiedDigit.count({ where: { runId: run.id } })).toBe(0);
    await api.writer.runs.finish(good);
    expect((await api.anonymous.runs.get({ id: run.id })).misclassifiedCount).toBe(3);
  });

  it('rejects oversized fields before touching the store', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ ...finishedRun(run.id).misclassified[0], index: i % 10_000 }));
    expect((await rejection(api.writer.runs.finish(finishedRun(run.id, { misclassified: tooMany })))).code).toBe('BAD_REQUEST');
    const e = await rejection(api.writer.runs.create(newRun({ name: 'x'.repeat(201) })));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/^name:/);
  });

  it('answers NOT_FOUND for an unknown run', async () => {
    expect((await rejection(api.writer.runs.finish(finishedRun('33333333-3333-4333-8333-333333333333')))).code).toBe('NOT_FOUND');
  });
});

describe('runs.setTags and runs.setNotes', () => {
  it('replace the tags and notes as typed', async () => {
    const run = newRun({ tags: ['old'] });
    await api.writer.runs.create(run);
    await api.writer.runs.setTags({ runId: run.id, tags: ['baseline', '<b>'] });
    await api.writer.runs.setNotes({ runId: run.id, notes: 'lr too high? <script>' });
    expect(await api.anonymous.runs.get({ id: run.id })).toMatchObject({ tags: ['baseline', '<b>'], notes: 'lr too high? <script>' });
    await api.writer.runs.setNotes({ runId: run.id, notes: null });
    expect((await api.anonymous.runs.get({ id: run.id })).notes).toBeNull();
  });
});
