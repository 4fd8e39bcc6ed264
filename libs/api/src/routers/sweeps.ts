// sweeps.*: create, stop and resume sweeps, hand trials to agents, prune and settle them; list and inspect sweeps.
import { TRPCError } from '@trpc/server';
import { CreateSweepSchema, NextTrialSchema, QueueRepeatSchema, SweepRefSchema, TrialRefSchema } from '@mnist-lab/contracts';
import { publicProcedure, router, writeProcedure } from '../trpc';
import { completeTrial } from '../sweeps/complete-trial';
import { createSweep } from '../sweeps/create-sweep';
import { nextTrial } from '../sweeps/next-trial';
import { pruneTrial } from '../sweeps/prune-trial';
import { queueRepeat } from '../sweeps/repeat';
import { resumeSweep, stopSweep } from '../sweeps/stop-resume';
import { emptyProgress, progressBySweep, sweepTrials } from '../sweeps/sweep-view';
import { sweepRowSelect } from '../sweeps/trials';

const summary = {
  id: true,
  name: true,
  method: true,
  metric: true,
  goal: true,
  status: true,
  maxTrials: true,
  seed: true,
  bestRunId: true,
  bestValue: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { runs: true } },
} as const;

function view<T extends { createdAt: Date; updatedAt: Date; _count: { runs: number } }>(s: T) {
  const { _count, createdAt, updatedAt, ...rest } = s;
  return { ...rest, runCount: _count.runs, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

export const sweepsRouter = router({
  create: writeProcedure.input(CreateSweepSchema).mutation(({ ctx, input }) => createSweep(ctx.db, input)),
  nextTrial: writeProcedure
    .input(NextTrialSchema)
    .mutation(({ ctx, input }) => nextTrial(ctx.db, ctx.sweepSignals, input, ctx.crashAfterSeconds)),
  shouldPrune: writeProcedure.input(TrialRefSchema).mutation(({ ctx, input }) => pruneTrial(ctx.db, input.runId, input.attempt)),
  completeTrial: writeProcedure.input(TrialRefSchema).mutation(({ ctx, input }) => completeTrial(ctx.db, input.runId, input.attempt)),
  stop: writeProcedure.input(SweepRefSchema).mutation(({ ctx, input }) => stopSweep(ctx.db, input.id)),
  resume: writeProcedure.input(SweepRefSchema).mutation(({ ctx, input }) => resumeSweep(ctx.db, input.id)),
  queueRepeat: writeProcedure.input(QueueRepeatSchema).mutation(({ ctx, input }) => queueRepeat(ctx.db, input)),

  list: publicProcedure.query(async ({ ctx }) => {
    const [sweeps, progress] = await Promise.all([
      ctx.db.sweep.findMany({ select: summary, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      progressBySweep(ctx.db),
    ]);
    return { sweeps: sweeps.map((s) => ({ ...view(s), progress: progress.get(s.id) ?? emptyProgress() })) };
  }),
  get: publicProcedure.input(SweepRefSchema).query(async ({ ctx, input }) => {
    const sweep = await ctx.db.sweep.findUnique({ where: { id: input.id }, select: { ...summary, ...sweepRowSelect } });
    if (!sweep) throw new TRPCError({ code: 'NOT_FOUND', message: `sweep ${input.id} not found` });
    return { ...view(sweep), ...(await sweepTrials(ctx.db, sweep)) };
  }),
});
