// `mnist-lab sweep --json`: the one JSON document a script reads on stdout once the sweep has ended or been stopped.
import { bestTrial, type SweepDetail } from './trial-lines';

export function sweepResult(sweep: SweepDetail, dashboard: string) {
  const trial = (t: SweepDetail['trials'][number]) => ({
    trial: t.trial,
    runId: t.runId,
    name: t.name,
    status: t.status,
    pruned: t.pruned,
    value: t.value,
    params: t.params,
    epochs: t.epochs,
  });
  const best = bestTrial(sweep);
  return {
    sweepId: sweep.id,
    name: sweep.name,
    status: sweep.status,
    method: sweep.method,
    metric: sweep.metric,
    goal: sweep.goal,
    seed: sweep.seed,
    plannedTrials: sweep.plannedTrials,
    progress: sweep.progress,
    best: best ? trial(best) : null,
    trials: sweep.trials.map(trial),
    dashboard,
  };
}
