// sweeps.*: the sweeps a user started and how many runs each has so far (the sweeps feature adds its writes here).
import { TRPCError } from '@trpc/server';
import { SweepRefSchema } from '@mnist-lab/metrics';
import { publicProcedure, router } from '../trpc';

const summary = {
  id: true,
  name: true,
  method: true,
  metric: true,
  goal: true,
  status: true,
  maxTrials: true,
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
  list: publicProcedure.query(async ({ ctx }) => {
    const sweeps = await ctx.db.sweep.findMany({ select: summary, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return { sweeps: sweeps.map(view) };
  }),
  get: publicProcedure.input(SweepRefSchema).query(async ({ ctx, input }) => {
    const sweep = await ctx.db.sweep.findUnique({ where: { id: input.id }, select: { ...summary, config: true } });
    if (!sweep) throw new TRPCError({ code: 'NOT_FOUND', message: `sweep ${input.id} not found` });
    return view(sweep);
  }),
});
