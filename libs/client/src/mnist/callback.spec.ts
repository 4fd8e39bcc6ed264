// mnistLabCallback in real tfjs fits: which points a run receives, under which names, at which steps and epochs.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mnistLabCallback, type MetricLogger } from './callback';

interface Logged {
  metrics: Record<string, number>;
  step?: number;
  epoch?: number;
}

function fakeRun(): MetricLogger & { logged: Logged[] } {
  const logged: Logged[] = [];
  return { logged, log: (metrics, at) => void logged.push({ metrics, ...at }) };
}

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

afterEach(() => vi.restoreAllMocks());

function classifier(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const data = (n: number) => ({ x: tf.randomUniform([n, 4], 0, 1, 'float32', 1), y: tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % 3), 'int32'), 3) });

const round = (v: number | undefined) => (v === undefined ? v : Number(v.toFixed(6)));
const batchPoints = (run: { logged: Logged[] }) => run.logged.filter((p) => 'batch/loss' in p.metrics);
const epochPoints = (run: { logged: Logged[] }) => run.logged.filter((p) => 'loss' in p.metrics);

describe('mnistLabCallback', () => {
  it('logs model.fit every N batches as batch/* at fractional epochs, and each epoch with Keras names at its end', async () => {
    const run = fakeRun();
    const { x, y } = data(100);
    // 80 training samples after the split, batches of 10: 8 batches per epoch.
    await classifier().fit(x, y, { epochs: 3, batchSize: 10, validationSplit: 0.2, callbacks: mnistLabCallback(run, { logEvery: 4 }) });
    expect(batchPoints(run).map((p) => [p.step, p.epoch])).toEqual([[4, 0.5], [8, 1], [12, 1.5], [16, 2], [20, 2.5], [24, 3]]);
    expect(Object.keys(batchPoints(run)[0].metrics).sort()).toEqual(['batch/accuracy', 'batch/loss']);
    expect(epochPoints(run).map((p) => [p.step, p.epoch])).toEqual([[8, 1], [16, 2], [24, 3]]);
    expect(Object.keys(epochPoints(run)[0].metrics).sort()).toEqual(['accuracy', 'epoch_time', 'loss', 'val_accuracy', 'val_loss']);
    expect(run.logged).toHaveLength(9);
    const last = epochPoints(run)[2].metrics;
    expect(last.accuracy).toBeGreaterThanOrEqual(0);
    expect(last.accuracy).toBeLessThanOrEqual(1);
    expect(last.epoch_time).toBeGreaterThan(0);
  }, 60_000);

  it("ends model.fit at the epoch a sweep's early-termination rule stops the trial", async () => {
    const run = fakeRun();
    let asked = 0;
    // The rule says stop once two epochs are logged.
    const stopping = { ...run, log: run.log, checkStop: async () => ++asked >= 2 };
    const { x, y } = data(40);
    const model = classifier();
    const history = await model.fit(x, y, { epochs: 10, batchSize: 10, callbacks: mnistLabCallback(stopping, { logEvery: 100, model }) });
    expect(history.epoch).toEqual([0, 1]);
    expect(epochPoints(run).map((p) => p.epoch)).toEqual([1, 2]);
    expect(asked).toBe(2);
  }, 60_000);

  it('logs about 50 points per epoch by default, and every batch of a short epoch', async () => {
    const run = fakeRun();
    const { x, y } = data(60);
    await classifier().fit(x, y, { epochs: 1, batchSize: 5, callbacks: [mnistLabCallback(run)] });
    expect(batchPoints(run).map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(batchPoints(run)[2].epoch).toBeCloseTo(3 / 12, 10);
  }, 60_000);

  it('takes a fitDataset epoch’s length from the dataset, or from the first epoch when the dataset cannot tell', async () => {
    const { x, y } = data(30);
    // Plain arrays: tf.data makes fresh tensors of them for every batch (and disposes them after).
    const samples = (x.arraySync() as number[][]).map((xs, i) => ({ xs, ys: (y.arraySync() as number[][])[i] }));
    const sized = tf.data.array(samples).batch(10);
    // A generator's length is unknown to tfjs until it ends.
    const unsized = tf.data.generator(function* () {
      yield* samples;
    }).batch(10);
    const known = fakeRun();
    await classifier().fitDataset(sized, { epochs: 2, callbacks: mnistLabCallback(known, { logEvery: 1 }) });
    expect(batchPoints(known).map((p) => [p.step, round(p.epoch)])).toEqual([[1, 0.333333], [2, 0.666667], [3, 1], [4, 1.333333], [5, 1.666667], [6, 2]]);
    const learned = fakeRun();
    await classifier().fitDataset(unsized, { epochs: 2, callbacks: mnistLabCallback(learned, { logEvery: 1 }) });
    expect(batchPoints(learned).map((p) => [p.step, round(p.epoch)])).toEqual([[1, undefined], [2, undefined], [3, undefined], [4, 1.333333], [5, 1.666667], [6, 2]]);
    expect(epochPoints(learned).map((p) => [p.step, p.epoch])).toEqual([[3, 1], [6, 2]]);
  }, 60_000);

  it('keeps counting steps over a second fit with the same callback', async () => {
    const run = fakeRun();
    const { x, y } = data(20);
    const model = classifier();
    const callback = mnistLabCallback(run, { logEvery: 2 });
    await model.fit(x, y, { epochs: 1, batchSize: 10, callbacks: callback });
    await model.fit(x, y, { epochs: 2, initialEpoch: 1, batchSize: 10, callbacks: callback });
    expect(epochPoints(run).map((p) => [p.step, p.epoch])).toEqual([[2, 1], [4, 2]]);
  }, 60_000);

  it('drops a diverged fit’s NaN with one warning instead of throwing inside tfjs', async () => {
    const run = fakeRun();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const callback = mnistLabCallback(run, { logEvery: 1, batchesPerEpoch: 2 });
    await callback.onTrainBegin.call(undefined);
    await callback.onEpochBegin(0);
    await callback.onBatchEnd(0, { batch: 0, size: 32, loss: Number.NaN, acc: 0.5 });
    await callback.onBatchEnd(1, { batch: 1, size: 32, loss: Number.NaN, acc: 0.25 });
    expect(run.logged).toEqual([
      { metrics: { 'batch/accuracy': 0.5 }, step: 1, epoch: 0.5 },
      { metrics: { 'batch/accuracy': 0.25 }, step: 2, epoch: 1 },
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/batch\/loss is NaN at step 1/);
  });

  it('refuses what is not a run or a count', () => {
    expect(() => mnistLabCallback({} as MetricLogger)).toThrow(/expected a run from init\(\)/);
    expect(() => mnistLabCallback(fakeRun(), { logEvery: 0 })).toThrow(/logEvery must be a positive integer, got 0/);
  });

  it("answers the validation digits at each epoch's end with the model and logs them for the epoch slider", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })] });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const images = Float32Array.from({ length: 30 * 784 }, (_, i) => ((i * 7919) % 255) / 255);
    const labels = Uint8Array.from({ length: 30 }, (_, i) => i % 10);
    const logged: { epoch: number; predictions: ArrayLike<number>; confidences: ArrayLike<number>; labels: ArrayLike<number> }[] = [];
    const run: MetricLogger = { log: () => undefined, logValidationPredictions: (epoch, v) => void logged.push({ epoch, ...v }) };
    const x = tf.tensor2d(images, [30, 784]);
    const y = tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), 10);
    await model.fit(x, y, { epochs: 2, batchSize: 10, callbacks: mnistLabCallback(run, { model, validation: { images, labels } }) });
    expect(logged.map((l) => l.epoch)).toEqual([1, 2]);
    expect(logged[1].labels).toBe(labels);
    const probs = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    expect(Array.from(logged[1].predictions)).toEqual(probs.map((row) => row.indexOf(Math.max(...row))));
    Array.from(logged[1].confidences).forEach((c, i) => expect(c).toBeCloseTo(Math.max(...probs[i]), 5));
    expect(() => mnistLabCallback(run, { validation: { images, labels } })).toThrow('validation needs the model too');
  });
});
