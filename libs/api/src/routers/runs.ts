// runs.*: the trainer's writes (token required) and the dashboard's reads, each a thin call into ../runs.
import {
  CompareCurvesSchema,
  ConfigKeysQuerySchema,
  CreateRunSchema,
  EndRunSchema,
  EpochLogSchema,
  FinishRunSchema,
  HeartbeatSchema,
  ListRunsSchema,
  LogPointsSchema,
  MisclassifiedQuerySchema,
  RunRefSchema,
  SetNotesSchema,
  SetTagsSchema,
} from '@mnist-lab/metrics';
import { publicProcedure, router, writeProcedure } from '../trpc';
import { setNotes, setTags } from '../runs/annotate';
import { compareCurves } from '../runs/curves';
import { finishRun } from '../runs/finish-run';
import { getRun } from '../runs/get-run';
import { createRun, endRun, heartbeat } from '../runs/lifecycle';
import { listRuns } from '../runs/list-runs';
import { configKeys } from '../runs/config-keys';
import { logEpoch } from '../runs/log-epoch';
import { logPoints } from '../runs/log-points';
import { listMisclassified } from '../runs/misclassified';
import { reapCrashedRuns } from '../runs/reaper';

/** Reads that show statuses first mark silent runs crashed, so a page never shows a dead run as running. */
const statusReadProcedure = publicProcedure.use(async ({ ctx, next }) => {
  await reapCrashedRuns(ctx.db, ctx.crashAfterSeconds);
  return next();
});

export const runsRouter = router({
  create: writeProcedure.input(CreateRunSchema).mutation(({ ctx, input }) => createRun(ctx.db, input)),
  log: writeProcedure.input(LogPointsSchema).mutation(({ ctx, input }) => logPoints(ctx.db, input)),
  logEpoch: writeProcedure.input(EpochLogSchema).mutation(({ ctx, input }) => logEpoch(ctx.db, input)),
  heartbeat: writeProcedure.input(HeartbeatSchema).mutation(({ ctx, input }) => heartbeat(ctx.db, input.runId)),
  finish: writeProcedure.input(FinishRunSchema).mutation(({ ctx, input }) => finishRun(ctx.db, input, ctx.mnistDataDir)),
  end: writeProcedure.input(EndRunSchema).mutation(({ ctx, input }) => endRun(ctx.db, input)),
  setTags: writeProcedure.input(SetTagsSchema).mutation(({ ctx, input }) => setTags(ctx.db, input.runId, input.tags)),
  setNotes: writeProcedure.input(SetNotesSchema).mutation(({ ctx, input }) => setNotes(ctx.db, input.runId, input.notes)),

  list: statusReadProcedure.input(ListRunsSchema).query(({ ctx, input }) => listRuns(ctx.db, input)),
  get: statusReadProcedure.input(RunRefSchema).query(({ ctx, input }) => getRun(ctx.db, input.id)),
  configKeys: publicProcedure.input(ConfigKeysQuerySchema).query(({ ctx, input }) => configKeys(ctx.db, input)),
  curves: publicProcedure.input(CompareCurvesSchema).query(({ ctx, input }) => compareCurves(ctx.db, input)),
  misclassified: publicProcedure.input(MisclassifiedQuerySchema).query(({ ctx, input }) => listMisclassified(ctx.db, input)),
});
