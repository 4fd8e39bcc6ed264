// Validation predictions per epoch and the test embedding against a real database: written, read back, refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeValidationLog, fromBase64, packEmbedding, toBase64, type ValidationPredictionsValues } from '@mnist-lab/contracts';
import { handleRestRequest } from '../openapi/rest-handler';
import { requeueTrials } from '../sweeps/queue';
import { epochLog, newRun, openTestApi, rejection, type TestApi } from '../test-support';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(() => api.close());

const AT = '2026-01-01T00:05:00.000Z';
const N = 20;
const labels = Array.from({ length: N }, (_, i) => i % 10);
const pixelsOf = (i: number) => new Uint8Array(784).fill(i + 1);

/** Predictions right everywhere except at `wrong`, where digit i is predicted (label + 1) % 10 with confidence 0.9. */
function values(wrong: number[]): ValidationPredictionsValues {
  return {
    labels,
    predictions: labels.map((l, i) => (wrong.includes(i) ? (l + 1) % 10 : l)),
    confidences: labels.map((_, i) => (wrong.includes(i) ? 0.9 : 0.5 + i / 100)),
    sourceIndices: labels.map((_, i) => 1000 + i),
  };
}

async function startedRun(): Promise<string> {
  const run = newRun();
  await api.writer.runs.create(run);
  return run.id;
}

const log = (runId: string, epoch: number, wrong: number[], opts: { withSet?: boolean; attempt?: number; pixels?: boolean } = {}) =>
  api.writer.runs.logValidation(
    encodeValidationLog(runId, epoch, values(wrong), { withSet: opts.withSet ?? epoch === 1, at: AT, attempt: opts.attempt, pixelsOf: opts.pixels === false ? undefined : pixelsOf }),
  );

