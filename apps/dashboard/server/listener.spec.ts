// The listener's probes and request log, without Next: /healthz while the process serves, /readyz when the store answers.
import type { AddressInfo } from 'node:net';
import { createDb, createTestDatabase, freePort, sqlPool, type Db, type TestDatabase } from '@mnist-lab/db';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createListener, type Listener, type ListenerRoutes } from './listener';
import { createRequestLog } from './request-log';

let database: TestDatabase;
const opened: Db[] = [];
let listener: Listener | undefined;
let logLines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);

afterEach(async () => {
  await new Promise((resolve) => (listener ? listener.server.close(resolve) : resolve(undefined)));
  listener = undefined;
  // The probe uses the pool under the client and Prisma never connects, so $disconnect would leave the pool open.
  await Promise.all(opened.splice(0).map((db) => sqlPool(db).end()));
});

afterAll(async () => {
  await database?.drop();
});

/** A listener on a free port, logging into `logLines`; `serve` routes it to a page answer and the store at `storeUrl`. */
async function startListener(): Promise<{ get(path: string): Promise<Response>; serve(storeUrl: string): void }> {
  logLines = [];
  listener = createListener(createRequestLog({ write: (line: string) => void logLines.push(line) }));
  await new Promise<void>((resolve) => listener?.server.listen(0, '127.0.0.1', resolve));
  const { port } = listener.server.address() as AddressInfo;
  const served = listener;
  return {
    get: (path) => fetch(`http://127.0.0.1:${port}${path}`),
    serve(storeUrl) {
      const db = createDb(storeUrl);
      opened.push(db);
      const routes: ListenerRoutes = {
        db,
        api: { runtime: { db, store: 'external', token: 'listener-spec-token', crashAfterSeconds: 60 } },
        next: async (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('a page\n'),
      };
      served.serve(routes);
    },
  };
}

describe('the listener', () => {
  it('answers /healthz 200 and /readyz 503 while the server is still starting', async () => {
    const server = await startListener();
    expect((await server.get('/healthz')).status).toBe(200);
    const ready = await server.get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.text()).toBe('starting: the store is not open yet\n');
    expect((await server.get('/')).status).toBe(503);
  });

  it('answers /readyz 200 once its store answers SELECT 1', async () => {
    const server = await startListener();
    server.serve(database.url);
    const ready = await server.get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ready\n');
    expect(await (await server.get('/')).text()).toBe('a page\n');
  });

  it('answers /readyz 503 naming the cause when its store is unreachable, and /healthz 200 still', async () => {
    const server = await startListener();
    server.serve(`postgresql://root@127.0.0.1:${await freePort()}/postgres`);
    const ready = await server.get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/^the store did not answer SELECT 1: .*ECONNREFUSED.*\n$/);
    expect((await server.get('/healthz')).status).toBe(200);
  });

  it('logs one JSON line per request with its time, method, path (no query), status and duration', async () => {
    const server = await startListener();
    server.serve(database.url);
    const before = Date.now();
    await (await server.get('/runs?q=secret')).text();
    await (await server.get('/api/v1/no-such-operation')).text();
    await expect.poll(() => logLines.length).toBe(2);
    const [page, api] = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(page).toEqual({ level: 'info', time: expect.any(String), id: expect.stringMatching(/^[0-9a-f-]{36}$/), method: 'GET', path: '/runs', status: 200, ms: expect.any(Number) });
    expect(Date.parse(page.time as string)).toBeGreaterThanOrEqual(before - 1_000);
    expect(api).toMatchObject({ method: 'GET', path: '/api/v1/no-such-operation', status: 404 });
    expect(logLines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('names each request by an id: in its answer header and its log line, kept when a proxy sent a plain one', async () => {
    const server = await startListener();
    server.serve(database.url);
    const fresh = await server.get('/api/trpc/health');
    await fresh.text();
    const sent = await fetch(fresh.url, { headers: { 'x-request-id': 'proxy-1234' } });
    await sent.text();
    await expect.poll(() => logLines.length).toBe(2);
    const ids = logLines.map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids[0]).toBe(fresh.headers.get('x-request-id'));
    expect(ids[1]).toBe('proxy-1234');
    expect(sent.headers.get('x-request-id')).toBe('proxy-1234');
  });

  it('answers a URL and headers over 16 KB with a one-line 431, not an empty one', async () => {
    const server = await startListener();
    server.serve(database.url);
    const res = await server.get(`/runs?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(await res.text()).toBe("the request's URL and headers are larger than 16 KB: send long inputs in a POST body\n");
  });
});
