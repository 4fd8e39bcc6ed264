// The runs table's micro-cache: the same page within its second is one query; a person's write shows at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../caller';
import { createContext } from '../context';
import { epochLog, newRun, openTestApi, TEST_TOKEN, type TestApi } from '../test-support';
import { ListCache } from './list-cache';

let api: TestApi;
let writer: ReturnType<typeof createCaller>;
const FRESH_MS = 400;

beforeAll(async () => {
  api = await openTestApi();
  writer = createCaller(createContext({ ...api.runtime, listCache: new ListCache(FRESH_MS) }, `Bearer ${TEST_TOKEN}`));
});
afterAll(async () => {
  await api?.close();
});

const epochsOf = async (id: string) => (await writer.runs.list({})).runs.find((r) => r.id === id)?.lastEpoch;

describe('runs.list through the list cache', () => {
  it('answers a streaming write up to a second late, a new run at once, and everything after its second', async () => {
    const run = newRun({ name: 'cached' });
    await writer.runs.create(run);
    expect(await epochsOf(run.id)).toBe(0);
    await writer.runs.logEpoch(epochLog(run.id, 1, { loss: 0.5 }));
    // Within the second: the cached page, concurrent askers sharing it.
    const [a, b] = await Promise.all([writer.runs.list({}), writer.runs.list({})]);
    expect(a).toBe(b);
    expect(a.runs.find((r) => r.id === run.id)?.lastEpoch).toBe(0);
    // A new run (a write a person makes) empties the cache.
    const other = newRun({ name: 'second' });
    await writer.runs.create(other);
    const fresh = await writer.runs.list({});
    expect(fresh.runs.map((r) => r.name)).toContain('second');
    expect(fresh.runs.find((r) => r.id === run.id)?.lastEpoch).toBe(1);
    await writer.runs.logEpoch(epochLog(run.id, 2, { loss: 0.4 }));
    await new Promise((r) => setTimeout(r, FRESH_MS + 50));
    expect(await epochsOf(run.id)).toBe(2);
  });
});
