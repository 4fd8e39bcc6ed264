// run.logValidationPredictions: per-epoch validation answers spooled like every event, the set once, pixels once per digit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { init } from './init';
import { syncSpool } from './sync';
import { test, type FakeServer } from './test-support/fake-server';
import type { InitOptions, Run, ValidationPredictions } from './types';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'mnist-lab-client-'));
const decode = (b64: string) => [...new Uint8Array(Buffer.from(b64, 'base64'))];
const N = 30;
const labels = Uint8Array.from({ length: N }, (_, i) => i % 10);
const pixels = Uint8Array.from({ length: N * 784 }, (_, i) => Math.floor(i / 784));

async function start(server: FakeServer, options: InitOptions = {}): Promise<Run & { lines: string[] }> {
  const lines: string[] = [];
  const run = await init({ server: server.url, token: 'test-token-0123456789', spoolDir: tempDir(), log: (l) => lines.push(l), interrupt: 'abort', ...options });
  return Object.assign(run, { lines });
}

/** Right everywhere but at `wrong`. */
function answers(wrong: number[]): ValidationPredictions {
  return {
    labels,
    predictions: labels.map((l, i) => (wrong.includes(i) ? (l + 1) % 10 : l)),
    confidences: Float32Array.from(labels, (_, i) => (wrong.includes(i) ? 0.6 : 1)),
    pixels,
  };
}

interface Sent {
  epoch: number;
  set?: { labels: string };
  predicted: string;
  confidences: string;
  pixels?: { index: number; pixels: string }[];
}
const sent = (server: FakeServer) => server.calls.filter((c) => c.procedure === 'runs.logValidation').map((c) => c.body as unknown as Sent);

describe('run.logValidationPredictions', () => {
  test('sends one record per epoch between create and finish: the set with the first, each digit\'s pixels the first time it is wrong', async ({ server }) => {
    const run = await start(server);
    run.logValidationPredictions(1, answers([2, 5]));
    run.logValidationPredictions(2, answers([5, 9]));
    run.logValidationPredictions(3, answers([]));
    await run.finish();
    const procedures = server.procedures();
    expect(procedures.filter((p) => p === 'runs.logValidation')).toHaveLength(3);
    expect(procedures[0]).toBe('runs.create');
    expect(procedures.at(-1)).toBe('runs.finish');
    const [e1, e2, e3] = sent(server);
    expect([e1.epoch, e2.epoch, e3.epoch]).toEqual([1, 2, 3]);
    expect(decode(e1.set?.labels ?? '')).toEqual([...labels]);
    expect(e2.set).toBeUndefined();
    expect(decode(e2.predicted)[9]).toBe(0);
    expect(decode(e1.confidences)[2]).toBe(Math.round(0.6 * 255));
    expect(e1.pixels?.map((p) => p.index)).toEqual([2, 5]);
    expect(decode(e1.pixels?.[1].pixels ?? '')).toEqual(new Array(784).fill(5));
    expect(e2.pixels?.map((p) => p.index)).toEqual([9]);
    expect(e3.pixels).toBeUndefined();
  });

  test.for([
    [{ predictions: labels.map(() => 10) }, /^run\.logValidationPredictions: predictions\[0\]: /],
    [{ confidences: new Float32Array(N).fill(1.5) }, /^run\.logValidationPredictions: confidences\[0\]: /],
    [{ confidences: new Float32Array(N - 1).fill(1) }, /^run\.logValidationPredictions: confidences: expected 30 values \(one per label\), got 29$/],
    [{ pixels: new Uint8Array(784) }, /^run\.logValidationPredictions: pixels must be a Uint8Array of 30 x 784 bytes/],
    [{ labels: labels.map((l) => (l + 1) % 10) }, /^run\.logValidationPredictions: labels differ from those of the first call/],
  ] as const)('throws one line at the call for %j and sends nothing of it', async ([change, message], { server }) => {
    const run = await start(server);
    run.logValidationPredictions(1, answers([1]));
    expect(() => run.logValidationPredictions(2, { ...answers([1]), ...change })).toThrow(message);
    await run.finish();
    expect(sent(server).map((s) => s.epoch)).toEqual([1]);
  });

  test('survives a server that is down: every epoch arrives once it is back', async ({ server }) => {
    await server.down();
    const run = await start(server);
    for (let epoch = 1; epoch <= 4; epoch++) run.logValidationPredictions(epoch, answers([epoch]));
    const finishing = run.finish();
    const deadline = Date.now() + 20_000;
    while (!run.lines.some((l) => l.includes('server unreachable')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await server.up();
    expect((await finishing).left).toBe(0);
    expect(sent(server).map((s) => s.epoch)).toEqual([1, 2, 3, 4]);
    expect(sent(server).map((s) => s.pixels?.map((p) => p.index))).toEqual([[1], [2], [3], [4]]);
  });

  test('offline: spools the records; syncSpool uploads them in order with the set first', async ({ server }) => {
    const spoolDir = tempDir();
    const run = await start(server, { offline: true, spoolDir });
    run.logValidationPredictions(1, answers([3]));
    run.logValidationPredictions(2, answers([3, 4]));
    await run.finish();
    expect(server.calls).toEqual([]);
    expect(await syncSpool({ server: server.url, token: 'test-token-0123456789', spoolDir })).toMatchObject({ runs: 1, sent: 4, left: 0 });
    expect(server.procedures()).toEqual(['runs.create', 'runs.logValidation', 'runs.logValidation', 'runs.finish']);
    const [e1, e2] = sent(server);
    expect(e1.set).toBeDefined();
    expect(e2.pixels?.map((p) => p.index)).toEqual([4]);
  });
});
