// analysis.*: the digit-level diff, hard digits and the gap test on runs logged through the real create/finish procedures.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFinishedRun, mistakes, pixelsOf, TEST_DIGITS } from '../analysis/test-runs';
import { newRun, finishedRun, openTestApi, queueTrial, type TestApi } from '../test-support';

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
}, 60_000);

afterAll(async () => {
  await api?.close();
}, 60_000);

const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);

describe('analysis.diff', () => {
  // A misses 1, 2, 3, 4; B fixes 1 and 2, misses 3 the same way and 4 differently, and breaks 10.
  const wrongA = mistakes([[1, 7], [2, 3], [3, 5], [4, 0]]);
  const wrongB = mistakes([[3, 5], [4, 9], [10, 4]]);
  let a: string;
  let b: string;

  beforeAll(async () => {
    a = await logFinishedRun(api, wrongA, { name: 'diff-a' });
    b = await logFinishedRun(api, wrongB, { name: 'diff-b' });
  }, 60_000);

  it('puts every changed digit in exactly one group, with both predictions and its pixels', async () => {
    const d = await api.anonymous.analysis.diff({ a, b });
    expect(d.groups).toEqual({ fixed: [1, 2], broke: [10], stillWrongSame: [3], stillWrongDifferent: [4] });
    expect(d.counts).toEqual({ fixed: 2, broke: 1, stillWrongSame: 1, stillWrongDifferent: 1 });
    expect(d.total).toBe(TEST_DIGITS);
    expect(d.a).toMatchObject({ id: a, name: 'diff-a', errors: 4, accuracy: 1 - 4 / TEST_DIGITS });
    expect(d.digits.map((x) => x.index)).toEqual([1, 2, 3, 4, 10]);
    const four = d.digits.find((x) => x.index === 4);
    expect(four).toMatchObject({ trueLabel: 4, a: { label: 0, confidence: 0.6 }, b: { label: 9, confidence: 0.6 } });
    const ten = d.digits.find((x) => x.index === 10);
    // Right in A: its true label comes from A's prediction, its pixels from B's mistake.
    expect(ten).toMatchObject({ trueLabel: 0, a: { label: 0, confidence: 0.99 }, b: { label: 4 } });
    for (const digit of d.digits) expect(Buffer.from(digit.pixels ?? '', 'base64')).toEqual(pixelsOf(digit.index));
  });

  it("the confusion difference is B's matrix minus A's, each moved digit listed in and out", async () => {
    const d = await api.anonymous.analysis.diff({ a, b });
    const [ra, rb] = await Promise.all([api.anonymous.runs.get({ id: a }), api.anonymous.runs.get({ id: b })]);
    const [ma, mb] = [ra.confusionMatrix, rb.confusionMatrix];
    if (!ma || !mb) throw new Error('finished runs have confusion matrices');
    const expected = mb.map((row, t) => row.map((v, p) => v - ma[t][p]));
    expect(d.confusionDelta).toEqual(expected);
    const cell = (t: number, p: number) => d.cells.find((c) => c.trueLabel === t && c.predictedLabel === p);
    expect(cell(1, 7)).toEqual({ trueLabel: 1, predictedLabel: 7, delta: -1, into: [], outOf: [1] });
    expect(cell(1, 1)).toEqual({ trueLabel: 1, predictedLabel: 1, delta: 1, into: [1], outOf: [] });
    expect(cell(4, 9)).toEqual({ trueLabel: 4, predictedLabel: 9, delta: 1, into: [4], outOf: [] });
    expect(cell(0, 0)).toEqual({ trueLabel: 0, predictedLabel: 0, delta: -1, into: [], outOf: [10] });
    // Digit 3 did not move: its cell is not listed.
    expect(cell(3, 5)).toBeUndefined();
  });

  it('leaves the pixels out when asked to', async () => {
    const d = await api.anonymous.analysis.diff({ a, b, withPixels: false });
    expect(d.digits.every((x) => x.pixels === undefined)).toBe(true);
    expect(d.counts.fixed).toBe(2);
  });

  it('answers 404 for an unknown run and 409 for runs without stored predictions', async () => {
    const unknown = randomUUID();
    await expect(api.anonymous.analysis.diff({ a, b: unknown })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `run ${unknown} not found` });

    const running = newRun({ name: 'still-training' });
    await api.writer.runs.create(running);
    await expect(api.anonymous.analysis.diff({ a: running.id, b })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^run still-training \(\w{8}\) has no stored test predictions: it is running/),
    });

    const bare = newRun({ name: 'no-predictions' });
    await api.writer.runs.create(bare);
    await api.writer.runs.finish(finishedRun(bare.id));
    await expect(api.anonymous.analysis.diff({ a, b: bare.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/no-predictions .* it finished without them/),
    });
  });

  it('rejects ids that are not UUIDs in one line', async () => {
    await expect(api.anonymous.analysis.diff({ a, b: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'b: run ids are UUIDs' });
  });
});