describe('runs.logValidation and runs.validationAt', () => {
  it('stores each epoch and reads it back digit by digit, with the confusion matrix and the wrong digits drawn', async () => {
    const runId = await startedRun();
    expect(await log(runId, 1, [3, 7, 12])).toEqual({ ok: true, correct: N - 3 });
    await log(runId, 2, [7], { pixels: false });
    const at1 = await api.anonymous.runs.validationAt({ runId, epoch: 1 });
    expect(at1.epochs).toEqual([1, 2]);
    expect(at1.count).toBe(N);
    expect(at1.accuracy).toBeCloseTo((N - 3) / N);
    expect([...fromBase64(at1.trueLabels)]).toEqual(labels);
    expect([...fromBase64(at1.predictedLabels)]).toEqual(values([3, 7, 12]).predictions);
    expect(fromBase64(at1.confidences)[0]).toBe(Math.round(0.5 * 255));
    expect(at1.confusionMatrix[3][4]).toBe(1);
    expect(at1.confusionMatrix[2][2]).toBe(1); // digit 2 right, digit 12 wrong
    expect(at1.confusionMatrix[5][5]).toBe(2);
    expect(at1.confusionMatrix.flat().reduce((a, b) => a + b)).toBe(N);
    expect(at1.misclassified.map((d) => [d.index, d.sourceIndex, d.trueLabel, d.predictedLabel])).toEqual([[3, 1003, 3, 4], [7, 1007, 7, 8], [12, 1012, 2, 3]]);
    expect(at1.misclassified[0].confidence).toBeCloseTo(0.9, 2);
    expect(fromBase64(at1.misclassified[2].pixels ?? '')).toEqual(pixelsOf(12));
    // Epoch 2 sent no pixels: digit 7's come from epoch 1, the first time it was wrong.
    expect(await api.anonymous.runs.get({ id: runId })).toMatchObject({ validationEpochs: 2, hasEmbedding: false });
    const at2 = await api.anonymous.runs.validationAt({ runId, epoch: 2 });
    expect(at2.misclassified.map((d) => [d.index, d.pixels !== null])).toEqual([[7, true]]);
  });

  it('replaces a repeated epoch, as a spool replay or a retried request sends it again', async () => {
    const runId = await startedRun();
    await log(runId, 1, [1, 2]);
    await log(runId, 1, [1, 2]);
    await log(runId, 1, [5]);
    const at = await api.anonymous.runs.validationAt({ runId, epoch: 1 });
    expect(at.misclassified.map((d) => d.index)).toEqual([5]);
    expect(await api.db.validationEpoch.count({ where: { runId } })).toBe(1);
  });

  it('refuses a first record without the set, a different set later, and a wrong count, storing nothing', async () => {
    const runId = await startedRun();
    const noSet = await rejection(log(runId, 1, [1], { withSet: false }));
    expect(noSet.code).toBe('CONFLICT');
    expect(noSet.message).toMatch(/has no validation set yet/);
    await log(runId, 1, [1]);
    const other = encodeValidationLog(runId, 2, { ...values([]), labels: labels.map((l) => (l + 1) % 10) }, { withSet: true, at: AT });
    expect((await rejection(api.writer.runs.logValidation(other))).message).toMatch(/keeps the validation set of 20 digits/);
    const short = encodeValidationLog(runId, 2, { labels: [1], predictions: [1], confidences: [1] }, { withSet: false, at: AT });
    expect((await rejection(api.writer.runs.logValidation(short))).code).toBe('BAD_REQUEST');
    expect(await api.db.validationEpoch.count({ where: { runId } })).toBe(1);
  });

  it('refuses labels outside 0-9 and mismatched lengths in one line before anything is stored', async () => {
    const runId = await startedRun();
    const record = encodeValidationLog(runId, 1, values([]), { withSet: true, at: AT });
    const bad = await rejection(api.writer.runs.logValidation({ ...record, predicted: toBase64(Uint8Array.from(labels.map(() => 10))) }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/predicted: 10 at 0 is not a digit 0-9/);
    const short = await rejection(api.writer.runs.logValidation({ ...record, confidences: toBase64(new Uint8Array(3)) }));
    expect(short.message).toMatch(/confidences: expected 20 bytes/);
    expect(await api.db.validationSet.count({ where: { runId } })).toBe(0);
  });

  it('answers 409 for an ended run and for a stale attempt, as logEpoch does, and keeps what was stored', async () => {
    const ended = await startedRun();
    await log(ended, 1, [1]);
    await api.writer.runs.finish({ runId: ended, stoppedEarly: false, endedAt: AT });
    const refused = await rejection(log(ended, 2, [1]));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe(`run ${ended} is finished: its results are stored; it cannot take validation predictions`);

    const trial = await startedRun();
    await api.db.run.update({ where: { id: trial }, data: { attempt: 2 } });
    const stale = await rejection(log(trial, 1, [1], { attempt: 1 }));
    expect(stale.message).toMatch(/from attempt 1 of the trial, which is now at attempt 2/);
    await log(trial, 1, [1], { attempt: 2 });
    expect(await api.db.validationEpoch.count({ where: { runId: { in: [ended, trial] } } })).toBe(2);
  });

  it('takes a crashed run back to running, as its metric points would', async () => {
    const runId = await startedRun();
    await api.db.run.update({ where: { id: runId }, data: { status: 'crashed', error: 'no heartbeat for 90s', endedAt: new Date(AT) } });
    await log(runId, 1, [1]);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, error: true } })).toEqual({ status: 'running', error: null });
  });

  it('answers 404 for an unknown run or epoch and 409 for a run logged without predictions', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await rejection(api.anonymous.runs.validationAt({ runId: unknown, epoch: 1 }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.anonymous.runs.validationHistory({ runId: unknown }))).code).toBe('NOT_FOUND');
    const old = await startedRun();
    await api.writer.runs.logEpoch(epochLog(old, 1, { loss: 0.5, val_accuracy: 0.9 }));
    const none = await rejection(api.anonymous.runs.validationAt({ runId: old, epoch: 1 }));
    expect(none.code).toBe('CONFLICT');
    expect(none.message).toBe(`run ${old} has no validation predictions (logged before mnist-lab stored them, or its script sent none)`);
    expect((await rejection(api.anonymous.runs.validationHistory({ runId: old }))).code).toBe('CONFLICT');
    await log(old, 1, [1]);
    await log(old, 3, [1]);
    const missing = await rejection(api.anonymous.runs.validationAt({ runId: old, epoch: 2 }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe(`run ${old} has no validation predictions at epoch 2 (it has epochs 1-3)`);
  });
});

describe('a sweep trial handed on', () => {
  it("drops the earlier attempt's validation epochs, pixels and embedding with its points", async () => {
    const runId = await startedRun();
    await log(runId, 1, [2]);
    await api.db.testEmbedding.create({
      data: { runId, layer: 'dense_2', originalWidth: 1, width: 1, count: 1, values: new Uint8Array(1), scales: new Uint8Array(4), offsets: new Uint8Array(4), trueLabels: new Uint8Array(1), predictedLabels: new Uint8Array(1) },
    });
    await api.db.$transaction((tx) => requeueTrials(tx, [runId]));
    const where = { where: { runId } };
    const counts = await Promise.all([api.db.validationSet.count(where), api.db.validationEpoch.count(where), api.db.validationDigit.count(where), api.db.testEmbedding.count(where)]);
    expect(counts).toEqual([0, 0, 0, 0]);
  });
});

