// A run's lifecycle against a stand-in server: what it sends, in which order and how many requests, and its one end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { init } from './init';
import { syncSpool } from './sync';
import { test, type FakeServer } from './test-support/fake-server';
import type { InitOptions, Run, TestPredictions } from './types';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'mnist-lab-client-'));

/** A run against `server`, with the lines it logged. */
async function start(server: FakeServer, options: InitOptions = {}): Promise<Run & { lines: string[] }> {
  const lines: string[] = [];
  const run = await init({ server: server.url, token: 'test-token-0123456789', spoolDir: tempDir(), log: (l) => lines.push(l), interrupt: 'abort', ...options });
  return Object.assign(run, { lines });
}

function testAnswers(): TestPredictions {
  const labels = new Uint8Array(10_000).map((_, i) => i % 10);
  const probabilities = new Float32Array(100_000).fill(0.05);
  for (let i = 0; i < 10_000; i++) probabilities[i * 10 + labels[i]] = 0.55;
  return { labels, confidences: new Float32Array(10_000).fill(0.55), probabilities, loss: 0.6 };
}

/** Resolves once `condition` holds; fails the test after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const decode = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const bodiesOf = (server: FakeServer, procedure: string) => server.calls.filter((c) => c.procedure === procedure).map((c) => c.body);

describe('init, log, finish', () => {
  test('sends the create first, the points in a few large requests, the finish last; records host, git commit, command line', async ({ server }) => {
    const run = await start(server, { config: { conv: [32, 64], optimizer: { name: 'adam', lr: 1e-3 } }, backend: 'tfjs-node', tags: ['cnn'] });
    for (let i = 0; i < 1_500; i++) run.log({ 'batch/loss': 1 / (i + 1), 'batch/accuracy': i / 1_500 }, { epoch: i / 500 });
    run.log({ loss: 0.1, val_loss: 0.2 }, { epoch: 3, step: 1_499 });
    const answers = testAnswers();
    const end = await run.finish({ test: answers });

    expect(end).toEqual({ status: 'finished', left: 0, spoolFile: run.spoolFile });
    const procedures = server.procedures();
    expect(procedures[0]).toBe('runs.create');
    expect(procedures.at(-1)).toBe('runs.finish');
    // 3,002 points, batched at the call and merged on the way: far fewer requests than calls.
    expect(procedures.filter((p) => p === 'runs.log').length).toBeLessThanOrEqual(4);
    expect(server.points().size).toBe(3_002);
    expect(server.points().get('batch/loss@1499')).toMatchObject({ step: 1_499, epoch: 1_499 / 500 });
    expect(server.points().get('val_loss@1499')).toMatchObject({ epoch: 3, value: 0.2 });

    const [create] = bodiesOf(server, 'runs.create');
    expect(create).toMatchObject({ id: run.id, config: { conv: [32, 64], optimizer: { lr: 1e-3 } }, backend: 'tfjs-node', tags: ['cnn'], host: hostname() });
    expect(create.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(create.command).toMatch(/^node /);
    expect(server.calls[0].authorization).toBe('Bearer test-token-0123456789');

    const [finish] = bodiesOf(server, 'runs.finish') as { test: Record<string, string> }[];
    expect(decode(finish.test.labels)).toEqual(answers.labels);
    expect(new Float32Array(decode(finish.test.confidences).buffer)).toEqual(answers.confidences);
    expect(new Float32Array(decode(finish.test.probabilities).buffer)).toEqual(answers.probabilities);
    expect(existsSync(run.spoolFile)).toBe(false);
    expect(run.url).toBe(`${server.url}/runs/${run.id}`);
  });

  test('step defaults to a counter that follows the last step given', async ({ server }) => {
    const run = await start(server);
    run.log({ a: 1 });
    run.log({ a: 2 });
    run.log({ a: 3 }, { step: 10 });
    run.log({ a: 4 });
    await run.finish();
    expect([...server.points().values()].map((p) => [p.step, p.value])).toEqual([
      [0, 1],
      [1, 2],
      [10, 3],
      [11, 4],
    ]);
  });

  test.for([
    [{ ok: 1, loss: Number.NaN }, {}, /^run\.log: loss is NaN; only finite numbers can be logged$/],
    [{ ok: 1, loss: Number.POSITIVE_INFINITY }, {}, /^run\.log: loss is Infinity;/],
    [{ ok: 1, loss: '0.5' as unknown as number }, {}, /^run\.log: loss is string;/],
    [{ ok: 1, 'val loss': 1 }, {}, /^run\.log: metric name "val loss": metric names are 1-64 characters/],
    [{ ok: 1, ['x'.repeat(65)]: 1 }, {}, /^run\.log: metric name "x{65}":/],
    [Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])), {}, /^run\.log: 65 metrics in one call; at most 64$/],
    [{}, {}, /^run\.log: no metrics given$/],
    [{ ok: 1 }, { step: -1 }, /^run\.log: step -1:/],
    [{ ok: 1 }, { step: 1.5 }, /^run\.log: step 1\.5:/],
    [{ ok: 1 }, { epoch: Number.NaN }, /^run\.log: epoch NaN:/],
  ] as const)('log(%j, %j) throws one clear error at the call and keeps nothing of it', async ([metrics, options, message], { server }) => {
    const run = await start(server);
    expect(() => run.log(metrics, options)).toThrow(message);
    run.log({ ok: 2 });
    await run.finish();
    expect([...server.points().values()].map((p) => `${p.name}=${p.value}`)).toEqual(['ok=2']);
  });

  test.each([
    [{ config: { lr: Number.NaN } }, /^init: config: lr: NaN is not a finite number$/],
    [{ config: JSON.parse('{"a":'.repeat(17) + '1' + '}'.repeat(17)) as Record<string, never> }, /^init: config: a(\.a)+: nested deeper than 16 levels$/],
    [{ config: { blob: 'x'.repeat(70_000) } }, /^init: config: config is \d+ bytes as JSON; at most 65536 are stored$/],
    [{ tags: ['x'.repeat(65)] }, /^init: tags\.0:/],
    [{ id: 'run-1' }, /^init: id: run ids are UUIDs$/],
    [{ backend: 'b'.repeat(65) }, /^init: backend:/],
    [{ server: 'localhost 3000' }, /server "localhost 3000" is not a URL/],
  ])('init(%j) throws one line naming the bad option, before anything is spooled', async (options, message) => {
    const spoolDir = tempDir();
    await expect(init({ offline: true, spoolDir, log: () => undefined, ...options })).rejects.toThrow(message);
    expect(existsSync(spoolDir) ? readdirSync(spoolDir) : []).toEqual([]);
  });
});

describe('a server that is down, offline runs and sync', () => {
  test('keeps logging while the connection is refused, then delivers every point exactly once', async ({ server }) => {
    await server.down();
    const run = await start(server);
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) run.log({ loss: 1 / (i + 1) });
    // log() never waits for the network.
    expect(performance.now() - started).toBeLessThan(500);
    const finishing = run.finish();
    // Up again only once the client has been refused, and is retrying.
    await until(() => run.lines.some((l) => l.includes('server unreachable')));
    await server.up();
    const end = await finishing;
    expect(end.left).toBe(0);
    expect(server.procedures()[0]).toBe('runs.create');
    expect(server.procedures().at(-1)).toBe('runs.finish');
    expect(server.points().size).toBe(2_000);
    expect(Math.max(...server.deliveries().values())).toBe(1);
    expect(run.lines.some((l) => l.includes('server unreachable') && l.includes('ECONNREFUSED'))).toBe(true);
  });

  test('offline: spools everything and says how much; syncSpool uploads it in order', async ({ server }) => {
    const spoolDir = tempDir();
    const run = await start(server, { offline: true, spoolDir });
    for (let i = 0; i < 10; i++) run.log({ loss: i });
    const end = await run.finish();
    expect(server.calls).toEqual([]);
    expect(end).toMatchObject({ status: 'finished', left: 3 });
    expect(run.lines).toEqual([`offline: events spooled to ${run.spoolFile} (upload them with \`mnist-lab sync\`)`, '3 events spooled; upload them with `mnist-lab sync`']);

    const synced = await syncSpool({ server: server.url, token: 'test-token-0123456789', spoolDir });
    expect(synced).toMatchObject({ runs: 1, sent: 3, left: 0 });
    expect(server.procedures()).toEqual(['runs.create', 'runs.log', 'runs.finish']);
    expect(server.points().size).toBe(10);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  test('a refused token stops the sending at once, in one line, and leaves the run for a sync with the right token', async ({ server }) => {
    server.answer('runs.create', 401, 'invalid token');
    const spoolDir = tempDir();
    const run = await start(server, { spoolDir });
    run.log({ loss: 1 });
    const end = await run.finish();
    expect(end.left).toBe(3);
    expect(server.procedures()).toEqual(['runs.create']);
    expect(run.lines.filter((l) => l.includes('401 unauthorized'))).toHaveLength(1);
    server.answer('runs.create');
    expect(await syncSpool({ server: server.url, spoolDir })).toMatchObject({ sent: 3, left: 0 });
  });
});

describe('exactly one end', () => {
  test('finish, then fail and stop: one finish is sent, the later calls get its result', async ({ server }) => {
    const run = await start(server);
    const first = await run.finish();
    expect(await run.fail(new Error('too late'))).toEqual(first);
    expect(await run.stop()).toEqual(first);
    expect(() => run.log({ loss: 1 })).toThrow(/^run\.log: the run .* has already ended \(finished\)$/);
    expect(server.procedures().filter((p) => p === 'runs.finish' || p === 'runs.end')).toEqual(['runs.finish']);
  });

  test('stop and fail at once: the first wins', async ({ server }) => {
    const run = await start(server);
    run.log({ loss: 1 });
    const [a, b] = await Promise.all([run.stop(), run.fail(new Error('boom'))]);
    expect(a.status).toBe('stopped');
    expect(b).toEqual(a);
    expect(bodiesOf(server, 'runs.end')).toMatchObject([{ runId: run.id, status: 'stopped' }]);
    // The points logged before the end reached the server before it.
    expect(server.procedures()).toEqual(['runs.create', 'runs.log', 'runs.end']);
  });

  test('fail sends the error message', async ({ server }) => {
    const run = await start(server);
    const end = await run.fail(new Error('out of memory'));
    expect(end.status).toBe('failed');
    expect(bodiesOf(server, 'runs.end')).toMatchObject([{ status: 'failed', error: 'out of memory' }]);
  });

  test('a bad test payload throws at finish and leaves the run open', async ({ server }) => {
    const run = await start(server);
    await expect(run.finish({ test: { labels: new Uint8Array(9_999), confidences: new Float32Array(10_000) } })).rejects.toThrow(
      /^run\.finish: test\.labels has 9999 values; expected 10000/,
    );
    run.log({ loss: 1 });
    expect((await run.finish()).status).toBe('finished');
  });

  test('one heartbeat loop while the run lives, none after its end', async ({ server }) => {
    const run = await start(server, { heartbeatMs: 100 });
    await new Promise((r) => setTimeout(r, 550));
    await run.finish();
    const beats = server.calls.filter((c) => c.procedure === 'runs.heartbeat').length;
    expect(beats).toBeGreaterThanOrEqual(3);
    expect(beats).toBeLessThanOrEqual(6);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.calls.filter((c) => c.procedure === 'runs.heartbeat').length).toBe(beats);
  });
});

describe('signals and the end of a script (a process of its own)', () => {
  const script = fileURLToPath(new URL('./test-support/scripted-run.ts', import.meta.url));

  function launch(server: FakeServer, mode: string, spoolDir = tempDir()) {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, MODE: mode, SERVER: server.url, SPOOL: spoolDir, MNIST_LAB_TOKEN: 'test-token-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = async () => {
      const deadline = Date.now() + 30_000;
      while (!out.includes('ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // A few points in flight, then the signal.
      await new Promise((r) => setTimeout(r, 200));
    };
    return { child, exited, ready, output: () => out, spoolDir };
  }

  test('Ctrl-C marks the run stopped once, uploads what was logged and exits 130', async ({ server }) => {
    const p = launch(server, 'exit');
    await p.ready();
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(130);
    expect(bodiesOf(server, 'runs.end')).toMatchObject([{ status: 'stopped' }]);
    expect(server.procedures().at(-1)).toBe('runs.end');
    expect(server.points().size).toBeGreaterThan(1);
  }, 60_000);

  test("interrupt 'abort': SIGTERM only aborts run.signal; the script stops the run itself and exits normally", async ({ server }) => {
    const p = launch(server, 'abort');
    await p.ready();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('ended stopped');
    expect(bodiesOf(server, 'runs.end')).toMatchObject([{ status: 'stopped' }]);
  }, 60_000);

  test('a second Ctrl-C quits at once; what was not uploaded, the end included, stays in the spool for sync', async ({ server }) => {
    const p = launch(server, 'exit');
    await p.ready();
    await server.down();
    p.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    const second = Date.now();
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(130);
    expect(Date.now() - second).toBeLessThan(2_000);
    const [file] = readdirSync(p.spoolDir).filter((f) => f.endsWith('.jsonl'));
    expect(readFileSync(path.join(p.spoolDir, file), 'utf8')).toContain('"status":"stopped"');
    await server.up();
    expect(await syncSpool({ server: server.url, spoolDir: p.spoolDir })).toMatchObject({ left: 0 });
    expect(server.procedures().at(-1)).toBe('runs.end');
  }, 60_000);

  test('a script that returns without finish() still finishes its run', async ({ server }) => {
    const p = launch(server, 'forget');
    expect(await p.exited).toBe(0);
    expect(server.procedures()).toEqual(['runs.create', 'runs.log', 'runs.finish']);
  }, 60_000);
});

