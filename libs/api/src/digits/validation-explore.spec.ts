// digits.validation and digits.validationImages against a real database, over validation histories written through
// runs.logValidation: per training image, runs holding it, right at the last epoch, the learned-epoch spread, pictures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { loadMnistTrainPixels } from '@mnist-lab/data';
import { encodeValidationLog } from '@mnist-lab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../caller';
import { createContext } from '../context';
import { newRun, openTestApi, queueTrial, rejection, type TestApi } from '../test-support';

let api: TestApi;
const AT = '2026-01-01T00:05:00.000Z';
const SET_A = Array.from({ length: 10 }, (_, i) => 100 + i);
const SET_B = Array.from({ length: 10 }, (_, i) => 105 + i);
/** A training image's label here is its index mod 10, so runs holding the same image agree on it. */
const labelOf = (s: number) => s % 10;
const pixelsOf = (s: number) => new Uint8Array(784).fill((s % 250) + 1);
const ids: Record<'a1' | 'a2' | 'b' | 'none' | 'unnamed', string> = { a1: '', a2: '', b: '', none: '', unnamed: '' };

/** Logs one epoch per entry of `wrongAt`: the positions predicted (label + 1) % 10 at 0.9, the rest right at 0.6. */
async function history(name: string, sources: number[], wrongAt: number[][], withSources = true, sweepId?: string): Promise<string> {
  const run = newRun({ name, sweepId });
  if (sweepId) await queueTrial(api.db, sweepId, run);
  await api.writer.runs.create(run);
  const labels = sources.map(labelOf);
  for (const [k, wrong] of wrongAt.entries()) {
    const values = {
      labels,
      predictions: labels.map((l, i) => (wrong.includes(i) ? (l + 1) % 10 : l)),
      confidences: labels.map((_, i) => (wrong.includes(i) ? 0.9 : 0.6)),
      ...(withSources ? { sourceIndices: sources } : {}),
    };
    await api.writer.runs.logValidation(encodeValidationLog(run.id, k + 1, values, { withSet: k === 0, at: AT, pixelsOf: (i) => pixelsOf(sources[i]) }));
  }
  return run.id;
}

beforeAll(async () => {
  api = await openTestApi();
  // a1 and a2 hold the same ten training images (100-109), as two runs of one seed and split do; b holds 105-114.
  ids.a1 = await history('val-a1', SET_A, [[0, 1, 2, 3], [1, 3], [3, 4]]);
  ids.a2 = await history('val-a2', SET_A, [[0, 4], [2]]);
  ids.b = await history('val-b', SET_B, [[0, 1, 5], [0]]);
  const bare = newRun({ name: 'val-none' });
  await api.writer.runs.create(bare);
  ids.none = bare.id;
  ids.unnamed = await history('val-unnamed', SET_A, [[1]], false);
}, 60_000);

afterAll(async () => {
  await api?.close();
}, 60_000);

const q = (c: number) => Math.round(c * 255) / 255;
const mean3 = (...cs: number[]) => Math.round((cs.map(q).reduce((a, b) => a + b) / cs.length) * 1000) / 1000;

