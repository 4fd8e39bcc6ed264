// Metric series of several runs for the comparison charts, in the order the runs were asked for.
import type { Db } from '@mnist-lab/db';
import type { CompareCurves, RunStatus } from '@mnist-lab/metrics';
import { downsampleIndices } from './downsample';

export interface Series {
  epoch: number[];
  value: number[];
  /** When each epoch ended, in ms since the Unix epoch. */
  at: number[];
}

export interface RunCurves {
  id: string;
  name: string;
  status: RunStatus;
  startedAt: string;
  series: Record<string, Series>;
}

export async function compareCurves(db: Db, q: CompareCurves): Promise<{ runs: RunCurves[] }> {
  const ids = [...new Set(q.runIds)];
  const [runs, points] = await Promise.all([
    db.run.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, status: true, startedAt: true } }),
    db.metric.findMany({
      where: { runId: { in: ids }, ...(q.metrics ? { name: { in: q.metrics } } : {}) },
      orderBy: [{ runId: 'asc' }, { name: 'asc' }, { epoch: 'asc' }],
      select: { runId: true, name: true, epoch: true, value: true, at: true },
    }),
  ]);
  const byRun = new Map<string, Record<string, Series>>(runs.map((r) => [r.id, {}]));
  for (const p of points) {
    const series = byRun.get(p.runId);
    if (!series) continue;
    const s = (series[p.name] ??= { epoch: [], value: [], at: [] });
    s.epoch.push(p.epoch);
    s.value.push(p.value);
    s.at.push(p.at.getTime());
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  return {
    runs: runs
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        startedAt: r.startedAt.toISOString(),
        series: q.maxPoints ? thin(byRun.get(r.id) ?? {}, q.maxPoints) : (byRun.get(r.id) ?? {}),
      })),
  };
}

function thin(series: Record<string, Series>, maxPoints: number): Record<string, Series> {
  const out: Record<string, Series> = {};
  for (const [name, s] of Object.entries(series)) {
    const keep = downsampleIndices(s.value, maxPoints);
    out[name] = { epoch: keep.map((i) => s.epoch[i]), value: keep.map((i) => s.value[i]), at: keep.map((i) => s.at[i]) };
  }
  return out;
}
