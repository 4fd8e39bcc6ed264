// The dashboard's reads through the router: filters, sorts and pages of runs; one run; curves; misclassified digits.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS, RUN_SORT_COLUMNS } from '@mnist-lab/contracts';
import { startCrashDetection } from '../runs/reaper';
import { epochLog, finishedRun, newRun, openTestApi, queueTrial, type TestApi } from '../test-support';

let api: TestApi;
const ids: Record<string, string> = {};

// Five runs, started a minute apart: a..e, with a sweep, tags, notes, and results on some of them.
beforeAll(async () => {
  api = await openTestApi();
  const sweep = await api.db.sweep.create({
    data: { id: '44444444-4444-4444-8444-444444444444', name: 'lr sweep', method: 'random', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 4 },
  });
  const specs = [
    { name: 'alpha', lr: 0.01, batch: 32, tags: ['baseline'], acc: 0.97 },
    { name: 'beta', lr: 0.001, batch: 64, tags: ['Sweep-A'], acc: 0.99, sweep: true },
    { name: 'gamma', lr: 0.001, batch: 32, tags: [], acc: null, notes: 'diverged after epoch 3' },
    { name: 'delta', lr: 0.1, batch: 128, tags: ['baseline', 'wide'], acc: 0.95, sweep: true },
    { name: 'epsilon_100%', lr: 0.001, batch: 32, tags: [], acc: 0.97 },
  ];
  for (const [i, s] of specs.entries()) {
    const run = newRun({
      name: s.name,
      tags: s.tags,
      notes: s.notes,
      sweepId: s.sweep ? sweep.id : undefined,
      config: { ...DEFAULT_HYPERPARAMS, learningRate: s.lr, batchSize: s.batch },
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    });
    ids[s.name] = run.id;
    if (run.sweepId) await queueTrial(api.db, run.sweepId, run);
    await api.writer.runs.create(run);
    if (s.acc !== null) await api.writer.runs.finish(finishedRun(run.id, { testAccuracy: s.acc }));
  }
});
afterAll(async () => {
  await api?.close();
});

const names = (page: { runs: { name: string }[] }) => page.runs.map((r) => r.name);

