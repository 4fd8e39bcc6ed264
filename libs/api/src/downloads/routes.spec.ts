// The download routes over a real store: status codes, content types and file names, and what the files hold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochLog, finishedRun, newRun, openTestApi, type TestApi } from '../test-support';
import {
  metricHistoryResponse,
  modelJsonResponse,
  modelWeightsResponse,
  modelZipResponse,
  runsExportResponse,
  type DownloadOptions,
} from './routes';

let api: TestApi;
let opts: DownloadOptions;
const internalErrors: unknown[] = [];
const ids: Record<string, string> = {};
const dir = mkdtempSync(path.join(tmpdir(), 'mnist-lab-downloads-'));
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

// A two-layer model's manifest: 784x2 + 2 + 2x10 + 10 = 1600 float32 values.
const WEIGHT_SPECS = [
  { name: 'dense/kernel', shape: [784, 2], dtype: 'float32' },
  { name: 'dense/bias', shape: [2], dtype: 'float32' },
  { name: 'logits/kernel', shape: [2, 10], dtype: 'float32' },
  { name: 'logits/bias', shape: [10], dtype: 'float32' },
];
const WEIGHTS = Buffer.from(new Float32Array(1600).map((_, i) => i / 1600).buffer);

beforeAll(async () => {
  api = await openTestApi();
  opts = { runtime: api.runtime, onInternalError: (e) => internalErrors.push(e) };
  const runs = [
    { name: 'alpha "best", v2', lr: 0.01, tags: ['=cmd'], acc: 0.97, model: true },
    { name: 'beta', lr: 0.001, tags: ['wide'], acc: 0.99, model: false },
    { name: 'gamma', lr: 0.001, tags: [], acc: null, model: false },
  ];
  for (const [i, r] of runs.entries()) {
    const run = newRun({
      name: r.name,
      tags: r.tags,
      config: { ...DEFAULT_HYPERPARAMS, learningRate: r.lr, hiddenUnits: [128, 64] },
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    });
    ids[r.name] = run.id;
    await api.writer.runs.create(run);
    await api.writer.runs.logEpoch(epochLog(run.id, 1, { loss: 0.5, accuracy: 0.8, val_loss: 0.6, val_accuracy: 0.79 }));
    await api.writer.runs.logEpoch(epochLog(run.id, 2, { loss: 0.3, accuracy: 0.9, val_loss: -0.4, val_accuracy: 0.88, grad_norm: 1.5 }));
    if (r.acc === null) continue;
    const model = r.model
      ? {
          format: 'tfjs-layers' as const,
          modelJson: { format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths: ['weights.bin'], weights: WEIGHT_SPECS }] },
          weights: WEIGHTS.toString('base64'),
        }
      : undefined;
    await api.writer.runs.finish(finishedRun(run.id, { testAccuracy: r.acc, model }));
  }
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (p: string) => new URL(`http://localhost${p}`);
const alpha = () => ids['alpha "best", v2'];

