// Run management against a real database: rename, archive and restore in bulk, delete with everything a run logged;
// each refusal (bad input, an unknown id, a running sweep's trial) leaves every run as it was.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeValidationLog, MAX_BULK_RUNS, packEmbedding } from '@mnist-lab/contracts';
import { logFinishedRun, mistakes } from '../analysis/test-runs';
import { handleRestRequest } from '../openapi/rest-handler';
import { epochLog, finishedRun, newRun, openTestApi, queueTrial, rejection, TEST_TOKEN, type TestApi } from '../test-support';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

const AT = '2026-01-01T00:05:00.000Z';
const UNKNOWN = '00000000-0000-4000-8000-00000000beef';

async function startedRun(name = 'mlp-64-32'): Promise<string> {
  const run = newRun({ name });
  await api.writer.runs.create(run);
  return run.id;
}

/** A finished run with something in every table a run owns: points, digits, model, validation data and embedding. */
async function fullRun(name: string): Promise<string> {
  const runId = await startedRun(name);
  await api.writer.runs.logEpoch(epochLog(runId, 1, { loss: 0.5, val_accuracy: 0.8 }));
  await api.writer.runs.log({ runId, points: [{ name: 'batch_loss', step: 3, value: 0.7 }] });
  const labels = Array.from({ length: 20 }, (_, i) => i % 10);
  const predictions = labels.map((l, i) => (i === 3 ? (l + 1) % 10 : l));
  await api.writer.runs.logValidation(
    encodeValidationLog(runId, 1, { labels, predictions, confidences: labels.map(() => 0.9) }, { withSet: true, at: AT, pixelsOf: () => new Uint8Array(784).fill(9) }),
  );
  const truth = Array.from({ length: 30 }, (_, i) => i % 10);
  const embedding = packEmbedding('dense_1', Float32Array.from({ length: 30 * 8 }, (_, i) => Math.sin(i)), 8, truth, truth);
  await api.writer.runs.finish(
    finishedRun(runId, { model: { format: 'tfjs-layers', modelJson: { modelTopology: {} }, weights: Buffer.from([1, 2, 3]).toString('base64') }, embedding }),
  );
  return runId;
}

