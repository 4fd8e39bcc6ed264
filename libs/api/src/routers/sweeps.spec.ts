// sweeps.*: trials handed out once each under concurrency, lost leases re-handed, pruning, best tracking, status changes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { epochLog, finishedRun, newRun } from '../test-support';
import { nextTrial } from '../sweeps/next-trial';
import { TRIAL_ATTEMPTS } from '../sweeps/queue';
import { SweepSignals } from '../sweeps/signals';
import { asSuggestionHistory, loadSuggestionHistory, loadTrials } from '../sweeps/trials';
import { expectAssignment, gridConfig, isAssignment, openSweepTestApi, runTrial, type SweepTestApi } from '../sweeps/sweep-test-api';

let t: SweepTestApi;
beforeAll(async () => {
  t = await openSweepTestApi(60);
}, 60_000);
afterAll(() => t?.close());

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** Makes a trial's agent look dead: its last sign of life is older than the crash window. */
async function silence(runId: string): Promise<void> {
  await t.db.run.update({ where: { id: runId }, data: { heartbeatAt: new Date(Date.now() - 2 * 60_000) } });
}

const nextFor = (sweepId: string, agentId: string) => t.writer.sweeps.nextTrial({ sweepId, agentId });

/** Each test drives several trials through the real store: seconds on a busy machine. */
const slow = { timeout: 60_000 };

