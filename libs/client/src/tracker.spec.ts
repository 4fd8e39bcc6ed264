import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TrackingEvent, Transport } from './events';
import { RejectedError, UnauthorizedError } from './events';
import { Spool } from './spool';
import { syncEvents } from './sync';
import { Tracker } from './tracker';

/** A server that can be switched off and on, and remembers what it stored keyed like the real API (idempotent). */
function fakeServer() {
  const stored = new Map<string, TrackingEvent>();
  const received: string[] = [];
  let up = true;
  const key = (e: TrackingEvent) =>
    e.kind === 'epoch' ? `epoch:${e.payload.epoch}` : e.kind === 'log' ? `log:${e.payload.points.map((p) => p.step).join(',')}` : e.kind;
  const transport: Transport = {
    async send(e) {
      if (!up) throw new Error('ECONNREFUSED');
      received.push(key(e));
      stored.set(key(e), e);
    },
    async heartbeat() {
      if (!up) throw new Error('ECONNREFUSED');
    },
  };
  return { transport, stored, received, setUp: (v: boolean) => (up = v) };
}

function events(runId: string, epochs: number): TrackingEvent[] {
  const at = new Date().toISOString();
  return [
    { kind: 'create', payload: { id: runId, name: 'r', config: { lr: 0.1 }, backend: 'fused', tags: [], startedAt: at } },
    ...Array.from({ length: epochs }, (_, i): TrackingEvent => ({
      kind: 'epoch',
      payload: { runId, epoch: i + 1, metrics: { loss: 1 / (i + 1), val_loss: 1.1 / (i + 1) }, at },
    })),
  ];
}

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'mnist-lab-spool-'));

