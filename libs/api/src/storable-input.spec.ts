// What PostgreSQL cannot store, sent as a careless client or an attacker would: a NUL byte, a lone UTF-16 surrogate,
// year 0000, JSON nested 10,000 deep. Each is a one-line 400 naming the field, never a 500, and nothing stored changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest } from './http';
import { epochLog, finishedRun, newRun, openTestApi, TEST_TOKEN, type TestApi } from './test-support';

let api: TestApi;
const internalErrors: unknown[] = [];
const existing = newRun({ name: 'kept-as-it-was', tags: ['kept'], notes: 'unchanged' });

beforeAll(async () => {
  api = await openTestApi();
  await api.writer.runs.create(existing);
  await api.writer.runs.logEpoch(epochLog(existing.id, 1, { loss: 0.5 }));
});
afterAll(async () => {
  await api?.close();
  expect(internalErrors).toEqual([]);
});

function call(procedure: string, input: unknown, method: 'GET' | 'POST'): Promise<Response> {
  const base = `http://127.0.0.1/api/trpc/${procedure}`;
  const req =
    method === 'GET'
      ? new Request(`${base}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : new Request(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
          body: typeof input === 'string' ? input : JSON.stringify(input),
        });
  return handleApiRequest(req, { runtime: api.runtime, onInternalError: (e) => internalErrors.push(e) });
}

const NUL = 'a\u0000b';
const SURROGATE = 'a\uD800b';
/** A finish whose model.json nests 10,000 objects, written as text: JSON.stringify itself overflows the stack on it. */
const deepModel = () =>
  `${JSON.stringify(finishedRun(existing.id)).slice(0, -1)},"model":{"format":"tfjs-layers","modelJson":${'{"nested":'.repeat(10_000)}{"leaf":1}${'}'.repeat(10_000)},"weights":""}}`;

const cases: [string, string, 'GET' | 'POST', unknown, RegExp][] = [
  ['a NUL in a run name', 'runs.create', 'POST', newRun({ name: NUL }), /name: contains a NUL character/],
  ['a NUL in a tag', 'runs.create', 'POST', newRun({ tags: [NUL] }), /tags\.0: contains a NUL/],
  ['a NUL in notes', 'runs.create', 'POST', newRun({ notes: NUL }), /notes: contains a NUL/],
  ['a NUL in the host', 'runs.create', 'POST', newRun({ host: NUL }), /host: contains a NUL/],
  ['a NUL in a config value', 'runs.create', 'POST', newRun({ config: { note: NUL } }), /note: contains a NUL/],
  ['a NUL in a config key', 'runs.create', 'POST', newRun({ config: { 'a\u0000': 1 } }), /a\\u0000: the key contains a NUL/],
  ['a lone surrogate in a run name', 'runs.create', 'POST', newRun({ name: SURROGATE }), /name: contains a lone UTF-16 surrogate/],
  ['a lone surrogate in a tag', 'runs.setTags', 'POST', { runId: existing.id, tags: [SURROGATE] }, /lone UTF-16 surrogate/],
  ['a NUL in notes set later', 'runs.setNotes', 'POST', { runId: existing.id, notes: NUL }, /notes: contains a NUL/],
  ['startedAt in year 0000', 'runs.create', 'POST', newRun({ startedAt: '0000-06-01T00:00:00.000Z' }), /startedAt: the year must be between 0001 and 9999/],
  ['an epoch logged in year 0000', 'runs.logEpoch', 'POST', { ...epochLog(existing.id, 2, { loss: 0.4 }), at: '0000-01-01T00:00:00Z' }, /at: the year must be/],
  ['a NUL in an error text', 'runs.end', 'POST', { runId: existing.id, status: 'failed', error: NUL, endedAt: new Date().toISOString() }, /error: contains a NUL/],
  ['a NUL in the runs table search', 'runs.list', 'GET', { search: NUL }, /search: contains a NUL/],
  ['a NUL in the tag filter', 'runs.list', 'GET', { tag: NUL }, /tag: contains a NUL/],
  ['a lone surrogate in a config filter', 'runs.list', 'GET', { config: { optimizer: SURROGATE } }, /lone UTF-16 surrogate/],
  ['a NUL in a run lookup', 'analysis.findRuns', 'GET', { ref: NUL }, /contains a NUL/],
  ['a model.json nested 10,000 deep', 'runs.finish', 'POST', deepModel(), /nested deeper than 64 levels/],
];

describe('input PostgreSQL cannot store', () => {
  it.each(cases)('answers %s with a one-line 400 naming the field', async (_label, procedure, method, input, message) => {
    const before = await api.db.run.findUniqueOrThrow({ where: { id: existing.id } });
    const runs = await api.db.run.count();
    const res = await call(procedure, input, method);
    const body = (await res.json()) as { error?: { message: string; data: { code: string } } };
    expect(res.status).toBe(400);
    expect(body.error?.data.code).toBe('BAD_REQUEST');
    expect(body.error?.message).toMatch(message);
    expect(body.error?.message).not.toMatch(/\n|invalid byte sequence|Prisma/);
    expect(await api.db.run.count()).toBe(runs);
    expect(await api.db.run.findUniqueOrThrow({ where: { id: existing.id } })).toEqual(before);
  });
});
