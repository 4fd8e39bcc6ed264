// analysis.calibration on runs logged through the real create/finish procedures: bins and ECE from the stored bytes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFinishedRun, mistakes, TEST_DIGITS } from '../analysis/test-runs';
import { newRun, openTestApi, type TestApi } from '../test-support';

let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
}, 60_000);

afterAll(async () => {
  await api?.close();
}, 60_000);

describe('analysis.calibration', () => {
  it("bins a run's stored test confidences: its mistakes at 0.6, its right answers at 0.99", async () => {
    // The fixtures give every mistake confidence 0.6 and every right answer 0.99.
    const wrong = mistakes(Array.from({ length: 250 }, (_, k) => k * 7));
    const id = await logFinishedRun(api, wrong, { name: 'calibrated' });
    const c = await api.anonymous.analysis.calibration({ id });
    expect(c.total).toBe(TEST_DIGITS);
    const filled = c.bins.filter((b) => b.count > 0);
    expect(filled.map((b) => [b.lower, b.count, b.accuracy])).toEqual([
      [9 / 15, 250, 0],
      [14 / 15, TEST_DIGITS - 250, 1],
    ]);
    expect(filled[1].confidence).toBeCloseTo(0.99, 6);
    expect(c.ece).toBeCloseTo((250 / TEST_DIGITS) * 0.6 + ((TEST_DIGITS - 250) / TEST_DIGITS) * 0.01, 6);
    expect(c.histogram.wrong[12]).toBe(250);
    expect(c.histogram.right[19]).toBe(TEST_DIGITS - 250);
  });

  it('answers 404 for an unknown run and 409 for a run still training', async () => {
    const unknown = randomUUID();
    await expect(api.anonymous.analysis.calibration({ id: unknown })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `run ${unknown} not found` });
    const running = newRun({ name: 'calibration-running' });
    await api.writer.runs.create(running);
    await expect(api.anonymous.analysis.calibration({ id: running.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^run calibration-running \(\w{8}\) has no stored test predictions: it is running/),
    });
  });

  it('answers 400 for an id that is not a UUID', async () => {
    await expect(api.anonymous.analysis.calibration({ id: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
