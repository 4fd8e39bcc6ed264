// The dashboard part's epoch-slider measure: a run with 20 epochs of validation predictions for 6,000 digits (mistakes
// falling from 1,200 to 100, each digit's pixels sent the first time it is wrong), its page in the validation view, and
// the time from the slider's input until both the matrix and the gallery show the new epoch, painted (goal <= 100 ms).
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { DEFAULT_HYPERPARAMS, mulberry32 } from '@mnist-lab/contracts';
import { quantile } from '../stats';

const DIGITS = 6_000;
const EPOCHS = 20;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Logs the run through the API as a trainer does: each digit wrong while its seeded "learned" epoch is ahead. */
async function seedValidationRun(serverUrl: string, token: string): Promise<string> {
  const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${serverUrl}/api/trpc`, headers: { authorization: `Bearer ${token}` } })] });
  const id = randomUUID();
  await api.runs.create.mutate({ id, name: 'bench-epochs', config: DEFAULT_HYPERPARAMS, backend: 'fused', tags: ['bench'], startedAt: new Date().toISOString() });
  const rand = mulberry32(12);
  const labels = Uint8Array.from({ length: DIGITS }, (_, i) => i % 10);
  // 20% wrong at epoch 1, falling to about 1.7% at the last; a few digits forgotten and learned again.
  const learned = Array.from({ length: DIGITS }, () => (rand() < 0.2 ? 1 + Math.floor(rand() ** 2 * EPOCHS * 1.1) : 0));
  const sent = new Set<number>();
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const wrong = (i: number) => learned[i] >= epoch || (learned[i] > 0 && (i * 7 + epoch) % 97 === 0);
    const predicted = labels.map((t, i) => (wrong(i) ? (t + 1 + (i % 8)) % 10 : t));
    const pixels = [...labels.keys()].filter((i) => wrong(i) && !sent.has(i)).map((i) => (sent.add(i), { index: i, pixels: b64(new Uint8Array(784).fill((i * 37) % 251)) }));
    const confidences = Uint8Array.from({ length: DIGITS }, () => 128 + Math.floor(rand() * 127));
    await api.runs.logValidation.mutate({
      runId: id,
      epoch,
      set: epoch === 1 ? { labels: b64(labels) } : undefined,
      predicted: b64(predicted),
      confidences: b64(confidences),
      pixels,
      at: new Date().toISOString(),
    });
  }
  await api.runs.end.mutate({ runId: id, status: 'stopped', endedAt: new Date().toISOString() });
  return id;
}

export async function benchEpochSlider(serverUrl: string, token: string, browser: Browser, loadavg: () => number[]): Promise<void> {
  const id = await seedValidationRun(serverUrl, token);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${serverUrl}/runs/${id}?set=validation&epoch=${EPOCHS}`);
  await page.waitForFunction(`document.querySelector('[data-testid="matrix-view"]')?.getAttribute('data-epoch') === '${EPOCHS}'`, undefined, { timeout: 60_000 });
  // Let the page fetch every epoch (it loads the shown one first, then the rest), as a user looking at it for a moment.
  await page.waitForTimeout(3_000);
  const before = loadavg()[0].toFixed(2);
  // In the page, as run-digits.spec times it: from the slider's input to matrix and gallery showing the epoch, painted.
  const step = (index: number) =>
    page.evaluate(`(async () => {
      const input = document.querySelector('[data-testid="epoch-slider"]');
      const epochOf = (sel) => document.querySelector('[data-testid="' + sel + '"]')?.getAttribute('data-epoch');
      const want = String(${index} + 1);
      const t0 = performance.now();
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(${index}));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (epochOf('matrix-view') !== want || epochOf('digit-gallery') !== want) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now() - t0;
    })()`) as Promise<number>;
  const times: number[] = [];
  // Down the epochs one at a time and back up, then a few jumps: 2 x 19 + 6 steps.
  const path = [...Array.from({ length: EPOCHS - 1 }, (_, i) => EPOCHS - 2 - i), ...Array.from({ length: EPOCHS - 1 }, (_, i) => i + 1), 0, 19, 5, 14, 9, 19];
  for (const index of path) times.push(await step(index));
  await page.close();
  const t = [...times].sort((a, b) => a - b);
  console.log(
    `epoch slider, ${DIGITS} validation digits x ${EPOCHS} epochs, input until matrix and gallery show the epoch: median ${quantile(t, 0.5).toFixed(0)} ms, ` +
      `p90 ${quantile(t, 0.9).toFixed(0)} ms, best ${t[0].toFixed(0)} ms, worst ${t[t.length - 1].toFixed(0)} ms over ${t.length} steps ` +
      `(load average ${before} before, ${loadavg()[0].toFixed(2)} after) (goal <= 100 ms per step)`,
  );
}
