// Group commit of logEpoch: epochs of many runs written together, each answered on its own, none lost or doubled.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlPool, type Db } from '@mnist-lab/db';
import { epochLog, newRun, openTestApi, rejection, type TestApi } from '../test-support';
import { GroupCommit } from './group-commit';
import { storeWrites, type PointWrite, type WriteOutcome } from './point-writes';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function runs(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const run = newRun();
    await api.writer.runs.create(run);
    ids.push(run.id);
  }
  return ids;
}

function epochWrite(runId: string, epoch: number, metrics: Record<string, number>): PointWrite {
  return { runId, replaceEpoch: epoch, points: Object.entries(metrics).map(([name, value]) => ({ name, step: epoch, epoch, value })) };
}

async function points(runId: string): Promise<{ name: string; step: number; value: number }[]> {
  return api.db.metric.findMany({ where: { runId }, select: { name: true, step: true, value: true }, orderBy: [{ step: 'asc' }, { name: 'asc' }] });
}

/** A GroupCommit over the test store that records the size of each statement's group. */
function recorded(): { commit: GroupCommit; groups: number[] } {
  const groups: number[] = [];
  const commit = new GroupCommit(api.db, (db: Db, writes: readonly PointWrite[]) => {
    groups.push(writes.length);
    return storeWrites(db, writes);
  });
  return { commit, groups };
}

describe('storeWrites over several runs in one statement', () => {
  it('gives each write its own answer: a missing run its 404, an ended one its 409, the others stored', async () => {
    const [live, ended, other] = await runs(3);
    await api.writer.runs.end({ runId: ended, status: 'stopped', endedAt: new Date().toISOString() });
    const missing = randomUUID();
    const outcomes = await storeWrites(api.db, [
      epochWrite(live, 1, { loss: 0.5, val_loss: 0.6 }),
      epochWrite(ended, 1, { loss: 0.4 }),
      epochWrite(missing, 1, { loss: 0.3 }),
      epochWrite(other, 1, { loss: 0.2, val_accuracy: 0.9 }),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    const errorOf = (o: WriteOutcome) => (o.ok ? undefined : (o.error as { code: string; message: string }));
    expect(errorOf(outcomes[1])).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is stopped') });
    expect(errorOf(outcomes[2])).toMatchObject({ code: 'NOT_FOUND' });
    expect(await points(live)).toEqual([
      { name: 'loss', step: 1, value: 0.5 },
      { name: 'val_loss', step: 1, value: 0.6 },
    ]);
    expect(await points(ended)).toEqual([]);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ lastEpoch: 1, bestValAccuracy: 0.9, bestEpoch: 1, bestValLoss: null });
    expect(await api.db.run.findUniqueOrThrow({ where: { id: live } })).toMatchObject({ lastEpoch: 1, bestValLoss: 0.6, bestEpoch: 1 });
  });

  it('stores the others when one write makes the statement fail, and that write answers its own error', async () => {
    const [bad, good] = await runs(2);
    // A step past PostgreSQL's int (the schema bounds it; storeWrites is below the schema) fails the whole statement.
    const outcomes = await storeWrites(api.db, [
      { runId: bad, points: [{ name: 'loss', step: 2 ** 31, epoch: 1, value: 1 }], replaceEpoch: 1 },
      epochWrite(good, 1, { loss: 0.5 }),
    ]);
    expect(outcomes[0].ok).toBe(false);
    expect(outcomes[1]).toEqual({ ok: true, stored: 1 });
    expect(await points(bad)).toEqual([]);
    expect(await points(good)).toEqual([{ name: 'loss', step: 1, value: 0.5 }]);
  });

  it('replaces a re-logged epoch of one run and recomputes its bests while storing another run’s new epoch', async () => {
    const [a, b] = await runs(2);
    await storeWrites(api.db, [epochWrite(a, 1, { val_loss: 0.2 }), epochWrite(b, 1, { val_loss: 0.5 })]);
    // a's epoch 1 again, worse and at another step: the old point goes, and the best is what is stored now.
    const outcomes = await storeWrites(api.db, [
      { runId: a, replaceEpoch: 1, points: [{ name: 'val_loss', step: 7, epoch: 1, value: 0.4 }] },
      epochWrite(b, 2, { val_loss: 0.3 }),
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(await points(a)).toEqual([{ name: 'val_loss', step: 7, value: 0.4 }]);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ bestValLoss: 0.4, bestEpoch: 1 });
    expect(await api.db.run.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ bestValLoss: 0.3, bestEpoch: 2, lastEpoch: 2 });
  });
});

