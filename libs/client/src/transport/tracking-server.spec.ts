import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/metrics';
import { RejectedError, type TrackingEvent } from './events';
import { serverClient, trpcTransport } from './trpc-transport';

interface Received {
  method: string;
  url: string;
  authorization?: string;
  body: unknown;
}

/** Answers tRPC's wire format: `{ result: { data } }`, or an error with its HTTP status. */
function fakeTrpcServer() {
  const received: Received[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { result: { data: { ok: true } } } };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  return {
    server,
    received,
    answerWith: (status: number, body: unknown) => (answer = { status, body }),
  };
}

const create = (): TrackingEvent => ({
  kind: 'create',
  payload: { id: randomUUID(), name: 'r', hyperparams: DEFAULT_HYPERPARAMS, backend: 'fused', tags: [], startedAt: new Date().toISOString() },
});

describe('the tracking client (requests on a worker thread)', () => {
  const fake = fakeTrpcServer();
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));
  afterEach(() => {
    vi.unstubAllGlobals();
    fake.received.length = 0;
    fake.answerWith(200, { result: { data: { ok: true } } });
  });

  it('sends each event as a tRPC call with the token, without ever calling fetch on the training thread', async () => {
    // A fetch Response made on the thread that trains slows its kernels for the rest of the process (worker-fetch.ts).
    const mainThreadFetch = vi.fn(() => Promise.reject(new Error('fetch called on the training thread')));
    vi.stubGlobal('fetch', mainThreadFetch);
    const transport = trpcTransport(serverClient(url, 'secret-token-0123456789'));
    const event = create();
    await transport.send(event);
    await transport.heartbeat(event.kind === 'create' ? event.payload.id : '');
    expect(mainThreadFetch).not.toHaveBeenCalled();
    expect(fake.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/trpc/runs.create', 'POST /api/trpc/runs.heartbeat']);
    expect(fake.received[0].authorization).toBe('Bearer secret-token-0123456789');
    expect(fake.received[0].body).toEqual(event.payload);
  });

  it('reads queries back through the worker', async () => {
    fake.answerWith(200, { result: { data: { status: 'ok', version: 'test' } } });
    const client = serverClient(url, undefined);
    expect(await client.health.query()).toEqual({ status: 'ok', version: 'test' });
    expect(fake.received[0]).toMatchObject({ method: 'GET', url: '/api/trpc/health', authorization: undefined });
  });

  it('turns a 4xx answer into a permanent rejection, and 401 into what to do about it', async () => {
    const transport = trpcTransport(serverClient(url, 'wrong-token-0123456789'));
    fake.answerWith(401, { error: { message: 'invalid token', code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401 } } });
    await expect(transport.send(create())).rejects.toThrow(new RejectedError('401 unauthorized: set MNIST_LAB_TOKEN to the token the server printed at start'));
    fake.answerWith(400, { error: { message: 'epoch: must be positive', code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400 } } });
    await expect(transport.send(create())).rejects.toBeInstanceOf(RejectedError);
  });

  it('reports a 5xx answer and an unreachable server as retryable errors that say why', async () => {
    const transport = trpcTransport(serverClient(url, undefined));
    fake.answerWith(500, { error: { message: 'database down', code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } } });
    const fiveHundred = await transport.send(create()).catch((e: unknown) => e as Error);
    expect(fiveHundred).not.toBeInstanceOf(RejectedError);
    expect((fiveHundred as Error).message).toMatch(/^500: database down/);

    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const down = await trpcTransport(serverClient(`http://127.0.0.1:${closed}`, undefined)).send(create()).catch((e: unknown) => e as Error);
    expect(down).not.toBeInstanceOf(RejectedError);
    expect((down as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      const client = serverClient(`http://127.0.0.1:${(hung.address() as AddressInfo).port}`, undefined, 200);
      const started = Date.now();
      const error = await client.health.query().catch((e: unknown) => e as Error);
      expect((error as Error).message).toMatch(/abort|timeout/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });
});