describe('sweeps.create', slow, () => {
  it('stores the parsed config as a running sweep with its seed', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ name: 'lr-bs' }), seed: 7 });
    const sweep = await t.writer.sweeps.get({ id });
    expect(sweep).toMatchObject({ name: 'lr-bs', method: 'grid', metric: 'val_accuracy', goal: 'maximize', status: 'running', maxTrials: 6, seed: 7 });
    expect(sweep.trials).toEqual([]);
    expect(sweep.plannedTrials).toBe(6);
    const roomy = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 10 }), seed: 0 });
    // maxTrials 10, but a 3 x 2 grid has only 6 configurations.
    expect((await t.writer.sweeps.get({ id: roomy.id })).plannedTrials).toBe(6);
    const listed = (await t.writer.sweeps.list()).sweeps.find((s) => s.id === id);
    expect(listed?.progress).toMatchObject({ queued: 0, running: 0, finished: 0 });
  });

  it('answers a bad config with 400 and one line naming the key', async () => {
    const bad = { name: 'x', method: 'grid', parameters: { dropout: { distribution: 'uniform', min: 0, max: 0.5 } } } as const;
    const error = await rejection(t.writer.sweeps.create({ config: bad, seed: 0 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^config\.parameters\.dropout: a grid sweep needs values/);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a grid of more configurations than a sweep may run (it could never hand out a trial), storing nothing', async () => {
    // 73 x 137 = 10,001 grid points, one more than MAX_SWEEP_TRIALS.
    const learningRate = { values: Array.from({ length: 73 }, (_, i) => (i + 1) / 1e4) };
    const batchSize = { values: Array.from({ length: 137 }, (_, i) => i + 1) };
    const before = await t.db.sweep.count();
    const error = await rejection(t.writer.sweeps.create({ config: { name: 'huge', method: 'grid', parameters: { learningRate, batchSize } }, seed: 0 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'config.parameters: the grid has 10,001 configurations, more than the 10,000 trials a sweep may run: narrow it, or set maxTrials to run part of it',
    );
    expect(await t.db.sweep.count()).toBe(before);
    // The same grid with maxTrials runs part of it, and hands its first trial out.
    const { id } = await t.writer.sweeps.create({ config: { name: 'part', method: 'grid', maxTrials: 3, parameters: { learningRate, batchSize } }, seed: 0 });
    expectAssignment(await t.writer.sweeps.nextTrial({ sweepId: id, agentId: 'agent-huge' }));
  });

  it('needs the token', async () => {
    expect((await rejection(t.anonymous.sweeps.create({ config: gridConfig(), seed: 0 }))).code).toBe('UNAUTHORIZED');
  });
});

describe('sweeps.nextTrial', slow, () => {
  it('never hands the same trial to two agents asking at once, and hands out every grid point once', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig(), seed: 0 });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => nextFor(id, `agent-${i}`)));
    const trials = answers.filter(isAssignment);
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((a) => a.runId)).size).toBe(6);
    const points = trials.map((a) => `${a.hyperparams.learningRate}/${a.hyperparams.batchSize}`);
    expect(new Set(points).size).toBe(6);
    expect(trials.map((a) => a.trial).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(answers.filter((a) => !isAssignment(a))).toEqual([{ wait: expect.any(Number) }, { wait: expect.any(Number) }]);
    const runs = await t.db.run.findMany({ where: { sweepId: id } });
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.status === 'queued' && r.agentId !== null)).toBe(true);
  });

  it('starts the queued run when its agent creates it; a replayed create changes nothing', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig(), seed: 0 });
    const a = expectAssignment(await nextFor(id, 'a'));
    await t.writer.runs.create(newRun({ id: a.runId, name: a.name, config: a.hyperparams, sweepId: id, backend: 'wasm' }));
    await t.writer.runs.end({ runId: a.runId, status: 'failed', error: 'boom', endedAt: new Date().toISOString() });
    await t.writer.runs.create(newRun({ id: a.runId, name: a.name, config: a.hyperparams, sweepId: id }));
    const run = await t.db.run.findUniqueOrThrow({ where: { id: a.runId } });
    expect(run).toMatchObject({ status: 'failed', backend: 'wasm', trialNumber: 1 });
  });

  it('never hands out a finished trial again, and finishes the sweep with its best run when all are done', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig(), seed: 0 });
    const accuracy = [0.91, 0.95, 0.9, 0.97, 0.92, 0.93];
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const a = expectAssignment(await nextFor(id, 'solo'));
      seen.push(a.runId);
      await runTrial(t.writer, a, id, [accuracy[i] - 0.1, accuracy[i]]);
      const outcome = await t.writer.sweeps.completeTrial({ runId: a.runId });
      expect(outcome.status).toBe('finished');
      expect(outcome.sweep.status).toBe(i < 5 ? 'running' : 'finished');
    }
    expect(new Set(seen).size).toBe(6);
    expect(await nextFor(id, 'late')).toEqual({ done: true, status: 'finished' });
    const sweep = await t.writer.sweeps.get({ id });
    expect(sweep.status).toBe('finished');
    expect(sweep.bestRunId).toBe(seen[3]);
    expect(sweep.bestValue).toBe(0.97);
    expect(sweep.progress).toMatchObject({ finished: 6, queued: 0, running: 0 });
    expect(sweep.trials.map((x) => x.value)).toEqual(accuracy);
    expect(sweep.trials[0]).toMatchObject({ trial: 1, status: 'finished', pruned: false, epochs: 2, params: { learningRate: 0.001, batchSize: 32, epochs: 3 } });
  });

  it('hands a trial whose agent went silent to another agent under the same run id, its epochs dropped', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 2 }), seed: 0 });
    const first = expectAssignment(await nextFor(id, 'doomed'));
    await runTrial(t.writer, first, id, [0.5, 0.6], false);
    await silence(first.runId);
    const again = expectAssignment(await nextFor(id, 'rescuer'));
    expect(again.runId).toBe(first.runId);
    expect(again.trial).toBe(1);
    const reset = await t.db.run.findUniqueOrThrow({ where: { id: first.runId }, include: { metrics: true } });
    expect(reset).toMatchObject({ status: 'queued', agentId: 'rescuer', lastEpoch: 0 });
    expect(reset.metrics).toEqual([]);

    await runTrial(t.writer, again, id, [0.8, 0.9, 0.92]);
    await t.writer.sweeps.completeTrial({ runId: again.runId });
    // A slow copy of the lost agent still reporting changes nothing: the trial is finished and stays out of the queue.
    await silence(first.runId);
    const second = expectAssignment(await nextFor(id, 'other'));
    expect(second.runId).not.toBe(first.runId);
    await runTrial(t.writer, second, id, [0.7]);
    await t.writer.sweeps.completeTrial({ runId: second.runId });
    expect(await nextFor(id, 'other')).toEqual({ done: true, status: 'finished' });
    const runs = await t.db.run.findMany({ where: { sweepId: id }, include: { metrics: { where: { name: 'val_accuracy' } } } });
    expect(runs).toHaveLength(2);
    expect(runs.find((r) => r.id === first.runId)?.metrics.map((m) => m.value).sort()).toEqual([0.8, 0.9, 0.92]);
  });

  it(`gives up on a trial that loses its agent ${TRIAL_ATTEMPTS} times`, async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
    let runId = '';
    for (let attempt = 1; attempt <= TRIAL_ATTEMPTS; attempt++) {
      const a = expectAssignment(await nextFor(id, `agent-${attempt}`));
      runId ||= a.runId;
      expect(a.runId).toBe(runId);
      await silence(runId);
    }
    expect(await nextFor(id, 'last')).toEqual({ done: true, status: 'finished' });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(`lost its agent ${TRIAL_ATTEMPTS} times`);
  });

  it('answers an unknown sweep with 404', async () => {
    expect((await rejection(nextFor(randomUUID(), 'a'))).code).toBe('NOT_FOUND');
  });

  // Held for a minute (longer than the test's timeout): only the change can answer these agents in time.
  const heldFor = (sweepId: string, agentId: string) => {
    const signals = t.runtime.sweepSignals;
    if (!signals) throw new Error('the sweep test API listens for sweep changes');
    let answered = false;
    const answer = nextTrial(t.db, signals, { sweepId, agentId }, 60, 60_000).finally(() => (answered = true));
    return { answer, answered: () => answered };
  };

  it('holds an idle agent while the last trial runs, and answers it as soon as that trial settles the sweep', { timeout: 20_000 }, async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
    const a = expectAssignment(await nextFor(id, 'a'));
    const b = heldFor(id, 'b');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(b.answered()).toBe(false);
    await runTrial(t.writer, a, id, [0.9]);
    await t.writer.sweeps.completeTrial({ runId: a.runId });
    expect(await b.answer).toEqual({ done: true, status: 'finished' });
  });

  it('hands a trial its agent gave back straight to an agent held waiting', { timeout: 20_000 }, async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
    const a = expectAssignment(await nextFor(id, 'a'));
    const b = heldFor(id, 'b');
    await runTrial(t.writer, a, id, [0.8], false);
    await t.writer.runs.end({ runId: a.runId, status: 'stopped', endedAt: new Date().toISOString() });
    await t.writer.sweeps.completeTrial({ runId: a.runId });
    expect(expectAssignment(await b.answer).runId).toBe(a.runId);
  });

  it('lets a held agent go when the sweep is stopped', { timeout: 20_000 }, async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
    expectAssignment(await nextFor(id, 'a'));
    const b = heldFor(id, 'b');
    await t.writer.sweeps.stop({ id });
    expect(await b.answer).toEqual({ done: true, status: 'stopped' });
  });
});