/** Rows per table that name a run by `runId`, for the given runs; every such table is found from the catalog. */
async function ownedRows(runIds: string[]): Promise<Record<string, number>> {
  const tables = await api.db.$queryRaw<{ table: string }[]>`
    SELECT table_name AS table FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'runId' ORDER BY 1`;
  const out: Record<string, number> = {};
  for (const { table } of tables) {
    const [{ n }] = await api.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "runId" = ANY($1::uuid[])`, runIds);
    out[table] = n;
  }
  return out;
}

/** Rows anywhere whose run is gone. */
async function orphans(): Promise<Record<string, number>> {
  const tables = await api.db.$queryRaw<{ table: string }[]>`
    SELECT table_name AS table FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'runId' ORDER BY 1`;
  const out: Record<string, number> = {};
  for (const { table } of tables) {
    const [{ n }] = await api.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" t WHERE NOT EXISTS (SELECT 1 FROM "Run" r WHERE r.id = t."runId")`,
    );
    out[table] = n;
  }
  const [{ n }] = await api.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Sweep" s WHERE s."bestRunId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r.id = s."bestRunId")`;
  out['Sweep.bestRunId'] = n;
  return out;
}

const names = async (ids: string[]) =>
  (await api.db.run.findMany({ where: { id: { in: ids } }, select: { name: true }, orderBy: { name: 'asc' } })).map((r) => r.name);
const archivedAt = async (ids: string[]) =>
  (await api.db.run.findMany({ where: { id: { in: ids } }, select: { archivedAt: true }, orderBy: { id: 'asc' } })).map((r) => r.archivedAt);

describe('runs.rename', () => {
  it('renames a run, trimmed, and the table shows the new name', async () => {
    const runId = await startedRun('before');
    expect(await api.writer.runs.rename({ runId, name: '  after  ' })).toEqual({ ok: true, name: 'after' });
    expect((await api.anonymous.runs.get({ id: runId })).name).toBe('after');
  });

  it('refuses an empty or overlong name in one line, an unknown run with 404 and an anonymous caller, renaming nothing', async () => {
    const runId = await startedRun('kept');
    for (const name of ['', '   ', 'x'.repeat(201), 'a\u0000b']) {
      const e = await rejection(api.writer.runs.rename({ runId, name }));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.message).toMatch(/^name: /);
      expect(e.message).not.toContain('\n');
    }
    const missing = await rejection(api.writer.runs.rename({ runId: UNKNOWN, name: 'x' }));
    expect([missing.code, missing.message]).toEqual(['NOT_FOUND', `run ${UNKNOWN} not found`]);
    expect((await rejection(api.anonymous.runs.rename({ runId, name: 'sneaky' }))).code).toBe('UNAUTHORIZED');
    expect(await names([runId])).toEqual(['kept']);
  });
});

describe('runs.archive and runs.restore', () => {
  it('take runs out of runs.list and its count and back, in bulk and idempotently; include and only list them', async () => {
    const tag = `arch-${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (const n of ['a1', 'a2', 'a3']) {
      const run = newRun({ name: n, tags: [tag] });
      await api.writer.runs.create(run);
      ids.push(run.id);
    }
    const listed = async (archived?: 'include' | 'only') => {
      const page = await api.anonymous.runs.list({ tag, sort: 'name', direction: 'asc', ...(archived && { archived }) });
      return { total: page.total, names: page.runs.map((r) => r.name) };
    };
    expect(await api.writer.runs.archive({ runIds: [ids[0], ids[2]] })).toEqual({ ok: true, changed: 2 });
    expect(await listed()).toEqual({ total: 1, names: ['a2'] });
    expect(await listed('include')).toEqual({ total: 3, names: ['a1', 'a2', 'a3'] });
    expect(await listed('only')).toEqual({ total: 2, names: ['a1', 'a3'] });
    const page = await api.anonymous.runs.list({ tag, archived: 'only' });
    expect(page.runs.every((r) => r.archivedAt !== null)).toBe(true);

    // Archiving again changes nothing, the first archivedAt included.
    const first = await archivedAt(ids);
    expect(await api.writer.runs.archive({ runIds: [ids[0], ids[0], ids[2]] })).toEqual({ ok: true, changed: 0 });
    expect(await archivedAt(ids)).toEqual(first);

    expect(await api.writer.runs.restore({ runIds: ids })).toEqual({ ok: true, changed: 2 });
    expect(await api.writer.runs.restore({ runIds: ids })).toEqual({ ok: true, changed: 0 });
    expect(await listed()).toEqual({ total: 3, names: ['a1', 'a2', 'a3'] });
    expect(await listed('only')).toEqual({ total: 0, names: [] });
  });

  it('refuse a batch naming an unknown run with a 404 naming the first one, and bad batches in one line, changing nothing', async () => {
    const ids = [await startedRun('r1'), await startedRun('r2')];
    const other = '00000000-0000-4000-8000-00000000cafe';
    const e = await rejection(api.writer.runs.archive({ runIds: [ids[0], UNKNOWN, ids[1], other] }));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', `run ${UNKNOWN} not found`]);
    expect(await archivedAt(ids)).toEqual([null, null]);

    await api.writer.runs.archive({ runIds: ids });
    const before = await archivedAt(ids);
    expect((await rejection(api.writer.runs.restore({ runIds: [ids[1], other] }))).message).toBe(`run ${other} not found`);
    expect(await archivedAt(ids)).toEqual(before);

    const bad: [unknown, RegExp][] = [
      [{ runIds: [] }, /^runIds: name at least one run$/],
      [{ runIds: ['not-a-uuid'] }, /^runIds\.0: run ids are UUIDs$/],
      [{ runIds: Array.from({ length: MAX_BULK_RUNS + 1 }, () => randomUUID()) }, /^runIds: at most 500 runs at a time: split the batch$/],
      [{}, /^runIds: /],
    ];
    for (const [input, message] of bad) {
      for (const call of [api.writer.runs.archive, api.writer.runs.restore, api.writer.runs.delete]) {
        const refused = await rejection(call(input as { runIds: string[] }));
        expect(refused.code).toBe('BAD_REQUEST');
        expect(refused.message).toMatch(message);
      }
    }
    expect((await rejection(api.anonymous.runs.restore({ runIds: ids }))).code).toBe('UNAUTHORIZED');
    expect((await rejection(api.anonymous.runs.delete({ runIds: ids }))).code).toBe('UNAUTHORIZED');
    expect(await archivedAt(ids)).toEqual(before);
  });

  it('accept a full batch of 500 runs', async () => {
    const ids = Array.from({ length: MAX_BULK_RUNS }, () => randomUUID());
    const now = new Date();
    await api.db.run.createMany({ data: ids.map((id) => ({ id, name: 'bulk', config: {}, backend: 'fused', startedAt: now, heartbeatAt: now })) });
    expect(await api.writer.runs.archive({ runIds: ids })).toEqual({ ok: true, changed: MAX_BULK_RUNS });
    expect(await api.writer.runs.delete({ runIds: ids })).toEqual({ ok: true, deleted: MAX_BULK_RUNS });
    expect(await api.db.run.count({ where: { id: { in: ids } } })).toBe(0);
  });
});

