// The models in the browser: CLI-trained runs classify a digit drawn with the pointer, and their model files download and load.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

const RUNS = ['pg-adam', 'pg-sgd'] as const;
/** A CNN the trainer made (small filters, to train in seconds); its name keeps it out of the `pg-` filter below. */
const CNN = 'cnn-draw';

let stack: Stack;
let url: string;
let page: Page;
const ids: Record<string, string> = {};
/** Requests the pages make anywhere but the server: tfjs and the models must come from the bundle and the API. */
const offsite: string[] = [];

beforeAll(async () => {
  // The page downloads model files below: playwright accepts downloads by default.
  stack = await startStack({ name: 'playground', browser: true });
  ({ url, page } = stack);
  // Two real, short trainings (one after the other: 2 cores) with different networks, so two different models answer.
  const common = ['--epochs', '2', '--train-limit', '2000'];
  await stack.train(RUNS[0], common);
  await stack.train(RUNS[1], [...common, '--optimizer', 'sgd', '--learning-rate', '0.05', '--hidden-units', '48']);
  await stack.train(CNN, ['--arch', 'cnn', '--conv-filters', '8,16', '--epochs', '1', '--train-limit', '2000']);
  for (const name of [...RUNS, CNN]) ids[name] = await runIdByName(stack.api, name);
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(`${url}/`) && !/^(data|blob):/.test(target)) offsite.push(target);
  });
});

afterAll(() => stack?.stop());

/** Draws a "7" on the pad with the mouse, as a user would: press, drag through the corners, release. */
async function drawSeven(): Promise<void> {
  const pad = await page.getByTestId('draw-pad').boundingBox();
  if (!pad) throw new Error('the drawing pad is not on screen');
  const at = (fx: number, fy: number) => [pad.x + fx * pad.width, pad.y + fy * pad.height] as const;
  await page.mouse.move(...at(0.3, 0.25));
  await page.mouse.down();
  for (const [fx, fy] of [[0.72, 0.25], [0.58, 0.55], [0.48, 0.82]] as const) await page.mouse.move(...at(fx, fy), { steps: 10 });
  await page.mouse.up();
}

/** The 28x28 input the page shows, read back from its canvas as [0, 1] values. */
function modelInput(): Promise<number[]> {
  return page.getByTestId('model-input').evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4] / 255);
  });
}

async function savedBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFileSync(file);
}

