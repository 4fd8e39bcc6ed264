// The sweep page's parameter importance in a real browser: eight finished trials whose metric follows the learning
// rate and ignores the batch size; fANOVA must say so, and the contour of the two must be drawn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

let stack: Stack;
let sweepId: string;

beforeAll(async () => {
  stack = await startStack({ name: 'sweep-importance', browser: true });
  const { api } = stack;
  ({ id: sweepId } = await api.sweeps.create.mutate({
    seed: 0,
    config: {
      name: 'importance',
      method: 'grid',
      parameters: { learningRate: { values: [0.0003, 0.001, 0.003, 0.01] }, batchSize: { values: [32, 128] }, epochs: 2 },
    },
  }));
  for (;;) {
    const t = await api.sweeps.nextTrial.mutate({ sweepId, agentId: 'e2e' });
    if (!('runId' in t)) break;
    const at = new Date().toISOString();
    const { learningRate, batchSize } = t.hyperparams;
    // Up with the learning rate, a hair of batch size (0.1% against 6% from the learning rate).
    const accuracy = 0.9 + 0.02 * Math.log10(learningRate / 0.0003) / Math.log10(0.01 / 0.0003) * 3 + (batchSize === 32 ? 0.001 : 0);
    await api.runs.create.mutate({ id: t.runId, name: t.name, config: t.hyperparams, sweepId, attempt: t.attempt, startedAt: at });
    await api.runs.logEpoch.mutate({ runId: t.runId, epoch: 1, metrics: { val_accuracy: accuracy - 0.01 }, at, attempt: t.attempt });
    await api.runs.logEpoch.mutate({ runId: t.runId, epoch: 2, metrics: { val_accuracy: accuracy }, at, attempt: t.attempt });
    await api.runs.finish.mutate({ runId: t.runId, endedAt: at, attempt: t.attempt });
    await api.sweeps.completeTrial.mutate({ runId: t.runId, attempt: t.attempt });
  }
});

afterAll(() => stack?.stop());

describe('parameter importance on the sweep page', { timeout: 120_000 }, () => {
  it('ranks the learning rate first by fANOVA, the batch size near zero, and draws their contour with a dot per trial', async () => {
    const { page, url } = stack;
    await page.goto(`${url}/sweeps/${sweepId}`);
    const rows = page.getByTestId('importance-row');
    await poll(() => rows.count()).toBe(2);
    const shares = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-share'))] as const));
    expect(shares[0][0]).toBe('learningRate');
    expect(shares[0][1]).toBeGreaterThan(0.9);
    expect(shares[1]).toEqual(['batchSize', expect.any(Number)]);
    expect(shares[1][1]).toBeLessThan(0.1);
    const contour = page.getByTestId('importance-contour');
    await expect(contour.locator('circle').count()).resolves.toBe(8);
    await expect(contour.locator('rect').count()).resolves.toBe(24 * 24);
    await contour.scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-importance');
    expect(stack.pageErrors).toEqual([]);
  });
});