describe('sweeps.shouldPrune', slow, () => {
  const median = gridConfig({
    name: 'median',
    parameters: { learningRate: { values: [0.001, 0.002, 0.003, 0.004, 0.005] }, epochs: 4 },
    earlyTermination: { type: 'median', minEpochs: 2 },
  });

  it('prunes a trial behind the median of its peers at the same epoch, records it, and spares the others', async () => {
    const { id } = await t.writer.sweeps.create({ config: median, seed: 0 });
    const peers = [];
    for (const curve of [[0.8, 0.9], [0.82, 0.91], [0.79, 0.88]]) {
      const a = expectAssignment(await nextFor(id, 'peer'));
      await runTrial(t.writer, a, id, curve, false);
      peers.push(a);
    }
    const behind = expectAssignment(await nextFor(id, 'slow'));
    await runTrial(t.writer, behind, id, [0.5], false);
    // One epoch is under minEpochs: too early to judge.
    expect(await t.writer.sweeps.shouldPrune({ runId: behind.runId })).toEqual({ prune: false });
    await t.writer.runs.logEpoch({ runId: behind.runId, epoch: 2, metrics: { val_accuracy: 0.6 }, at: new Date().toISOString() });
    expect(await t.writer.sweeps.shouldPrune({ runId: behind.runId })).toEqual({ prune: true });
    expect(await t.writer.sweeps.shouldPrune({ runId: peers[1].runId })).toEqual({ prune: false });

    await t.writer.runs.finish(finishedRun(behind.runId));
    await t.writer.sweeps.completeTrial({ runId: behind.runId });
    const trial = (await t.writer.sweeps.get({ id })).trials.find((x) => x.runId === behind.runId);
    expect(trial).toMatchObject({ status: 'finished', pruned: true, epochs: 2, value: 0.6 });
    expect((await t.writer.sweeps.get({ id })).progress).toMatchObject({ finished: 1, pruned: 1 });
  });

  it('Hyperband judges each trial within its bracket, by trial number, at its bracket\'s rungs', async () => {
    const hyperband = gridConfig({
      name: 'hyperband',
      parameters: { learningRate: { values: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006] }, epochs: 4 },
      earlyTermination: { type: 'hyperband', minEpochs: 1, eta: 2, brackets: 2 },
    });
    const { id } = await t.writer.sweeps.create({ config: hyperband, seed: 0 });
    const trials = [];
    for (let i = 0; i < 4; i++) trials.push(expectAssignment(await nextFor(id, `agent-${i}`)));
    expect(trials.map((x) => x.trial)).toEqual([1, 2, 3, 4]);
    // Trials 1 and 3 are bracket 0 (rungs at epochs 1, 2, 4), trials 2 and 4 bracket 1 (rungs at 2, 4).
    await runTrial(t.writer, trials[0], id, [0.9], false);
    await runTrial(t.writer, trials[1], id, [0.95], false);
    await runTrial(t.writer, trials[2], id, [0.5], false);
    await runTrial(t.writer, trials[3], id, [0.4], false);
    expect(await t.writer.sweeps.shouldPrune({ runId: trials[2].runId })).toEqual({ prune: true });
    expect(await t.writer.sweeps.shouldPrune({ runId: trials[0].runId })).toEqual({ prune: false });
    // Epoch 1 is no rung of bracket 1; at epoch 2 trial 4 trails trial 2.
    expect(await t.writer.sweeps.shouldPrune({ runId: trials[3].runId })).toEqual({ prune: false });
    await t.writer.runs.logEpoch({ runId: trials[1].runId, epoch: 2, metrics: { val_accuracy: 0.96 }, at: new Date().toISOString() });
    await t.writer.runs.logEpoch({ runId: trials[3].runId, epoch: 2, metrics: { val_accuracy: 0.45 }, at: new Date().toISOString() });
    expect(await t.writer.sweeps.shouldPrune({ runId: trials[3].runId })).toEqual({ prune: true });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: trials[3].runId } })).pruned).toBe(true);
  });

  it('never prunes when the sweep has no early-termination rule', async () => {
    const { id } = await t.writer.sweeps.create({ config: { ...median, earlyTermination: { type: 'none' } }, seed: 0 });
    for (const curve of [[0.8, 0.9], [0.82, 0.91], [0.79, 0.88]]) await runTrial(t.writer, expectAssignment(await nextFor(id, 'p')), id, curve, false);
    const behind = expectAssignment(await nextFor(id, 'slow'));
    await runTrial(t.writer, behind, id, [0.1, 0.1], false);
    expect(await t.writer.sweeps.shouldPrune({ runId: behind.runId })).toEqual({ prune: false });
  });

  it('refuses a run outside any sweep', async () => {
    const run = newRun();
    await t.writer.runs.create(run);
    expect((await rejection(t.writer.sweeps.shouldPrune({ runId: run.id }))).code).toBe('BAD_REQUEST');
  });
});

