// The sweeps pages in a real browser over a real server: a tiny grid sweep run by the `mnist-lab sweep` CLI, then
// the list (finished, 2/2), the trials table, the parallel-coordinates lines and the best-run link checked against the API.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';
import { runSweep } from './support/sweep';

const SWEEP = 'e2e-grid';
/** Two trials of two short epochs each: as small as a sweep gets while still having a best run to find. */
const CONFIG = `name: ${SWEEP}
method: grid
metric: val_accuracy
parameters:
  learningRate: { values: [0.001, 0.003] }
  batchSize: { values: [64] }
  epochs: 2
  trainLimit: 2000
`;

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
let sweepId: string;

beforeAll(async () => {
  stack = await startStack({ name: 'sweeps', browser: true });
  ({ api, url, page } = stack);
  sweepId = await runSweep(stack, CONFIG);
});

afterAll(() => stack?.stop());

describe('sweeps pages', { timeout: 120_000 }, () => {
  it('lists the sweep as finished with 2 of 2 trials done, linking to its page', async () => {
    await page.goto(`${url}/sweeps`);
    const row = page.locator(`[data-testid="sweep-row"][data-sweep-id="${sweepId}"]`);
    await poll(() => row.count()).toBe(1);
    expect(await row.locator('.badge').textContent()).toBe('finished');
    expect(await row.getByTestId('sweep-progress-count').textContent()).toBe('2/2');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sweeps' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'sweeps');

    await row.getByRole('link', { name: SWEEP }).click();
    await page.waitForURL(`**/sweeps/${sweepId}`);
    await poll(() => page.getByTestId('sweep-name').textContent()).toBe(SWEEP);
  });

  it('shows both trials, one parallel-coordinates line per finished trial, and links the best run', async () => {
    const sweep = await api.sweeps.get.query({ id: sweepId });
    const finished = sweep.trials.filter((t) => t.status === 'finished');
    expect(finished).toHaveLength(2);
    await page.goto(`${url}/sweeps/${sweepId}`);
    await poll(() => page.getByTestId('trial-row').count()).toBe(2);
    await poll(() => page.getByTestId('pc-line').count()).toBe(finished.length);
    const drawn = await page.getByTestId('pc-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')).sort());
    expect(drawn).toEqual(finished.map((t) => t.runId).sort());
    // Each line crosses every axis: learningRate and batchSize, then the metric.
    const d = await page.getByTestId('pc-line').first().getByTestId('pc-path').getAttribute('d');
    expect(d?.match(/[ML]/g)).toHaveLength(3);

    // The best run is the trial with the highest val_accuracy, by the API's own numbers.
    const best = [...finished].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity))[0];
    expect(sweep.bestRunId).toBe(best.runId);
    expect(await page.getByTestId('best-run-link').getAttribute('href')).toBe(`/runs/${best.runId}`);
    expect(await page.getByTestId('sweep-hard-digits').getAttribute('href')).toBe(`/hard-digits?sweep=${sweepId}`);
    const compare = new URL((await page.getByTestId('compare-top').getAttribute('href')) ?? '', url);
    expect(compare.searchParams.get('runs')?.split(',')).toEqual([best.runId, finished.find((t) => t !== best)?.runId]);
    await screenshot(page, 'sweep');
  });

  it('sorts the trials table by the metric, best first', async () => {
    await page.getByTestId('trials-sort-value').getByRole('button').click();
    const values = await page.getByTestId('trial-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
    const sweep = await api.sweeps.get.query({ id: sweepId });
    const byValue = [...sweep.trials].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity)).map((t) => t.runId);
    expect(values).toEqual(byValue);
  });

  it('keeps only the trials inside a span brushed along the metric axis', async () => {
    const { bestRunId } = await api.sweeps.get.query({ id: sweepId });
    // The mouse works in viewport coordinates: bring the axis to the middle of the view, clear of the sticky top bar
    // (sorting the trials table scrolled the page down to it).
    await page.getByTestId('pc-brush-val_accuracy').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const box = await page.getByTestId('pc-brush-val_accuracy').boundingBox();
    if (!box) throw new Error('the metric axis can be brushed');
    // From the top of the axis (the best value) down to 40% of its height: the worse trial sits at the bottom.
    await page.mouse.move(box.x + box.width / 2, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.4, { steps: 5 });
    await page.mouse.up();
    await poll(() => page.getByTestId('pc-kept').textContent()).toBe('1 of 2 trials in the brushed ranges');
    expect(await page.locator('[data-testid="pc-line"][data-kept="true"]').getAttribute('data-run-id')).toBe(bestRunId);
    await screenshot(page, 'sweep-brushed');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await poll(() => page.locator('[data-testid="pc-line"][data-kept="true"]').count()).toBe(2);
  });

  it('highlights a trial on hover and opens its run on click', async () => {
    const line = page.getByTestId('pc-line').first();
    const runId = await line.getAttribute('data-run-id');
    // The middle of the first segment (learningRate -> batchSize) of that line, in viewport coordinates: the view is
    // brought to the middle of the screen, clear of the sticky top bar, each time before the mouse goes there.
    const d = (await line.getByTestId('pc-path').getAttribute('d')) ?? '';
    const [x1, y1, x2, y2] = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
    const segmentMiddle = async () => {
      await page.getByTestId('parallel-coordinates').evaluate((e) => e.scrollIntoView({ block: 'center' }));
      const box = await page.getByTestId('parallel-coordinates').locator('svg').boundingBox();
      if (!box) throw new Error('the parallel-coordinates view is drawn');
      return { x: box.x + (x1 + x2) / 2, y: box.y + (y1 + y2) / 2 };
    };
    const hover = await segmentMiddle();
    await page.mouse.move(hover.x, hover.y);
    await poll(() => page.getByTestId('pc-tooltip').isVisible()).toBe(true);
    expect(await page.locator(`[data-testid="trial-row"][data-run-id="${runId}"]`).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'sweep-hover');
    // The screenshot scrolled the page back to its top.
    const click = await segmentMiddle();
    await page.mouse.click(click.x, click.y);
    await page.waitForURL(`**/runs/${runId}`);
  });
});
