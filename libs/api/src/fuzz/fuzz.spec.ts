// The fuzz suite: every procedure's input generated from its own zod schema, mixed with hostile values, sent over HTTP
// with and without the token. Nothing may answer 5xx, and a refused request may change nothing stored.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sqlPool } from '@mnist-lab/db';
import { handleApiRequest } from '../http';
import { appRouter } from '../root';
import { gridConfig } from '../sweeps/sweep-test-api';
import { epochLog, finishedRun, newRun, openTestApi, TEST_TOKEN, type TestApi } from '../test-support';
import { oneChangeFrom, requestInputArbitrary, type JsonSchema } from './input-arbitrary';

/** Cases per procedure; FUZZ_RUNS raises it for a longer hunt (the suite stays within a minute at the default). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
/** Fixed, so a failure seen once is seen again; FUZZ_SEED explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures).sort(([a], [b]) => a.localeCompare(b));

/** The JSON Schema of a procedure's input as a client writes it; procedures without input take nothing. */
function inputSchema(p: ProcedureDef): JsonSchema | undefined {
  const input = p._def.inputs[0];
  if (!input) return undefined;
  return z.toJSONSchema(input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

let api: TestApi;
let tables: string[] = [];
const knownIds: string[] = [];
/** A valid input per write procedure: sent as it is, and with one thing wrong anywhere in it. */
const examples = new Map<string, unknown>();
const internalErrors: string[] = [];
/** Status codes seen per procedure: the suite also checks it reached past validation, or it would prove little. */
const statuses = new Map<string, number[]>();

/** Every table's rows, hashed: equal before and after means nothing stored changed. */
async function fingerprint(): Promise<string> {
  const parts = tables.map((t) => `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`);
  const { rows } = await sqlPool(api.db).query<{ t: string; h: string }>(parts.join(' UNION ALL '));
  return rows.map((r) => `${r.t}:${r.h}`).sort().join(',');
}

beforeAll(async () => {
  api = await openTestApi();
  const { rows } = await sqlPool(api.db).query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  tables = rows.map((r) => r.tablename);
  // A finished run, a running one and a settled sweep, so generated ids sometimes reach past the lookups.
  const finished = newRun({ name: 'fuzz-finished' });
  await api.writer.runs.create(finished);
  await api.writer.runs.finish(finishedRun(finished.id));
  const running = newRun({ name: 'fuzz-running' });
  await api.writer.runs.create(running);
  const sweep = await api.writer.sweeps.create({ config: { name: 'fuzz', method: 'grid', parameters: { dropout: { values: [0.1] } } }, seed: 1 });
  await api.writer.sweeps.stop({ id: sweep.id });
  knownIds.push(finished.id, running.id, sweep.id);
  // Each write example has a run of its own, which no generated id names, so the other procedures' cases cannot end it.
  const target = async (name: string) => {
    const run = newRun({ name });
    await api.writer.runs.create(run);
    return run.id;
  };
  const at = new Date().toISOString();
  examples.set('runs.create', newRun({ name: 'fuzz-created', tags: ['a', 'b'], notes: 'n' }));
  examples.set('runs.heartbeat', { runId: await target('fuzz-heartbeat') });
  examples.set('runs.log', { runId: await target('fuzz-log'), points: [{ name: 'batch/loss', step: 3, epoch: 0.5, value: 0.7, at }] });
  examples.set('runs.logEpoch', epochLog(await target('fuzz-log-epoch'), 1, { loss: 0.3, accuracy: 0.9, val_loss: 0.35, val_accuracy: 0.88 }));
  examples.set('runs.finish', finishedRun(await target('fuzz-finish')));
  examples.set('analysis.hardDigits', { runIds: [finished.id] });
  examples.set('sweeps.create', { config: gridConfig({ name: 'fuzz-grid' }), seed: 3 });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

function request(path: string, type: ProcedureDef['_def']['type'], input: unknown, token: boolean): Request {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${TEST_TOKEN}` } : {};
  const encoded = input === undefined ? '' : JSON.stringify(input);
  if (type === 'query') {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(encoded)}`;
    return new Request(`http://127.0.0.1/api/trpc/${path}${query}`, { headers });
  }
  return new Request(`http://127.0.0.1/api/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: encoded });
}

describe('every procedure, fuzzed from its schema', () => {
  it('lists the procedures it fuzzes', () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(procedures.map(([path]) => path)).toEqual(expect.arrayContaining(['runs.create', 'runs.finish', 'runs.logEpoch', 'sweeps.create', 'runs.list']));
  });

  for (const [path, procedure] of procedures) {
    if (procedure._def.type === 'subscription') continue;
    it(`${path}: never 5xx, and a refused request changes nothing stored`, async () => {
      const schema = inputSchema(procedure);
      const fromSchema = schema ? requestInputArbitrary(schema, knownIds) : fc.constant(undefined);
      const example = examples.get(path);
      const input =
        example === undefined
          ? fromSchema
          : fc.oneof({ arbitrary: fromSchema, weight: 2 }, { arbitrary: oneChangeFrom(example), weight: 3 }, { arbitrary: fc.constant(example), weight: 1 });
      await fc.assert(
        fc.asyncProperty(input, fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), async (value, token) => {
          const before = await fingerprint();
          const res = await handleApiRequest(request(path, procedure._def.type, value, token), {
            runtime: { ...api.runtime, crashAfterSeconds: 3_600 },
            onInternalError: (error) => internalErrors.push(`${path}: ${error instanceof Error ? error.message : String(error)}`),
          });
          const body = await res.text();
          statuses.set(path, [...(statuses.get(path) ?? []), res.status]);
          expect(res.status, `${path} answered ${res.status}: ${body.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(JSON.parse(body).error.message, 'one line').not.toContain('\n');
            expect(await fingerprint(), `${path} refused (${res.status}) but changed the store`).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: SEED + path.length, endOnFailure: true },
      );
      expect(internalErrors).toEqual([]);
    }, 60_000);
  }

  it('reached past input validation: nearly every procedure had requests reach the store (2xx, 404 or 409)', () => {
    const reached = [...statuses].filter(([, codes]) => codes.some((c) => c < 300 || c === 404 || c === 409)).map(([path]) => path);
    if (process.env.FUZZ_REPORT) for (const [path, codes] of statuses) console.log(path, codes.join(' '));
    expect(reached.length / statuses.size).toBeGreaterThan(0.9);
    // And the write procedures with a valid example were accepted at least once (the analysis example's run has no
    // predictions: its answer is a 409 from past the lookup).
    for (const path of examples.keys()) expect(statuses.get(path)?.some((c) => c < 300 || (path.startsWith('analysis.') && c === 409)), path).toBe(true);
  });
});
