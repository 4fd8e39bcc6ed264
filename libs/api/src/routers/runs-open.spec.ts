// Runs from any script: configs stored as given, step points, test results derived on the server, config-key columns.
import fc from 'fast-check';
import { loadMnistTest, type MnistSet } from '@mnist-lab/data';
import { CONFIG_LIMITS } from '@mnist-lab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRun, openTestApi, queueTrial, type TestApi, rejection } from '../test-support';

let api: TestApi;
let test: MnistSet;
beforeAll(async () => {
  [api, test] = await Promise.all([openTestApi(), loadMnistTest()]);
});
afterAll(async () => {
  await api?.close();
});

const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** A classifier's answers: right on every digit but those in `wrong`, which it takes for the next label up. */
function answers(wrong: ReadonlySet<number>, withProbabilities = false) {
  const labels = new Uint8Array(test.count);
  const confidences = new Float32Array(test.count).fill(0.9);
  const probabilities = new Float32Array(test.count * 10).fill(0.1 / 9);
  for (let i = 0; i < test.count; i++) {
    labels[i] = wrong.has(i) ? (test.labels[i] + 1) % 10 : test.labels[i];
    probabilities[i * 10 + labels[i]] = 0.9;
  }
  return { labels: b64(labels), confidences: b64(confidences), ...(withProbabilities ? { probabilities: b64(probabilities) } : {}) };
}

const foreignConfig = { arch: 'cnn', conv: [32, 64], optimizer: { name: 'adam', lr: 0.001, betas: [0.9, 0.999] }, batch_size: 128, augment: null };
const architecture = {
  family: 'cnn',
  layers: [
    { type: 'Conv2D', outputShape: [26, 26, 32], params: 320 },
    { type: 'MaxPooling2D', outputShape: [13, 13, 32], params: 0 },
    { type: 'Flatten', outputShape: [5408], params: 0 },
    { type: 'Dense', outputShape: [10], params: 54_090 },
  ],
  totalParams: 54_410,
};

describe('runs.create with a config of the script’s own', () => {
  it('stores any JSON config as given, never filled with defaults, with the typed columns an index over it', async () => {
    const run = newRun({ name: 'foreign', config: foreignConfig, backend: 'pytorch 2.4', architecture, command: 'python3 train.py --lr 1e-3' });
    await api.writer.runs.create(run);
    const got = await api.anonymous.runs.get({ id: run.id });
    expect(got.config).toEqual(foreignConfig);
    expect(got).toMatchObject({ backend: 'pytorch 2.4', family: 'cnn', paramCount: 54_410, batchSize: 128, learningRate: null, seed: null, command: 'python3 train.py --lr 1e-3' });
    expect(got.architecture).toEqual(architecture);
    const empty = newRun({ name: 'empty-config', config: {} });
    await api.writer.runs.create(empty);
    expect((await api.anonymous.runs.get({ id: empty.id })).config).toEqual({});
  });

  it('refuses a config too large, too deep, with too long a key or a non-finite number, in one line, and stores nothing', async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < CONFIG_LIMITS.maxDepth; i++) deep = { d: deep };
    const cases: [unknown, RegExp][] = [
      [{ blob: 'x'.repeat(CONFIG_LIMITS.maxBytes) }, /at most 65536 are stored/],
      [deep, /nested deeper than 16 levels/],
      [{ ['k'.repeat(129)]: 1 }, /keys are 1 to 128 characters/],
      [[1, 2], /must be a JSON object/],
      [JSON.parse('{"a": {"__proto__": 1}}'), /a\.__proto__: the key __proto__ is not stored/],
    ];
    for (const [config, message] of cases) {
      const run = newRun({ config: config as Record<string, never> });
      const e = await rejection(api.writer.runs.create(run));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('\n');
      expect(await api.db.run.count({ where: { id: run.id } })).toBe(0);
    }
  });

  it('accepts every bounded JSON object and gives it back unchanged (generated configs)', async () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), tie('object')),
      // __proto__ is refused (above): JavaScript cannot hold it as a plain key.
      object: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 5 }),
    }));
    await fc.assert(
      fc.asyncProperty(json.object, async (config) => {
        const run = newRun({ config: config as Record<string, never> });
        await api.writer.runs.create(run);
        const stored = (await api.anonymous.runs.get({ id: run.id })).config;
        // -0 is stored by PostgreSQL's jsonb as 0: equal as JSON, which is all a config promises.
        expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse(JSON.stringify(config)));
      }),
      { numRuns: 40 },
    );
  });
});

