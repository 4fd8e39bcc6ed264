// sweeps.completeTrial: an agent is done with its trial; the trial is settled and the sweep's best and status follow.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import type { RunStatus } from '@mnist-lab/contracts';
import { withSweepLock } from './lock';
import { sweepNotFound } from './next-trial';
import { announceSweepChange, holdTrials, requeueTrials } from './queue';
import { settleSweep, type SweepOutcome } from './settle';
import { checkAttempt } from '../runs/run-state';
import { sweepRowSelect } from './trials';

export interface TrialOutcome {
  sweepId: string;
  /** The run's status as the server has it: finished or failed settle the trial; anything else leaves it to its lease. */
  status: RunStatus;
  pruned: boolean;
  sweep: SweepOutcome;
}

export async function completeTrial(db: Db, runId: string, attempt?: number): Promise<TrialOutcome> {
  const ref = await db.run.findUnique({ where: { id: runId }, select: { sweepId: true } });
  if (!ref) throw new TRPCError({ code: 'NOT_FOUND', message: `run ${runId} not found` });
  const sweepId = ref.sweepId;
  if (!sweepId) throw new TRPCError({ code: 'BAD_REQUEST', message: `run ${runId} is not a sweep trial` });
  return withSweepLock(db, sweepId, async (tx) => {
    const sweep = await tx.sweep.findUnique({ where: { id: sweepId }, select: sweepRowSelect });
    if (!sweep) throw sweepNotFound(sweepId);
    const run = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, pruned: true, attempt: true } });
    checkAttempt(runId, run.attempt, attempt);
    const status = run.status as RunStatus;
    if (status === 'stopped') {
      // An agent stopped by hand: the trial goes to another agent, or waits for the sweep to be resumed.
      if (sweep.status === 'running') await requeueTrials(tx, [runId]);
      else await holdTrials(tx, [runId]);
    }
    // Finished and failed trials are over; anything else (its finish still in the agent's spool, say) is settled when
    // it arrives or when the lease runs out.
    const outcome = await settleSweep(tx, sweep);
    await announceSweepChange(tx, sweepId);
    return { sweepId, status, pruned: run.pruned, sweep: outcome };
  });
}
