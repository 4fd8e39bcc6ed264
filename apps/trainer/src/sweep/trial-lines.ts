// What `mnist-lab sweep` prints: one line per trial as it ends, and the sweep's result at the end.
import type { ServerClient } from '../server-client';

export type SweepDetail = Awaited<ReturnType<ServerClient['sweeps']['get']['query']>>;
export type TrialDetail = SweepDetail['trials'][number];

const formatValue = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));

/** `learningRate=0.003 batchSize=64`, in the sweep's order. */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
}

const metricValue = (v: number | null) => (v === null ? '-' : v.toFixed(4));

/**
 * The best finished trial in this reading of the sweep. The server records the same in bestRunId, but only once the
 * trial's agent reports back, which may come just after the run shows finished.
 */
export function bestTrial(sweep: SweepDetail): TrialDetail | undefined {
  let best: TrialDetail | undefined;
  for (const t of sweep.trials) {
    if (t.status !== 'finished' || t.value === null) continue;
    if (!best || best.value === null || (sweep.goal === 'minimize' ? t.value < best.value : t.value > best.value)) best = t;
  }
  return best;
}

/** e.g. `trial 3/6  grid-4  learningRate=0.003 batchSize=64  val_accuracy 0.9123 (pruned)  best 0.9345 grid-2`. */
export function trialLine(ended: number, sweep: SweepDetail, trial: TrialDetail): string {
  const outcome = trial.status === 'failed' ? 'failed' : `${sweep.metric} ${metricValue(trial.value)}${trial.pruned ? ' (pruned)' : ''}`;
  const best = bestTrial(sweep);
  const bestPart = best ? `  best ${metricValue(best.value)} ${best.name}` : '';
  return `trial ${ended}/${sweep.plannedTrials}  ${trial.name}  ${formatParams(trial.params)}  ${outcome}${bestPart}`;
}

/** The end of a sweep: how it ended, its best run with every swept hyperparameter, where to look. */
export function summaryLines(sweep: SweepDetail, dashboardUrl: string): string[] {
  const p = sweep.progress;
  const counts = `${p.finished + p.failed} of ${sweep.plannedTrials} trials (${p.pruned} pruned, ${p.failed} failed)`;
  const lines = [sweep.status === 'finished' ? `sweep finished: ${counts}` : `sweep ${sweep.status} after ${counts}`];
  const best = bestTrial(sweep);
  if (best) {
    lines.push(`best: ${best.name} (run ${best.runId}) ${sweep.metric} ${metricValue(best.value)}`);
    lines.push(`  ${formatParams(best.params)}`);
  }
  if (sweep.status === 'stopped' || sweep.status === 'running') lines.push(`continue it with: mnist-lab sweep --resume ${sweep.id}`);
  lines.push(`dashboard: ${dashboardUrl}`);
  return lines;
}