describe('sweep status', slow, () => {
  it('tracks the best run for a minimised metric', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ metric: 'val_loss', maxTrials: 3 }), seed: 0 });
    const runs = [];
    for (const acc of [0.9, 0.96, 0.93]) {
      const a = expectAssignment(await nextFor(id, 'a'));
      await runTrial(t.writer, a, id, [acc - 0.05, acc]);
      await t.writer.sweeps.completeTrial({ runId: a.runId });
      runs.push(a.runId);
    }
    const sweep = await t.writer.sweeps.get({ id });
    expect(sweep).toMatchObject({ goal: 'minimize', bestRunId: runs[1], status: 'finished' });
    expect(sweep.bestValue).toBeCloseTo(0.04);
  });

  it('stops: nothing more is handed out; resumes: the interrupted trial runs again, finished ones never', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 3 }), seed: 0 });
    const done = expectAssignment(await nextFor(id, 'a'));
    await runTrial(t.writer, done, id, [0.9]);
    await t.writer.sweeps.completeTrial({ runId: done.runId });
    const cut = expectAssignment(await nextFor(id, 'a'));
    await runTrial(t.writer, cut, id, [0.8], false);

    expect(await t.writer.sweeps.stop({ id })).toMatchObject({ status: 'stopped' });
    await t.writer.runs.end({ runId: cut.runId, status: 'stopped', endedAt: new Date().toISOString() });
    expect((await t.writer.sweeps.completeTrial({ runId: cut.runId })).sweep.status).toBe('stopped');
    expect(await nextFor(id, 'b')).toEqual({ done: true, status: 'stopped' });

    expect(await t.writer.sweeps.resume({ id })).toMatchObject({ status: 'running' });
    const resumed = expectAssignment(await nextFor(id, 'b'));
    expect(resumed.runId).toBe(cut.runId);
    await runTrial(t.writer, resumed, id, [0.85]);
    await t.writer.sweeps.completeTrial({ runId: resumed.runId });
    const last = expectAssignment(await nextFor(id, 'b'));
    expect([done.runId, cut.runId]).not.toContain(last.runId);
    await runTrial(t.writer, last, id, [0.7]);
    expect((await t.writer.sweeps.completeTrial({ runId: last.runId })).sweep.status).toBe('finished');
    expect((await rejection(t.writer.sweeps.resume({ id }))).code).toBe('CONFLICT');
    expect(await t.db.run.count({ where: { sweepId: id } })).toBe(3);
  });

  it('a sweep whose stored config no longer parses is shown, and asking it for a trial is a 409, not a crash', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig(), seed: 0 });
    await t.db.sweep.update({ where: { id }, data: { config: { name: 'grid', method: 'annealing', parameters: {} } } });
    expect(await t.writer.sweeps.get({ id })).toMatchObject({ plannedTrials: 6, trials: [] });
    const error = await rejection(nextFor(id, 'a'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/^sweep grid: stored config: method: must be grid, random or tpe/);
  });

  it('a trial stopped by hand in a running sweep goes to the next agent', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 2 }), seed: 0 });
    const a = expectAssignment(await nextFor(id, 'a'));
    await runTrial(t.writer, a, id, [0.8], false);
    await t.writer.runs.end({ runId: a.runId, status: 'stopped', endedAt: new Date().toISOString() });
    await t.writer.sweeps.completeTrial({ runId: a.runId });
    expect(expectAssignment(await nextFor(id, 'b')).runId).toBe(a.runId);
  });
});

