// The router over HTTP as the route handler serves it: status codes for bad bodies, missing tokens and oversized requests.
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
