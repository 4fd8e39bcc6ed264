// Run groups in a real browser over real CLI runs: two configurations across seeds as group rows of the runs table
// (n, mean ± std), expanded to their runs, then compared as one mean curve and band per group; the URL keeps it all.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;

/** Configuration A on three seeds, B (another learning rate) on two. */
const RUNS = [
  { name: 'grp-a-1', lr: '0.01', seed: '1' },
  { name: 'grp-a-2', lr: '0.01', seed: '2' },
  { name: 'grp-a-3', lr: '0.01', seed: '3' },
  { name: 'grp-b-1', lr: '0.002', seed: '1' },
  { name: 'grp-b-2', lr: '0.002', seed: '2' },
];

beforeAll(async () => {
  stack = await startStack({ name: 'run-groups', browser: true });
  ({ api, url, page } = stack);
  for (const r of RUNS) await stack.train(r.name, ['--epochs', '2', '--train-limit', '1500', '--learning-rate', r.lr, '--seed', r.seed]);
});

afterAll(() => stack?.stop());

const groupRow = (lr: string) => page.locator(`[data-testid="group-row"][data-group*="learningRate=${lr}"]`);

describe('run groups', { timeout: 180_000 }, () => {
  it('groups the runs table by everything but the seed, with n and the mean ± std of test accuracy', async () => {
    await page.goto(url);
    await poll(() => page.getByTestId('run-row').count()).toBe(RUNS.length);
    await page.getByTestId('group-picker').click();
    // The runs repeat configurations with other seeds: "everything but the seed" comes first.
    const first = page.locator('[aria-label="Group runs by"] input[type="radio"]').first();
    expect(await first.getAttribute('data-testid')).toBe('group-all-but-seed');
    await first.check();
    await poll(() => page.getByTestId('group-row').count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('group')).toBe('-seed');
    // Collapsed: no run rows until a group opens.
    expect(await page.getByTestId('run-row').count()).toBe(0);

    const list = await api.runs.list.query({ pageSize: 50 });
    for (const [lr, n] of [
      ['0.01', 3],
      ['0.002', 2],
    ] as const) {
      const accs = list.runs.filter((r) => r.learningRate === Number(lr)).map((r) => r.testAccuracy as number);
      expect(accs).toHaveLength(n);
      const mean = accs.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      const row = groupRow(lr);
      expect(await row.getByTestId('group-n').textContent()).toBe(`n=${n}`);
      expect(await row.getByTestId('group-test-acc').textContent()).toBe(`${(mean * 100).toFixed(2)}% ± ${(std * 100).toFixed(2)}`);
    }

    await groupRow('0.01').getByTestId('group-toggle').click();
    await poll(() => page.getByTestId('run-row').count()).toBe(3);
    const names = await page.locator('[data-testid="run-row"] .run-name').allTextContents();
    expect(names.sort()).toEqual(['grp-a-1', 'grp-a-2', 'grp-a-3']);
    await screenshot(page, 'run-groups-table');

    await page.reload();
    await poll(() => page.getByTestId('group-row').count()).toBe(2);
    expect(await page.getByTestId('group-picker').textContent()).toContain('all but seed');
  });

  it('compares the groups as one band per group in its own color, and the band follows the choice and the URL', async () => {
    for (const lr of ['0.01', '0.002']) await groupRow(lr).locator('input[type="checkbox"]').check();
    await page.getByTestId('compare-button').click();
    await page.waitForURL(/\/compare\?/);
    expect(new URL(page.url()).searchParams.get('group')).toBe('-seed');

    const chart = page.getByTestId('chart-val_accuracy');
    const bands = chart.locator('path.group-band');
    await poll(() => bands.count()).toBe(2);
    const read = () => bands.evaluateAll((els) => els.map((e) => ({ d: e.getAttribute('d') ?? '', fill: e.getAttribute('fill') })));
    await poll(async () => (await read()).every((b) => b.d.startsWith('M') && b.d.endsWith('Z'))).toBe(true);
    const minmax = await read();
    expect(new Set(minmax.map((b) => b.fill)).size).toBe(2);
    // One mean line per group, in the band's color.
    const lines = await chart.locator('.series-line path.series-curve').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')));
    expect(lines.sort()).toEqual(minmax.map((b) => b.fill).sort());
    expect(await page.getByTestId('group-legend-item').count()).toBe(2);
    await screenshot(page, 'run-groups-compare');

    await page.getByTestId('band-std').click();
    await poll(() => chart.getAttribute('data-band')).toBe('std');
    await poll(async () => (await read()).map((b) => b.d)).not.toEqual(minmax.map((b) => b.d));
    await poll(() => new URL(page.url()).searchParams.get('band')).toBe('std');
    const std = await read();

    await page.reload();
    await poll(() => chart.getAttribute('data-band')).toBe('std');
    await poll(() => bands.count()).toBe(2);
    await poll(async () => (await read()).map((b) => b.d)).toEqual(std.map((b) => b.d));

    await chart.hover({ position: { x: 300, y: 120 } });
    const tip = page.getByTestId('group-tooltip');
    await poll(() => tip.count()).toBe(1);
    expect(await tip.textContent()).toMatch(/n=3/);
    await screenshot(page, 'run-groups-compare-std');
    expect(stack.pageErrors).toEqual([]);
  });

  it("takes the groups to the digit-level views: what changed between the groups' votes, the gap's sides, hard digits", async () => {
    const list = await api.runs.list.query({ pageSize: 50, sort: 'name', direction: 'asc' });
    const ids = (prefix: string) => list.runs.filter((r) => r.name.startsWith(prefix)).map((r) => r.id);
    const [a, b] = [ids('grp-a-'), ids('grp-b-')];
    const diff = await api.analysis.groupDiff.query({ a, b, withPixels: false });
    const view = page.getByTestId('what-changed');
    await view.scrollIntoViewIfNeeded();
    expect(await view.textContent()).toContain('majority vote of each group');
    // The comparison's order decides which group is A: read it from the header.
    const header = (await view.locator('.card-header').textContent()) ?? '';
    const aFirst = header.indexOf('learningRate=0.01') < header.indexOf('learningRate=0.002');
    const expected = aFirst ? diff : await api.analysis.groupDiff.query({ a: b, b: a, withPixels: false });
    await poll(() => page.getByTestId('wc-count-fixed').textContent()).toBe(String(expected.counts.fixed));
    expect(await page.getByTestId('wc-count-broke').textContent()).toBe(String(expected.counts.broke));

    const gap = page.getByTestId('gap-panel');
    await gap.scrollIntoViewIfNeeded();
    expect(await gap.locator('[aria-label^="Group of "]').count()).toBe(2);
    await poll(() => gap.getByTestId('gap-sentence').count()).toBe(1);
    const gapAnswer = await api.analysis.gap.query(aFirst ? { a, b } : { a: b, b: a });
    expect(await gap.getByTestId('gap-difference').textContent()).toContain(Math.abs(gapAnswer.difference).toFixed(2));
    await screenshot(page, 'run-groups-digits');

    const href = await page.getByTestId('hard-digits-link').getAttribute('href');
    expect(href).toMatch(/^\/hard-digits\?groups=[0-9a-f,-]+;[0-9a-f,-]+&group=-seed$/);
    await page.getByTestId('hard-digits-link').click();
    await page.waitForURL(/\/hard-digits\?groups=/);
    const hard = await api.analysis.hardDigits.query({ groups: aFirst ? [a, b] : [b, a] });
    await poll(() => page.getByTestId('hard-count').textContent()).toBe(`${hard.total} ${hard.total === 1 ? 'digit' : 'digits'}`);
    expect(await page.getByTestId('missed-by').textContent()).toContain('of the 2 groups');
  });
});
