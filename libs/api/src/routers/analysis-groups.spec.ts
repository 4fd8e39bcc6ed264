// analysis.* over groups of runs: each group votes as one classifier (its runs' majority per test digit) in hard digits
// and in what changed between two groups; the gap takes groups as its sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFinishedRun, mistakes, TEST_DIGITS } from '../analysis/test-runs';
import { openTestApi, type TestApi } from '../test-support';

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
}, 60_000);

afterAll(async () => {
  await api?.close();
}, 60_000);

// Group A (3 seeds) all miss 1 and 2; two of them miss 3; one misses 4 alone. Group B (2 seeds) both miss 1 and 5;
// one of them misses 2, the other 6. Group C (1 run) misses 1 and 7.
const A = [mistakes([1, 2, 3]), mistakes([1, 2, 3, [4, 9]]), mistakes([1, 2])];
const B = [mistakes([1, 5, 2]), mistakes([1, 5, 6])];
const C = [mistakes([1, 7])];
let a: string[];
let b: string[];
let c: string[];

beforeAll(async () => {
  const log = (group: Map<number, number>[], name: string) =>
    Promise.all(group.map((wrong, s) => logFinishedRun(api, wrong, { name: `${name}-${s + 1}`, seed: s + 1 })));
  [a, b, c] = [await log(A, 'ga'), await log(B, 'gb'), await log(C, 'gc')];
}, 120_000);

describe('analysis.hardDigits with groups', () => {
  it('counts each group once, by its majority vote', async () => {
    const h = await api.anonymous.analysis.hardDigits({ groups: [a, b, c], minShare: 0.6 });
    // Votes: A misses 1, 2, 3 (2 of 3 miss 3); B's two runs tie on 2 and on 6, and the tie goes to the right label
    // (the larger summed confidence: 0.99 against 0.6), so B misses 1 and 5; C misses 1 and 7.
    expect(h.missedBy.length).toBe(4);
    expect(h.total).toBe(1);
    expect(h.digits.map((d) => [d.index, d.wrongCount, d.share])).toEqual([[1, 3, 1]]);
    expect(h.groups?.map((g) => [g.runIds, g.errors])).toEqual([
      [a, 3],
      [b, 2],
      [c, 2],
    ]);
    expect(h.groups?.[2].name).toBe('gc-1');
    expect(h.groups?.[0].name).toMatch(/^majority vote of 3 runs/);
    expect(h.runs.map((r) => r.id)).toEqual([...a, ...b, ...c]);
    // missedBy over the groups: digit 1 by all three; 2, 3, 5, 7 by one each.
    expect(h.missedBy).toEqual([TEST_DIGITS - 5, 4, 0, 1]);

    const third = await api.anonymous.analysis.hardDigits({ groups: [a, b, c], minShare: 0.3 });
    expect(third.digits.map((d) => d.index)).toEqual([1, 2, 3, 5, 7]);
    // Run by run, digit 2 is missed by 3 of the 6 runs: with groups it is one group's mistake.
    const byRun = await api.anonymous.analysis.hardDigits({ runIds: [...a, ...b, ...c], minShare: 0.5 });
    expect(byRun.digits.map((d) => d.index)).toEqual([1, 2]);
    expect(byRun.groups).toBeNull();
  });

  it('refuses a run in two groups, and groups together with run ids, in one line', async () => {
    await expect(api.anonymous.analysis.hardDigits({ groups: [a, [a[0], ...b]] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/a run appears in two groups/),
    });
    await expect(api.anonymous.analysis.hardDigits({ groups: [a], runIds: b })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/either runIds or sweepId \(or groups\)/),
    });
  });
});

describe('analysis.groupDiff', () => {
  it("diffs the two groups' majority votes: what B's vote fixed, broke and still gets wrong", async () => {
    const d = await api.anonymous.analysis.groupDiff({ a, b, withPixels: true });
    // A's vote misses 1, 2, 3; B's misses 1, 5.
    expect(d.groups.fixed).toEqual([2, 3]);
    expect(d.groups.broke).toEqual([5]);
    expect(d.groups.stillWrongSame).toEqual([1]);
    expect(d.a).toMatchObject({ runIds: a, errors: 3, seed: null });
    expect(d.b).toMatchObject({ runIds: b, errors: 2 });
    expect(d.a.accuracy).toBeCloseTo(1 - 3 / TEST_DIGITS, 12);
    const fixed = d.digits.find((x) => x.index === 2);
    // The vote's confidence is the mean of the runs that voted for it: 0.6 (wrong) for A, 0.99 (right) for B.
    expect(fixed?.a).toEqual({ label: 3, confidence: 0.6 });
    expect(fixed?.b.label).toBe(2);
    expect(fixed?.b.confidence).toBeCloseTo(0.99, 5);
    expect(d.digits.every((x) => typeof x.pixels === 'string' && x.pixels.length > 0)).toBe(true);
  });

  it('a group of one run diffs as that run', async () => {
    const one = await api.anonymous.analysis.groupDiff({ a: c, b: [b[0]], withPixels: false });
    const plain = await api.anonymous.analysis.diff({ a: c[0], b: b[0], withPixels: false });
    expect(one.groups).toEqual(plain.groups);
    expect(one.a.name).toBe('gc-1');
  });

  it('refuses a run on both sides in one line', async () => {
    await expect(api.anonymous.analysis.groupDiff({ a, b: [a[0]] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/both groups/) });
  });
});

describe('analysis.gap with groups as sides', () => {
  it('takes the groups as they are, with majority votes', async () => {
    const g = await api.anonymous.analysis.gap({ a, b });
    expect(g.a.runs.map((r) => r.id)).toEqual(a);
    expect(g.mcnemar).toMatchObject({ on: 'majority-vote', onlyFirst: 1, onlySecond: 2 });
  });
});
