// The dashboard in a real browser over a real server: two CLI-trained runs compared, a run's digits, live updates.
import { randomUUID } from 'node:crypto';
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName, type ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

const RUNS = ['e2e-adam', 'e2e-sgd'] as const;

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
const ids: Record<string, string> = {};
let emptyStateText = '';

beforeAll(async () => {
  stack = await startStack({ name: 'dashboard', browser: true });
  ({ api, url, page } = stack);
  // Before any run exists: what a new user sees first.
  await page.goto(`${url}/`);
  await page.getByText('No runs yet').waitFor({ timeout: 60_000 });
  emptyStateText = (await page.locator('.state').textContent()) ?? '';
  await screenshot(page, 'runs-empty');

  // Two real, short trainings, one after the other (2 cores), differing in optimizer and learning rate.
  const common = ['--epochs', '2', '--train-limit', '2000', '--tags', 'e2e'];
  await stack.train(RUNS[0], [...common, '--optimizer', 'adam']);
  await stack.train(RUNS[1], [...common, '--optimizer', 'sgd', '--learning-rate', '0.05']);
  for (const name of RUNS) ids[name] = await runIdByName(api, name);
});

afterAll(() => stack?.stop());

describe('dashboard', { timeout: 120_000 }, () => {
  it('tells a new user how to log a first run', () => {
    expect(emptyStateText).toContain('npx mnist-lab train');
    expect(emptyStateText).toContain('npm run demo');
  });

  it('lists both runs and compares them from the table', async () => {
    await page.goto(`${url}/`);
    await poll(() => page.getByTestId('run-count').textContent()).toBe('2 runs');
    expect(await page.getByTestId('run-row').count()).toBe(2);
    await screenshot(page, 'runs');

    for (const name of RUNS) await page.getByLabel(`Select ${name}`, { exact: true }).check();
    await poll(() => new URL(page.url()).searchParams.get('sel')?.split(',').length).toBe(2);
    await page.getByTestId('compare-button').click();
    await page.waitForURL(/\/compare\?runs=/);

    // One drawn line per run in the loss chart, and the same in validation accuracy.
    const lines = (metric: string) => page.locator(`[data-testid="chart-${metric}"] .series-line path.series-curve[d^="M"]`);
    await poll(() => lines('loss').count()).toBe(2);
    await poll(() => lines('val_accuracy').count()).toBe(2);
    await poll(() => page.locator('[data-testid="chart-test_accuracy"] .recharts-bar-rectangle').count()).toBe(2);
    // optimizer and learningRate differ between the two runs: highlighted in the config table.
    const differing = await page.getByTestId('hyperparams-table').locator('tr[data-differs="true"]').getByRole('rowheader').allTextContents();
    expect(differing).toEqual(expect.arrayContaining(['optimizer', 'learningRate']));
    await screenshot(page, 'compare');
  });

  it("shows every misclassified digit of a run and filters them from the confusion matrix", async () => {
    const run = await api.runs.get.query({ id: ids[RUNS[0]] });
    expect(run.misclassifiedCount).toBeGreaterThan(0);
    await page.goto(`${url}/runs/${run.id}`);
    const tiles = page.getByTestId('digit-tile');
    // The gallery holds every mistake and mounts the rows in view (run-digits.spec scrolls it).
    await poll(() => page.getByTestId('gallery-grid').getAttribute('data-total'), 30_000).toBe(String(run.misclassifiedCount));
    expect(await page.getByTestId('gallery-count').textContent()).toBe(run.misclassifiedCount?.toLocaleString('en-US'));
    await screenshot(page, 'run');

    // The most frequent confusion: clicking its cell leaves exactly those digits in the gallery.
    const matrix = run.confusionMatrix;
    if (!matrix) throw new Error('a finished run has a confusion matrix');
    let pair = [0, 1];
    matrix.forEach((row, t) => row.forEach((n, p) => t !== p && n > matrix[pair[0]][pair[1]] && (pair = [t, p])));
    const [t, p] = pair;
    await page.getByTestId(`cm-cell-${t}-${p}`).click();
    await poll(() => page.getByTestId('gallery-grid').getAttribute('data-total')).toBe(String(matrix[t][p]));
    expect(await page.getByTestId('gallery-count').textContent()).toBe(`${matrix[t][p].toLocaleString('en-US')} of ${run.misclassifiedCount?.toLocaleString('en-US')}`);
    const labels = await tiles.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-true')}-${e.getAttribute('data-predicted')}`));
    expect(new Set(labels)).toEqual(new Set([`${t}-${p}`]));
    expect(new URL(page.url()).searchParams.get('true')).toBe(String(t));
    await screenshot(page, 'run-filtered');
  });

  it('draws a newly logged epoch of a running run within 2 seconds, without a reload', async () => {
    const id = randomUUID();
    await api.runs.create.mutate({
      id,
      name: 'e2e-live',
      config: DEFAULT_HYPERPARAMS,
      backend: 'fused',
      tags: ['e2e'],
      startedAt: new Date().toISOString(),
    });
    const epoch = (n: number) =>
      api.runs.logEpoch.mutate({
        runId: id,
        epoch: n,
        metrics: { loss: 1 / n, accuracy: 0.8 + n / 100, val_loss: 1.1 / n, val_accuracy: 0.79 + n / 100, lr: 0.001 },
        at: new Date().toISOString(),
      });
    await epoch(1);
    await page.goto(`${url}/runs/${id}`);
    const points = () => page.getByTestId('chart-loss').getAttribute('data-points');
    await poll(points).toBe('1');
    await epoch(2);
    await poll(points, 2_000).toBe('2');
    await screenshot(page, 'run-live');
    await api.runs.end.mutate({ runId: id, status: 'stopped', endedAt: new Date().toISOString() });
  });

  it('rendered every page without console errors or hydration warnings', () => {
    expect(stack.pageErrors).toEqual([]);
  });
});