describe('runs.list', () => {
  it('lists newest first by default, with ISO dates and the sweep name', async () => {
    const page = await api.anonymous.runs.list({});
    expect(page).toMatchObject({ total: 5, page: 1, pageSize: 50 });
    expect(names(page)).toEqual(['epsilon_100%', 'delta', 'gamma', 'beta', 'alpha']);
    expect(page.runs[1]).toMatchObject({ sweepName: 'lr sweep', startedAt: '2026-01-01T00:03:00.000Z', batchSize: 128 });
  });

  it('sorts on every column of the runs table, both ways, returning every run', async () => {
    for (const sort of RUN_SORT_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        const page = await api.anonymous.runs.list({ sort, direction });
        expect(page.runs, `${sort} ${direction}`).toHaveLength(5);
      }
    }
    // Sweep name with runs outside any sweep last; tags as text; the hidden layers element by element.
    const bySweep = names(await api.anonymous.runs.list({ sort: 'sweep', direction: 'asc' }));
    expect(bySweep.slice(0, 2).sort()).toEqual(['beta', 'delta']);
    expect(names(await api.anonymous.runs.list({ sort: 'tags', direction: 'desc' }))[0]).toBe('beta');
    expect(names(await api.anonymous.runs.list({ sort: 'batchSize', direction: 'desc' }))[0]).toBe('delta');
  });

  it('sorts with NULLs last in both directions and breaks ties by id', async () => {
    const desc = names(await api.anonymous.runs.list({ sort: 'testAccuracy', direction: 'desc' }));
    expect(desc[0]).toBe('beta');
    expect(desc.at(-1)).toBe('gamma');
    const asc = names(await api.anonymous.runs.list({ sort: 'testAccuracy', direction: 'asc' }));
    expect(asc[0]).toBe('delta');
    expect(asc.at(-1)).toBe('gamma');
    const tied = [ids.alpha, ids['epsilon_100%']].sort();
    const both = (await api.anonymous.runs.list({ sort: 'testAccuracy', direction: 'asc' })).runs.filter((r) => r.testAccuracy === 0.97);
    expect(both.map((r) => r.id)).toEqual(tied);
  });

  it('pages without overlap or gaps', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const p = await api.anonymous.runs.list({ sort: 'learningRate', direction: 'asc', page, pageSize: 2 });
      expect(p.total).toBe(5);
      seen.push(...names(p));
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.slice(0, 3).sort()).toEqual(['beta', 'epsilon_100%', 'gamma']);
  });

  it.each([
    [{ status: ['running' as const] }, ['gamma']],
    [{ tag: 'baseline' }, ['delta', 'alpha']],
    [{ sweepId: '44444444-4444-4444-8444-444444444444' }, ['delta', 'beta']],
    [{ search: 'DIVERGED' }, ['gamma']],
    [{ search: 'sweep-a' }, ['beta']],
    [{ search: '100%' }, ['epsilon_100%']],
    [{ search: '_' }, ['epsilon_100%']],
    [{ config: { batchSize: 32, learningRate: 0.001 } }, ['epsilon_100%', 'gamma']],
    [{ config: { optimizer: 'adam', batchSize: 64 } }, ['beta']],
    [{ config: { optimizer: 'sgd' } }, []],
  ])('filters by %j', async (filter, expected) => {
    const page = await api.anonymous.runs.list(filter);
    expect(names(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('never writes: a run with a stale heartbeat reads as running until crash detection marks it', async () => {
    const run = newRun({ name: 'silent' });
    await api.writer.runs.create(run);
    await api.db.run.update({ where: { id: run.id }, data: { heartbeatAt: new Date(Date.now() - 120_000) } });
    const before = await api.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect((await api.anonymous.runs.list({ search: 'silent' })).runs[0].status).toBe('running');
    expect((await api.anonymous.runs.get({ id: run.id })).status).toBe('running');
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toEqual(before);

    const detection = startCrashDetection(api.db, api.runtime.crashAfterSeconds, () => undefined, 50);
    try {
      await expect.poll(async () => (await api.anonymous.runs.get({ id: run.id })).status, { timeout: 5_000, interval: 50 }).toBe('crashed');
    } finally {
      detection.stop();
    }
    expect((await api.anonymous.runs.get({ id: run.id })).error).toMatch(/^no heartbeat for 1[12]\ds$/);
    await api.db.run.delete({ where: { id: run.id } });
  });
});

describe('runs.get', () => {
  it('returns the run in full', async () => {
    const run = await api.anonymous.runs.get({ id: ids.beta });
    expect(run).toMatchObject({ name: 'beta', status: 'finished', sweepName: 'lr sweep', hasModel: false, hasPredictions: false });
    expect(run.confusionMatrix).toEqual(finishedRun(ids.beta, { testAccuracy: 0.99 }).confusionMatrix);
  });

  it('answers NOT_FOUND for an unknown id and BAD_REQUEST for a malformed one', async () => {
    await expect(api.anonymous.runs.get({ id: '55555555-5555-4555-8555-555555555555' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.anonymous.runs.get({ id: 'nope' })).rejects.toBeInstanceOf(TRPCError);
  });
});

describe('runs.curves', () => {
  it('returns each run’s series in the order asked, and leaves unknown ids out', async () => {
    for (let e = 1; e <= 3; e++) await api.writer.runs.logEpoch(epochLog(ids.gamma, e, { loss: 1 / e, val_loss: 2 / e }));
    const { runs } = await api.anonymous.runs.curves({ runIds: [ids.gamma, '66666666-6666-4666-8666-666666666666', ids.alpha], metrics: ['loss'] });
    expect(runs.map((r) => r.name)).toEqual(['gamma', 'alpha']);
    expect(runs[0].series).toEqual({
      loss: { step: [1, 2, 3], epoch: [1, 2, 3], value: [1, 0.5, 1 / 3], at: [60_000, 120_000, 180_000].map((ms) => Date.UTC(2026, 0, 1) + ms), total: 3 },
    });
    expect(runs[1].series).toEqual({});
  });

  it('downsamples long series to at most maxPoints, keeping the endpoints and extremes unaltered', async () => {
    const run = newRun({ name: 'long' });
    await api.writer.runs.create(run);
    const value = (e: number) => (e === 137 ? 9 : e === 301 ? -9 : Math.sin(e / 10));
    // Stored directly: 400 logEpoch calls would time the writes, not the downsampling.
    await api.db.metric.createMany({
      data: Array.from({ length: 400 }, (_, i) => ({ runId: run.id, name: 'loss', step: i + 1, epoch: i + 1, value: value(i + 1), at: new Date(Date.UTC(2026, 0, 1, 0, i + 1)) })),
    });
    const { runs } = await api.anonymous.runs.curves({ runIds: [run.id], maxPoints: 25 });
    const s = runs[0].series.loss;
    expect(s.step.length).toBeLessThanOrEqual(25);
    expect(s.step.length).toBeGreaterThan(10);
    expect(s.total).toBe(400);
    expect(s.step[0]).toBe(1);
    expect(s.step.at(-1)).toBe(400);
    expect(s.value).toContain(9);
    expect(s.value).toContain(-9);
    s.step.forEach((e, i) => expect(s.value[i]).toBe(value(e)));
    expect(s.epoch).toEqual(s.step);
    expect([...s.step].sort((a, b) => a - b)).toEqual(s.step);
  });
});

describe('runs.misclassified', () => {
  it('lists the digits most confident first, filters by labels, and counts all matches', async () => {
    const all = await api.anonymous.runs.misclassified({ runId: ids.alpha });
    expect(all.total).toBe(3);
    expect(all.digits.map((d) => d.index)).toEqual([12, 40, 5]);
    expect(Buffer.from(all.digits[0].pixels, 'base64')).toHaveLength(784);
    expect(all.digits[0].probabilities).toHaveLength(10);
    const nines = await api.anonymous.runs.misclassified({ runId: ids.alpha, trueLabel: 9, sort: 'confidence-asc', limit: 1 });
    expect(nines.total).toBe(2);
    expect(nines.digits.map((d) => d.index)).toEqual([40]);
    const byIndex = await api.anonymous.runs.misclassified({ runId: ids.alpha, sort: 'index' });
    expect(byIndex.digits.map((d) => d.index)).toEqual([5, 12, 40]);
    const asSeven = await api.anonymous.runs.misclassified({ runId: ids.alpha, predictedLabel: 7 });
    expect(asSeven.digits.map((d) => [d.trueLabel, d.predictedLabel])).toEqual([[9, 7]]);
  });

  it('answers NOT_FOUND for an unknown run', async () => {
    await expect(api.anonymous.runs.misclassified({ runId: '77777777-7777-4777-8777-777777777777' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
