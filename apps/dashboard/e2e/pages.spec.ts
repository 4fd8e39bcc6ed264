// The pages' conventions in a real browser: the dark theme under a dark system setting, Escape closing what it opened,
// parallel coordinates brushed from the keyboard, and the runs table and a run page on a phone without sideways scrolling.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';
import { runSweep } from './support/sweep';

/** Two short trials: runs with a confusion matrix and digits for the run page, and a sweep to brush. */
const CONFIG = `name: e2e-pages
method: grid
metric: val_accuracy
parameters:
  learningRate: { values: [0.001, 0.003] }
  epochs: 2
  trainLimit: 2000
`;

let stack: Stack;
let api: ApiClient;
let url: string;
let browser: Browser;
let page: Page;
let sweepId: string;
let runId: string;

/** Wider than the window: the page itself scrolls sideways (a table scrolling inside its own box does not count). */
const pageOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  stack = await startStack({ name: 'pages', browser: true });
  ({ api, url, page, browser } = stack);
  sweepId = await runSweep(stack, CONFIG);
  const sweep = await api.sweeps.get.query({ id: sweepId });
  runId = sweep.bestRunId ?? sweep.trials[0].runId;
});

afterAll(() => stack?.stop());

describe('pages', { timeout: 120_000 }, () => {
  it('follows a dark system setting with the dark tokens, and stays light otherwise', async () => {
    const dark = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1440, height: 900 } });
    try {
      await dark.goto(`${url}/runs/${runId}`);
      await dark.getByTestId('confusion-matrix').waitFor();
      const colors = (p: Page) =>
        p.evaluate(() => ({
          page: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
          card: getComputedStyle(document.querySelector('.card') as Element).backgroundColor,
        }));
      expect(await colors(dark)).toEqual({ page: 'rgb(15, 18, 21)', text: 'rgb(230, 233, 237)', card: 'rgb(23, 27, 32)' });
      // recharts' own tick labels too, not only the page's CSS.
      const tick = dark.getByTestId('chart-loss').locator('.recharts-cartesian-axis-tick-value').first();
      expect(await tick.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(164, 174, 185)');
      await screenshot(dark, 'run-dark');
      await dark.goto(`${url}/sweeps/${sweepId}`);
      await poll(() => dark.getByTestId('pc-line').count()).toBe(2);
      await screenshot(dark, 'sweep-dark');
      const { trials } = await api.sweeps.get.query({ id: sweepId });
      await dark.goto(`${url}/compare?runs=${trials.map((t) => t.runId).join(',')}`);
      await dark.getByTestId('diff-heatmap').waitFor({ timeout: 30_000 });
      await screenshot(dark, 'compare-dark');
      await dark.goto(`${url}/`);
      await poll(() => dark.getByTestId('run-row').count()).toBe(2);
      await screenshot(dark, 'runs-dark');

      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${url}/runs/${runId}`);
      await page.getByTestId('confusion-matrix').waitFor();
      expect(await colors(page)).toEqual({ page: 'rgb(245, 246, 248)', text: 'rgb(27, 31, 36)', card: 'rgb(255, 255, 255)' });
    } finally {
      await dark.close();
    }
  });

  it('closes the column picker and the enlarged digit with Escape, the focus back on the picker', async () => {
    await page.goto(`${url}/`);
    await poll(() => page.getByTestId('run-row').count()).toBe(2);
    const panel = page.getByRole('group', { name: 'Visible columns' });
    await page.getByTestId('column-picker').click();
    await poll(() => panel.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => panel.isVisible()).toBe(false);
    expect(await page.getByTestId('column-picker').evaluate((el) => el === document.activeElement)).toBe(true);

    await page.goto(`${url}/runs/${runId}`);
    await page.getByTestId('digit-tile').first().click();
    const detail = page.locator('aside[aria-label^="Test image"]');
    await poll(() => detail.count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => detail.count()).toBe(0);
  });

  it('brushes the metric axis from the keyboard: arrows keep the best trial, Escape clears, each change announced', async () => {
    const { bestRunId } = await api.sweeps.get.query({ id: sweepId });
    await page.goto(`${url}/sweeps/${sweepId}`);
    await poll(() => page.getByTestId('pc-line').count()).toBe(2);
    const axis = page.getByRole('slider', { name: 'Brush val_accuracy' });
    await axis.focus();
    expect(await axis.getAttribute('aria-valuetext')).toBe('val_accuracy: not brushed');
    // The top quarter of the axis: the best trial only (the other sits at the bottom).
    await page.keyboard.press('ArrowUp');
    await poll(() => page.getByTestId('pc-kept').textContent()).toBe('1 of 2 trials in the brushed ranges');
    expect(await page.locator('[data-testid="pc-line"][data-kept="true"]').getAttribute('data-run-id')).toBe(bestRunId);
    expect(await axis.getAttribute('aria-valuetext')).toMatch(/^val_accuracy from \S+ to \S+$/);
    expect(await page.getByTestId('pc-kept').locator('xpath=..').getAttribute('aria-live')).toBe('polite');
    // Widened (from the top down, the brush being against it) to the whole axis: both trials are back in.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowUp');
    await poll(() => page.getByTestId('pc-kept').textContent()).toBe('2 of 2 trials in the brushed ranges');
    await screenshot(page, 'sweep-brushed-by-keys');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('pc-kept').count()).toBe(0);
    expect(await page.locator('[data-testid="pc-line"][data-kept="true"]').count()).toBe(2);
  });

  it('fits the runs table and a run page on a phone: the page never scrolls sideways, the top bar wraps', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(`${url}/`);
      await poll(() => phone.getByTestId('run-row').count()).toBe(2);
      expect(await pageOverflow(phone)).toBe(0);
      const nav = phone.getByRole('navigation', { name: 'Main' });
      const hard = await nav.getByRole('link', { name: 'Hard digits' }).boundingBox();
      expect(hard && hard.x + hard.width).toBeLessThanOrEqual(390);
      await screenshot(phone, 'runs-phone');
      await phone.getByTestId('column-picker').click();
      expect(await pageOverflow(phone)).toBe(0);
      await phone.keyboard.press('Escape');

      await phone.goto(`${url}/runs/${runId}`);
      await phone.getByTestId('confusion-matrix').waitFor();
      await phone.getByTestId('digit-tile').first().waitFor();
      expect(await pageOverflow(phone)).toBe(0);
      await screenshot(phone, 'run-phone');
      await phone.emulateMedia({ colorScheme: 'dark' });
      await screenshot(phone, 'run-phone-dark');
    } finally {
      await phone.close();
    }
  });

  it('links every page from the top bar, hard digits among them', async () => {
    await page.goto(`${url}/hard-digits`);
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hard digits' });
    expect(await link.getAttribute('href')).toBe('/hard-digits');
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(stack.pageErrors).toEqual([]);
  });
});
