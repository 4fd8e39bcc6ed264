// sweeps.shouldPrune: the sweep's early-termination rule applied to one trial's curve against the other trials' curves.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { shouldPrune } from '@mnist-lab/sweep';
import { loadCurves, sweepConfig } from './trials';
import { checkAttempt } from '../runs/run-state';

/** Whether the trial should stop now; a yes is recorded on the run, which then finishes with its test evaluation. */
export async function pruneTrial(db: Db, runId: string, attempt?: number): Promise<{ prune: boolean }> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { attempt: true, trialNumber: true, sweep: { select: { id: true, name: true, metric: true, config: true } } },
  });
  if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${runId} not found` });
  if (!run.sweep) throw new TRPCError({ code: 'BAD_REQUEST', message: `run ${runId} is not a sweep trial` });
  checkAttempt(runId, run.attempt, attempt);
  const config = sweepConfig(run.sweep);
  if (config.earlyTermination.type === 'none') return { prune: false };
  const [curves, numbers] = await Promise.all([
    loadCurves(db, run.sweep.id, run.sweep.metric),
    // Hyperband's brackets go by trial number.
    db.run.findMany({ where: { sweepId: run.sweep.id }, select: { id: true, trialNumber: true } }),
  ]);
  const trialNumber = new Map(numbers.map((r) => [r.id, r.trialNumber ?? undefined]));
  const others = [...curves].filter(([id]) => id !== runId).map(([id, curve]) => ({ curve, trialNumber: trialNumber.get(id) }));
  const prune = shouldPrune(config, { curve: curves.get(runId) ?? [], trialNumber: run.trialNumber ?? undefined }, others);
  if (prune) await db.run.updateMany({ where: { id: runId, ...(attempt === undefined ? {} : { attempt }) }, data: { pruned: true } });
  return { prune };
}
