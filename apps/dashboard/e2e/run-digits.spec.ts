// The run page's digit-level views in a real browser over a CLI-trained run: the per-digit table against the
// confusion matrix, the reliability diagram and its ECE against the stored confidences, and the virtualized gallery.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName, type ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
let runId: string;

beforeAll(async () => {
  stack = await startStack({ name: 'run-digits', browser: true, db: true });
  ({ api, url, page } = stack);
  // Short and on few images: a run that still gets hundreds of test digits wrong, more than a screenful of tiles.
  await stack.train('e2e-digits', ['--epochs', '2', '--train-limit', '1000', '--tags', 'e2e']);
  runId = await runIdByName(api, 'e2e-digits');
});

afterAll(() => stack?.stop());

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

describe('run page digit views', { timeout: 180_000 }, () => {
  it("shows each digit's precision, recall and F1 with its support, as the confusion matrix gives them", async () => {
    const run = await api.runs.get.query({ id: runId });
    const cm = run.confusionMatrix;
    if (!cm) throw new Error('a finished run has a confusion matrix');
    await page.goto(`${url}/runs/${runId}`);
    const rows = page.getByTestId('class-metrics').getByTestId('class-row');
    await poll(() => rows.count()).toBe(10);
    for (let d = 0; d < 10; d++) {
      const support = cm[d].reduce((a, b) => a + b, 0);
      const predicted = cm.reduce((a, row) => a + row[d], 0);
      const precision = cm[d][d] / predicted;
      const recall = cm[d][d] / support;
      const f1 = (2 * precision * recall) / (precision + recall);
      const row = rows.nth(d);
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(0, 5), `digit ${d}`).toEqual([support.toLocaleString('en-US'), predicted.toLocaleString('en-US'), pct(precision), pct(recall), pct(f1)]);
      // The matrix's own row: its per-class accuracy column is the table's recall.
      expect(await page.getByTestId(`cm-cell-${d}-${d}`).textContent()).toBe(String(cm[d][d]));
    }
    await screenshot(page, 'run-digit-metrics');
  });

  it('draws the reliability diagram with its diagonal and the ECE of the stored test confidences', async () => {
    // Recomputed here from the bytes the store holds: 15 bins, weighted |accuracy - mean confidence|.
    const row = await stack.db.run.findUniqueOrThrow({
      where: { id: runId },
      select: { testConfidences: true, misclassified: { select: { testIndex: true } } },
    });
    const bytes = row.testConfidences;
    if (!bytes) throw new Error('a CLI run stores its test confidences');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = bytes.byteLength / 4;
    const wrong = new Set(row.misclassified.map((m) => m.testIndex));
    const bins = Array.from({ length: 15 }, () => ({ count: 0, right: 0, sum: 0 }));
    for (let i = 0; i < n; i++) {
      const c = view.getFloat32(i * 4, true);
      const b = bins[Math.min(14, Math.floor(c * 15))];
      b.count++;
      b.sum += c;
      if (!wrong.has(i)) b.right++;
    }
    const ece = bins.reduce((a, b) => (b.count ? a + (b.count / n) * Math.abs(b.right / b.count - b.sum / b.count) : a), 0);

    await page.goto(`${url}/runs/${runId}`);
    const diagram = page.getByTestId('reliability-diagram');
    await diagram.waitFor();
    expect(await page.getByTestId('ece').textContent()).toBe(`${(ece * 100).toFixed(2)}%`);
    expect(await diagram.getByTestId('reliability-diagonal').count()).toBe(1);
    const bars = await diagram.getByTestId('reliability-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(bars).toEqual(bins.filter((b) => b.count > 0).map((b) => b.count));
    // The histograms split the 10,000 into right and wrong answers.
    const total = (kind: string) =>
      page.getByTestId(`confidence-${kind}`).locator('rect').evaluateAll((els) => els.reduce((a, e) => a + Number(e.getAttribute('data-count')), 0));
    expect(await total('wrong')).toBe(wrong.size);
    expect(await total('right')).toBe(n - wrong.size);
    await page.getByTestId('calibration').scrollIntoViewIfNeeded();
    await screenshot(page, 'run-calibration');
  });

  it('mounts far fewer tiles than misclassified digits, and scrolling the gallery brings the later ones', async () => {
    const run = await api.runs.get.query({ id: runId });
    const total = run.misclassifiedCount ?? 0;
    // Enough errors that an unvirtualized gallery would mount hundreds of canvases.
    expect(total).toBeGreaterThan(400);
    await page.goto(`${url}/runs/${runId}?sort=index`);
    const grid = page.getByTestId('gallery-grid');
    await poll(() => grid.getAttribute('data-total')).toBe(String(total));
    expect(await page.getByTestId('gallery-count').textContent()).toBe(total.toLocaleString('en-US'));
    const tiles = grid.getByTestId('digit-tile');
    const first = await tiles.count();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(total / 2);
    expect(await grid.locator('canvas').count()).toBe(first);

    // In test-set order, the last mistake is the highest test index: absent at the top, there at the bottom.
    const { digits } = await api.runs.misclassified.query({ runId, sort: 'index', limit: 10_000 });
    const last = `[data-testid="digit-tile"][title^="Test image #${digits[digits.length - 1].index}:"]`;
    expect(await grid.locator(last).count()).toBe(0);
    await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await poll(() => grid.locator(last).count()).toBe(1);
    expect(await tiles.count()).toBeLessThan(total / 2);
    expect(await grid.getByTestId('digit-tile').first().getAttribute('title')).not.toMatch(new RegExp(`^Test image #${digits[0].index}:`));
  });

  it('rendered every page without console errors or hydration warnings', () => {
    expect(stack.pageErrors).toEqual([]);
  });
});