describe('fencing: every agent write carries its trial\'s attempt', slow, () => {
  it('refuses each write of an attempt that was handed on with 409, and the new attempt\'s run stays as it was', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
    const first = expectAssignment(await nextFor(id, 'slow'));
    expect(first.attempt).toBe(1);
    await runTrial(t.writer, first, id, [0.5], false);
    // Slow, not dead: its lease ran out while it was paused, and the trial went to another agent.
    await silence(first.runId);
    const second = expectAssignment(await nextFor(id, 'fresh'));
    expect(second).toMatchObject({ runId: first.runId, attempt: 2 });
    await runTrial(t.writer, second, id, [0.8, 0.9], false);
    const before = await t.db.run.findUniqueOrThrow({ where: { id: first.runId }, include: { metrics: { orderBy: [{ name: 'asc' }, { step: 'asc' }] } } });

    const stale = { runId: first.runId, attempt: 1 };
    const writes: [string, () => Promise<unknown>][] = [
      ['create', () => t.writer.runs.create(newRun({ id: first.runId, name: first.name, config: first.hyperparams, sweepId: id, attempt: 1 }))],
      ['logEpoch', () => t.writer.runs.logEpoch({ ...epochLog(first.runId, 2, { val_accuracy: 0.1 }), attempt: 1 })],
      ['log', () => t.writer.runs.log({ runId: first.runId, points: [{ name: 'loss', step: 5, value: 9 }], attempt: 1 })],
      ['heartbeat', () => t.writer.runs.heartbeat(stale)],
      ['finish', () => t.writer.runs.finish({ ...finishedRun(first.runId), attempt: 1 })],
      ['end', () => t.writer.runs.end({ runId: first.runId, status: 'failed', error: 'late', endedAt: new Date().toISOString(), attempt: 1 })],
      ['shouldPrune', () => t.writer.sweeps.shouldPrune(stale)],
      ['completeTrial', () => t.writer.sweeps.completeTrial(stale)],
    ];
    for (const [name, write] of writes) {
      const error = await rejection(write());
      expect({ name, code: error.code }).toEqual({ name, code: 'CONFLICT' });
      expect(error.message).toBe(`run ${first.runId}: this write is from attempt 1 of the trial, which is now at attempt 2 (handed to another agent)`);
    }
    const after = await t.db.run.findUniqueOrThrow({ where: { id: first.runId }, include: { metrics: { orderBy: [{ name: 'asc' }, { step: 'asc' }] } } });
    expect(after).toEqual(before);
    expect(after.metrics.filter((m) => m.name === 'val_accuracy').map((m) => m.value)).toEqual([0.8, 0.9]);

    // The current attempt goes on as if nothing happened.
    await t.writer.runs.finish({ ...finishedRun(second.runId), attempt: 2 });
    expect((await t.writer.sweeps.completeTrial({ runId: second.runId, attempt: 2 })).sweep.status).toBe('finished');
  });

  it('counts attempts per trial: a trial stopped by hand and handed on is attempt 2; lost leases alone count towards giving up', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
    const a = expectAssignment(await nextFor(id, 'a'));
    await runTrial(t.writer, a, id, [0.8], false);
    await t.writer.runs.end({ runId: a.runId, status: 'stopped', endedAt: new Date().toISOString(), attempt: a.attempt });
    await t.writer.sweeps.completeTrial({ runId: a.runId, attempt: a.attempt });
    const b = expectAssignment(await nextFor(id, 'b'));
    expect(b).toMatchObject({ runId: a.runId, attempt: 2 });
    expect(await t.db.run.findUniqueOrThrow({ where: { id: a.runId } })).toMatchObject({ attempt: 2, lostLeases: 0, agentId: 'b' });
  });
});

