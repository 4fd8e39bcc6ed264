// Digit-level comparison in a real browser over a real server: two CLI-trained runs, what changed, the diff heatmap,
// the gap panel, hard digits, and `mnist-lab diff` agreeing with the API.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName, type ApiClient } from './support/api-client';
import { screenshot, SCREENSHOT_DIR } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

const RUNS = ['wc-adam', 'wc-sgd'] as const;
const bin = fileURLToPath(new URL('../../trainer/bin/mnist-lab.js', import.meta.url));

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
let a: string;
let b: string;

/** `mnist-lab <args>` as a user runs it, with its exit code and both streams. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, MNIST_LAB_HOME: stack.home, NODE_ENV: 'production' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  stack = await startStack({ name: 'what-changed', browser: true });
  ({ api, url, page } = stack);
  const common = ['--epochs', '2', '--train-limit', '2000'];
  await stack.train(RUNS[0], [...common, '--optimizer', 'adam']);
  await stack.train(RUNS[1], [...common, '--optimizer', 'sgd', '--learning-rate', '0.05']);
  [a, b] = await Promise.all(RUNS.map((name) => runIdByName(api, name)));
});

afterAll(() => stack?.stop());

describe('what changed between two runs', { timeout: 120_000 }, () => {
  it("shows the API's counts for each group, and exactly that many digits in each gallery", async () => {
    const diff = await api.analysis.diff.query({ a, b, withPixels: false });
    // Short, differently optimized runs disagree on plenty of digits: the test would prove little otherwise.
    expect(diff.counts.fixed + diff.counts.broke).toBeGreaterThan(0);
    await page.goto(`${url}/compare?runs=${a},${b}`);
    const view = page.getByTestId('what-changed');
    await view.scrollIntoViewIfNeeded();
    const count = (tab: string) => page.getByTestId(`wc-count-${tab}`).textContent();
    await poll(() => count('fixed')).toBe(String(diff.counts.fixed));
    expect(await count('broke')).toBe(String(diff.counts.broke));
    expect(await count('stillWrong')).toBe(String(diff.counts.stillWrongSame + diff.counts.stillWrongDifferent));

    const tiles = page.locator('[data-testid="wc-group"] [data-testid="diff-digit"]');
    await poll(() => tiles.count()).toBe(diff.counts.fixed);
    const fixed = await tiles.evaluateAll((els) => els.map((e) => [e.getAttribute('data-true'), e.getAttribute('data-a'), e.getAttribute('data-b')]));
    // Fixed: A was wrong, B is right.
    expect(fixed.every(([t, pa, pb]) => pa !== t && pb === t)).toBe(true);
    await screenshot(page, 'what-changed');

    await page.getByTestId('wc-tab-broke').click();
    await poll(() => tiles.count()).toBe(diff.counts.broke);
    const indices = await tiles.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
    expect(indices).toEqual(diff.groups.broke);
  });

  it('a click on a heatmap cell shows exactly the digits that moved into and out of it', async () => {
    const diff = await api.analysis.diff.query({ a, b, withPixels: false });
    const cell = diff.cells
      .filter((c) => c.trueLabel !== c.predictedLabel)
      .sort((x, y) => y.into.length + y.outOf.length - (x.into.length + x.outOf.length))[0];
    expect(cell).toBeDefined();
    const { trueLabel: t, predictedLabel: p } = cell;
    const heatmapCell = page.getByTestId(`diff-cell-${t}-${p}`);
    const delta = cell.into.length - cell.outOf.length;
    expect(await heatmapCell.textContent()).toBe(delta === 0 ? '±0' : delta > 0 ? `+${delta}` : `−${-delta}`);
    await heatmapCell.click();

    const movedIn = page.locator('[data-testid="wc-moved-in"] [data-testid="diff-digit"]');
    const movedOut = page.locator('[data-testid="wc-moved-out"] [data-testid="diff-digit"]');
    await poll(() => movedIn.count()).toBe(cell.into.length);
    expect(await movedOut.count()).toBe(cell.outOf.length);
    expect(await page.locator('[data-testid="wc-group"]').count()).toBe(0);
    const attrs = (loc: typeof movedIn) => loc.evaluateAll((els) => els.map((e) => [e.getAttribute('data-true'), e.getAttribute('data-a'), e.getAttribute('data-b')]));
    expect((await attrs(movedIn)).every(([tr, pa, pb]) => tr === String(t) && pb === String(p) && pa !== String(p))).toBe(true);
    expect((await attrs(movedOut)).every(([tr, pa, pb]) => tr === String(t) && pa === String(p) && pb !== String(p))).toBe(true);
    await page.getByTestId('what-changed').screenshot({ path: path.join(SCREENSHOT_DIR, 'what-changed-cell.png') });

    // A tab brings the groups back.
    await page.getByTestId('wc-tab-fixed').click();
    await poll(() => page.locator('[data-testid="wc-group"] [data-testid="diff-digit"]').count()).toBe(diff.counts.fixed);
  });

  it('the gap panel groups the two configurations and states the API’s verdict', async () => {
    const gap = await api.analysis.gap.query({ a: [a], b: [b] });
    const sentence = page.getByTestId('gap-sentence');
    await sentence.scrollIntoViewIfNeeded();
    await poll(() => sentence.textContent()).toBe(gap.sentence);
    expect(gap.sentence).toMatch(/McNemar p [=<] [\d.]+; no CI across seeds with one run per side/);
    await page.getByTestId('gap-panel').screenshot({ path: path.join(SCREENSHOT_DIR, 'gap-panel.png') });
  });

  it('hard digits of both runs are the digits both get wrong', async () => {
    const diff = await api.analysis.diff.query({ a, b, withPixels: false });
    await page.getByTestId('hard-digits-link').click();
    await page.waitForURL(/\/hard-digits\?runs=/);
    const tiles = page.getByTestId('hard-digit');
    // With two runs, "at least 80% of them" means both.
    const bothWrong = diff.counts.stillWrongSame + diff.counts.stillWrongDifferent;
    await poll(() => tiles.count()).toBe(Math.min(bothWrong, 1_000));
    expect(await page.getByTestId('hard-count').textContent()).toBe(`${bothWrong.toLocaleString('en-US')} ${bothWrong === 1 ? 'digit' : 'digits'}`);
    await screenshot(page, 'hard-digits');
  });
});

describe('mnist-lab diff', { timeout: 120_000 }, () => {
  it('prints the same groups as the API, for a run name and an id prefix', async () => {
    const diff = await api.analysis.diff.query({ a, b, withPixels: false });
    const r = await cli(['diff', RUNS[0], b.slice(0, 8), '--server', url, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as typeof diff;
    expect(printed.counts).toEqual(diff.counts);
    expect(printed.groups).toEqual(diff.groups);

    const table = await cli(['diff', a, b, '--server', url]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^fixed \\(wrong in A, right in B\\) +${diff.counts.fixed}$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^newly broken \\(right in A, wrong in B\\) +${diff.counts.broke}$`, 'm'));
  });

  it('an unknown run is one line on stderr and exit code 2', async () => {
    for (const ref of ['no-such-run', randomUUID()]) {
      const r = await cli(['diff', ref, b, '--server', url]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^mnist-lab: (no run matches "no-such-run"|run [0-9a-f-]{36} not found)/);
    }
  });
});
