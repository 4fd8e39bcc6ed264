// Sweep agents on one machine through the real server: one agent is killed mid-trial, and every trial still finishes exactly once.
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@mnist-lab/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client';
import { startCli, type CliProcess } from './support/cli';
import { startStack, type Stack } from './support/stack';

/** Short, so the killed agent's trial goes to the other agent soon; long enough that a busy machine's heartbeats arrive. */
const CRASH_AFTER_S = 10;

let stack: Stack;
let db: Db;
let api: ApiClient;

beforeAll(async () => {
  stack = await startStack({ name: 'sweep-agents', db: true, env: { MNIST_LAB_CRASH_AFTER_S: String(CRASH_AFTER_S) } });
  ({ db, api } = stack);
});

afterAll(() => stack?.stop());

const agent = (sweepId: string, env: Record<string, string> = {}): CliProcess =>
  startCli(['agent', '--sweep', sweepId, '--quiet'], { ...stack.cliEnv(), ...env });

/** The agent id the server recorded for a trial held by this process (`host-pid-xxxx`). */
const heldBy = (p: CliProcess) => `${hostname()}-${p.child.pid}-`;

interface StoredTrial {
  id: string;
  status: string;
  learning_rate: number;
  batch_size: number;
  agent_id: string | null;
  epochs: number[];
}

describe('an agent on a machine that cannot train', { timeout: 300_000 }, () => {
  it('exits 2 naming the problem and gives its trial back at once, for the next agent', async () => {
    const { id } = await api.sweeps.create.mutate({ seed: 0, config: { name: 'no-data', method: 'grid', parameters: { dropout: { values: [0.1] } } } });
    const broken = agent(id, { MNIST_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'no-mnist-')) });
    expect(await broken.exit).toBe(2);
    expect(broken.output()).toMatch(/train-images-idx3-ubyte/);
    const [trial] = (await api.sweeps.get.query({ id })).trials;
    // Queued again without waiting CRASH_AFTER_S for its lease to run out.
    expect(trial).toMatchObject({ status: 'queued', agentId: null });
    await api.sweeps.stop.mutate({ id });
  });
});

describe('two agents on a 6-trial grid, one killed during a trial', { timeout: 900_000 }, () => {
  it('runs every grid point exactly once, the killed agent’s trial again under the same run id', async () => {
    const { id } = await api.sweeps.create.mutate({
      seed: 0,
      config: {
        name: 'agents-e2e',
        method: 'grid',
        parameters: { learningRate: { values: [0.001, 0.003, 0.01] }, batchSize: { values: [32, 64] }, epochs: 3, trainLimit: 2000 },
      },
    });
    const a = agent(id);
    const b = agent(id);

    // Wait until agent A is inside a trial (an epoch logged, not yet finished), then kill it without warning.
    let victim: string | undefined;
    await expect
      .poll(
        async () => {
          const sweep = await api.sweeps.get.query({ id });
          victim = sweep.trials.find((t) => t.agentId?.startsWith(heldBy(a)) && t.status === 'running' && t.epochs >= 1 && t.epochs < 3)?.runId;
          return victim;
        },
        { timeout: 300_000, interval: 200 },
      )
      .toBeDefined();
    a.child.kill('SIGKILL');
    await a.exit;
    stack.log(`killed agent A during trial ${victim}`);

    expect(await b.exit).toBe(0);
    expect(b.output()).toMatch(/the sweep is finished/);

    const sweep = await api.sweeps.get.query({ id });
    expect(sweep.status).toBe('finished');
    expect(sweep.progress).toMatchObject({ finished: 6, queued: 0, running: 0, crashed: 0, failed: 0 });

    // The runs table itself, read with SQL: one finished run per grid point, each with its three epochs once.
    const rows = await db.$queryRaw<StoredTrial[]>`
      SELECT r.id, r.status::text, r."learningRate" AS learning_rate, r."batchSize" AS batch_size, r."agentId" AS agent_id,
             ARRAY(SELECT m.epoch FROM "Metric" m WHERE m."runId" = r.id AND m.name = 'val_accuracy' ORDER BY m.epoch) AS epochs
      FROM "Run" r WHERE r."sweepId" = ${id}::uuid`;
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => `${r.learning_rate}/${r.batch_size}`)).size).toBe(6);
    for (const r of rows) {
      expect(r.status).toBe('finished');
      expect(r.epochs).toEqual([1, 2, 3]);
    }
    const rerun = rows.find((r) => r.id === victim);
    expect(rerun?.agent_id?.startsWith(heldBy(b))).toBe(true);
    // The queue is these rows: the killed agent's trial was handed out twice, every other trial once, and nothing
    // else holds trial state (no job tables left behind).
    const attempts = await db.$queryRaw<{ id: string; attempt: number }[]>`SELECT id::text, attempt FROM "Run" WHERE "sweepId" = ${id}::uuid`;
    expect(attempts.map((r) => (r.id === victim ? ['victim', r.attempt] : ['other', r.attempt])).sort()).toEqual([
      ['other', 1], ['other', 1], ['other', 1], ['other', 1], ['other', 1], ['victim', 2],
    ]);
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'pgboss'`;
    expect(Number(n)).toBe(0);
  });
});
