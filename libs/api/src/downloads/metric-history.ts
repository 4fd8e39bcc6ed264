// One run's metric history as a wide table, one row per step and one column per metric, for CSV and JSON downloads.
import type { Db } from '@mnist-lab/db';
import { STANDARD_METRICS } from '@mnist-lab/contracts';
import { toCsv } from './csv';

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

export interface MetricHistory {
  run: { id: string; name: string };
  /** Column order: the standard metrics first as Keras prints them, then the rest alphabetically. */
  metrics: string[];
  /** One row per step; `epoch` is where the step sits on the epoch axis (null when the client gave none). */
  rows: { step: number; epoch: number | null; endedAt: string; values: (number | null)[] }[];
}

function metricOrder(a: string, b: string): number {
  const rank = (m: string) => {
    const i = (STANDARD_METRICS as readonly string[]).indexOf(m);
    return i === -1 ? STANDARD_METRICS.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

export async function loadMetricHistory(db: Db, runId: string): Promise<MetricHistory> {
  const [run, points] = await Promise.all([
    db.run.findUnique({ where: { id: runId }, select: { id: true, name: true } }),
    db.metric.findMany({ where: { runId }, orderBy: [{ step: 'asc' }], select: { name: true, step: true, epoch: true, value: true, at: true } }),
  ]);
  if (!run) throw new RunNotFoundError(`run ${runId} not found`);
  const metrics = [...new Set(points.map((p) => p.name))].sort(metricOrder);
  const column = new Map(metrics.map((m, i) => [m, i]));
  const byStep = new Map<number, { step: number; epoch: number | null; at: number; values: (number | null)[] }>();
  for (const p of points) {
    let row = byStep.get(p.step);
    if (!row) {
      row = { step: p.step, epoch: p.epoch, at: 0, values: metrics.map(() => null) };
      byStep.set(p.step, row);
    }
    row.values[column.get(p.name) as number] = p.value;
    row.epoch ??= p.epoch;
    // Metrics of one step arrive together; the latest time is when the step was logged in full.
    row.at = Math.max(row.at, p.at.getTime());
  }
  const rows = [...byStep.values()].map((r) => ({ step: r.step, epoch: r.epoch, endedAt: new Date(r.at).toISOString(), values: r.values }));
  return { run, metrics, rows };
}

export function metricHistoryCsv(h: MetricHistory): string {
  return toCsv(['step', 'epoch', ...h.metrics, 'ended_at'], h.rows.map((r) => [r.step, r.epoch, ...r.values, r.endedAt]));
}

/** `history` rows are keyed by metric name, as pandas' `DataFrame(history)` and spreadsheets' JSON import expect. */
export function metricHistoryJson(h: MetricHistory) {
  return {
    run: h.run,
    metrics: h.metrics,
    history: h.rows.map((r) => ({ step: r.step, epoch: r.epoch, ...Object.fromEntries(h.metrics.map((m, i) => [m, r.values[i]])), ended_at: r.endedAt })),
  };
}
