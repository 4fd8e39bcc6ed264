import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, vi } from 'vitest';
import { RejectedError, UnauthorizedError, type TrackingEvent } from '../events';
import { test } from '../test-support/fake-server';
import { TrackingServer, trackingTransport } from './tracking-server';

const create = (): TrackingEvent => ({
  kind: 'create',
  payload: { id: randomUUID(), name: 'r', config: { conv: [32, 64] }, backend: 'tfjs-node', tags: [], startedAt: new Date().toISOString() },
});

/** The error `p` fails with (and a failed test if it does not). */
const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as Error,
  );

/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

describe('the tracking server client (tRPC wire format, requests on a worker thread)', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('sends each event as a tRPC call with the token, without ever calling fetch on the training thread', async ({ server }) => {
    // A fetch Response made on the thread that trains slows its kernels for the rest of the process (worker-fetch.ts).
    const mainThreadFetch = vi.fn(() => Promise.reject(new Error('fetch called on the training thread')));
    vi.stubGlobal('fetch', mainThreadFetch);
    const transport = trackingTransport(new TrackingServer(server.url, 'secret-token-0123456789'));
    const event = create();
    const runId = event.kind === 'create' ? event.payload.id : '';
    await transport.send(event);
    await transport.send({ kind: 'log', payload: { runId, points: [{ name: 'batch/loss', step: 3, epoch: 0.5, value: 0.7 }] } });
    await transport.send({ kind: 'end', payload: { runId, status: 'stopped', endedAt: new Date().toISOString() } });
    await transport.heartbeat(runId);
    expect(mainThreadFetch).not.toHaveBeenCalled();
    expect(server.calls.map((c) => c.procedure)).toEqual(['runs.create', 'runs.log', 'runs.end', 'runs.heartbeat']);
    expect(server.calls[0].authorization).toBe('Bearer secret-token-0123456789');
    expect(server.calls[0].body).toEqual(event.payload);
    expect(server.calls[1].body).toEqual({ runId, points: [{ name: 'batch/loss', step: 3, epoch: 0.5, value: 0.7 }] });
  });

  test('turns a 4xx answer into a permanent rejection, and 401 into what to do about it', async ({ server }) => {
    const transport = trackingTransport(new TrackingServer(server.url, 'wrong-token-0123456789'));
    server.answer('runs.create', 401, 'invalid token');
    await expect(transport.send(create())).rejects.toThrow(new UnauthorizedError('401 unauthorized: set MNIST_LAB_TOKEN to the token the server printed at start'));
    server.answer('runs.create', 400, 'config: nested deeper than 16 levels');
    const refused = await failure(transport.send(create()));
    expect(refused).toBeInstanceOf(RejectedError);
    expect(refused.message).toBe('400: config: nested deeper than 16 levels');
  });

  test('reports a 5xx answer, a 429 and an unreachable server as retryable errors that say why', async ({ server }) => {
    const transport = trackingTransport(new TrackingServer(server.url, undefined));
    server.answer('runs.create', 500, 'database down');
    const fiveHundred = await failure(transport.send(create()));
    expect(fiveHundred).not.toBeInstanceOf(RejectedError);
    expect(fiveHundred.message).toBe('500: database down');
    server.answer('runs.create', 429, 'slow down');
    expect(await failure(transport.send(create()))).not.toBeInstanceOf(RejectedError);

    const down = await failure(trackingTransport(new TrackingServer(`http://127.0.0.1:${await closedPort()}`, undefined)).send(create()));
    expect(down).not.toBeInstanceOf(RejectedError);
    expect(down.message).toMatch(/ECONNREFUSED/);
  });

  test('gives up on a server that does not answer within the timeout', async () => {
    const hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const error = await failure(new TrackingServer(`http://127.0.0.1:${(hung.address() as AddressInfo).port}`, undefined, 200).call('runs.heartbeat', { runId: randomUUID() }));
      expect(error.message).toMatch(/abort|timeout/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });

  test('says so when the answer is not tRPC (a proxy page, another server)', async () => {
    const html = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const error = await failure(new TrackingServer(`http://127.0.0.1:${(html.address() as AddressInfo).port}`, undefined).call('runs.heartbeat', { runId: randomUUID() }));
      expect(error).not.toBeInstanceOf(RejectedError);
      expect(error.message).toBe('502: Bad Gateway');
    } finally {
      await new Promise<void>((resolve) => html.close(() => resolve()));
    }
  });
});
