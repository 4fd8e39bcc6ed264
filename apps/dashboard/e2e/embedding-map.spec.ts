// The embedding map and the digit explorer in a real browser over CLI-trained runs: the PCA map drawn in every label's
// color, hover and click on a point, a box filtering the gallery, UMAP in a worker with the page responsive, the two
// maps on the compare page, and /digits over three runs (virtualized rows, sort, label filter, likely mislabeled), then
// switched to their validation digits with a fourth, two-epoch run of the first one's seed (so its split).
import { dequantizeEmbedding, fromBase64 } from '@mnist-lab/contracts';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explorerRows } from '../src/lib/digit-explorer';
import { formatPercent } from '../src/lib/format';
import { LABEL_COLORS } from '../src/lib/label-colors';
import { fitView, pointsInBox, toScreen } from '../src/lib/map-view';
import { pca2d } from '../src/lib/pca';
import { runIdByName, type ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
const runIds: string[] = [];
const NAMES = ['e2e-map-a', 'e2e-map-b', 'e2e-map-c'];
/** Seed 1 as e2e-map-a, so the same validation digits, over 2 epochs: the runs learn some digits at different epochs. */
let twoEpochs = '';

beforeAll(async () => {
  stack = await startStack({ name: 'embedding-map', browser: true, db: true });
  ({ api, url, page } = stack);
  // Short runs on few images: every class is present on the map and each run still gets hundreds of digits wrong.
  for (const [k, name] of NAMES.entries()) {
    await stack.train(name, ['--epochs', '1', '--train-limit', '1500', '--seed', String(k + 1), '--tags', 'e2e']);
    runIds.push(await runIdByName(api, name));
  }
  await stack.train('e2e-map-d', ['--epochs', '2', '--train-limit', '1500', '--seed', '1', '--tags', 'e2e']);
  twoEpochs = await runIdByName(api, 'e2e-map-d');
}, 600_000);

afterAll(() => stack?.stop());

const hex = (c: string) => [1, 3, 5].map((o) => parseInt(c.slice(o, o + 2), 16));

/** Which label colors the canvas holds (pixels within a few levels of one), and where one pixel of each is. */
async function canvasColors(p: Page): Promise<{ label: number; x: number; y: number }[]> {
  return p.getByTestId('embedding-canvas').first().evaluate((el, palette) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx) return [];
    const { data, width } = ctx.getImageData(0, 0, c.width, c.height);
    const dpr = c.width / c.getBoundingClientRect().width;
    const found = new Map<number, { x: number; y: number }>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 150) continue;
      const label = palette.findIndex(([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 12);
      if (label >= 0 && !found.has(label)) found.set(label, { x: ((i / 4) % width) / dpr, y: Math.floor(i / 4 / width) / dpr });
    }
    return [...found].map(([label, at]) => ({ label, ...at }));
  }, LABEL_COLORS.map(hex));
}

/** The canvas's box on screen, scrolled into view first (a screenshot scrolls the page back to the top). */
async function canvasBox(p: Page) {
  const canvas = p.getByTestId('embedding-canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is on the page');
  return box;
}

