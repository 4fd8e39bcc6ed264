// The router over HTTP as the route handler serves it: status codes for bad bodies, missing tokens and oversized requests.
import { API_MAX_BATCH_SIZE } from '@mnist-lab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest } from './http';
import { newRun, openTestApi, TEST_TOKEN, type TestApi } from './test-support';

let api: TestApi;
const internalErrors: unknown[] = [];
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
  expect(internalErrors).toEqual([]);
});

const MAX = 64 * 1024;

function post(path: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Response> {
  const req = new Request(`http://127.0.0.1/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}`, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return handleApiRequest(req, { runtime: api.runtime, maxBodyBytes: MAX, onInternalError: (e) => internalErrors.push(e) });
}

async function errorOf(res: Response): Promise<{ status: number; message: string; code: string }> {
  const body = (await res.json()) as { error: { message: string; data: { code: string } } };
  return { status: res.status, message: body.error.message, code: body.error.data.code };
}

describe('POST /api/trpc', () => {
  it('creates a run with the token', async () => {
    const run = newRun();
    const res = await post('runs.create', JSON.stringify(run));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { data: { id: run.id } } });
  });

  it('answers 401 without the token or with a wrong one, and stores nothing', async () => {
    for (const authorization of ['', 'Bearer wrong-token-wrong-token', `Basic ${TEST_TOKEN}`]) {
      const run = newRun();
      const res = await post('runs.create', JSON.stringify(run), { authorization });
      expect(await errorOf(res)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      expect(await api.db.run.count({ where: { id: run.id } })).toBe(0);
    }
  });

  it('answers 400 for malformed JSON', async () => {
    expect(await errorOf(await post('runs.create', '{"id": '))).toMatchObject({ status: 400, message: expect.stringMatching(/^malformed JSON/) });
  });

  it.each([
    ['NaN as a string', '"NaN"'],
    ['an overflowing literal that parses to Infinity', '1e999'],
    ['a string', '"0.5"'],
    ['null', 'null'],
  ])('answers 400 naming the field for a metric value that is %s', async (_label, literal) => {
    const run = newRun();
    await post('runs.create', JSON.stringify(run));
    const body = `{"runId":"${run.id}","epoch":1,"metrics":{"loss":${literal}},"at":"2026-01-01T00:00:00Z"}`;
    expect(await errorOf(await post('runs.logEpoch', body))).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: expect.stringMatching(/^metrics\.loss: /) });
    expect(await api.db.metric.count({ where: { runId: run.id } })).toBe(0);
  });

  it('answers 413 for a body over the cap, declared or streamed, and stores nothing', async () => {
    const run = newRun({ notes: 'x'.repeat(MAX) });
    const declared = await post('runs.create', JSON.stringify(run));
    expect(await errorOf(declared)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    expect((await post('runs.create', stream)).status).toBe(413);
    expect(await api.db.run.count({ where: { id: run.id } })).toBe(0);
  });

  it('answers 404 for an unknown procedure and for an unknown run', async () => {
    expect((await post('runs.nope', '{}')).status).toBe(404);
    const body = JSON.stringify({ runId: '99999999-9999-4999-8999-999999999999' });
    expect(await errorOf(await post('runs.heartbeat', body))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('answers 503 with a retryable message when the store cannot be opened', async () => {
    const req = new Request('http://127.0.0.1/api/trpc/health');
    const res = await handleApiRequest(req, { runtime: () => Promise.reject(new Error('cannot reach PostgreSQL at 127.0.0.1:1')) });
    expect(await errorOf(res)).toMatchObject({ status: 503, message: expect.stringMatching(/retry/) });
  });
});

describe('GET /api/trpc', () => {
  it('answers health with the store kind, without a token', async () => {
    const res = await handleApiRequest(new Request('http://127.0.0.1/api/trpc/health'), { runtime: api.runtime });
    expect(await res.json()).toEqual({ result: { data: { ok: true, store: 'external' } } });
  });
});

describe('bounds and failures', () => {
  /** A store whose every query fails with a driver-like message that must not reach the caller. */
  const brokenDb = new Proxy({} as never, {
    get: () =>
      new Proxy(() => undefined, {
        get: () => () => {
          throw new Error('relation "secret_internal_table" does not exist at /srv/mnist-lab/libs/api/src/runs/get-run.ts:12');
        },
      }),
  });

  it('answers its own failure with a one-line 500 naming the request id, reports it with that id, and leaks nothing', async () => {
    const reported: { error: unknown; path: string | undefined; id: string }[] = [];
    const req = new Request('http://127.0.0.1/api/trpc/runs.get?input=' + encodeURIComponent(JSON.stringify({ id: '99999999-9999-4999-8999-999999999999' })));
    const res = await handleApiRequest(req, {
      runtime: { db: brokenDb, store: 'external', token: TEST_TOKEN, crashAfterSeconds: 60 },
      onInternalError: (error, path, id) => reported.push({ error, path, id }),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(text).error.message).toBe(`internal error (request ${id}): the server log has the details`);
    expect(text).not.toMatch(/secret_internal_table|\/srv\/|stack/);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ path: 'runs.get', id });
    expect(String(reported[0].error)).toMatch(/secret_internal_table/);
  });

  it("keeps a proxy's x-request-id when it is short and plain, and replaces one that is not", async () => {
    const ask = (id: string) => handleApiRequest(new Request('http://127.0.0.1/api/trpc/health', { headers: { 'x-request-id': id } }), { runtime: api.runtime });
    expect((await ask('lb-7f3a.42')).headers.get('x-request-id')).toBe('lb-7f3a.42');
    const replaced = (await ask('a b\u0007' + 'x'.repeat(100))).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });

  it(`refuses a batch of more than ${API_MAX_BATCH_SIZE} calls with a 400 and answers one of ${API_MAX_BATCH_SIZE}`, async () => {
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => 'health').join(',');
      return handleApiRequest(new Request(`http://127.0.0.1/api/trpc/${paths}?batch=1&input={}`), { runtime: api.runtime });
    };
    const ok = await batch(API_MAX_BATCH_SIZE);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(API_MAX_BATCH_SIZE);
    const refused = await batch(API_MAX_BATCH_SIZE + 1);
    expect(refused.status).toBe(400);
    expect(await errorOf(refused)).toMatchObject({ message: `a batched request may carry at most ${API_MAX_BATCH_SIZE} calls: split it (httpBatchLink's maxItems)` });
  });

  it('refuses an answer over the response bound with a one-line 413 saying how to ask for less', async () => {
    await api.writer.runs.create(newRun({ name: 'a-run-for-the-list' }));
    const list = new Request('http://127.0.0.1/api/trpc/runs.list?input=' + encodeURIComponent('{}'));
    const res = await handleApiRequest(list, { runtime: api.runtime, maxResponseBytes: 64 });
    expect(await errorOf(res)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^the answer would be .* MB, over the 0\.0 MB bound: ask for less/) });
    expect((await handleApiRequest(new Request(list.url), { runtime: api.runtime })).status).toBe(200);
  });
});