describe('runs.log', () => {
  it('stores a batch of step points; a repeated step replaces its value; val figures at epoch ends set the best epoch', async () => {
    const run = newRun({ name: 'steps' });
    await api.writer.runs.create(run);
    const points = Array.from({ length: 3_000 }, (_, i) => ({ name: 'batch/loss', step: i + 1, epoch: (i + 1) / 1_000, value: 2 / (i + 1) }));
    expect(await api.writer.runs.log({ runId: run.id, points })).toEqual({ ok: true, stored: 3_000 });
    await api.writer.runs.log({
      runId: run.id,
      points: [
        { name: 'batch/loss', step: 10, epoch: 0.01, value: 42 },
        { name: 'val_loss', step: 1_000, epoch: 1, value: 0.5 },
        { name: 'val_loss', step: 2_000, epoch: 2, value: 0.3 },
        { name: 'val_loss', step: 3_000, epoch: 3, value: 0.4 },
        { name: 'val_accuracy', step: 2_000, epoch: 2, value: 0.91 },
      ],
    });
    expect(await api.db.metric.count({ where: { runId: run.id, name: 'batch/loss' } })).toBe(3_000);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ lastEpoch: 3, bestEpoch: 2, bestValLoss: 0.3, bestValAccuracy: 0.91 });
    const { runs } = await api.anonymous.runs.curves({ runIds: [run.id], metrics: ['batch/loss'], maxPoints: 500 });
    const s = runs[0].series['batch/loss'];
    expect(s.total).toBe(3_000);
    expect(s.step.length).toBeLessThanOrEqual(500);
    // The replaced value is the series' maximum, so downsampling keeps it.
    expect(s.value[s.step.indexOf(10)]).toBe(42);
    expect(s.epoch[s.step.indexOf(3_000)]).toBe(3);
  });

  it('refuses bad points in one line and an unknown run with 404, storing nothing', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const bad = await rejection(api.writer.runs.log({ runId: run.id, points: [{ name: 'loss', step: 1, value: 1 }, { name: 'bad name!', step: 2, value: 1 }] }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^points\.1\.name:/);
    expect((await rejection(api.writer.runs.log({ runId: run.id, points: [{ name: 'loss', step: -1, value: 1 }] }))).code).toBe('BAD_REQUEST');
    const missing = await rejection(api.writer.runs.log({ runId: '77777777-7777-4777-8777-777777777777', points: [{ name: 'loss', step: 1, value: 1 }] }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(await api.db.metric.count({ where: { runId: run.id } })).toBe(0);
    expect((await rejection(api.anonymous.runs.log({ runId: run.id, points: [{ name: 'loss', step: 1, value: 1 }] }))).code).toBe('UNAUTHORIZED');
  });
});

