// Trial leases: a handed-out trial is held while its run's heartbeat is fresh; a lost one goes back to the queue, clean.
import type { Prisma } from '@mnist-lab/db';
import { allowedFor, RUN_TRANSITIONS } from '../runs/run-state';
import { heldTrials, requeueTrials, TRIAL_ATTEMPTS } from './queue';

/**
 * Settles every handed-out trial of a running sweep that is no longer held: stopped ones go back to the queue, and
 * ones silent for `crashAfterSeconds` lose their lease (a trial that has lost it TRIAL_ATTEMPTS times is marked
 * failed). Finished and failed trials are over and not looked at. Call under the sweep's lock.
 */
export async function reclaimLostTrials(tx: Prisma.TransactionClient, sweepId: string, crashAfterSeconds: number): Promise<void> {
  const held = await heldTrials(tx, sweepId);
  if (held.length === 0) return;
  const cutoff = Date.now() - crashAfterSeconds * 1000;
  const stopped: string[] = [];
  const lost: string[] = [];
  const exhausted: string[] = [];
  for (const run of held) {
    if (run.status === 'stopped') stopped.push(run.id);
    else if (run.heartbeatAt.getTime() < cutoff) (run.lostLeases + 1 >= TRIAL_ATTEMPTS ? exhausted : lost).push(run.id);
  }
  await requeueTrials(tx, stopped);
  await requeueTrials(tx, lost, true);
  if (exhausted.length > 0) {
    await tx.run.updateMany({
      where: { id: { in: exhausted }, ...allowedFor('give-up') },
      data: {
        status: RUN_TRANSITIONS['give-up'].to,
        lostLeases: { increment: 1 },
        error: `lost its agent ${TRIAL_ATTEMPTS} times (no heartbeat for ${crashAfterSeconds}s): given up`,
        endedAt: new Date(),
      },
    });
  }
}
