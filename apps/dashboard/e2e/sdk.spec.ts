// The client library against the real server, as a user's script meets it: a normal run, a server that is down and
// comes back, an offline run synced later, a killed script. Nothing lost, nothing doubled.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type Db } from '@mnist-lab/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdByName, type ApiClient } from './support/api-client';
import { startCli } from './support/cli';
import { startStack, type Stack } from './support/stack';

const script = fileURLToPath(new URL('./support/sdk-user.ts', import.meta.url));
const STEPS = 1_000;

let stack: Stack;
let db: Db;
let api: ApiClient;

interface Script {
  output: () => string;
  exit: Promise<number | null>;
  kill: () => void;
}

/** `node sdk-user.ts`, from the client's sources (the "@mnist-lab/source" condition), with its own home and server. */
function runScript(args: string[], env: Record<string, string>): Script {
  let output = '';
  const child = spawn(process.execPath, ['--conditions=@mnist-lab/source', '--import', 'tsx', script, ...args], {
    env: { ...process.env, MNIST_LAB_TOKEN: stack.token, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { output: () => output, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))), kill: () => child.kill('SIGKILL') };
}

/** A TCP relay to the server that can be switched off (connections refused) and on again on the same port. */
async function relay(target: string) {
  const { hostname, port: targetPort } = new URL(target);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let listener: Server | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    async up() {
      listener = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.once('close', () => sockets.delete(s));
          s.once('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => listener?.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
      listener = undefined;
    },
  };
}