describe('playground', { timeout: 180_000 }, () => {
  it("shows each chosen run's prediction for a digit drawn with the pointer", async () => {
    await page.goto(`${url}/playground?runs=${ids[RUNS[0]]},${ids[RUNS[1]]}`);
    const cards = page.getByTestId('model-card');
    await poll(() => cards.count()).toBe(2);
    await poll(() => page.locator('[data-testid="model-card"][data-state="ready"]').count(), 60_000).toBe(2);

    await drawSeven();

    // The input is the drawing scaled into 20x20 and centered by mass in 28x28, white on black.
    await poll(async () => (await modelInput()).some((v) => v > 0.5)).toBe(true);
    const input = await modelInput();
    const mass = input.reduce((a, b) => a + b, 0);
    const cx = input.reduce((s, v, i) => s + v * ((i % 28) + 0.5), 0) / mass;
    const cy = input.reduce((s, v, i) => s + v * (Math.floor(i / 28) + 0.5), 0) / mass;
    expect(Math.abs(cx - 14)).toBeLessThan(1);
    expect(Math.abs(cy - 14)).toBeLessThan(1);

    for (const id of RUNS.map((name) => ids[name])) {
      const card = page.locator(`[data-testid="model-card"][data-run-id="${id}"]`);
      await poll(() => card.getByTestId('predicted-class').count()).toBe(1);
      const bars = card.getByTestId('prob-bar');
      expect(await bars.count()).toBe(10);
      const probabilities = (await bars.evaluateAll((els) => els.map((e) => e.getAttribute('data-probability')))).map(Number);
      expect(probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      const predicted = Number(await card.getByTestId('predicted-class').textContent());
      expect(predicted).toBe(probabilities.indexOf(Math.max(...probabilities)));
    }
    await screenshot(page, 'playground');
    expect(offsite).toEqual([]);

    await page.getByTestId('clear-pad').click();
    await poll(() => page.getByTestId('predicted-class').count()).toBe(0);
  });

  it('draws a digit for a CNN the trainer made: the convnet answers in the browser as it does in Node', async () => {
    const id = ids[CNN];
    await page.goto(`${url}/playground?runs=${id}`);
    const card = page.locator(`[data-testid="model-card"][data-run-id="${id}"]`);
    await poll(() => card.getAttribute('data-state'), 60_000).toBe('ready');
    await drawSeven();
    await poll(() => card.getByTestId('predicted-class').count()).toBe(1);
    // The page answers each change of the drawing as it comes: read once the answer has settled on the last stroke.
    const read = async () => ({
      input: await modelInput(),
      probabilities: (await card.getByTestId('prob-bar').evaluateAll((els) => els.map((e) => e.getAttribute('data-probability')))).map(Number),
    });
    let seen = await read();
    await poll(async () => {
      const now = await read();
      const same = JSON.stringify(now) === JSON.stringify(seen);
      seen = now;
      return same;
    }).toBe(true);

    // The same model files, loaded in Node, on the same 28x28 input: the softmax of its logits is what the bars show.
    const modelJson = (await (await fetch(`${url}/api/runs/${id}/model/model.json`)).json()) as {
      modelTopology: object;
      weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
    };
    expect(JSON.stringify(modelJson.modelTopology)).toContain('Conv2D');
    const weightData = await (await fetch(`${url}/api/runs/${id}/model/weights.bin`)).arrayBuffer();
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData }));
    const expected = tf.tidy(() => Array.from(tf.softmax(model.predict(tf.tensor2d([seen.input], [1, 784])) as tf.Tensor2D).dataSync()));
    model.dispose();
    expect(seen.probabilities).toHaveLength(10);
    seen.probabilities.forEach((p, digit) => expect(p).toBeCloseTo(expected[digit], 3));
    expect(Number(await card.getByTestId('predicted-class').textContent())).toBe(expected.indexOf(Math.max(...expected)));
    await screenshot(page, 'playground-cnn');
  });

  it('downloads a run\'s model.json and weights.bin from its page, and they load as a tfjs model', async () => {
    await page.goto(`${url}/runs/${ids[RUNS[1]]}`);
    const jsonLink = page.getByTestId('download-model-json');
    await jsonLink.waitFor();

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), jsonLink.click()]);
    expect(jsonDownload.suggestedFilename()).toBe('pg-sgd-model.json');
    const modelJson = JSON.parse((await savedBytes(jsonDownload)).toString('utf8')) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    expect(modelJson.weightsManifest).toHaveLength(1);

    const [weightsDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-model-weights').click()]);
    // The saved model.json names the weights file under the name it was saved as, so the pair loads from one folder.
    expect(modelJson.weightsManifest[0].paths).toEqual([weightsDownload.suggestedFilename()]);
    const weights = await savedBytes(weightsDownload);
    const specs = modelJson.weightsManifest[0].weights;
    const count = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
    // At least the first layer's 784x48 kernel; every value a float32.
    expect(count).toBeGreaterThan(784 * 48);
    expect(weights.byteLength).toBe(4 * count);

    await tf.setBackend('cpu');
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
    const logits = tf.tidy(() => (model.predict(tf.zeros([1, 784])) as tf.Tensor).dataSync());
    expect(logits).toHaveLength(10);
    expect(Array.from(logits).every(Number.isFinite)).toBe(true);
    model.dispose();
  });

  it('opens the playground from a run page with that run chosen', async () => {
    await page.goto(`${url}/runs/${ids[RUNS[0]]}`);
    await page.getByTestId('try-in-playground').click();
    await page.waitForURL(/\/playground\?runs=/);
    expect(new URL(page.url()).searchParams.get('runs')).toBe(ids[RUNS[0]]);
    await poll(() => page.locator(`[data-testid="model-card"][data-run-id="${ids[RUNS[0]]}"][data-state="ready"]`).count(), 60_000).toBe(1);
  });

  it('exports the runs table as filtered and sorted, and a run\'s metric history, from the links on the pages', async () => {
    await page.goto(`${url}/?q=pg-&sort=name&dir=asc`);
    const href = await page.getByTestId('export-runs-csv').getAttribute('href');
    expect(href).toBe('/api/export/runs.csv?q=pg-&sort=name&dir=asc');
    const csv = await fetch(`${url}${href}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trimEnd().split('\r\n');
    expect(rows.slice(1).map((r) => r.split(',')[1])).toEqual(['pg-adam', 'pg-sgd']);

    await page.goto(`${url}/runs/${ids[RUNS[0]]}`);
    const [history] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-metrics-csv').click()]);
    expect(history.suggestedFilename()).toBe('pg-adam-metrics.csv');
    const lines = (await savedBytes(history)).toString('utf8').trimEnd().split('\r\n');
    // One row per step: the batch points' steps, and the two epochs' ends (whole epochs) with the epoch metrics.
    expect(lines[0]).toMatch(/^step,epoch,loss,accuracy,val_loss,val_accuracy,/);
    const steps = lines.slice(1).map((l) => l.split(','));
    const epochEnds = steps.filter((r) => r[1] !== '' && Number.isInteger(Number(r[1])));
    expect(epochEnds.map((r) => r[1])).toEqual(['1', '2']);
    expect(epochEnds.every((r) => r[2] !== '' && r[4] !== '')).toBe(true);
    expect(steps.length).toBeGreaterThan(2);
    expect(steps.map((r) => Number(r[0]))).toEqual(steps.map((r) => Number(r[0])).sort((a, b) => a - b));
  });
});
