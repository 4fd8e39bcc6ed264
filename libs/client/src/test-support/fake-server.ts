// A stand-in for the tracking server on node:http (tRPC's wire format, the API's idempotent keys), and the specs' fixture for it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base } from 'vitest';

export interface Call {
  procedure: string;
  authorization?: string;
  body: Record<string, unknown>;
}

interface StoredPoint {
  name: string;
  step: number;
  epoch?: number;
  value: number;
}

export interface FakeServer {
  readonly url: string;
  /** Every request, heartbeats included, in arrival order. */
  readonly calls: Call[];
  /** Procedures called, heartbeats left out. */
  procedures(): string[];
  /** What the server stored: points keyed `name@step` as the API keys them, so a resent point replaces, never doubles. */
  points(): Map<string, StoredPoint>;
  /** How many times each point arrived (a point that arrived twice was sent twice). */
  deliveries(): Map<string, number>;
  /** Answers `procedure` with this error from now on (tRPC's error shape), until `answer(procedure)` clears it. */
  answer(procedure: string, status?: number, message?: string): void;
  /** Stops listening and drops open connections: clients get ECONNREFUSED. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    req.on('end', () => resolve(text));
  });
}

export async function startFakeServer(): Promise<FakeServer> {
  const calls: Call[] = [];
  const errors = new Map<string, { status: number; message: string }>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const procedure = (req.url ?? '').replace(/^\/api\/trpc\//, '').split('?')[0];
    calls.push({ procedure, authorization: req.headers.authorization, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
    const error = errors.get(procedure);
    res.writeHead(error?.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(error ? { error: { message: error.message, code: -32600, data: { httpStatus: error.status } } } : { result: { data: { ok: true } } }));
  };
  let server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const pointCalls = () => calls.filter((c) => c.procedure === 'runs.log').flatMap((c) => c.body.points as StoredPoint[]);
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    procedures: () => calls.map((c) => c.procedure).filter((p) => p !== 'runs.heartbeat'),
    points: () => new Map(pointCalls().map((p) => [`${p.name}@${p.step}`, p])),
    deliveries: () => {
      const n = new Map<string, number>();
      for (const p of pointCalls()) n.set(`${p.name}@${p.step}`, (n.get(`${p.name}@${p.step}`) ?? 0) + 1);
      return n;
    },
    answer: (procedure, status, message = 'refused') => {
      if (status === undefined) errors.delete(procedure);
      else errors.set(procedure, { status, message });
    },
    down: stop,
    up: async () => {
      server = createServer((req, res) => void handle(req, res));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
    close: stop,
  };
}

/** `test` with a fresh fake server per test, closed after it. */
export const test = base.extend<{ server: FakeServer }>({
  // eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its first parameter's pattern.
  server: async ({}, use) => {
    const server = await startFakeServer();
    await use(server);
    await server.close();
  },
});
