// The REST API as a script in any language calls it: create, log, finish, read back; the token; one-line 4xx answers.
import { randomUUID } from 'node:crypto';
import { loadMnistTest, type MnistSet } from '@mnist-lab/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest } from '../http';
import { epochLog, newRun, openTestApi, TEST_TOKEN, type TestApi } from '../test-support';
import { handleRestRequest } from './rest-handler';

let api: TestApi;
let test: MnistSet;
const internalErrors: unknown[] = [];
beforeAll(async () => {
  [api, test] = await Promise.all([openTestApi(), loadMnistTest()]);
});
afterAll(async () => {
  await api?.close();
  expect(internalErrors).toEqual([]);
});

const MAX = 256 * 1024;

interface Call {
  body?: unknown;
  raw?: string;
  token?: string | null;
}

function rest(method: string, path: string, { body, raw, token = TEST_TOKEN }: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const req = new Request(`http://127.0.0.1/api/v1${path}`, { method, headers, body: payload });
  return handleRestRequest(req, { runtime: api.runtime, maxBodyBytes: MAX, onInternalError: (e) => internalErrors.push(e) });
}

async function json<T = Record<string, unknown>>(res: Response): Promise<{ status: number; body: T }> {
  return { status: res.status, body: (await res.json()) as T };
}

/** A 4xx answer in the document's shape, its message one line with no stack trace in it. */
async function refusal(res: Response): Promise<{ status: number; message: string; code: string }> {
  const { status, body } = await json<{ message: string; code: string }>(res);
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.message).not.toMatch(/\n|\bat .+:\d+:\d+/);
  return { status, message: body.message, code: body.code };
}

const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** Predictions right on every test digit but the first `wrong`, which are taken for the next label up. */
function predictions(wrong: number) {
  const labels = Uint8Array.from(test.labels, (truth, i) => (i < wrong ? (truth + 1) % 10 : truth));
  return { labels: b64(labels), confidences: b64(new Float32Array(test.count).fill(0.8)) };
}

describe('a run logged over REST', () => {
  it('is created, takes step points and an epoch, finishes with derived test results and reads back', async () => {
    const run = newRun({ name: 'from python', config: { optimizer: { name: 'sgd', lr: 0.1 }, hidden: [128] }, backend: 'pytorch 2.4' });
    expect(await json(await rest('POST', '/runs', { body: run }))).toEqual({ status: 200, body: { id: run.id } });

    const points = [1, 2, 3].map((step) => ({ name: 'batch/loss', step, epoch: step / 3, value: 1 / step }));
    expect(await json(await rest('POST', `/runs/${run.id}/points`, { body: { points } }))).toEqual({ status: 200, body: { ok: true, stored: 3 } });
    const epoch = epochLog(run.id, 1, { loss: 0.4, val_accuracy: 0.9 });
    expect((await rest('POST', `/runs/${run.id}/epochs`, { body: { epoch: 1, step: 3, metrics: epoch.metrics, at: epoch.at } })).status).toBe(200);
    expect(await json(await rest('POST', `/runs/${run.id}/heartbeat`))).toEqual({ status: 200, body: { ok: true, status: 'running' } });
    expect((await rest('PUT', `/runs/${run.id}/tags`, { body: { tags: ['rest'] } })).status).toBe(200);

    const finish = { endedAt: new Date().toISOString(), test: predictions(25) };
    expect(await json(await rest('POST', `/runs/${run.id}/finish`, { body: finish }))).toEqual({ status: 200, body: { ok: true } });

    const got = await json(await rest('GET', `/runs/${run.id}`, { token: null }));
    expect(got.body).toMatchObject({ status: 'finished', testAccuracy: (test.count - 25) / test.count, misclassifiedCount: 25, tags: ['rest'] });
    expect(got.body.config).toEqual(run.config);

    const curves = await json<{ runs: { series: Record<string, { step: number[]; value: number[] }> }[] }>(
      await rest('GET', `/curves?runIds=${run.id}&metrics=batch/loss&metrics=loss`, { token: null }),
    );
    expect(curves.body.runs[0].series['batch/loss']).toMatchObject({ step: [1, 2, 3], value: [1, 1 / 2, 1 / 3] });
    expect(curves.body.runs[0].series.loss).toMatchObject({ step: [3], value: [0.4] });

    const digits = await json<{ total: number; digits: { index: number; trueLabel: number }[] }>(
      await rest('GET', `/runs/${run.id}/misclassified?sort=index&limit=5`, { token: null }),
    );
    expect(digits.body.total).toBe(25);
    expect(digits.body.digits.map((d) => d.index)).toEqual([0, 1, 2, 3, 4]);

    const search = await json<{ runs: { id: string }[] }>(await rest('POST', '/runs/search', { body: { config: { 'optimizer.name': 'sgd' } }, token: null }));
    expect(search.body.runs.map((r) => r.id)).toContain(run.id);
  });

  it('answers the health check without a token', async () => {
    expect(await json(await rest('GET', '/health', { token: null }))).toEqual({ status: 200, body: { ok: true, store: 'external' } });
  });
});

