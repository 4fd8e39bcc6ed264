// Two server processes on one database act as one server: a sweep's agents talk to different replicas, one agent is
// SIGKILLed and one replica restarted mid-sweep, and every trial still finishes exactly once; an agent held on one
// replica is answered as soon as a trial settles on the other.
import { hostname } from 'node:os';
import { freePort } from '@mnist-lab/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listening, spawnServer, type ServerProcess } from '../server/server-process';
import { apiClient } from './support/api-client';
import { startCli, type CliProcess } from './support/cli';
import { poll, startStack, type Stack } from './support/stack';

/**
 * The killed agent's trial goes to another agent after this long; it must outlast the replica's restart (a Next.js
 * start on a busy machine), or the trials of that replica's agent would be handed on as well.
 */
const CRASH_AFTER_S = 30;

interface Replica {
  name: string;
  url: string;
  port: number;
  process: ServerProcess;
  /** SIGTERM, as a deploy or a load balancer's drain would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The build, the scratch database, the token and the home; the servers are this spec's own processes. */
let stack: Stack;
const replicas: Replica[] = [];
const agents: CliProcess[] = [];

/** `npm start` as its own process: everything a replica knows of the others is in the database. */
async function startReplica(name: string, port: number): Promise<Replica> {
  const env = {
    ...process.env,
    DATABASE_URL: stack.databaseUrl,
    MNIST_LAB_HOME: stack.home,
    MNIST_LAB_TOKEN: stack.token,
    MNIST_LAB_CRASH_AFTER_S: String(CRASH_AFTER_S),
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  const server = spawnServer(env);
  const url = await listening(server, `replica ${name}`);
  stack.log(`replica ${name} at ${url}`);
  const replica: Replica = {
    name,
    url,
    port,
    process: server,
    async stop() {
      if (server.child.exitCode === null) server.child.kill('SIGTERM');
      return server.exit;
    },
  };
  replicas.push(replica);
  return replica;
}

const agent = (sweepId: string, server: string): CliProcess => {
  const p = startCli(['agent', '--sweep', sweepId, '--quiet'], stack.cliEnv(server));
  agents.push(p);
  return p;
};

/** The agent id the server recorded for a trial held by this process (`host-pid-xxxx`). */
const heldBy = (p: CliProcess) => `${hostname()}-${p.child.pid}-`;

beforeAll(async () => {
  stack = await startStack({ name: 'replicas', server: false, db: true });
  await startReplica('a', await freePort());
  await startReplica('b', await freePort());
}, 900_000);

afterAll(async () => {
  for (const p of agents) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const r of replicas) await r.stop();
  await stack?.stop();
}, 60_000);

describe('an agent held on one replica', { timeout: 120_000 }, () => {
  it('is answered within a second of the last trial settling through the other', async () => {
    const [a, b] = replicas;
    const viaA = apiClient(a.url, stack.token);
    const viaB = apiClient(b.url, stack.token);
    const { id } = await viaA.sweeps.create.mutate({ seed: 0, config: { name: 'held', method: 'grid', parameters: { dropout: { values: [0.1] } } } });
    const trial = await viaA.sweeps.nextTrial.mutate({ sweepId: id, agentId: 'first' });
    if (!('runId' in trial)) throw new Error(`expected a trial, got ${JSON.stringify(trial)}`);
    // Nothing left to hand out while the one trial runs: B holds this agent (up to 5 s) instead of answering.
    let answeredAt = 0;
    const held = viaB.sweeps.nextTrial.mutate({ sweepId: id, agentId: 'held' }).finally(() => (answeredAt = Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answeredAt).toBe(0);

    const now = new Date().toISOString();
    await viaA.runs.create.mutate({ id: trial.runId, name: trial.name, config: trial.hyperparams, sweepId: id, attempt: trial.attempt, startedAt: now });
    await viaA.runs.end.mutate({ runId: trial.runId, status: 'failed', error: 'out of memory', endedAt: now, attempt: trial.attempt });
    await viaA.sweeps.completeTrial.mutate({ runId: trial.runId, attempt: trial.attempt });
    const settledAt = Date.now();
    expect(await held).toEqual({ done: true, status: 'finished' });
    stack.log(`held agent answered ${answeredAt - settledAt} ms after the trial settled on the other replica`);
    expect(answeredAt - settledAt).toBeLessThan(1_000);
  });
});

describe('a 4-trial sweep with agents on both replicas', { timeout: 900_000 }, () => {
  it('finishes every trial exactly once though an agent is SIGKILLed and a replica restarted mid-sweep', async () => {
    const [a, b] = replicas;
    const viaA = apiClient(a.url, stack.token);
    const { id } = await viaA.sweeps.create.mutate({
      seed: 0,
      config: {
        name: 'replicas-e2e',
        method: 'grid',
        parameters: { learningRate: { values: [0.001, 0.003, 0.01, 0.03] }, epochs: 3, trainLimit: 2000 },
      },
    });
    const onA = agent(id, a.url);
    const onB = agent(id, b.url);

    // Kill the agent on A inside a trial (an epoch logged, not yet finished), without warning.
    let victim: string | undefined;
    await poll(async () => {
      const sweep = await viaA.sweeps.get.query({ id });
      victim = sweep.trials.find((t) => t.agentId?.startsWith(heldBy(onA)) && t.status === 'running' && t.epochs >= 1 && t.epochs < 3)?.runId;
      return victim;
    }, 300_000).toBeDefined();
    onA.child.kill('SIGKILL');
    await onA.exit;
    stack.log(`killed the agent on replica a during trial ${victim}`);

    // Restart replica B while its agent trains: the agent's calls fail, are retried, and reach the new process.
    const down = Date.now();
    expect(await b.stop()).toBe(0);
    const restarted = await startReplica('b2', b.port);
    stack.log(`replica b restarted in ${Date.now() - down} ms`);
    const another = agent(id, a.url);

    expect(await onB.exit).toBe(0);
    expect(await another.exit).toBe(0);
    expect(onB.output()).toMatch(/the sweep is finished/);

    const sweep = await apiClient(restarted.url, stack.token).sweeps.get.query({ id });
    expect(sweep.status).toBe('finished');
    expect(sweep.progress).toMatchObject({ finished: 4, queued: 0, running: 0, crashed: 0, failed: 0 });
    const rows = await stack.db.$queryRaw<{ id: string; status: string; lr: number; attempt: number; epochs: number[] }[]>`
      SELECT r.id::text, r.status::text, r."learningRate" AS lr, r.attempt,
             ARRAY(SELECT m.epoch FROM "Metric" m WHERE m."runId" = r.id AND m.name = 'val_accuracy' ORDER BY m.epoch) AS epochs
      FROM "Run" r WHERE r."sweepId" = ${id}::uuid`;
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.lr)).size).toBe(4);
    for (const r of rows) expect({ status: r.status, epochs: r.epochs }).toEqual({ status: 'finished', epochs: [1, 2, 3] });
    // The killed agent's trial ran again as attempt 2, under the same run id; every other trial ran once.
    expect(rows.find((r) => r.id === victim)?.attempt).toBe(2);
    expect(rows.filter((r) => r.id !== victim).map((r) => r.attempt)).toEqual([1, 1, 1]);
  });
});