describe('digits.validation', () => {
  it('gives each training image the runs holding it, right at their last epoch, and the spread of the epoch they learned it from', async () => {
    const x = await api.anonymous.digits.validation({ runIds: [ids.a1, ids.a2, ids.b] });
    expect(x.runs.map((r) => [r.name, r.digits, r.lastEpoch, r.accuracy])).toEqual([
      ['val-a1', 10, 3, 0.8],
      ['val-a2', 10, 2, 0.9],
      ['val-b', 10, 2, 0.9],
    ]);
    expect(x.skipped).toEqual([]);
    expect(x.digits.sourceIndex).toEqual(Array.from({ length: 15 }, (_, i) => 100 + i));
    const row = (s: number) => {
      const i = x.digits.sourceIndex.indexOf(s);
      const d = x.digits;
      return {
        label: d.trueLabel[i],
        held: d.held[i],
        right: d.right[i],
        wrong: [d.topWrong[i], d.topWrongCount[i]],
        learned: [d.learnedMin[i], d.learnedMedian[i], d.learnedMax[i]],
        never: d.learnedNever[i],
        events: d.forgettingEvents[i],
        conf: d.meanConfidence[i],
      };
    };
    // 100: learned at epoch 2 by both a-runs. 101: a1 from 3, a2 from 1, so the median of two is 2.
    expect(row(100)).toEqual({ label: 0, held: 2, right: 2, wrong: [-1, 0], learned: [2, 2, 2], never: 0, events: 0, conf: mean3(0.6, 0.6) });
    expect(row(101)).toEqual({ label: 1, held: 2, right: 2, wrong: [-1, 0], learned: [1, 2, 3], never: 0, events: 0, conf: 0.6 });
    // 102: a2 got it right at epoch 1 and forgot it at 2, its last: never learned for good, one forgetting event.
    expect(row(102)).toEqual({ label: 2, held: 2, right: 1, wrong: [3, 1], learned: [2, 2, 2], never: 1, events: 1, conf: mean3(0.6, 0.9) });
    expect(row(103)).toEqual({ label: 3, held: 2, right: 1, wrong: [4, 1], learned: [1, 1, 1], never: 1, events: 0, conf: mean3(0.9, 0.6) });
    expect(row(104)).toEqual({ label: 4, held: 2, right: 1, wrong: [5, 1], learned: [2, 2, 2], never: 1, events: 1, conf: mean3(0.9, 0.6) });
    // 105 and 106 are in all three runs' sets: b never learns 105; b learns 106 at epoch 2, the a-runs at 1.
    expect(row(105)).toEqual({ label: 5, held: 3, right: 2, wrong: [6, 1], learned: [1, 1, 1], never: 1, events: 0, conf: mean3(0.6, 0.6, 0.9) });
    expect(row(106)).toEqual({ label: 6, held: 3, right: 3, wrong: [-1, 0], learned: [1, 1, 2], never: 0, events: 0, conf: 0.6 });
    expect(row(109)).toMatchObject({ held: 3, right: 3, learned: [1, 1, 1] });
    expect(row(110)).toEqual({ label: 0, held: 1, right: 1, wrong: [-1, 0], learned: [2, 2, 2], never: 0, events: 0, conf: 0.6 });
    expect(row(114)).toMatchObject({ held: 1, right: 1, learned: [1, 1, 1], never: 0 });
    expect(x.imagesNote).toBeNull();
  });

  it('lists the runs without validation predictions naming training images as skipped, each with why', async () => {
    const x = await api.anonymous.digits.validation({ runIds: [ids.none, ids.a2, ids.unnamed] });
    expect(x.runs.map((r) => r.name)).toEqual(['val-a2']);
    expect(x.skipped).toEqual([
      { id: ids.none, name: 'val-none', why: 'no validation predictions' },
      { id: ids.unnamed, name: 'val-unnamed', why: 'its validation digits do not say which training images they are' },
    ]);
    expect(x.digits.held).toEqual(new Array(10).fill(1));
    expect(x.digits.learnedNever.reduce((a, b) => a + b)).toBe(1);
  });

  it('answers one-line 409 when no run has them, 404 for an unknown run or sweep, 400 for neither runs nor a sweep', async () => {
    const none = await rejection(api.anonymous.digits.validation({ runIds: [ids.none, ids.unnamed] }));
    expect(none.code).toBe('CONFLICT');
    expect(none.message).toBe('none of the chosen runs stored validation predictions naming their training images (val-none, val-unnamed)');
    expect((await rejection(api.anonymous.digits.validation({ runIds: [ids.a1, randomUUID()] }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.anonymous.digits.validation({ sweepId: randomUUID() }))).code).toBe('NOT_FOUND');
    const neither = await rejection(api.anonymous.digits.validation({}));
    expect(neither.code).toBe('BAD_REQUEST');
    expect(neither.message).not.toContain('\n');
  });

  it("takes a sweep's unarchived trials, its trials of one split sharing their digits, and skips one without validation predictions", async () => {
    const sweepId = randomUUID();
    await api.db.sweep.create({ data: { id: sweepId, name: 'val-sweep', method: 'random', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 10 } });
    await history('val-trial-1', SET_A, [[0, 1], []], true, sweepId);
    await history('val-trial-2', SET_A, [[0], [], []], true, sweepId);
    const archived = await history('val-trial-archived', SET_B, [[]], true, sweepId);
    await api.db.run.update({ where: { id: archived }, data: { archivedAt: new Date() } });
    const pending = newRun({ name: 'val-trial-pending', sweepId });
    await queueTrial(api.db, sweepId, pending);
    const x = await api.anonymous.digits.validation({ sweepId });
    expect(x.runs.map((r) => [r.name, r.lastEpoch])).toEqual([['val-trial-1', 2], ['val-trial-2', 3]]);
    expect(x.skipped.map((r) => [r.name, r.why])).toEqual([['val-trial-pending', 'no validation predictions']]);
    expect(x.digits.sourceIndex).toEqual(SET_A);
    expect(x.digits.held).toEqual(new Array(10).fill(2));
    // 100: both learned it at epoch 2; 101: trial 1 at epoch 2, trial 2 at 1 (a median of 1.5); 102: both at 1.
    expect([0, 1, 2].map((i) => [x.digits.learnedMin[i], x.digits.learnedMedian[i], x.digits.learnedMax[i]])).toEqual([[2, 2, 2], [1, 1.5, 2], [1, 1, 1]]);
  });

  it('refuses runs that give one training image two labels: they are not the same images', async () => {
    const other = await history('val-relabeled', [100, 200], [[]]);
    await api.db.validationSet.update({ where: { runId: other }, data: { trueLabels: Uint8Array.of(7, 0) } });
    const e = await rejection(api.anonymous.digits.validation({ runIds: [ids.a1, other] }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe("training image 100 is labeled 0 in run val-a1's validation set but 7 in run val-relabeled's: they are not the same MNIST images");
  });
});

describe('digits.validationImages', () => {
  it("takes a digit once wrong from the runs' stored pixels and the others from the server's training images", async () => {
    const train = await loadMnistTrainPixels();
    const got = await api.anonymous.digits.validationImages({ runIds: [ids.a1, ids.b], sourceIndices: [102, 109, 110, 59_999] });
    expect(got.map((g) => g.sourceIndex)).toEqual([102, 109, 110, 59_999]);
    const bytes = (s: string | null) => Buffer.from(s ?? '', 'base64');
    expect(bytes(got[0].pixels)).toEqual(Buffer.from(pixelsOf(102)));
    expect(bytes(got[2].pixels)).toEqual(Buffer.from(pixelsOf(110)));
    expect(bytes(got[1].pixels)).toEqual(Buffer.from(train.pixels.subarray(109 * 784, 110 * 784)));
    expect(bytes(got[3].pixels)).toEqual(Buffer.from(train.pixels.subarray(59_999 * 784, 60_000 * 784)));
  });

  it('without the MNIST training file, draws only the stored digits and says so in one line', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'mnist-lab-no-mnist-'));
    const caller = createCaller(createContext({ ...api.runtime, mnistDataDir: empty }, null));
    const got = await caller.digits.validationImages({ runIds: [ids.a1, ids.a2], sourceIndices: [104, 109] });
    expect(Buffer.from(got[0].pixels ?? '', 'base64')).toEqual(Buffer.from(pixelsOf(104)));
    expect(got[1]).toEqual({ sourceIndex: 109, pixels: null });
    const note = (await caller.digits.validation({ runIds: [ids.a1] })).imagesNote;
    expect(note).toMatch(/^Pictures only of digits some run got wrong at some epoch: the server cannot read its MNIST training images: train-images-idx3-ubyte: missing/);
    expect(note).not.toContain('\n');
  });

  it('refuses, with a 400 and one line, any index outside 0..59999 or not an integer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 60_000 }), fc.double({ noInteger: true, noNaN: true })), async (bad) => {
        const e = await rejection(api.anonymous.digits.validationImages({ runIds: [ids.a1], sourceIndices: [1, bad] }));
        expect(e.code).toBe('BAD_REQUEST');
        expect(e.message).not.toContain('\n');
      }),
      { numRuns: 25 },
    );
  });
});