describe('refusals', () => {
  it('answers 401 to a write without the token or with a wrong one, and stores nothing', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      const run = newRun();
      expect(await refusal(await rest('POST', '/runs', { body: run, token }))).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      expect(await api.db.run.count({ where: { id: run.id } })).toBe(0);
    }
  });

  it.each([
    ['malformed JSON', { raw: '{"name": ' }, /^malformed JSON in the request body/],
    ['a body that is not an object', { raw: '[1, 2]' }, /^the request body must be a JSON object$/],
    ['a field of the wrong type', { body: { ...newRun(), startedAt: 12 } }, /^startedAt: /],
    ['a config that is not an object', { body: { ...newRun(), config: [1, 2] } }, /^config: config must be a JSON object/],
  ])('answers 400 in one line for %s', async (_label, call, message) => {
    expect(await refusal(await rest('POST', '/runs', call))).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });

  it('answers 400 naming the field for a bad point, a bad path id or a bad query value', async () => {
    const run = newRun();
    await rest('POST', '/runs', { body: run });
    const nan = await rest('POST', `/runs/${run.id}/points`, { raw: '{"points":[{"name":"loss","step":1,"value":"NaN"}]}' });
    expect(await refusal(nan)).toMatchObject({ status: 400, message: expect.stringMatching(/^points\.0\.value: /) });
    expect(await refusal(await rest('GET', '/runs/not-a-uuid', { token: null }))).toMatchObject({ status: 400, message: 'id: run ids are UUIDs' });
    const limit = await rest('GET', `/runs/${run.id}/misclassified?limit=lots`, { token: null });
    expect(await refusal(limit)).toMatchObject({ status: 400, message: expect.stringMatching(/^limit: /) });
  });

  it('answers 400 when the body names another run than the path', async () => {
    const run = newRun();
    await rest('POST', '/runs', { body: run });
    const other = randomUUID();
    const res = await rest('POST', `/runs/${run.id}/heartbeat`, { body: { runId: other } });
    expect(await refusal(res)).toMatchObject({ status: 400, message: `runId: the body says "${other}", the path "${run.id}"` });
  });

  it('answers 404 for an unknown run or operation and 405 naming the methods a path takes', async () => {
    expect(await refusal(await rest('GET', `/runs/${randomUUID()}`, { token: null }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await refusal(await rest('GET', '/nothing-here'))).toMatchObject({ status: 404, message: expect.stringContaining('/api/openapi.json') });
    const wrong = await rest('DELETE', '/runs');
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await refusal(wrong)).toMatchObject({ status: 405, code: 'METHOD_NOT_SUPPORTED' });
  });

  it('answers 413 to a body over the cap and 503 when the store cannot be opened', async () => {
    const big = JSON.stringify({ ...newRun(), notes: 'x'.repeat(MAX) });
    expect(await refusal(await rest('POST', '/runs', { raw: big }))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const down = new Request('http://127.0.0.1/api/v1/health');
    const res = await handleRestRequest(down, { runtime: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(await refusal(res)).toMatchObject({ status: 503, message: expect.stringMatching(/^store unavailable: connect ECONNREFUSED/) });
  });

  it('leaves /api/trpc as strict as it was: REST calls coerce nothing in the shared schemas', async () => {
    const run = newRun();
    await rest('POST', '/runs', { body: run });
    await rest('POST', `/runs/${run.id}/points`, { body: { points: [{ name: 'loss', step: 1, value: 0.5 }] } });
    await rest('POST', `/runs/${run.id}/epochs`, { body: { epoch: 1, metrics: { loss: 0.5 }, at: new Date().toISOString() } });
    await rest('GET', `/runs/${run.id}/misclassified?limit=3`, { token: null });
    const trpc = (body: unknown) =>
      handleApiRequest(
        new Request('http://127.0.0.1/api/trpc/runs.logEpoch', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
          body: JSON.stringify(body),
        }),
        { runtime: api.runtime },
      );
    const valid = epochLog(run.id, 2, { loss: 0.4 });
    expect((await trpc({ ...valid, metrics: { loss: null } })).status).toBe(400);
    expect((await trpc({ ...valid, metrics: { loss: '0.4' } })).status).toBe(400);
    expect((await trpc({ ...valid, epoch: '2' })).status).toBe(400);
    const stored = await json(await rest('GET', `/runs/${run.id}`, { token: null }));
    expect(stored.body.lastEpoch).toBe(1);
  });
});