describe('embedding map', { timeout: 240_000 }, () => {
  it('draws the PCA map of the 10,000 test digits at once, in at least 8 label colors, with a legend', async () => {
    await page.goto(`${url}/runs/${runIds[0]}`);
    const map = page.getByTestId('embedding-map');
    await map.scrollIntoViewIfNeeded();
    await poll(() => map.getAttribute('data-draw-ms')).not.toBeNull();
    expect(await map.getAttribute('data-method')).toBe('pca');
    const ms = Number(await map.getAttribute('data-draw-ms'));
    // Logged, not asserted: the 1 s goal is the dashboard bench's (a timed test would fail on a busy machine).
    stack.log(`PCA map: decoded, projected and drawn in ${ms.toFixed(0)} ms`);
    expect(ms).toBeGreaterThan(0);
    const colors = await canvasColors(page);
    expect(colors.length).toBeGreaterThanOrEqual(8);
    expect(await map.getByRole('list', { name: 'Legend' }).getByRole('listitem').count()).toBeGreaterThanOrEqual(11);
    await screenshot(page, 'embedding-map-pca');
  });

  it('shows the digit and what the run predicted on hover, and opens it on a click', async () => {
    const emb = await api.runs.embedding.query({ runId: runIds[0] });
    const truth = fromBase64(emb.trueLabels);
    const predicted = fromBase64(emb.predictedLabels);
    const box = await canvasBox(page);
    const [at] = await canvasColors(page);
    await page.mouse.move(box.x + at.x, box.y + at.y);
    const tip = page.getByTestId('map-tooltip');
    await tip.waitFor();
    await poll(() => tip.locator('canvas').count()).toBe(1);
    const text = (await tip.textContent()) ?? '';
    const index = Number(/#(\d+)/.exec(text)?.[1]);
    expect(text).toContain(`true ${truth[index]} · predicted ${predicted[index]}`);
    await page.mouse.down();
    await page.mouse.up();
    await page.getByTestId('map-detail').waitFor();
    expect(await page.getByTestId('map-detail').textContent()).toContain(`Test image #${index}`);
    await page.keyboard.press('Escape');
  });

  it("filters the gallery to the misclassified digits inside a box drawn on the map", async () => {
    const emb = await api.runs.embedding.query({ runId: runIds[0] });
    const values = dequantizeEmbedding({ values: fromBase64(emb.values), scales: emb.scales, offsets: emb.offsets, width: emb.width });
    const truth = fromBase64(emb.trueLabels);
    const predicted = fromBase64(emb.predictedLabels);
    const box = await canvasBox(page);
    // The box: the canvas's middle third each way; which points fall in it, as the page projects and fits them.
    const [x0, y0, x1, y1] = [box.width / 3, box.height / 3, (2 * box.width) / 3, (2 * box.height) / 3];
    const screen = toScreen(pca2d(values, emb.count, emb.width).xy, fitView(pca2d(values, emb.count, emb.width).xy, Math.floor(box.width), box.height, 12));
    const inside = pointsInBox(screen, { x0, y0, x1, y1 });
    const wrongInside = inside.filter((i) => predicted[i] !== truth[i]);
    expect(wrongInside.length).toBeGreaterThan(0);

    await page.mouse.move(box.x + x0, box.y + y0);
    await page.mouse.down();
    await page.mouse.move(box.x + (x0 + x1) / 2, box.y + (y0 + y1) / 2, { steps: 4 });
    await page.mouse.move(box.x + x1, box.y + y1, { steps: 4 });
    await page.mouse.up();
    const run = await api.runs.get.query({ id: runIds[0] });
    await poll(() => page.getByTestId('gallery-count').textContent()).toBe(`${wrongInside.length.toLocaleString('en-US')} of ${run.misclassifiedCount?.toLocaleString('en-US')} in the map selection`);
    expect(new URL(page.url()).searchParams.get('sel')?.split(',').map(Number)).toEqual(wrongInside);
    const titles = await page.getByTestId('digit-gallery').getByTestId('digit-tile').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(wrongInside).toContain(Number(/#(\d+)/.exec(t)?.[1]));
    expect(await page.getByTestId('embedding-map').getByRole('button', { name: `Clear selection (${inside.length.toLocaleString('en-US')})` }).count()).toBe(1);
    await screenshot(page, 'embedding-map-selection');
    await page.getByTestId('embedding-map').getByRole('button', { name: /Clear selection/ }).click();
    await poll(() => page.getByTestId('gallery-count').textContent()).toBe(run.misclassifiedCount?.toLocaleString('en-US'));
  });

  it('computes UMAP in a worker with progress, the page answering all along', async () => {
    const map = page.getByTestId('embedding-map');
    // Long tasks on the main thread while UMAP runs: a frozen page would show one as long as the layout.
    expect(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'))).toBe(true);
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    await map.getByRole('button', { name: 'Compute UMAP' }).click();
    await page.getByTestId('umap-progress').waitFor();
    // While it runs, the page still reacts: a hover on the map shows its card.
    const box = await canvasBox(page);
    const [at] = await canvasColors(page);
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.getByTestId('map-tooltip').waitFor();
    await poll(async () => {
      const status = await map.getAttribute('data-umap');
      if (status === 'error') throw new Error(`UMAP failed: ${await map.textContent()}`);
      return status;
    }, 120_000).toBe('done');
    const seconds = (Date.now() - started) / 1000;
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    stack.log(`UMAP: ${seconds.toFixed(1)} s (worker ${(Number(await map.getAttribute('data-umap-ms')) / 1000).toFixed(1)} s), longest main-thread task ${longest.toFixed(0)} ms`);
    // The page answered the hover above while UMAP ran; how long its longest task took is the bench's to judge.
    expect(await map.getAttribute('data-method')).toBe('umap');
    expect((await canvasColors(page)).length).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'embedding-map-umap');
  });

  it('shows two runs side by side on the compare page', async () => {
    await page.goto(`${url}/compare?runs=${runIds[0]},${runIds[1]}`);
    const maps = page.getByTestId('compare-maps').getByTestId('embedding-map');
    await poll(() => maps.count()).toBe(2);
    await poll(() => maps.nth(1).getAttribute('data-draw-ms')).not.toBeNull();
    await poll(() => maps.nth(0).locator('h2').textContent()).toBe(NAMES[0]);
    await poll(() => maps.nth(1).locator('h2').textContent()).toBe(NAMES[1]);
    await page.getByTestId('compare-maps').scrollIntoViewIfNeeded();
    await screenshot(page, 'embedding-compare-maps');
  });

  it('says a run without a stored embedding has none, without asking the server for it', async () => {
    // A script's run that finished without test results or an embedding.
    const bare = randomUUID();
    const at = new Date().toISOString();
    await api.runs.create.mutate({ id: bare, name: 'e2e-no-embedding', config: {}, startedAt: at });
    await api.runs.finish.mutate({ runId: bare, endedAt: at });
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('runs.embedding') && asked.push(r.url()));
    await page.goto(`${url}/compare?runs=${runIds[0]},${bare}`);
    const maps = page.getByTestId('compare-maps').getByTestId('embedding-map');
    await poll(() => maps.nth(1).getAttribute('data-state')).toBe('none');
    expect(await maps.nth(1).textContent()).toContain('The test embedding was not recorded for this run');
    await poll(() => maps.nth(0).getAttribute('data-draw-ms')).not.toBeNull();
    expect(asked.every((u) => !u.includes(bare))).toBe(true);
  });
});

describe('digit explorer', { timeout: 180_000 }, () => {
  it('lists the 10,000 test digits across the runs, virtualized, sorted by agreement and filtered by label', async () => {
    const x = await api.digits.explore.query({ runIds });
    await page.goto(`${url}/digits?runs=${runIds.join(',')}`);
    const rows = page.getByTestId('explorer-rows');
    await rows.waitFor();
    expect(await rows.getAttribute('data-total')).toBe('10000');
    const mounted = await rows.getByRole('row').count();
    expect(mounted).toBeGreaterThan(5);
    expect(mounted).toBeLessThan(60);
    // Default: fewest runs right first, so the first row is one the most runs miss.
    const fewest = Math.min(...x.digits.right);
    expect(await rows.getByTestId('agreement').first().textContent()).toBe(`${fewest}/3`);
    await page.getByLabel('Sort').selectOption('agreement-desc');
    await poll(() => rows.getByTestId('agreement').first().textContent()).toBe('3/3');
    await page.getByLabel('True label').selectOption('7');
    const sevens = x.digits.trueLabel.filter((t) => t === 7).length;
    await poll(() => rows.getAttribute('data-total')).toBe(String(sevens));
    expect(await page.getByTestId('explorer-count').textContent()).toBe(`${sevens.toLocaleString('en-US')} of 10,000`);
    const shownIndices = await rows.getByRole('row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
    for (const i of shownIndices) expect(x.digits.trueLabel[i]).toBe(7);
    expect(new URL(page.url()).searchParams.get('label')).toBe('7');
    // Every digit's picture comes from the server's MNIST test files: the rows in view show theirs.
    await poll(() => rows.locator('canvas').count()).toBe(shownIndices.length);
    await screenshot(page, 'digit-explorer');
  });

  it('shows the likely mislabeled digits the API finds at the thresholds picked, each with what the runs call it', async () => {
    const list = page.getByTestId('mislabeled');
    const strict = await api.digits.explore.query({ runIds });
    await poll(() => list.locator('.count').textContent()).toBe(String(strict.mislabeled.length));
    // These short runs are rarely sure of anything: at looser thresholds the list has digits to look at.
    await list.getByLabel('Runs agreeing at least').selectOption('0.6');
    await list.getByLabel('Mean confidence at least').selectOption('0.3');
    const x = await api.digits.explore.query({ runIds, mislabeledShare: 0.6, mislabeledConfidence: 0.3 });
    expect(x.mislabeled.length).toBeGreaterThan(0);
    await poll(() => list.locator('.count').textContent()).toBe(String(x.mislabeled.length));
    expect(new URL(page.url()).searchParams.get('mshare')).toBe('0.6');
    const shown = await list.locator('li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
    expect(shown).toEqual(x.mislabeled.slice(0, 48));
    for (const [k, i] of shown.slice(0, 5).entries()) {
      expect(await list.locator('li').nth(k).textContent()).toContain(`file says ${x.digits.trueLabel[i]}, runs say ${x.digits.topWrong[i]}`);
    }
    await poll(() => list.locator('canvas').count()).toBe(shown.length);
    await screenshot(page, 'digit-explorer-mislabeled');
    expect(stack.pageErrors).toEqual([]);
  });

  it('switches to the validation digits, named by training image, with the spread of the epoch each run learned them from', async () => {
    const ids = [...runIds, twoEpochs];
    const x = await api.digits.validation.query({ runIds: ids });
    expect(x.runs.map((r) => r.lastEpoch)).toEqual([1, 1, 1, 2]);
    // e2e-map-a and -d hold the same 6,000 digits; the other seeds' splits overlap them only by chance.
    const size = x.runs[0].digits;
    expect(x.digits.held.filter((h) => h >= 2).length).toBeGreaterThanOrEqual(size);
    expect(x.digits.held.some((h) => h === 1)).toBe(true);
    await page.goto(`${url}/digits?runs=${ids.join(',')}`);
    const rows = page.getByTestId('explorer-rows');
    await poll(() => rows.getAttribute('data-total')).toBe('10000');
    await page.getByRole('button', { name: 'Validation digits' }).click();
    await poll(() => rows.getAttribute('data-total')).toBe(String(x.digits.sourceIndex.length));
    expect(new URL(page.url()).searchParams.get('set')).toBe('validation');
    expect(await page.locator('h1').textContent()).toBe(`The ${x.digits.sourceIndex.length.toLocaleString('en-US')} validation digits of 4 runs`);

    await page.getByLabel('Sort').selectOption('spread-desc');
    const order = explorerRows(x.digits, 4, { label: undefined, agreement: 'any', confidence: 'any', sort: 'spread-desc' });
    const i = order[0];
    const d = x.digits;
    const [min, median, max] = [d.learnedMin[i], d.learnedMedian[i], d.learnedMax[i]];
    expect(min).toBe(1);
    expect(max).toBe(2);
    const first = rows.getByRole('row').first();
    await poll(() => first.getAttribute('data-source')).toBe(String(d.sourceIndex[i]));
    expect(await first.getByTestId('held').textContent()).toBe(`${d.held[i]}/4 runs`);
    expect(await first.getByTestId('agreement').textContent()).toBe(`${d.right[i]}/${d.held[i]}`);
    expect(await first.getByTestId('confidence').textContent()).toBe(formatPercent(d.meanConfidence[i], 1));
    const never = d.learnedNever[i] > 0 ? ` · never in ${d.learnedNever[i]}` : '';
    expect(await first.getByTestId('learned').textContent()).toBe(`1–2 median ${median}${never}`);
    expect(await first.getByTestId('forgetting').textContent()).toBe(String(d.forgettingEvents[i]));
    expect(await first.getByTestId('mistake').textContent()).toBe(d.topWrong[i] < 0 ? 'none' : `${d.topWrong[i]} by ${d.topWrongCount[i]}`);

    // Filtered as the test digits are: one true label, digits some holding run gets wrong at its last epoch.
    await page.getByLabel('True label').selectOption('3');
    await page.getByLabel('Agreement').selectOption('some-wrong');
    const threes = d.trueLabel.filter((t, k) => t === 3 && d.right[k] < d.held[k]).length;
    await poll(() => rows.getAttribute('data-total')).toBe(String(threes));
    const shown = await rows.getByRole('row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-source'))));
    for (const s of shown) expect(d.trueLabel[d.sourceIndex.indexOf(s)]).toBe(3);
    // Pictures come from the runs' stored mistakes or the server's MNIST training file: every row in view has one.
    await poll(() => rows.locator('canvas').count()).toBe(shown.length);
    await screenshot(page, 'digit-explorer-validation');
    expect(stack.pageErrors).toEqual([]);
  });

  it('lists a run without validation predictions as skipped, in one line', async () => {
    const bare = randomUUID();
    const at = new Date().toISOString();
    await api.runs.create.mutate({ id: bare, name: 'e2e-no-validation', config: {}, startedAt: at });
    await api.runs.finish.mutate({ runId: bare, endedAt: at });
    await page.goto(`${url}/digits?set=validation&runs=${runIds[0]},${bare}`);
    await poll(() => page.getByTestId('skipped-runs').textContent()).toBe('Skipped 1 run: e2e-no-validation (no validation predictions)');
    expect(await page.locator('h1').textContent()).toBe('The 6,000 validation digits of 1 run');
    expect(stack.pageErrors).toEqual([]);
  });
});