describe('agents held by another server process', slow, () => {
  it('wakes an agent held on one process within a second of a trial settling through another (LISTEN/NOTIFY)', async () => {
    // A second server process on the same database: its own listening connection, nothing shared in memory.
    const replica = await SweepSignals.start(t.url);
    try {
      const { id } = await t.writer.sweeps.create({ config: gridConfig({ maxTrials: 1 }), seed: 0 });
      const a = expectAssignment(await nextFor(id, 'a'));
      // Held for a minute: without the notification it would be answered when its hold ends, not in time.
      const held = nextTrial(t.db, replica, { sweepId: id, agentId: 'b' }, 60, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await runTrial(t.writer, a, id, [0.9]);
      const settledAt = Date.now();
      await t.writer.sweeps.completeTrial({ runId: a.runId, attempt: a.attempt });
      expect(await held).toEqual({ done: true, status: 'finished' });
      expect(Date.now() - settledAt).toBeLessThan(1_000);
    } finally {
      await replica.stop();
    }
  });
});

describe('the suggesters\' history', slow, () => {
  it('read in one statement, is what the full trials give them: values of finished trials, last values of pruned ones', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ earlyTermination: { type: 'median', minEpochs: 1 } }), seed: 0 });
    const [done, pruned, running, failed] = [
      expectAssignment(await nextFor(id, 'a')),
      expectAssignment(await nextFor(id, 'b')),
      expectAssignment(await nextFor(id, 'c')),
      expectAssignment(await nextFor(id, 'd')),
    ];
    await runTrial(t.writer, done, id, [0.7, 0.9, 0.85]);
    await runTrial(t.writer, pruned, id, [0.4, 0.5], false);
    await t.db.run.update({ where: { id: pruned.runId }, data: { pruned: true } });
    await t.writer.runs.finish({ ...finishedRun(pruned.runId), attempt: pruned.attempt });
    await runTrial(t.writer, running, id, [0.6], false);
    await runTrial(t.writer, failed, id, [0.3], false);
    await t.writer.runs.end({ runId: failed.runId, status: 'failed', error: 'diverged', endedAt: new Date().toISOString(), attempt: failed.attempt });
    const sweep = await t.db.sweep.findUniqueOrThrow({ where: { id } });
    const full = asSuggestionHistory(await loadTrials(t.db, sweep));
    const { history, lastTrialNumber } = await loadSuggestionHistory(t.db, sweep);
    expect(lastTrialNumber).toBe(4);
    expect(history.map((h) => [h.status, h.value, h.curve?.at(-1)])).toEqual([
      ['finished', 0.9, undefined],
      ['pruned', 0.5, 0.5],
      ['running', undefined, undefined],
      ['failed', undefined, undefined],
    ]);
    expect(history.map((h) => ({ ...h, curve: undefined }))).toEqual(full.map((h) => ({ ...h, curve: undefined })));
    expect(history[1].curve?.at(-1)).toBe(full[1].curve?.at(-1));
  });
});

