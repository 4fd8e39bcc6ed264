// The download routes' answers: model files, a run's metric history, the runs export; bad input 4xx in one line.
import { downloadBaseName, ExportFormatSchema, RunIdSchema, type ExportFormat } from '@mnist-lab/contracts';
import type { ApiRuntime } from '../context';
import { storeErrorToTRPC } from '../store-errors';
import { BadQueryError, parseExportQuery } from './export-query';
import { loadMetricHistory, metricHistoryCsv, metricHistoryJson, RunNotFoundError } from './metric-history';
import { loadModelFiles, NoModelError, WEIGHTS_FILE, withWeightsPath } from './model-files';
import { loadRunsExport, runsCsv, runsJson } from './runs-export';
import { zip } from './zip';

export interface DownloadOptions {
  /** The process's runtime, or how to get it (under `next dev` the first request opens the store). */
  runtime: ApiRuntime | (() => Promise<ApiRuntime>);
  /** Called with failures that answer 500: those are bugs, and the server log is where they get noticed. */
  onInternalError?: (error: unknown, what: string) => void;
}

const CSV = 'text/csv; charset=utf-8; header=present';
const JSON_TYPE = 'application/json; charset=utf-8';

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266), so non-Latin run names survive. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function file(body: string | Uint8Array<ArrayBuffer>, type: string, opts: { name?: string; cache: 'no-store' | 'no-cache' }): Response {
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': opts.cache, 'x-content-type-options': 'nosniff' };
  if (opts.name) headers['content-disposition'] = attachment(opts.name);
  return new Response(body, { status: 200, headers });
}

/** Runs `produce` over the store, answering its known failures with their status and a one-line message. */
async function answer(opts: DownloadOptions, what: string, produce: (runtime: ApiRuntime) => Promise<Response>): Promise<Response> {
  let runtime: ApiRuntime;
  try {
    runtime = typeof opts.runtime === 'function' ? await opts.runtime() : opts.runtime;
  } catch (error) {
    return text(503, `store unavailable: ${error instanceof Error ? error.message : String(error)}; retry the request`);
  }
  try {
    return await produce(runtime);
  } catch (error) {
    if (error instanceof BadQueryError) return text(400, error.message);
    if (error instanceof NoModelError || error instanceof RunNotFoundError) return text(404, error.message);
    const stored = storeErrorToTRPC(error);
    if (stored?.code === 'SERVICE_UNAVAILABLE') return text(503, stored.message);
    opts.onInternalError?.(error, what);
    return text(500, `internal error while preparing ${what}; the server log has the details`);
  }
}

function runId(raw: string): string {
  const parsed = RunIdSchema.safeParse(raw);
  if (!parsed.success) throw new BadQueryError(`${parsed.error.issues[0].message}: got "${raw.slice(0, 80)}"`);
  return parsed.data;
}

export function exportFormat(raw: string): ExportFormat {
  const parsed = ExportFormatSchema.safeParse(raw);
  if (!parsed.success) throw new BadQueryError(`unknown format "${raw.slice(0, 20)}": use csv or json`);
  return parsed.data;
}

/**
 * GET /api/runs/:id/model/model.json. Plain, its manifest names `weights.bin`, served beside it, so
 * `tf.loadLayersModel(url)` works; with `?download`, it is saved as `<run>-model.json` naming `<run>-weights.bin`.
 */
export function modelJsonResponse(opts: DownloadOptions, rawId: string, url: URL): Promise<Response> {
  return answer(opts, 'a model.json', async ({ db }) => {
    const id = runId(rawId);
    const model = await loadModelFiles(db, id);
    if (!url.searchParams.has('download')) return file(JSON.stringify(withWeightsPath(model.modelJson, WEIGHTS_FILE)), JSON_TYPE, { cache: 'no-cache' });
    const base = downloadBaseName(model.runName, id);
    const body = JSON.stringify(withWeightsPath(model.modelJson, `${base}-weights.bin`), null, 2);
    return file(body, JSON_TYPE, { name: `${base}-model.json`, cache: 'no-cache' });
  });
}

/** GET /api/runs/:id/model/weights.bin: the float32 weights the manifest describes; `?download` saves it as `<run>-weights.bin`. */
export function modelWeightsResponse(opts: DownloadOptions, rawId: string, url: URL): Promise<Response> {
  return answer(opts, 'a weights.bin', async ({ db }) => {
    const id = runId(rawId);
    const model = await loadModelFiles(db, id);
    const name = url.searchParams.has('download') ? `${downloadBaseName(model.runName, id)}-weights.bin` : undefined;
    return file(model.weights, 'application/octet-stream', { name, cache: 'no-cache' });
  });
}

/** GET /api/runs/:id/model.zip: model.json and weights.bin side by side, as tfjs writes a model folder. */
export function modelZipResponse(opts: DownloadOptions, rawId: string): Promise<Response> {
  return answer(opts, 'a model.zip', async ({ db }) => {
    const id = runId(rawId);
    const model = await loadModelFiles(db, id);
    const json = new TextEncoder().encode(JSON.stringify(withWeightsPath(model.modelJson, WEIGHTS_FILE), null, 2));
    const archive = zip([
      { name: 'model.json', data: json },
      { name: WEIGHTS_FILE, data: model.weights },
    ]);
    return file(archive, 'application/zip', { name: `${downloadBaseName(model.runName, id)}-model.zip`, cache: 'no-cache' });
  });
}

/** GET /api/runs/:id/metrics.csv|json: one row per epoch, one column per metric. */
export function metricHistoryResponse(opts: DownloadOptions, rawId: string, rawFormat: string): Promise<Response> {
  return answer(opts, 'a metric history', async ({ db }) => {
    const id = runId(rawId);
    const format = exportFormat(rawFormat);
    const history = await loadMetricHistory(db, id);
    const name = `${downloadBaseName(history.run.name, id)}-metrics.${format}`;
    return format === 'csv'
      ? file(metricHistoryCsv(history), CSV, { name, cache: 'no-store' })
      : file(JSON.stringify(metricHistoryJson(history), null, 2), JSON_TYPE, { name, cache: 'no-store' });
  });
}

/** GET /api/export/runs.csv|json?<the runs table's query>: every matching run, in the table's order. */
export function runsExportResponse(opts: DownloadOptions, url: URL, rawFormat: string): Promise<Response> {
  return answer(opts, 'a runs export', async ({ db }) => {
    const format = exportFormat(rawFormat);
    const q = parseExportQuery(url.searchParams);
    const exported = await loadRunsExport(db, q);
    const name = `mnist-lab-runs.${format}`;
    return format === 'csv'
      ? file(runsCsv(exported.runs), CSV, { name, cache: 'no-store' })
      : file(JSON.stringify(runsJson(exported, q), null, 2), JSON_TYPE, { name, cache: 'no-store' });
  });
}
