// sweeps.stop and sweeps.resume: a stopped sweep hands out nothing; resuming it queues its interrupted trials again.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { withSweepLock } from './lock';
import { sweepNotFound } from './next-trial';
import { announceSweepChange, requeueTrials } from './queue';
import { sweepRowSelect } from './trials';

export interface SweepState {
  id: string;
  name: string;
  status: string;
  maxTrials: number;
}

/** Stops a running sweep; a finished or already stopped one is left as it is. */
export async function stopSweep(db: Db, sweepId: string): Promise<SweepState> {
  return withSweepLock(db, sweepId, async (tx) => {
    const sweep = await tx.sweep.findUnique({ where: { id: sweepId }, select: sweepRowSelect });
    if (!sweep) throw sweepNotFound(sweepId);
    if (sweep.status === 'running') {
      await tx.sweep.update({ where: { id: sweepId }, data: { status: 'stopped' } });
      await announceSweepChange(tx, sweepId);
    }
    return { id: sweep.id, name: sweep.name, maxTrials: sweep.maxTrials, status: sweep.status === 'running' ? 'stopped' : sweep.status };
  });
}

/** Sets a stopped (or running) sweep running and puts its stopped trials back in the queue; finished trials stay done. */
export async function resumeSweep(db: Db, sweepId: string): Promise<SweepState> {
  return withSweepLock(db, sweepId, async (tx) => {
    const sweep = await tx.sweep.findUnique({ where: { id: sweepId }, select: sweepRowSelect });
    if (!sweep) throw sweepNotFound(sweepId);
    if (sweep.status === 'finished' || sweep.status === 'failed') {
      throw new TRPCError({ code: 'CONFLICT', message: `sweep ${sweep.name} (${sweepId}) has ${sweep.status}: there is nothing to resume` });
    }
    const stopped = await tx.run.findMany({ where: { sweepId, status: 'stopped' }, select: { id: true } });
    const ids = stopped.map((r) => r.id);
    await requeueTrials(tx, ids);
    if (sweep.status !== 'running') await tx.sweep.update({ where: { id: sweepId }, data: { status: 'running' } });
    await announceSweepChange(tx, sweepId);
    return { id: sweep.id, name: sweep.name, maxTrials: sweep.maxTrials, status: 'running' };
  });
}
