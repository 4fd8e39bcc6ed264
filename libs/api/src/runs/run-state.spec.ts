// The run state machine as a careless client meets it: every write from every status, replays, and what a refusal leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeValidationLog, RUN_STATUSES, type RunStatus } from '@mnist-lab/contracts';
import { epochLog, finishedRun, newRun, openTestApi, rejection, type TestApi } from '../test-support';
import { canTransition, RUN_TRANSITIONS, type RunEvent } from './run-state';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(() => api.close());

const ENDED_AT = '2026-01-01T00:10:00.000Z';

/** A run with two epochs and stored test results, then put in `status` as the server would have it. */
async function runIn(status: RunStatus): Promise<string> {
  const run = newRun();
  await api.writer.runs.create(run);
  await api.writer.runs.logEpoch(epochLog(run.id, 1, { loss: 0.5, val_accuracy: 0.9 }));
  await api.writer.runs.logEpoch(epochLog(run.id, 2, { loss: 0.3, val_accuracy: 0.95 }));
  await api.writer.runs.finish(finishedRun(run.id, { endedAt: ENDED_AT }));
  await api.db.run.update({ where: { id: run.id }, data: { status, endedAt: status === 'running' || status === 'queued' ? null : new Date(ENDED_AT) } });
  return run.id;
}

/** Everything a write could change: the row, its points, its digits. */
async function snapshot(runId: string) {
  const { heartbeatAt: _, ...row } = await api.db.run.findUniqueOrThrow({ where: { id: runId } });
  const metrics = await api.db.metric.findMany({ where: { runId }, orderBy: [{ name: 'asc' }, { step: 'asc' }] });
  const digits = await api.db.misclassifiedDigit.findMany({ where: { runId }, orderBy: { testIndex: 'asc' } });
  return { row, metrics, digits };
}

type Write = { event: RunEvent; call: (runId: string) => Promise<unknown> };
const WRITES: Record<string, Write> = {
  'runs.log': { event: 'log', call: (runId) => api.writer.runs.log({ runId, points: [{ name: 'loss', step: 7, value: 0.1 }] }) },
  'runs.logEpoch': { event: 'log', call: (runId) => api.writer.runs.logEpoch(epochLog(runId, 2, { loss: 9, val_accuracy: 0.1 })) },
  'runs.logValidation': {
    event: 'log-validation',
    call: (runId) =>
      api.writer.runs.logValidation(encodeValidationLog(runId, 2, { labels: [1, 2], predictions: [1, 3], confidences: [0.9, 0.6] }, { withSet: true, at: ENDED_AT })),
  },
  'runs.finish': {
    event: 'finish',
    call: (runId) =>
      api.writer.runs.finish(finishedRun(runId, { endedAt: '2026-01-01T00:20:00.000Z', testAccuracy: 0.5, misclassified: finishedRun(runId).misclassified.slice(0, 1), misclassifiedCount: 1 })),
  },
  'runs.end failed': { event: 'fail', call: (runId) => api.writer.runs.end({ runId, status: 'failed', error: 'boom', endedAt: '2026-01-01T00:20:00.000Z' }) },
  'runs.end stopped': { event: 'stop', call: (runId) => api.writer.runs.end({ runId, status: 'stopped', endedAt: '2026-01-01T00:20:00.000Z' }) },
};

describe('every client write from every status', { timeout: 120_000 }, () => {
  const cases = RUN_STATUSES.flatMap((status) => Object.keys(WRITES).map((write) => [status, write] as const));
  it.each(cases)('%s run, %s', async (status, write) => {
    const runId = await runIn(status);
    const before = await snapshot(runId);
    const { event, call } = WRITES[write];
    if (canTransition(status, event)) {
      await call(runId);
      const after = await api.db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(after.status).toBe(RUN_TRANSITIONS[event].to);
    } else {
      const e = await rejection(call(runId));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toContain(`run ${runId} is ${status}`);
      expect(await snapshot(runId)).toEqual(before);
    }
  });
});

describe('replays and late arrivals', () => {
  it('a finish replayed as sent is a no-op; a second, different finish is a 409 and the stored digits stay', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const finish = finishedRun(run.id, { endedAt: ENDED_AT });
    await api.writer.runs.finish(finish);
    const stored = await snapshot(run.id);
    await api.writer.runs.finish(finish);
    expect(await snapshot(run.id)).toEqual(stored);
    const e = await rejection(api.writer.runs.finish(finishedRun(run.id, { endedAt: '2026-01-01T00:11:00.000Z', misclassified: [], testAccuracy: 1 })));
    expect(e.message).toBe(`run ${run.id} is finished: its results are stored; it cannot be finished`);
    expect(await snapshot(run.id)).toEqual(stored);
  });

  it('an end replayed as sent is a no-op; another end of an ended run is a 409', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const end = { runId: run.id, status: 'failed' as const, error: 'out of memory', endedAt: ENDED_AT };
    await api.writer.runs.end(end);
    await api.writer.runs.end(end);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect((await rejection(api.writer.runs.end({ ...end, status: 'stopped' }))).message).toBe(`run ${run.id} is failed; it cannot be marked stopped`);
    expect((await rejection(api.writer.runs.end({ ...end, error: 'another' }))).code).toBe('CONFLICT');
    expect((await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).error).toBe('out of memory');
  });

  it('a crashed run whose spool arrives late takes its points and its finish', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    await api.db.run.update({ where: { id: run.id }, data: { status: 'crashed', error: 'no heartbeat for 90s', endedAt: new Date() } });
    await api.writer.runs.log({ runId: run.id, points: [{ name: 'loss', step: 1, value: 0.4 }] });
    await api.db.run.update({ where: { id: run.id }, data: { status: 'crashed' } });
    await api.writer.runs.finish(finishedRun(run.id));
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'finished', error: null, testAccuracy: 0.975 });
  });

  it('a heartbeat revives a crashed run; an ended run answers 409 naming its status and writes nothing', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    await api.db.run.update({ where: { id: run.id }, data: { status: 'crashed' } });
    expect(await api.writer.runs.heartbeat({ runId: run.id })).toEqual({ ok: true, status: 'running' });
    await api.writer.runs.finish(finishedRun(run.id));
    const finished = await api.db.run.findUniqueOrThrow({ where: { id: run.id } });
    const e = await rejection(api.writer.runs.heartbeat({ runId: run.id }));
    expect([e.code, e.message]).toEqual(['CONFLICT', `run ${run.id} is finished: it has ended and takes no heartbeats`]);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toEqual(finished);
    const stopped = newRun();
    await api.writer.runs.create(stopped);
    await api.writer.runs.end({ runId: stopped.id, status: 'stopped', endedAt: new Date().toISOString() });
    expect((await rejection(api.writer.runs.heartbeat({ runId: stopped.id }))).message).toBe(`run ${stopped.id} is stopped: it has ended and takes no heartbeats`);
  });

  it('points for a run that does not exist are a 404, not a 409', async () => {
    const missing = '66666666-6666-4666-8666-666666666666';
    expect((await rejection(api.writer.runs.log({ runId: missing, points: [{ name: 'loss', step: 1, value: 1 }] }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.writer.runs.logEpoch(epochLog(missing, 1, { loss: 1 })))).code).toBe('NOT_FOUND');
  });
});