describe('runs.finish with a classifier’s answers on the test set', () => {
  it('derives accuracy, loss, the confusion matrix and the gallery, with the digits’ pixels from the server’s test set', async () => {
    const run = newRun({ name: 'sdk-finish', config: foreignConfig });
    await api.writer.runs.create(run);
    const wrong = new Set([0, 7, 123, 9_999]);
    await api.writer.runs.finish({ runId: run.id, test: answers(wrong, true), endedAt: new Date().toISOString() });
    const got = await api.anonymous.runs.get({ id: run.id });
    expect(got).toMatchObject({ status: 'finished', testAccuracy: 0.9996, misclassifiedCount: 4, hasPredictions: true });
    expect(got.testLoss).toBeCloseTo((9_996 * -Math.log(0.9) + 4 * -Math.log(0.1 / 9)) / 10_000, 5);
    expect(got.confusionMatrix?.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(got.confusionMatrix?.[test.labels[7]][(test.labels[7] + 1) % 10]).toBeGreaterThanOrEqual(1);
    const { digits } = await api.anonymous.runs.misclassified({ runId: run.id, sort: 'index' });
    expect(digits.map((d) => d.index)).toEqual([0, 7, 123, 9_999]);
    const stored = await api.db.misclassifiedDigit.findUniqueOrThrow({ where: { runId_testIndex: { runId: run.id, testIndex: 123 } } });
    expect(Buffer.from(stored.pixels)).toEqual(Buffer.from(test.pixels.subarray(123 * 784, 124 * 784)));
    expect(stored.probabilities).toHaveLength(10);
  });

  it('works digit by digit: diff against another SDK run', async () => {
    const a = newRun({ name: 'sdk-a' });
    const b = newRun({ name: 'sdk-b' });
    for (const [run, wrong] of [[a, new Set([1, 2, 3])], [b, new Set([3, 4])]] as const) {
      await api.writer.runs.create(run);
      await api.writer.runs.finish({ runId: run.id, test: answers(wrong), endedAt: new Date().toISOString() });
    }
    const diff = await api.anonymous.analysis.diff({ a: a.id, b: b.id });
    expect(diff.groups.fixed).toEqual([1, 2]);
    expect(diff.groups.broke).toEqual([4]);
    expect(diff.groups.stillWrongSame).toEqual([3]);
  });

  it('refuses answers of the wrong size or out of range in one line, leaving the run as it was', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    const good = answers(new Set());
    const cases: [object, RegExp][] = [
      [{ ...good, labels: b64(new Uint8Array(9_999)) }, /test\.labels: expected 10000 labels/],
      [{ ...good, labels: b64(new Uint8Array(10_000).fill(10)) }, /test\.labels: 10 at 0 is not a digit/],
      [{ ...good, confidences: b64(new Float32Array(10_000).fill(1.5)) }, /test\.confidences: value 1\.5 at 0/],
    ];
    for (const [t, message] of cases) {
      const e = await rejection(api.writer.runs.finish({ runId: run.id, test: t as ReturnType<typeof answers>, endedAt: new Date().toISOString() }));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.message).toMatch(message);
    }
    expect(await api.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'running', testAccuracy: null });
  });

  it('finishes a run that sends no test results at all', async () => {
    const run = newRun();
    await api.writer.runs.create(run);
    await api.writer.runs.finish({ runId: run.id, endedAt: new Date().toISOString() });
    expect(await api.anonymous.runs.get({ id: run.id })).toMatchObject({ status: 'finished', testAccuracy: null, hasPredictions: false });
  });
});

describe('config keys as columns', () => {
  it('lists every key as a dotted path with its types, and sorts and filters on any of them', async () => {
    const sweep = await api.db.sweep.create({ data: { id: '88888888-8888-4888-8888-888888888888', name: 'keys', method: 'grid', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 3 } });
    const lrs = [0.01, 0.001, 0.1];
    for (const [i, lr] of lrs.entries()) {
      const run = newRun({ name: `opt-${i}`, sweepId: sweep.id, config: { optimizer: { name: i === 2 ? 'sgd' : 'adam', lr }, tag: i, empty: {} } });
      await queueTrial(api.db, sweep.id, run);
      await api.writer.runs.create(run);
    }
    const keys = await api.anonymous.runs.configKeys({ sweepId: sweep.id });
    expect(keys).toEqual([
      { path: 'empty', types: ['object'], runs: 3 },
      { path: 'optimizer.lr', types: ['number'], runs: 3 },
      { path: 'optimizer.name', types: ['string'], runs: 3 },
      { path: 'tag', types: ['number'], runs: 3 },
    ]);
    const asc = await api.anonymous.runs.list({ sweepId: sweep.id, sort: 'config.optimizer.lr', direction: 'asc' });
    expect(asc.runs.map((r) => r.name)).toEqual(['opt-1', 'opt-0', 'opt-2']);
    const adam = await api.anonymous.runs.list({ sweepId: sweep.id, config: { 'optimizer.name': 'adam', 'optimizer.lr': 0.01 } });
    expect(adam.runs.map((r) => r.name)).toEqual(['opt-0']);
    const everything = await api.anonymous.runs.configKeys({});
    expect(everything.map((k) => k.path)).toEqual(expect.arrayContaining(['optimizer.lr', 'hiddenUnits', 'conv']));
  });

  it('answers a malformed config sort with one line', async () => {
    const e = await rejection(api.anonymous.runs.list({ sort: 'config.' as never }));
    expect(e.code).toBe('BAD_REQUEST');
  });
});
