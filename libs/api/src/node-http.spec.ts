// The API on a plain Node listener, as the production server mounts it in front of Next: the same answers as the
// route handlers, compressed when large and asked for, with the body cap and the token as everywhere else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHandlerFor, pathProblem, serveNodeApiRequest } from './node-http';
import { newRun, openTestApi, TEST_TOKEN, type TestApi } from './test-support';

let api: TestApi;
let server: http.Server;
let base: string;
const internalErrors: unknown[] = [];

beforeAll(async () => {
  api = await openTestApi();
  server = http.createServer((req, res) => {
    const handler = apiHandlerFor(req.url);
    if (!handler) return void res.writeHead(404).end('not the API');
    void serveNodeApiRequest(handler, req, res, { runtime: api.runtime, maxBodyBytes: 64 * 1024, onInternalError: (e) => internalErrors.push(e) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
  expect(internalErrors).toEqual([]);
});

/** A raw GET, so the test sees the bytes and headers as sent (fetch would decompress them). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('apiHandlerFor', () => {
  it('takes /api/trpc/* and /api/v1/*, and leaves pages, downloads and look-alikes to Next', () => {
    expect(apiHandlerFor('/api/trpc/runs.list?input=%7B%7D')).toBeDefined();
    expect(apiHandlerFor('/api/v1/runs/abc/points')).toBeDefined();
    expect(apiHandlerFor('/api/v1')).toBeDefined();
    for (const url of ['/', '/runs/abc', '/api/runs/abc/model.zip', '/api/openapi.json', '/api/trpcx', '/api/v10/runs', undefined]) {
      expect(apiHandlerFor(url)).toBeUndefined();
    }
  });
});

describe('pathProblem', () => {
  it('refuses a path with a malformed %-escape in one line, and passes every well-formed one, query aside', () => {
    for (const url of ['/runs/%zz', '/api/runs/%zz/model.zip', '/api/trpc/%E0%A4%A', '/%']) {
      expect(pathProblem(url)).toMatch(/^malformed %-escape in the path "/);
    }
    for (const url of ['/', '/runs/abc', '/runs/%E2%9C%93', '/api/export/runs.csv?q=%zz', '/compare?runs=a,b', undefined]) {
      expect(pathProblem(url)).toBeUndefined();
    }
  });
});

describe('the API on a Node listener', () => {
  it('writes with the token and refuses without it, as the route handler does', async () => {
    const run = newRun();
    const post = (token?: string) =>
      fetch(`${base}/api/trpc/runs.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(run),
      });
    expect((await post()).status).toBe(401);
    const res = await post(TEST_TOKEN);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { data: { id: run.id } } });
  });

  it('answers a body over the cap with 413 in the API’s envelope', async () => {
    const res = await fetch(`${base}/api/trpc/runs.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
      body: JSON.stringify({ ...newRun(), notes: 'x'.repeat(100 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/larger than 65536 bytes/);
  });

  it('compresses a large answer when the client takes gzip, and sends a small one as it is', async () => {
    for (let i = 0; i < 30; i++) await api.writer.runs.create(newRun({ name: `compressed-${i}` }));
    const list = '/api/trpc/runs.list?input=' + encodeURIComponent(JSON.stringify({ pageSize: 30 }));
    const zipped = await rawGet(list, { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.byteLength);
    const plain = await rawGet(list);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
    expect(JSON.parse(plain.body.toString()).result.data.runs).toHaveLength(30);
    const health = await rawGet('/api/v1/health', { 'accept-encoding': 'gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toEqual({ ok: true, store: 'external' });
  });
});
