// Every run the runs table's filters match, in its order, with its config and final metrics, as CSV or JSON.
import type { Db } from '@mnist-lab/db';
import { configPaths, configValue, HyperparamsSchema, STANDARD_METRICS, type RunsExport } from '@mnist-lab/contracts';
import { listRuns } from '../runs/list-runs';
import type { RunRow } from '../runs/run-row';
import { toCsv, type CsvCell } from './csv';

/** More than any table a person pages through; keeps one request's memory bounded. */
export const MAX_EXPORTED_RUNS = 50_000;
const PAGE = 200;

export interface ExportedRun extends RunRow {
  /** Each metric's value at the last step that logged it. */
  final: Record<string, number>;
}

async function finalMetrics(db: Db, ids: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>(ids.map((id) => [id, {}]));
  if (ids.length === 0) return out;
  // DISTINCT ON walks the (runId, name, step) primary key backwards: one row per run and metric.
  const rows = await db.$queryRaw<{ runId: string; name: string; value: number }[]>`
    SELECT DISTINCT ON ("runId", name) "runId", name, value
    FROM "Metric" WHERE "runId" = ANY(${ids}::uuid[])
    ORDER BY "runId", name, step DESC`;
  for (const r of rows) {
    const metrics = out.get(r.runId);
    if (metrics) metrics[r.name] = r.value;
  }
  return out;
}

export async function loadRunsExport(db: Db, q: RunsExport): Promise<{ total: number; runs: ExportedRun[] }> {
  const runs: ExportedRun[] = [];
  let total = 0;
  for (let page = 1; runs.length < MAX_EXPORTED_RUNS; page++) {
    const found = await listRuns(db, { ...q, page, pageSize: PAGE });
    total = found.total;
    const finals = await finalMetrics(db, found.runs.map((r) => r.id));
    for (const r of found.runs) runs.push({ ...r, final: finals.get(r.id) ?? {} });
    if (found.runs.length < PAGE) break;
  }
  return { total, runs: runs.slice(0, MAX_EXPORTED_RUNS) };
}

const SUMMARY_COLUMNS = [
  ['id', (r) => r.id],
  ['name', (r) => r.name],
  ['status', (r) => r.status],
  ['sweep', (r) => r.sweepName],
  ['sweep_id', (r) => r.sweepId],
  ['tags', (r) => r.tags.join(' ')],
  ['started_at', (r) => r.startedAt],
  ['ended_at', (r) => r.endedAt],
  ['duration_ms', (r) => r.durationMs],
  ['backend', (r) => r.backend],
  ['family', (r) => r.family],
  ['params', (r) => r.paramCount],
  ['epochs_logged', (r) => r.lastEpoch],
  ['best_val_accuracy', (r) => r.bestValAccuracy],
  ['best_val_loss', (r) => r.bestValLoss],
  ['test_accuracy', (r) => r.testAccuracy],
  ['test_loss', (r) => r.testLoss],
  ['misclassified', (r) => r.misclassifiedCount],
] as const satisfies readonly (readonly [string, (r: ExportedRun) => CsvCell])[];

/** Config keys in the trainer's schema order, then any others; metrics in Keras' order, then alphabetically. */
function keysOf(runs: readonly ExportedRun[], pick: (r: ExportedRun) => string[], first: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const r of runs) for (const k of pick(r)) seen.add(k);
  const known = first.filter((k) => seen.has(k));
  return [...known, ...[...seen].filter((k) => !known.includes(k)).sort()];
}

function configCell(value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Hidden units and other lists: JSON, as a config file would spell them.
  return JSON.stringify(value);
}

export function runsCsv(runs: readonly ExportedRun[]): string {
  const paths = keysOf(runs, (r) => configPaths(r.config), Object.keys(HyperparamsSchema.shape));
  const metrics = keysOf(runs, (r) => Object.keys(r.final), STANDARD_METRICS);
  const header = [...SUMMARY_COLUMNS.map(([name]) => name), ...paths.map((k) => `config.${k}`), ...metrics.map((m) => `final.${m}`)];
  return toCsv(
    header,
    runs.map((r) => [
      ...SUMMARY_COLUMNS.map(([, cell]) => cell(r)),
      ...paths.map((k) => configCell(configValue(r.config, k))),
      ...metrics.map((m) => r.final[m]),
    ]),
  );
}

export function runsJson(exported: { total: number; runs: readonly ExportedRun[] }, q: RunsExport, exportedAt = new Date()) {
  return {
    exportedAt: exportedAt.toISOString(),
    query: q,
    total: exported.total,
    runs: exported.runs.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      sweep: r.sweepId ? { id: r.sweepId, name: r.sweepName } : null,
      tags: r.tags,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      durationMs: r.durationMs,
      backend: r.backend,
      seed: r.seed,
      config: r.config,
      family: r.family,
      paramCount: r.paramCount,
      epochsLogged: r.lastEpoch,
      bestValAccuracy: r.bestValAccuracy,
      bestValLoss: r.bestValLoss,
      testAccuracy: r.testAccuracy,
      testLoss: r.testLoss,
      misclassifiedCount: r.misclassifiedCount,
      final: r.final,
    })),
  };
}
