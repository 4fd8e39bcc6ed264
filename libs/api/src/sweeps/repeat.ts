// sweeps.queueRepeat: a finished trial's configuration queued again with another seed, as a run of the sweep (no trial
// number, so no agent takes it): `mnist-lab repeat` starts it. Runs join a sweep only through calls like this one.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { configurationKey, indexedColumns, type QueueRepeat, type RunConfig } from '@mnist-lab/contracts';


export async function queueRepeat(db: Db, input: QueueRepeat): Promise<{ runId: string }> {
  const sweep = await db.sweep.findUnique({ where: { id: input.sweepId }, select: { id: true, name: true, status: true } });
  if (!sweep) throw new TRPCError({ code: 'NOT_FOUND', message: `sweep ${input.sweepId} not found` });
  if (sweep.status === 'running') {
    throw new TRPCError({ code: 'CONFLICT', message: `sweep ${sweep.name} is still running: repeat its configurations once it has ended` });
  }
  const trials = await db.run.findMany({ where: { sweepId: sweep.id, status: 'finished', trialNumber: { not: null } }, select: { config: true } });
  const wanted = configurationKey(input.config);
  if (!trials.some((t) => configurationKey(t.config as RunConfig) === wanted)) {
    throw new TRPCError({ code: 'CONFLICT', message: `sweep ${sweep.name} has no finished trial with this configuration: a repeat changes only the seed` });
  }
  const now = new Date();
  // A replayed queueRepeat (its answer lost) is a no-op: the run id is the caller's.
  await db.run.createMany({
    skipDuplicates: true,
    data: [
      {
        id: input.runId,
        name: input.name,
        status: 'queued',
        sweepId: sweep.id,
        config: input.config,
        backend: 'fused',
        ...indexedColumns(input.config),
        tags: [],
        startedAt: now,
        heartbeatAt: now,
      },
    ],
  });
  return { runId: input.runId };
}