describe('the REST reads', () => {
  it('answer GET /runs/{id}/validation/{epoch}, /validation and /embedding without a token, and 400 for an epoch that is no number', async () => {
    const runId = await startedRun();
    await log(runId, 1, [4]);
    const get = (p: string) => handleRestRequest(new Request(`http://127.0.0.1/api/v1${p}`), { runtime: api.runtime, maxBodyBytes: 1024, onInternalError: (e) => expect(e).toBeUndefined() });
    const at = await get(`/runs/${runId}/validation/1`);
    expect(at.status).toBe(200);
    expect(((await at.json()) as { misclassified: { index: number }[] }).misclassified.map((d) => d.index)).toEqual([4]);
    expect((await get(`/runs/${runId}/validation`)).status).toBe(200);
    expect((await get(`/runs/${runId}/validation/one`)).status).toBe(400);
    expect((await get(`/runs/${runId}/embedding`)).status).toBe(409);
  });
});

describe('runs.validationHistory', () => {
  it('computes forgetting events and the epoch each digit stays learned from out of the stored epochs', async () => {
    const runId = await startedRun();
    // Digit 1 forgotten twice (r w r w r), digit 2 once and never relearned, digit 3 learned at epoch 3.
    const wrongAt = [[3], [1, 2, 3], [], [1, 2], [2]];
    for (const [k, wrong] of wrongAt.entries()) await log(runId, k + 1, wrong);
    const h = await api.anonymous.runs.validationHistory({ runId });
    expect(h.epochs).toEqual([1, 2, 3, 4, 5]);
    expect(h.forgettingEvents.slice(0, 5)).toEqual([0, 2, 2, 0, 0]);
    expect(h.learnedFrom.slice(0, 5)).toEqual([1, 5, null, 3, 1]);
    expect(h.neverWrong).toBe(N - 3);
    expect(h.mostForgotten.map((d) => [d.index, d.forgettingEvents])).toEqual([[2, 2], [1, 2]]);
    expect(fromBase64(h.mostForgotten[0].pixels ?? '')).toEqual(pixelsOf(2));
  });
});

describe('runs.finish with an embedding, and runs.embedding', () => {
  it('stores the quantized activations at finish and reads them back within one quantization step', async () => {
    const runId = await startedRun();
    const count = 50;
    const width = 32;
    const activations = Float32Array.from({ length: count * width }, (_, i) => Math.sin(i) * (1 + (i % width)));
    const truth = Array.from({ length: count }, (_, i) => i % 10);
    const embedding = packEmbedding('dense_2', activations, width, truth, truth.map((l) => (l + 3) % 10));
    await api.writer.runs.finish({ runId, stoppedEarly: false, endedAt: AT, embedding });
    expect(await api.anonymous.runs.get({ id: runId })).toMatchObject({ validationEpochs: 0, hasEmbedding: true });
    const view = await api.anonymous.runs.embedding({ runId });
    expect(view).toMatchObject({ layer: 'dense_2', originalWidth: 32, width: 32, projection: null, count });
    const q = new Int8Array(fromBase64(view.values).buffer);
    for (let i = 0; i < activations.length; i++) {
      const d = i % width;
      expect(Math.abs(view.offsets[d] + view.scales[d] * q[i] - activations[i])).toBeLessThanOrEqual(view.scales[d] / 2 + 1e-5);
    }
    expect([...fromBase64(view.predictedLabels)]).toEqual(truth.map((l) => (l + 3) % 10));
  });

  it('says a run finished without one has none (409) and an unknown run is not found (404)', async () => {
    const runId = await startedRun();
    await api.writer.runs.finish({ runId, stoppedEarly: false, endedAt: AT });
    const none = await rejection(api.anonymous.runs.embedding({ runId }));
    expect(none.code).toBe('CONFLICT');
    expect(none.message).toMatch(/has no test embedding/);
    expect((await rejection(api.anonymous.runs.embedding({ runId: '00000000-0000-4000-8000-000000000000' }))).code).toBe('NOT_FOUND');
  });
});