describe('runs.delete', () => {
  it('deletes runs with their points, digits, model, validation data and embedding, and leaves no orphan row anywhere', async () => {
    const doomed = [await fullRun('doomed-1'), await fullRun('doomed-2')];
    const kept = await fullRun('kept');
    const owned = await ownedRows(doomed);
    // Every table that holds a run's data had rows for these runs, so the check below means something.
    for (const table of ['Metric', 'MisclassifiedDigit', 'ModelArtifact', 'ValidationSet', 'ValidationEpoch', 'ValidationDigit', 'TestEmbedding']) {
      expect(owned[table], table).toBeGreaterThan(0);
    }
    const keptBefore = await ownedRows([kept]);

    expect(await api.writer.runs.delete({ runIds: doomed })).toEqual({ ok: true, deleted: 2 });
    expect(Object.values(await ownedRows(doomed)).every((n) => n === 0)).toBe(true);
    expect(Object.values(await orphans()).every((n) => n === 0)).toBe(true);
    expect(await ownedRows([kept])).toEqual(keptBefore);
    const gone = await rejection(api.anonymous.runs.get({ id: doomed[0] }));
    expect(gone.code).toBe('NOT_FOUND');
  });

  it('refuses a batch naming an unknown run (404, the first one) and deletes nothing of it', async () => {
    const ids = [await fullRun('stays-1'), await fullRun('stays-2')];
    const before = await ownedRows(ids);
    const e = await rejection(api.writer.runs.delete({ runIds: [ids[0], UNKNOWN, ids[1]] }));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', `run ${UNKNOWN} not found`]);
    expect(await names(ids)).toEqual(['stays-1', 'stays-2']);
    expect(await ownedRows(ids)).toEqual(before);
  });

  it("refuses a running sweep's trial with a one-line 409 naming the run and the sweep, deleting nothing of the batch", async () => {
    const sweepId = randomUUID();
    await api.db.sweep.create({ data: { id: sweepId, name: 'lr-sweep', method: 'grid', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 2 } });
    const trial = newRun({ name: 'lr-sweep-1', sweepId });
    await queueTrial(api.db, sweepId, trial);
    await api.writer.runs.create(trial);
    const loose = await fullRun('loose');
    const before = await ownedRows([loose, trial.id]);

    const e = await rejection(api.writer.runs.delete({ runIds: [loose, trial.id] }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(`run "lr-sweep-1" (${trial.id}) is a trial of sweep "lr-sweep", which is still running: stop the sweep first; nothing was deleted`);
    expect(await names([loose, trial.id])).toEqual(['loose', 'lr-sweep-1']);
    expect(await ownedRows([loose, trial.id])).toEqual(before);
    // Archiving a running sweep's trial only hides it, so it is allowed.
    expect(await api.writer.runs.archive({ runIds: [trial.id] })).toEqual({ ok: true, changed: 1 });
    // The sweep's page still lists it, marked: it is one of the sweep's trials.
    const trials = (await api.anonymous.sweeps.get({ id: sweepId })).trials;
    expect(trials.map((t) => [t.name, t.archived])).toEqual([['lr-sweep-1', true]]);
  });

  it("deletes a stopped sweep's trial and recomputes the sweep's best trial, which is no foreign key", async () => {
    const sweepId = randomUUID();
    await api.db.sweep.create({ data: { id: sweepId, name: 'stopped', method: 'grid', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 2 } });
    const trials = [newRun({ name: 'stopped-1', sweepId }), newRun({ name: 'stopped-2', sweepId })];
    for (const [i, t] of trials.entries()) {
      await queueTrial(api.db, sweepId, t);
      await api.writer.runs.create(t);
      await api.writer.runs.logEpoch(epochLog(t.id, 1, { val_accuracy: i === 0 ? 0.95 : 0.9 }));
      await api.writer.runs.finish(finishedRun(t.id));
    }
    await api.db.sweep.update({ where: { id: sweepId }, data: { status: 'stopped', bestRunId: trials[0].id, bestValue: 0.95 } });

    expect(await api.writer.runs.delete({ runIds: [trials[0].id] })).toEqual({ ok: true, deleted: 1 });
    expect(await api.db.sweep.findUniqueOrThrow({ where: { id: sweepId }, select: { status: true, bestRunId: true, bestValue: true } })).toEqual({
      status: 'stopped',
      bestRunId: trials[1].id,
      bestValue: 0.9,
    });
    expect((await orphans())['Sweep.bestRunId']).toBe(0);
  });
});

describe('lists that skip archived runs', () => {
  it("a sweep's hard digits leave its archived trials out and count them as skipped", async () => {
    const sweepId = randomUUID();
    await api.db.sweep.create({ data: { id: sweepId, name: 'hd', method: 'grid', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 3 } });
    const ids: string[] = [];
    for (const n of ['hd-1', 'hd-2', 'hd-3']) ids.push(await logFinishedRun(api, mistakes([1, 2]), { name: n, sweepId }));
    await api.writer.runs.archive({ runIds: [ids[2]] });
    const hard = await api.anonymous.analysis.hardDigits({ sweepId });
    expect(hard.runs.map((r) => r.name).sort()).toEqual(['hd-1', 'hd-2']);
    expect(hard.skippedRuns).toBe(1);
  });
});

describe('over the REST API', () => {
  const rest = (method: string, path: string, body: unknown, token = true) =>
    handleRestRequest(
      new Request(`http://127.0.0.1/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${TEST_TOKEN}` }) },
        body: JSON.stringify(body),
      }),
      { runtime: api.runtime, maxBodyBytes: 1 << 20, onInternalError: (e) => expect(e).toBeUndefined() },
    );

  it('renames with PUT /runs/{runId}/name and archives, restores and deletes with POST /runs/archive|restore|delete', async () => {
    const runId = await startedRun('rest-before');
    const renamed = await rest('PUT', `/runs/${runId}/name`, { name: 'rest-after' });
    expect([renamed.status, await renamed.json()]).toEqual([200, { ok: true, name: 'rest-after' }]);
    expect((await rest('POST', '/runs/archive', { runIds: [runId] })).status).toBe(200);
    expect((await archivedAt([runId]))[0]).not.toBeNull();
    expect((await rest('POST', '/runs/restore', { runIds: [runId] })).status).toBe(200);
    expect(await archivedAt([runId])).toEqual([null]);
    const anonymous = await rest('POST', '/runs/delete', { runIds: [runId] }, false);
    expect(anonymous.status).toBe(401);
    const bad = await rest('POST', '/runs/delete', { runIds: 'all' });
    expect([bad.status, ((await bad.json()) as { message: string }).message]).toEqual([400, expect.stringMatching(/^runIds: /)]);
    expect(await names([runId])).toEqual(['rest-after']);
    expect(await (await rest('POST', '/runs/delete', { runIds: [runId] })).json()).toEqual({ ok: true, deleted: 1 });
    expect(await names([runId])).toEqual([]);
  });
});
