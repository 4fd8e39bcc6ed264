// A sweep over both families, as a user writes it: arch mlp or cnn, the convolution keys only where arch is cnn
// (`when:`). Run by the `mnist-lab sweep` CLI on the fused engine; then the trials as the API stores them and the
// sweep page's families side by side.
import '../server/production-env';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@mnist-lab/db';
import { readEnv } from '@mnist-lab/metrics';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_DIR, startServer, type RunningServer } from '../server/start-server';
import { apiClient, type ApiClient } from './support/api-client';
import { launchBrowser, screenshot } from './support/browser';
import { ensureFreshBuild } from './support/build';
import { startCli } from './support/cli';

const TOKEN = `e2e-${randomUUID()}`;
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

let database: TestDatabase | undefined;
let server: RunningServer | undefined;
let browser: Browser | undefined;
let api: ApiClient;
let url: string;
let page: Page;
let sweepId: string;

beforeAll(async () => {
  const log = (line: string) => console.log(`[e2e] ${line}`);
  await ensureFreshBuild(DASHBOARD_DIR, log);
  database = await createTestDatabase();
  const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-e2e-families-'));
  const env = readEnv({ DATABASE_URL: database.url, MNIST_LAB_HOME: home, MNIST_LAB_TOKEN: TOKEN, HOST: '127.0.0.1' });
  server = await startServer({ env, port: 0, log });
  url = server.url;
  api = apiClient(url, server.token);
  const config = path.join(home, 'sweep.yaml');
  writeFileSync(config, CONFIG);
  const sweep = startCli(['sweep', '--config', config, '--parallel', '1'], { MNIST_LAB_SERVER: url, MNIST_LAB_TOKEN: server.token, MNIST_LAB_HOME: home });
  const code = await sweep.exit;
  if (code !== 0) throw new Error(`mnist-lab sweep exited with ${code}:\n${sweep.output()}`);
  const created = /sweep \S+ \(([0-9a-f-]{36})\)/.exec(sweep.output());
  if (!created) throw new Error(`mnist-lab sweep did not print the sweep's id:\n${sweep.output()}`);
  sweepId = created[1];
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
}, 60_000);

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
    await expect.poll(() => summary.count(), { timeout: 20_000 }).toBe(1);
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
});