describe('logEpoch under group commit', () => {
  it('writes epochs that arrive while a statement is in flight together, each answered with its own outcome', async () => {
    const ids = await runs(8);
    const { commit, groups } = recorded();
    const outcomes = await Promise.all(ids.map((id, i) => commit.submit(epochWrite(id, 1, { loss: i }))));
    expect(outcomes).toEqual(ids.map(() => ({ ok: true, stored: 1 })));
    // The first goes at once, alone; the others gathered while it was in flight.
    expect(groups[0]).toBe(1);
    expect(Math.max(...groups)).toBeGreaterThan(1);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(8);
    for (const [i, id] of ids.entries()) expect(await points(id)).toEqual([{ name: 'loss', step: 1, value: i }]);
  });

  it('keeps one run’s writes in the order they came: the later value of a re-logged epoch is the one stored', async () => {
    const [id] = await runs(1);
    const { commit, groups } = recorded();
    const outcomes = await Promise.all([
      commit.submit(epochWrite(id, 1, { loss: 0.9 })),
      commit.submit(epochWrite(id, 1, { loss: 0.8 })),
      commit.submit(epochWrite(id, 1, { loss: 0.7 })),
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    // One UPDATE takes a run's row once: each write of the run went in a statement of its own.
    expect(groups).toEqual([1, 1, 1]);
    expect(await points(id)).toEqual([{ name: 'loss', step: 1, value: 0.7 }]);
  });

  it('loses and doubles nothing with 8 writers back to back, each epoch sent twice, and refuses only the ended run', async () => {
    const ids = await runs(8);
    const [ended, ...live] = ids;
    await api.writer.runs.end({ runId: ended, status: 'failed', error: 'out of memory', endedAt: new Date().toISOString() });
    const EPOCHS = 12;
    const metrics = (epoch: number, i: number) => ({ loss: 1 / epoch + i, val_loss: 2 / epoch + i, val_accuracy: 1 - 1 / (epoch + 1) });
    const answers = await Promise.all(
      ids.map(async (id, i) => {
        const got: string[] = [];
        for (let epoch = 1; epoch <= EPOCHS; epoch++) {
          // A replay in flight beside the first send, as a client retrying after a lost answer would.
          const sends = [api.writer.runs.logEpoch(epochLog(id, epoch, metrics(epoch, i))), api.writer.runs.logEpoch(epochLog(id, epoch, metrics(epoch, i)))];
          for (const s of await Promise.allSettled(sends)) got.push(s.status === 'fulfilled' ? 'ok' : String((s.reason as { code?: string }).code));
        }
        return got;
      }),
    );
    expect(answers[0]).toEqual(Array(2 * EPOCHS).fill('CONFLICT'));
    for (const a of answers.slice(1)) expect(a).toEqual(Array(2 * EPOCHS).fill('ok'));
    expect(await points(ended)).toEqual([]);
    for (const [j, id] of live.entries()) {
      const i = j + 1;
      const stored = await points(id);
      expect(stored).toHaveLength(3 * EPOCHS);
      expect(stored.filter((p) => p.name === 'loss').map((p) => p.value)).toEqual(Array.from({ length: EPOCHS }, (_, e) => metrics(e + 1, i).loss));
      expect(await api.db.run.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'running',
        lastEpoch: EPOCHS,
        bestValLoss: metrics(EPOCHS, i).val_loss,
        bestEpoch: EPOCHS,
      });
    }
    const e = await rejection(api.writer.runs.logEpoch(epochLog(ended, 1, { loss: 1 })));
    expect(e.message).toContain('is failed');
  });

  it('does not hold other runs’ epochs behind a statement waiting on a locked row', async () => {
    const [locked, free] = await runs(2);
    const { commit } = recorded();
    const holder = await sqlPool(api.db).connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "Run" WHERE id = $1::uuid FOR UPDATE`, [locked]);
      let lockedDone = false;
      const waiting = commit.submit(epochWrite(locked, 1, { loss: 1 })).then((o) => ((lockedDone = true), o));
      await new Promise((r) => setTimeout(r, 10));
      const other = await commit.submit(epochWrite(free, 1, { loss: 2 }));
      expect(other).toEqual({ ok: true, stored: 1 });
      expect(lockedDone).toBe(false);
      await holder.query('COMMIT');
      expect(await waiting).toEqual({ ok: true, stored: 1 });
    } finally {
      holder.release();
    }
    expect(await points(locked)).toEqual([{ name: 'loss', step: 1, value: 1 }]);
  });
});