describe('analysis.hardDigits', () => {
  // Digit 100 is missed by all five runs, 201 by four, 302 by three; each run also has a mistake of its own.
  const runWrong = (k: number) =>
    mistakes([
      [100, k === 3 ? 2 : 7],
      ...(k < 4 ? [201] : []),
      ...(k < 3 ? [302] : []),
      1_000 + k,
    ]);
  let ids: string[];
  let sweepId: string;

  beforeAll(async () => {
    sweepId = randomUUID();
    await api.db.sweep.create({
      data: { id: sweepId, name: 'hard-sweep', method: 'random', metric: 'val_accuracy', goal: 'maximize', config: {}, maxTrials: 10 },
    });
    ids = [];
    for (let k = 0; k < 5; k++) ids.push(await logFinishedRun(api, runWrong(k), { name: `hard-${k}`, sweepId }));
    // A trial that never finished: part of the sweep, but it has no predictions to count.
    const unfinished = newRun({ name: 'hard-unfinished', sweepId });
    await queueTrial(api.db, sweepId, unfinished);
    await api.writer.runs.create(unfinished);
  }, 120_000);

  it('lists the digits at least 80% of the runs miss, most-missed first, with what they were taken for', async () => {
    const h = await api.anonymous.analysis.hardDigits({ runIds: ids });
    expect(h.digits.map((d) => [d.index, d.share])).toEqual([
      [100, 1],
      [201, 0.8],
    ]);
    expect(h.total).toBe(2);
    const [first] = h.digits;
    expect(first).toMatchObject({ trueLabel: 0, wrongCount: 5 });
    expect(first.predicted).toEqual([0, 0, 1, 0, 0, 0, 0, 4, 0, 0]);
    expect(Buffer.from(first.pixels, 'base64')).toEqual(pixelsOf(100));
    expect(h.missedBy.reduce((s, n) => s + n, 0)).toBe(TEST_DIGITS);
    expect(h.missedBy.slice(1)).toEqual([5, 0, 1, 1, 1]);
  });

  it('takes a lower share, and a sweep instead of run ids (skipping its runs without predictions)', async () => {
    const h = await api.anonymous.analysis.hardDigits({ sweepId, minShare: 0.5 });
    expect(h.digits.map((d) => d.index)).toEqual([100, 201, 302]);
    expect(h.runs.map((r) => r.name).sort()).toEqual(['hard-0', 'hard-1', 'hard-2', 'hard-3', 'hard-4']);
    expect(h.skippedRuns).toBe(1);
  });

  it('refuses both or neither of runIds and sweepId, an unknown sweep, and a share outside (0, 1]', async () => {
    await expect(api.anonymous.analysis.hardDigits({ runIds: ids, sweepId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/either runIds or sweepId/) });
    await expect(api.anonymous.analysis.hardDigits({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.anonymous.analysis.hardDigits({ sweepId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.anonymous.analysis.hardDigits({ runIds: ids, minShare: 0 })).rejects.toMatchObject({ message: 'minShare: minShare must be in (0, 1]' });
  });
});

describe('analysis.gap', () => {
  it('one run against one: exact McNemar on the digits they disagree on, and no CI across seeds', async () => {
    // B fixes 10 of A's mistakes and makes 2 of its own: b = 2, c = 10, p = 0.0386.
    const a = await logFinishedRun(api, mistakes([...range(5_000, 10), 6_000]), { name: 'gap-a' });
    const b = await logFinishedRun(api, mistakes([6_000, 7_000, 7_001]), { name: 'gap-b' });
    const g = await api.anonymous.analysis.gap({ a: [a], b: [b] });
    expect(g.mcnemar).toMatchObject({ on: 'runs', onlyFirst: 2, onlySecond: 10, digits: TEST_DIGITS });
    expect(g.mcnemar.p).toBeCloseTo(0.03857421875, 10);
    expect(g.difference).toBeCloseTo(0.08, 10);
    expect(g.ci).toBeNull();
    expect(g.ciNote).toMatch(/single run.*n >= 2/);
    expect(g.verdict).toBe('undetermined');
    expect(g.pairs).toEqual([]);
    expect(g.sentence).toBe(
      'B is better by 0.08 points (McNemar p = 0.039; no CI across seeds with one run per side, n < 2): more than test-set chance, but seed noise is unknown — repeat with more seeds',
    );
  });

  it('three seeds against three: Welch CI, majority-vote McNemar, per-seed pairs, "larger than seed noise"', async () => {
    // Every A run misses 280 shared digits plus a few of its own; every B run misses 180 of those same digits plus its own.
    const core = range(0, 280);
    const extra = [20, 30, 10];
    const a: string[] = [];
    const b: string[] = [];
    for (let s = 0; s < 3; s++) {
      a.push(await logFinishedRun(api, mistakes([...core, ...range(8_000 + 100 * s, extra[s])]), { name: `gap-a-${s}`, seed: s + 1 }));
      b.push(await logFinishedRun(api, mistakes([...core.slice(0, 180), ...range(9_000 + 100 * s, extra[s])]), { name: `gap-b-${s}`, seed: s + 1 }));
    }
    const g = await api.anonymous.analysis.gap({ a, b });
    // A: 97.00, 96.90, 97.10 %; B: 98.00, 97.90, 98.10 %: the same spread, so df = 4 and the half-width is t(4) * sd * sqrt(2/3).
    expect(g.a.meanAccuracy).toBeCloseTo(97, 10);
    expect(g.b.meanAccuracy).toBeCloseTo(98, 10);
    expect(g.difference).toBeCloseTo(1, 10);
    expect(g.ci?.df).toBeCloseTo(4, 8);
    expect(g.ci?.low).toBeCloseTo(1 - 2.7764451 * 0.1 * Math.sqrt(2 / 3), 6);
    expect(g.ci?.high).toBeCloseTo(1 + 2.7764451 * 0.1 * Math.sqrt(2 / 3), 6);
    // The votes: each run's own mistakes are outvoted, so A's vote misses the 280, B's the 180 among them.
    expect(g.mcnemar).toMatchObject({ on: 'majority-vote', onlyFirst: 0, onlySecond: 100 });
    expect(g.mcnemar.p).toBeLessThan(1e-20);
    expect(g.pairs.map((p) => [p.seed, p.a, p.b, p.onlyFirst, p.onlySecond])).toEqual([
      [1, a[0], b[0], 20, 120],
      [2, a[1], b[1], 30, 130],
      [3, a[2], b[2], 10, 110],
    ]);
    expect(g.verdict).toBe('larger-than-seed-noise');
    expect(g.sentence).toBe('B is better by 1.00 points (95% CI 0.77 to 1.23 across 3 seeds; McNemar p < 0.001 on the majority votes): larger than seed noise');
  }, 120_000);

  it('a difference smaller than the spread across seeds is "within seed noise"', async () => {
    // A: 97, 96, 98 %; B: 97.5, 96.5, 98.5 %.
    const errors = (n: number, from: number) => mistakes(range(from, n));
    const a = [300, 400, 200].map((n, s) => logFinishedRun(api, errors(n, 0), { name: `noise-a-${s}`, seed: s }));
    const b = [250, 350, 150].map((n, s) => logFinishedRun(api, errors(n, 1_000), { name: `noise-b-${s}`, seed: s }));
    const g = await api.anonymous.analysis.gap({ a: await Promise.all(a), b: await Promise.all(b) });
    expect(g.difference).toBeCloseTo(0.5, 10);
    expect(g.verdict).toBe('within-seed-noise');
    expect(g.sentence).toMatch(/^B is better by 0\.50 points \(95% CI -1\.77 to 2\.77 across 3 seeds; McNemar p [=<] [\d.]+ on the majority votes\): within seed noise$/);
  }, 120_000);

  it('refuses a run in both groups', async () => {
    const id = randomUUID();
    await expect(api.anonymous.analysis.gap({ a: [id], b: [id] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'input: a run cannot be in both groups' });
  });
});

describe('analysis.findRuns', () => {
  it('finds a run by its full id, an id prefix or its exact name', async () => {
    const id = await logFinishedRun(api, mistakes([1]), { name: 'findable-run' });
    expect((await api.anonymous.analysis.findRuns({ ref: id })).matches.map((m) => m.id)).toEqual([id]);
    expect((await api.anonymous.analysis.findRuns({ ref: id.slice(0, 10) })).matches.map((m) => m.id)).toEqual([id]);
    expect((await api.anonymous.analysis.findRuns({ ref: 'findable-run' })).matches.map((m) => m.name)).toEqual(['findable-run']);
    expect((await api.anonymous.analysis.findRuns({ ref: 'no-such-run' })).matches).toEqual([]);
  });
});
