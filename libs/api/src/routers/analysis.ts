// analysis.*: digit-level comparisons of finished runs (diff, hard digits, is the gap real?, calibration), each a thin call into ../analysis.
import { GapSchema, GroupDiffSchema, HardDigitsSchema, RunDiffSchema, RunLookupSchema, RunRefSchema } from '@mnist-lab/contracts';
import { publicProcedure, router } from '../trpc';
import { runCalibration } from '../analysis/calibration';
import { diffGroups, diffRuns } from '../analysis/diff-runs';
import { findRuns } from '../analysis/find-runs';
import { gap } from '../analysis/gap';
import { hardDigits } from '../analysis/hard-digits';

export const analysisRouter = router({
  diff: publicProcedure.input(RunDiffSchema).query(({ ctx, input }) => diffRuns(ctx.db, input)),
  groupDiff: publicProcedure.input(GroupDiffSchema).query(({ ctx, input }) => diffGroups(ctx.db, input)),
  hardDigits: publicProcedure.input(HardDigitsSchema).query(({ ctx, input }) => hardDigits(ctx.db, input)),
  gap: publicProcedure.input(GapSchema).query(({ ctx, input }) => gap(ctx.db, input)),
  calibration: publicProcedure.input(RunRefSchema).query(({ ctx, input }) => runCalibration(ctx.db, input.id)),
  findRuns: publicProcedure.input(RunLookupSchema).query(({ ctx, input }) => findRuns(ctx.db, input.ref)),
});