describe('model files', () => {
  it('serves model.json with its manifest naming weights.bin beside it, for tf.loadLayersModel', async () => {
    const res = await modelJsonResponse(opts, alpha(), url(`/api/runs/${alpha()}/model/model.json`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBeNull();
    const json = (await res.json()) as { weightsManifest: { paths: string[]; weights: unknown[] }[] };
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: WEIGHT_SPECS }]);
  });

  it('saves model.json and weights.bin under the run name, the manifest naming the saved weights file', async () => {
    const res = await modelJsonResponse(opts, alpha(), url(`/api/runs/${alpha()}/model/model.json?download`));
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="alpha-best-v2-model.json"; filename*=UTF-8''alpha-best-v2-model.json`);
    const json = (await res.json()) as { weightsManifest: { paths: string[] }[] };
    expect(json.weightsManifest[0].paths).toEqual(['alpha-best-v2-weights.bin']);

    const weights = await modelWeightsResponse(opts, alpha(), url(`/api/runs/${alpha()}/model/weights.bin?download`));
    expect(weights.status).toBe(200);
    expect(weights.headers.get('content-type')).toBe('application/octet-stream');
    expect(weights.headers.get('content-disposition')).toContain('filename="alpha-best-v2-weights.bin"');
    expect(Buffer.from(await weights.arrayBuffer())).toEqual(WEIGHTS);
  });

  it('packs both files in a zip that unpacks to a loadable model folder', async () => {
    const res = await modelZipResponse(opts, alpha());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('-model.zip');
    const file = path.join(dir, 'model.zip');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const listing = execFileSync('/usr/bin/python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(" ".join(f"{i.filename}:{i.file_size}" for i in z.infolist()))', file], { encoding: 'utf8' });
    expect(listing.trim().split(' ')).toEqual([expect.stringMatching(/^model\.json:\d+$/), `weights.bin:${WEIGHTS.length}`]);
  });

  it('answers 404 with the reason for an unknown run, a run without a model and an unfinished run', async () => {
    const unknown = await modelJsonResponse(opts, UNKNOWN, url('/'));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe(`run ${UNKNOWN} not found\n`);
    const none = await modelWeightsResponse(opts, ids.beta, url('/'));
    expect(none.status).toBe(404);
    expect(await none.text()).toMatch(/has no stored model: it finished without uploading one/);
    const running = await modelZipResponse(opts, ids.gamma);
    expect(running.status).toBe(404);
    expect(await running.text()).toMatch(/it is running; a model is stored when a run finishes/);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const res = await modelJsonResponse(opts, 'not-a-uuid', url('/'));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('run ids are UUIDs: got "not-a-uuid"\n');
  });
});

describe('metric history', () => {
  it('downloads as a wide CSV, one row per step with its epoch, standard metrics first', async () => {
    const res = await metricHistoryResponse(opts, ids.beta, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toContain('filename="beta-metrics.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('step,epoch,loss,accuracy,val_loss,val_accuracy,grad_norm,ended_at');
    expect(lines[1]).toBe('1,1,0.5,0.8,0.6,0.79,,2026-01-01T00:01:00.000Z');
    // A negative number is a number, not a formula.
    expect(lines[2]).toBe('2,2,0.3,0.9,-0.4,0.88,1.5,2026-01-01T00:02:00.000Z');
    expect(lines).toHaveLength(3);
  });

  it('downloads as JSON rows keyed by metric, missing values null', async () => {
    const res = await metricHistoryResponse(opts, ids.beta, 'json');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toContain('filename="beta-metrics.json"');
    const body = (await res.json()) as { run: unknown; history: Record<string, unknown>[] };
    expect(body.run).toEqual({ id: ids.beta, name: 'beta' });
    expect(body.history[0]).toMatchObject({ step: 1, epoch: 1, loss: 0.5, grad_norm: null });
  });

  it('answers 404 for an unknown run and 400 for an unknown format', async () => {
    expect((await metricHistoryResponse(opts, UNKNOWN, 'csv')).status).toBe(404);
    const bad = await metricHistoryResponse(opts, ids.beta, 'xlsx');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('unknown format "xlsx": use csv or json\n');
  });
});

describe('runs export', () => {
  it('holds every run with hyperparameters and final metrics, formulas defused and quotes escaped', async () => {
    const res = await runsExportResponse(opts, url('/api/export/runs.csv'), 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toContain('filename="mnist-lab-runs.csv"');
    const [header, ...rows] = (await res.text()).trimEnd().split('\r\n');
    const columns = header.split(',');
    expect(columns.slice(0, 3)).toEqual(['id', 'name', 'status']);
    expect(columns).toEqual(expect.arrayContaining(['config.hiddenUnits', 'config.learningRate', 'final.val_accuracy', 'final.grad_norm']));
    expect(columns.indexOf('config.hiddenUnits')).toBeLessThan(columns.indexOf('config.learningRate'));
    // Newest first, as the table sorts by default.
    expect(rows.map((r) => r.split(',')[0])).toEqual([ids.gamma, ids.beta, alpha()]);
    const last = rows[2];
    expect(last).toContain(`,"alpha ""best"", v2",finished,`);
    expect(last).toContain(`,'=cmd,`);
    expect(last).toContain(`,"[128,64]",`);
    expect(last).toContain(',0.97,');
  });

  it('respects the table URL: filters and sort, paging and columns ignored', async () => {
    const res = await runsExportResponse(opts, url('/api/export/runs.json?status=finished&hp.learningRate=0.001&sort=name&dir=asc&page=9&cols=name'), 'json');
    expect(res.headers.get('content-disposition')).toContain('filename="mnist-lab-runs.json"');
    const body = (await res.json()) as { total: number; runs: { name: string; final: Record<string, number> }[] };
    expect(body.total).toBe(1);
    expect(body.runs.map((r) => r.name)).toEqual(['beta']);
    expect(body.runs[0].final).toEqual({ loss: 0.3, accuracy: 0.9, val_loss: -0.4, val_accuracy: 0.88, grad_norm: 1.5 });

    const byName = await runsExportResponse(opts, url('/api/export/runs.json?sort=name&dir=desc&q=a'), 'json');
    expect(((await byName.json()) as { runs: { name: string }[] }).runs.map((r) => r.name)).toEqual(['gamma', 'beta', 'alpha "best", v2']);
  });

  it('leaves archived runs out as the table does, unless its URL asks for them', async () => {
    const names = async (query: string) =>
      ((await (await runsExportResponse(opts, url(`/api/export/runs.json?sort=name&dir=asc${query}`), 'json')).json()) as { runs: { name: string }[] }).runs.map((r) => r.name);
    await api.writer.runs.archive({ runIds: [ids.beta] });
    try {
      expect(await names('')).toEqual(['alpha "best", v2', 'gamma']);
      expect(await names('&archived=only')).toEqual(['beta']);
      expect(await names('&archived=include')).toEqual(['alpha "best", v2', 'beta', 'gamma']);
      const bad = await runsExportResponse(opts, url('/api/export/runs.csv?archived=yes'), 'csv');
      expect([bad.status, await bad.text()]).toEqual([400, expect.stringMatching(/^archived: /)]);
    } finally {
      await api.writer.runs.restore({ runIds: [ids.beta] });
    }
  });

  it('answers 400 naming the URL parameter for a malformed value', async () => {
    const status = await runsExportResponse(opts, url('/api/export/runs.csv?status=done'), 'csv');
    expect(status.status).toBe(400);
    expect(await status.text()).toMatch(/^status: /);
    const sort = await runsExportResponse(opts, url('/api/export/runs.csv?sort=color'), 'csv');
    expect(sort.status).toBe(400);
    expect(await sort.text()).toMatch(/^sort: /);
    const sweep = await runsExportResponse(opts, url('/api/export/runs.csv?sweep=nope'), 'csv');
    expect(await sweep.text()).toMatch(/^sweep: /);
  });

  it('answers 503 when the store cannot be opened, and never reports a 500', async () => {
    const down = await runsExportResponse({ runtime: () => Promise.reject(new Error('connection refused')) }, url('/'), 'csv');
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/^store unavailable: connection refused/);
    expect(internalErrors).toEqual([]);
  });
});
