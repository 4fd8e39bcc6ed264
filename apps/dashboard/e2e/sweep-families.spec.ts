// A sweep over both families, as a user writes it: arch mlp or cnn, the convolution keys only where arch is cnn
// (`when:`). Run by the `mnist-lab sweep` CLI on the fused engine; then the trials as the API stores them and the
// sweep page's families side by side.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';
import { runSweep } from './support/sweep';

const SWEEP = 'e2e-families';
/** Three trials of one short epoch: the MLP, and the CNN with two kernel sizes (small filters, to stay quick). */
const CONFIG = `name: ${SWEEP}
method: grid
metric: val_accuracy
parameters:
  arch: { values: [mlp, cnn] }
  convFilters: { values: [[8, 16]], when: { arch: cnn } }
  kernelSize: { values: [3, 5], when: { arch: cnn } }
  epochs: 1
  trainLimit: 1500
`;

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
let sweepId: string;

beforeAll(async () => {
  stack = await startStack({ name: 'sweep-families', browser: true });
  ({ api, url, page } = stack);
  sweepId = await runSweep(stack, CONFIG);
});

afterAll(() => stack?.stop());

describe('a sweep over both families', { timeout: 120_000 }, () => {
  it('runs each point of the conditional grid once: the MLP without convolution keys, each CNN with them', async () => {
    const sweep = await api.sweeps.get.query({ id: sweepId });
    expect(sweep.trials.map((t) => t.status)).toEqual(['finished', 'finished', 'finished']);
    const mlp = sweep.trials.filter((t) => t.params.arch === 'mlp');
    const cnn = sweep.trials.filter((t) => t.params.arch === 'cnn');
    expect(mlp).toHaveLength(1);
    expect(mlp[0].params.convFilters).toBeUndefined();
    expect(mlp[0].params.kernelSize).toBeUndefined();
    expect(cnn.map((t) => t.params.kernelSize).sort()).toEqual([3, 5]);
    for (const t of cnn) expect(t.params.convFilters).toEqual([8, 16]);
    // The CNN trials trained CNNs: the stored architecture has their convolutions, the kernel the trial was given,
    // and the family's defaults where the sweep set nothing (Keras's convnet: Dropout 0.5, no hidden Dense).
    for (const t of cnn) {
      const run = await api.runs.get.query({ id: t.runId });
      expect(run.family).toBe('cnn');
      expect(run.config).toMatchObject({ arch: 'cnn', convFilters: [8, 16], kernelSize: t.params.kernelSize, dropout: 0.5, hiddenUnits: [] });
      expect(run.architecture?.layers.filter((l) => l.type === 'Conv2D')).toHaveLength(2);
    }
    const mlpRun = await api.runs.get.query({ id: mlp[0].runId });
    expect(mlpRun.family).toBe('mlp');
    expect(mlpRun.architecture?.layers.some((l) => l.type === 'Conv2D')).toBe(false);
  });

  it('shows the families side by side, each with its best run, and compares the two bests', async () => {
    const sweep = await api.sweeps.get.query({ id: sweepId });
    await page.goto(`${url}/sweeps/${sweepId}`);
    const summary = page.getByTestId('family-summary');
    await poll(() => summary.count(), 20_000).toBe(1);
    const bestOf = (arch: string) =>
      sweep.trials.filter((t) => t.params.arch === arch).sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity))[0];
    for (const arch of ['mlp', 'cnn']) {
      const column = summary.getByTestId(`family-${arch}`);
      expect(await column.textContent()).toContain(arch === 'mlp' ? '1 trial, 1 finished' : '2 trials, 2 finished');
      expect(await column.getByRole('link').getAttribute('href')).toBe(`/runs/${bestOf(arch).runId}`);
    }
    expect(await summary.getByTestId('family-cnn').textContent()).toContain('convFilters');
    const compare = new URL((await page.getByTestId('compare-families').getAttribute('href')) ?? '', url);
    expect(compare.searchParams.get('runs')?.split(',').sort()).toEqual([bestOf('cnn').runId, bestOf('mlp').runId].sort());
    await screenshot(page, 'sweep-families');
  });

  it('draws every trial as one line in the parallel coordinates: the MLP crosses the convolution axes it has no value on', async () => {
    const sweep = await api.sweeps.get.query({ id: sweepId });
    const mlp = sweep.trials.find((t) => t.params.arch === 'mlp');
    const lines = page.getByTestId('pc-line');
    await poll(() => lines.count()).toBe(3);
    for (const t of sweep.trials) {
      const d = (await page.locator(`[data-testid="pc-line"][data-run-id="${t.runId}"]`).getByTestId('pc-path').getAttribute('d')) ?? '';
      // One stroke from the first axis to the metric: the CNNs touch all four axes, the MLP two (arch and the metric).
      expect({ arch: t.params.arch, moves: d.match(/M/g)?.length, points: d.match(/[ML]/g)?.length }).toEqual({
        arch: t.params.arch,
        moves: 1,
        points: t.runId === mlp?.runId ? 2 : 4,
      });
    }
  });
});
