// digits.*: the explorer's per-digit stats across runs, its likely-mislabeled list, and where digit pictures come from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { loadMnistTest } from '@mnist-lab/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFinishedRun, mistakes, pixelsOf, TEST_DIGITS, truthOf } from '../analysis/test-runs';
import { createCaller } from '../caller';
import { createContext } from '../context';
import { openTestApi, rejection, type TestApi } from '../test-support';

let api: TestApi;
let runs: string[];

beforeAll(async () => {
  api = await openTestApi();
  // Digit 5 is called a 7 by all three runs, digit 6 a 2 by two of them and a 3 by the third, digit 8 by one run only.
  runs = [
    await logFinishedRun(api, mistakes([[5, 7], [6, 2], [8, 1]]), { name: 'explore-a' }),
    await logFinishedRun(api, mistakes([[5, 7], [6, 2]]), { name: 'explore-b' }),
    await logFinishedRun(api, mistakes([[5, 7], [6, 3]]), { name: 'explore-c' }),
  ];
}, 60_000);

afterAll(async () => {
  await api?.close();
}, 60_000);

describe('digits.explore', () => {
  it('gives every test digit how many runs get it right, its most common wrong label and the mean confidence', async () => {
    const x = await api.anonymous.digits.explore({ runIds: runs });
    expect(x.runs.map((r) => r.name)).toEqual(['explore-a', 'explore-b', 'explore-c']);
    expect(x.digits.trueLabel).toHaveLength(TEST_DIGITS);
    expect(x.digits.trueLabel.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => truthOf(i)));
    const row = (i: number) => ({
      right: x.digits.right[i],
      topWrong: x.digits.topWrong[i],
      topWrongCount: x.digits.topWrongCount[i],
      meanConfidence: x.digits.meanConfidence[i],
    });
    expect(row(5)).toEqual({ right: 0, topWrong: 7, topWrongCount: 3, meanConfidence: 0.6 });
    expect(row(6)).toEqual({ right: 0, topWrong: 2, topWrongCount: 2, meanConfidence: 0.6 });
    expect(row(8)).toEqual({ right: 2, topWrong: 1, topWrongCount: 1, meanConfidence: 0.86 });
    expect(row(9)).toEqual({ right: 3, topWrong: -1, topWrongCount: 0, meanConfidence: 0.99 });
  });

  it('lists as likely mislabeled the digits nearly every run confidently calls the same other label, most agreed first', async () => {
    const strict = await api.anonymous.digits.explore({ runIds: runs });
    // The fixtures' mistakes have confidence 0.6: below the default 0.8, none is confident enough.
    expect(strict.mislabeled).toEqual([]);
    const loose = await api.anonymous.digits.explore({ runIds: runs, mislabeledConfidence: 0.5, mislabeledShare: 0.6 });
    expect(loose.mislabeled).toEqual([5, 6]);
    const all = await api.anonymous.digits.explore({ runIds: runs, mislabeledConfidence: 0.5, mislabeledShare: 1 });
    expect(all.mislabeled).toEqual([5]);
  });

  it('answers 404 for an unknown run and 400 for neither runs nor a sweep', async () => {
    expect((await rejection(api.anonymous.digits.explore({ runIds: [runs[0], randomUUID()] }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.anonymous.digits.explore({}))).code).toBe('BAD_REQUEST');
  });
});

describe('digits.images', () => {
  it("returns the server's MNIST test images, for digits every run gets right too", async () => {
    const set = await loadMnistTest();
    const got = await api.anonymous.digits.images({ runIds: runs, indices: [0, 5, 9_999] });
    expect(got.map((g) => g.index)).toEqual([0, 5, 9_999]);
    for (const g of got) expect(Buffer.from(g.pixels ?? '', 'base64')).toEqual(Buffer.from(set.pixels.subarray(g.index * 784, (g.index + 1) * 784)));
    expect((await api.anonymous.digits.explore({ runIds: runs })).imagesNote).toBeNull();
  });

  it('without the MNIST files, falls back to the pixels stored with mistakes and says so', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'mnist-lab-no-mnist-'));
    const caller = createCaller(createContext({ ...api.runtime, mnistDataDir: empty }, null));
    const got = await caller.digits.images({ runIds: runs, indices: [5, 8, 9] });
    expect(got[0].pixels && Buffer.from(got[0].pixels, 'base64')).toEqual(pixelsOf(5));
    expect(got[1].pixels && Buffer.from(got[1].pixels, 'base64')).toEqual(pixelsOf(8));
    expect(got[2]).toEqual({ index: 9, pixels: null });
    const note = (await caller.digits.explore({ runIds: runs })).imagesNote;
    expect(note).toMatch(/^Pictures only of digits some run gets wrong: .*t10k-images-idx3-ubyte/);
  });

  it('refuses, with a 400 and one line, any index outside 0..9999 or not an integer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: TEST_DIGITS }), fc.double({ noInteger: true, noNaN: true })), async (bad) => {
        const e = await rejection(api.anonymous.digits.images({ runIds: runs, indices: [1, bad] }));
        expect(e.code).toBe('BAD_REQUEST');
        expect(e.message).not.toContain('\n');
      }),
      { numRuns: 25 },
    );
  });
});