/** What the store holds of a run, read with SQL rather than through the API under test. */
async function stored(id: string) {
  const [run] = await db.$queryRaw<{ status: string; test_accuracy: number | null; misclassified: number | null; last_epoch: number }[]>`
    SELECT status::text, "testAccuracy" AS test_accuracy, "misclassifiedCount" AS misclassified, "lastEpoch" AS last_epoch FROM "Run" WHERE id = ${id}::uuid`;
  const points = await db.$queryRaw<{ name: string; n: bigint; steps: bigint }[]>`
    SELECT name, count(*) AS n, count(DISTINCT step) AS steps FROM "Metric" WHERE "runId" = ${id}::uuid GROUP BY name ORDER BY name`;
  const [{ n: digits }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "MisclassifiedDigit" WHERE "runId" = ${id}::uuid`;
  return { run, points: Object.fromEntries(points.map((p) => [p.name, Number(p.n)])), digits: Number(digits) };
}

/** A run the script finished: every point once, and the test results the server derived equal what the script computed. */
function expectFinished(s: Awaited<ReturnType<typeof stored>>, output: string) {
  expect(s.run.status).toBe('finished');
  expect(s.points).toEqual({ 'batch/loss': STEPS, loss: STEPS / 100, val_accuracy: STEPS / 100, val_loss: STEPS / 100 });
  expect(s.run.last_epoch).toBe(STEPS / 100);
  const printed = /test accuracy ([\d.]+) errors (\d+)/.exec(output);
  expect(printed).not.toBeNull();
  expect(s.run.test_accuracy).toBeCloseTo(Number(printed?.[1]), 6);
  expect(s.run.misclassified).toBe(Number(printed?.[2]));
  expect(s.digits).toBe(s.run.misclassified);
}

beforeAll(async () => {
  stack = await startStack({ name: 'sdk', db: true, env: { MNIST_LAB_CRASH_AFTER_S: '6' } });
  ({ db, api } = stack);
});

afterAll(() => stack?.stop());

describe('@mnist-lab/client against the running server', { timeout: 300_000 }, () => {
  it('init, log and finish: the run, its step points and the test results derived from its answers', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-sdk-'));
    const s = runScript(['sdk-plain', String(STEPS)], { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: stack.url });
    expect(await s.exit).toBe(0);
    expect(s.output()).toContain('end finished left 0');
    const id = await runIdByName(api, 'sdk-plain');
    expectFinished(await stored(id), s.output());
    const run = await api.runs.get.query({ id });
    expect(run.config).toEqual({ script: 'sdk-user', optimizer: { name: 'adam', lr: 0.001 }, steps: STEPS });
    expect(run.backend).toBe('node-script');
    expect(run.command).toContain('sdk-user.ts');
    expect(run.host).toBeTruthy();
  });

  it('a server that is down when the script starts and comes back while it runs loses nothing and doubles nothing', async () => {
    const r = await relay(stack.url);
    const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-sdk-'));
    const s = runScript(['sdk-down-up', String(STEPS)], { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: r.url });
    // The first half of the points and the run itself are logged while nothing answers.
    await expect.poll(() => s.output(), { timeout: 60_000, interval: 100 }).toMatch(/unreachable/);
    await r.up();
    expect(await s.exit).toBe(0);
    await r.down();
    expect(s.output()).toContain('end finished left 0');
    expectFinished(await stored(await runIdByName(api, 'sdk-down-up')), s.output());
  });

  it('an offline run is spooled only, and `mnist-lab sync` uploads it once', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-sdk-'));
    // The client's `offline` option, as a user would set it through the environment of their script: no server at all.
    const s = runScript(['sdk-offline', String(STEPS)], { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: 'http://127.0.0.1:9', MNIST_LAB_OFFLINE: '1' });
    expect(await s.exit).toBe(0);
    expect(s.output()).toMatch(/end finished left [1-9]\d*/);
    expect((await api.runs.list.query({ search: 'sdk-offline' })).total).toBe(0);
    const sync = startCli(['sync'], { ...stack.cliEnv(), MNIST_LAB_HOME: home });
    expect(await sync.exit).toBe(0);
    expectFinished(await stored(await runIdByName(api, 'sdk-offline')), s.output());
    const again = startCli(['sync'], { ...stack.cliEnv(), MNIST_LAB_HOME: home });
    expect(await again.exit).toBe(0);
    expect(again.output()).toMatch(/sync: 0 events of 0 runs/);
  });

  it('a killed script’s run turns crashed once its heartbeats stop', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-sdk-'));
    const s = runScript(['sdk-killed', String(STEPS), 'hang'], { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: stack.url });
    await expect.poll(() => s.output(), { timeout: 60_000, interval: 100 }).toContain('logged; hanging');
    const id = await runIdByName(api, 'sdk-killed');
    expect((await stored(id)).run.status).toBe('running');
    s.kill();
    await s.exit;
    await expect.poll(async () => (await stored(id)).run.status, { timeout: 30_000, interval: 500 }).toBe('crashed');
    expect((await stored(id)).points['batch/loss']).toBe(STEPS);
  });

  /** The batch steps stored for a run: each once, and how many there are. */
  async function storedSteps(id: string): Promise<{ steps: number[]; rows: number }> {
    const rows = await db.$queryRaw<{ step: number }[]>`SELECT step FROM "Metric" WHERE "runId" = ${id}::uuid AND name = 'batch/loss' ORDER BY step`;
    return { steps: rows.map((r) => r.step), rows: rows.length };
  }

  for (const server of ['unreachable', 'up'] as const) {
    it(`a script killed mid-log with the server ${server}: \`mnist-lab sync\` uploads its spool, every step up to the last it spooled once, no gaps`, async () => {
      const home = mkdtempSync(path.join(tmpdir(), 'mnist-lab-sdk-'));
      const name = `sdk-killed-mid-log-${server}`;
      const s = runScript([name, '0', 'until-killed'], { MNIST_LAB_HOME: home, MNIST_LAB_SERVER: server === 'up' ? stack.url : 'http://127.0.0.1:9' });
      await expect.poll(() => s.output(), { timeout: 60_000, interval: 50 }).toMatch(/spooled 6000/);
      s.kill();
      await s.exit;
      const spooled = Math.max(...[...s.output().matchAll(/spooled (\d+)/g)].map((m) => Number(m[1])));
      const sync = startCli(['sync'], { ...stack.cliEnv(), MNIST_LAB_HOME: home });
      expect(await sync.exit, sync.output()).toBe(0);
      const id = await runIdByName(api, name);
      const { steps, rows } = await storedSteps(id);
      // Nothing lost up to the last step the script knew was spooled, nothing in between missing, nothing twice.
      expect(steps.length).toBeGreaterThanOrEqual(spooled);
      expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
      expect(rows).toBe(new Set(steps).size);
      const again = startCli(['sync'], { ...stack.cliEnv(), MNIST_LAB_HOME: home });
      expect(await again.exit).toBe(0);
      expect((await storedSteps(id)).rows).toBe(rows);
      await expect.poll(async () => (await stored(id)).run.status, { timeout: 30_000, interval: 500 }).toBe('crashed');
    });
  }
});