describe('Tracker', () => {
  it('delivers every event in order when the server is up, and leaves no spool behind', async () => {
    const server = fakeServer();
    const dir = tempDir();
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: dir, transport: server.transport, log: () => undefined });
    for (const e of events(runId, 5)) t.enqueue(e);
    expect(await t.close()).toBe(0);
    expect(server.received).toEqual(['create', 'epoch:1', 'epoch:2', 'epoch:3', 'epoch:4', 'epoch:5']);
    expect(Spool.runIds(dir)).toEqual([]);
  });

  it("stamps a sweep trial's attempt on every event and heartbeat (the server's fencing token)", async () => {
    const sent: TrackingEvent[] = [];
    const beats: (number | undefined)[] = [];
    const transport: Transport = {
      async send(e) {
        sent.push(e);
      },
      async heartbeat(_runId, attempt) {
        beats.push(attempt);
      },
    };
    const dir = tempDir();
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: dir, transport, log: () => undefined, heartbeatMs: 20, attempt: 3 });
    for (const e of events(runId, 2)) t.enqueue(e);
    t.enqueue({ kind: 'log', payload: { runId, points: [{ name: 'loss', step: 1, value: 0.5 }] } }, true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await t.close()).toBe(0);
    expect(sent.map((e) => [e.kind, (e.payload as { attempt?: number }).attempt])).toEqual([['create', 3], ['epoch', 3], ['epoch', 3], ['log', 3]]);
    expect(beats.length).toBeGreaterThan(0);
    expect(new Set(beats)).toEqual(new Set([3]));
  });

  it('goes on sending heartbeats while the server is down, and the first that gets through ends the backoff', async () => {
    const server = fakeServer();
    server.setUp(false);
    const runId = randomUUID();
    // A backoff far longer than the test: only the heartbeat can bring the events out of it in time.
    const t = new Tracker({ runId, spoolDir: tempDir(), transport: server.transport, log: () => undefined, heartbeatMs: 50, maxBackoffMs: 600_000 });
    for (const e of events(runId, 3)) t.enqueue(e);
    // Four failed sends (backoffs of 0.5, 1 and 2 s): the pump now sleeps 4 s, until about 7.5 s.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(server.received).toEqual([]);
    server.setUp(true);
    await expect.poll(() => server.received.length, { timeout: 1_500, interval: 20 }).toBe(4);
    expect(await t.close()).toBe(0);
  });

  it('keeps training going while the server is down, then delivers everything once it is back', async () => {
    const server = fakeServer();
    server.setUp(false);
    const logs: string[] = [];
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: tempDir(), transport: server.transport, log: (l) => logs.push(l), maxBackoffMs: 50 });
    for (const e of events(runId, 3)) t.enqueue(e);
    await new Promise((r) => setTimeout(r, 120));
    expect(server.received).toEqual([]);
    server.setUp(true);
    expect(await t.close(5_000)).toBe(0);
    expect(server.received).toEqual(['create', 'epoch:1', 'epoch:2', 'epoch:3']);
    expect(logs.some((l) => l.includes('server unreachable'))).toBe(true);
  });

  it('refuses to spool an invalid event (same schema as the API)', () => {
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: tempDir(), log: () => undefined });
    expect(() =>
      t.enqueue({ kind: 'epoch', payload: { runId, epoch: -1, metrics: { loss: 1 }, at: new Date().toISOString() } }),
    ).toThrow(/invalid epoch event: epoch/);
    expect(() =>
      t.enqueue({ kind: 'epoch', payload: { runId, epoch: 1, metrics: { loss: Number.NaN }, at: new Date().toISOString() } }),
    ).toThrow(/invalid epoch event: metrics.loss/);
  });

  it('offline: spools everything; sync uploads it in order, exactly once, even after an interrupted sync', async () => {
    const dir = tempDir();
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: dir, log: () => undefined });
    for (const e of events(runId, 4)) t.enqueue(e);
    expect(await t.close()).toBe(5);

    // The first sync fails after two events: the rest stays spooled, and nothing is sent twice.
    const server = fakeServer();
    let budget = 2;
    const flaky: Transport = {
      send: async (e) => {
        if (budget-- <= 0) throw new Error('ECONNRESET');
        await server.transport.send(e);
      },
      heartbeat: async () => undefined,
    };
    const first = await syncEvents(dir, flaky, () => undefined);
    expect(first).toMatchObject({ sent: 2, left: 3 });
    const second = await syncEvents(dir, server.transport, () => undefined);
    expect(second).toMatchObject({ sent: 3, left: 0 });
    expect(server.received).toEqual(['create', 'epoch:1', 'epoch:2', 'epoch:3', 'epoch:4']);
    expect(Spool.runIds(dir)).toEqual([]);
  });

  it('sync skips a permanently rejected event and goes on', async () => {
    const dir = tempDir();
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: dir, log: () => undefined });
    for (const e of events(runId, 2)) t.enqueue(e);
    await t.close();
    const server = fakeServer();
    const picky: Transport = {
      send: async (e) => {
        if (e.kind === 'epoch' && e.payload.epoch === 1) throw new RejectedError('400: nope');
        await server.transport.send(e);
      },
      heartbeat: async () => undefined,
    };
    const r = await syncEvents(dir, picky, () => undefined);
    expect(r).toMatchObject({ sent: 2, rejected: 1, left: 0 });
    expect(server.received).toEqual(['create', 'epoch:2']);
  });

  it('sends a backlog of point batches in few requests, in order, and acknowledges them all', async () => {
    const server = fakeServer();
    server.setUp(false);
    const runId = randomUUID();
    const t = new Tracker({ runId, spoolDir: tempDir(), transport: server.transport, log: () => undefined, maxBackoffMs: 50 });
    t.enqueue(events(runId, 0)[0]);
    for (let b = 0; b < 30; b++) {
      t.enqueue({ kind: 'log', payload: { runId, points: Array.from({ length: 1_000 }, (_, i) => ({ name: 'loss', step: b * 1_000 + i, value: 1 })) } });
    }
    server.setUp(true);
    expect(await t.close(5_000)).toBe(0);
    // 30,000 points: three requests of 10,000 (the API's cap), after the create.
    expect(server.received.map((k) => k.split(',').length)).toEqual([1, 10_000, 10_000, 10_000]);
    expect(server.received.slice(1).map((k) => Number(k.slice('log:'.length).split(',')[0]))).toEqual([0, 10_000, 20_000]);
  });

  it('stops sending when the server refuses the token, and keeps every event for sync', async () => {
    const dir = tempDir();
    const runId = randomUUID();
    const logs: string[] = [];
    const sent: string[] = [];
    const refusing: Transport = {
      send: async (e) => {
        sent.push(e.kind);
        throw new UnauthorizedError('401 unauthorized: set MNIST_LAB_TOKEN');
      },
      heartbeat: async () => undefined,
    };
    const t = new Tracker({ runId, spoolDir: dir, transport: refusing, log: (l) => logs.push(l) });
    for (const e of events(runId, 3)) t.enqueue(e);
    expect(await t.close(1_000)).toBe(4);
    expect(sent).toEqual(['create']);
    expect(logs.filter((l) => l.includes('401'))).toHaveLength(1);
    const server = fakeServer();
    expect(await syncEvents(dir, server.transport, () => undefined)).toMatchObject({ sent: 4, left: 0 });
    expect(server.received).toEqual(['create', 'epoch:1', 'epoch:2', 'epoch:3']);
  });

  it('sync upgrades a create event spooled before runs had a config (hyperparams) on the way out', async () => {
    const dir = tempDir();
    const runId = randomUUID();
    const legacy = { id: runId, name: 'old', hyperparams: { epochs: 3 }, backend: 'fused', tags: [], startedAt: new Date().toISOString() };
    new Spool(dir, runId).append(1, { kind: 'create', payload: legacy } as unknown as TrackingEvent);
    const server = fakeServer();
    await syncEvents(dir, server.transport, () => undefined);
    expect(server.stored.get('create')?.payload).toMatchObject({ id: runId, config: { epochs: 3 } });
    expect(server.stored.get('create')?.payload).not.toHaveProperty('hyperparams');
  });
});