describe('sweeps.queueRepeat', slow, () => {
  it("queues a finished trial's configuration with another seed as a run of the ended sweep, which no agent takes and runs.create starts", async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ name: 'to-repeat', parameters: { dropout: { values: [0.1, 0.2] } } }), seed: 0 });
    const trial = expectAssignment(await nextFor(id, 'agent-r'));
    await runTrial(t.writer, trial, id, [0.9]);
    await t.writer.sweeps.stop({ id });
    const refused = await rejection(
      t.writer.sweeps.queueRepeat({ sweepId: id, runId: randomUUID(), name: 'other', config: { ...trial.hyperparams, dropout: 0.3, seed: 7 } }),
    );
    expect([refused.code, refused.message]).toEqual(['CONFLICT', 'sweep to-repeat has no finished trial with this configuration: a repeat changes only the seed']);
    const runId = randomUUID();
    const config = { ...trial.hyperparams, seed: 7 };
    await t.writer.sweeps.queueRepeat({ sweepId: id, runId, name: 'to-repeat-1-seed7', config });
    await t.writer.sweeps.queueRepeat({ sweepId: id, runId, name: 'to-repeat-1-seed7', config });
    // Resumed, the sweep never hands the queued repeat to an agent: the repeat's own trainer starts it.
    await t.writer.sweeps.resume({ id });
    expect(await nextFor(id, 'agent-r')).not.toMatchObject({ runId });
    await t.writer.sweeps.stop({ id });
    await t.writer.runs.create(newRun({ id: runId, name: 'to-repeat-1-seed7', config, sweepId: id }));
    const repeat = await t.db.run.findUniqueOrThrow({ where: { id: runId }, select: { name: true, status: true, trialNumber: true, sweepId: true } });
    expect(repeat).toEqual({ name: 'to-repeat-1-seed7', status: 'running', trialNumber: null, sweepId: id });
  });

  it('refuses while the sweep runs, and for a sweep that does not exist', async () => {
    const { id } = await t.writer.sweeps.create({ config: gridConfig({ name: 'still-running' }), seed: 0 });
    const e = await rejection(t.writer.sweeps.queueRepeat({ sweepId: id, runId: randomUUID(), name: 'x', config: {} }));
    expect([e.code, e.message]).toEqual(['CONFLICT', 'sweep still-running is still running: repeat its configurations once it has ended']);
    expect((await rejection(t.writer.sweeps.queueRepeat({ sweepId: randomUUID(), runId: randomUUID(), name: 'x', config: {} }))).code).toBe('NOT_FOUND');
  });
});
