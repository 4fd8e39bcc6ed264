// Keeps a sweep's summary true to its trials: the best run and value so far, and `finished` once nothing is left to run.
import type { Prisma } from '@mnist-lab/db';
import { isBetter, suggest } from '@mnist-lab/sweep';
import { asSuggestionHistory, loadTrials, SETTLED, sweepConfig, type SweepRow, type TrialRecord } from './trials';

export interface SweepOutcome {
  status: string;
  bestRunId: string | null;
  bestValue: number | null;
}

/** The best finished trial (pruned ones included: they finished with a test evaluation); ties go to the earlier trial. */
export function bestTrial(goal: string, trials: TrialRecord[]): TrialRecord | undefined {
  let best: TrialRecord | undefined;
  for (const t of trials) {
    if (t.status !== 'finished' || t.value === undefined) continue;
    if (isBetter({ goal: goal === 'minimize' ? 'minimize' : 'maximize' }, t.value, best?.value)) best = t;
  }
  return best;
}

/** Whether the sweep has run everything it will: no suggestion left, and every trial finished or failed. */
export function isComplete(sweep: SweepRow, trials: TrialRecord[]): boolean {
  if (!trials.every((t) => SETTLED.has(t.status))) return false;
  return suggest(sweepConfig(sweep), asSuggestionHistory(trials), sweep.seed) === null;
}

/** Records the best trial and, for a running sweep with nothing left to run, the status finished. Call under the sweep's lock. */
export async function settleSweep(tx: Prisma.TransactionClient, sweep: SweepRow, known?: TrialRecord[]): Promise<SweepOutcome> {
  const trials = known ?? (await loadTrials(tx, sweep));
  const best = bestTrial(sweep.goal, trials);
  const outcome: SweepOutcome = {
    status: sweep.status === 'running' && isComplete(sweep, trials) ? 'finished' : sweep.status,
    bestRunId: best?.runId ?? null,
    bestValue: best?.value ?? null,
  };
  if (outcome.status !== sweep.status || outcome.bestRunId !== sweep.bestRunId || outcome.bestValue !== sweep.bestValue) {
    await tx.sweep.update({
      where: { id: sweep.id },
      data: { status: outcome.status === 'finished' ? 'finished' : undefined, bestRunId: outcome.bestRunId, bestValue: outcome.bestValue },
    });
  }
  return outcome;
}
