// runs.*: the trainer's writes (token required) and the dashboard's reads, each a thin call into ../runs.
import {
  CompareCurvesSchema,
  EmbeddingQuerySchema,
  ConfigKeysQuerySchema,
  CreateRunSchema,
  EndRunSchema,
  EpochLogSchema,
  FinishRunSchema,
  HeartbeatSchema,
  ListRunsSchema,
  LogPointsSchema,
  MisclassifiedQuerySchema,
  RenameRunSchema,
  RunBatchSchema,
  RunRefSchema,
  SetNotesSchema,
  SetTagsSchema,
  ValidationAtQuerySchema,
  ValidationHistoryQuerySchema,
  ValidationLogSchema,
} from '@mnist-lab/contracts';
import { publicProcedure, router, writeProcedure } from '../trpc';
import { setNotes, setTags } from '../runs/annotate';
import { deleteRuns } from '../runs/delete-runs';
import { renameRun, setArchived } from '../runs/manage-runs';
import { compareCurves } from '../runs/curves';
import { finishRun } from '../runs/finish-run';
import { getRun } from '../runs/get-run';
import { createRun, endRun, heartbeat } from '../runs/lifecycle';
import { listRuns } from '../runs/list-runs';
import { configKeys } from '../runs/config-keys';
import { logEpoch } from '../runs/log-epoch';
import { logPoints } from '../runs/log-points';
import { listMisclassified } from '../runs/misclassified';
import { readEmbedding } from '../runs/embedding';
import { logValidation } from '../runs/log-validation';
import { validationAt, validationHistory } from '../runs/validation-read';

export const runsRouter = router({
  create: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs', summary: 'Create a run; the client picks its id, so a replay is a no-op' } })
    .input(CreateRunSchema)
    .mutation(({ ctx, input }) => createRun(ctx.db, input, ctx.writer?.name ?? null)),
  log: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/{runId}/points', summary: 'Log up to 10,000 metric points; a repeated (name, step) replaces its value' } })
    .input(LogPointsSchema)
    .mutation(({ ctx, input }) => logPoints(ctx.db, input)),
  logEpoch: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/{runId}/epochs', summary: "Log one epoch's metrics; a repeated epoch replaces the earlier one" } })
    .input(EpochLogSchema)
    .mutation(({ ctx, input }) => logEpoch(ctx.db, input)),
  logValidation: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/{runId}/validation', summary: "Log one epoch's predictions on the validation set; a repeated epoch replaces the earlier one" } })
    .input(ValidationLogSchema)
    .mutation(({ ctx, input }) => logValidation(ctx.db, input)),
  heartbeat: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/{runId}/heartbeat', summary: 'Say the run is alive; a run silent for too long is marked crashed' } })
    .input(HeartbeatSchema)
    .mutation(({ ctx, input }) => heartbeat(ctx.db, input.runId, input.attempt)),
  finish: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/{runId}/finish', summary: 'Finish a run; the server derives test accuracy, confusion matrix and misclassified digits from `test`' } })
    .input(FinishRunSchema)
    .mutation(({ ctx, input }) => finishRun(ctx.db, input, ctx.mnistDataDir)),
  end: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/{runId}/end', summary: 'End a run as failed or stopped' } })
    .input(EndRunSchema)
    .mutation(({ ctx, input }) => endRun(ctx.db, input)),
  setTags: writeProcedure
    .meta({ openapi: { method: 'PUT', path: '/runs/{runId}/tags', summary: "Replace a run's tags" } })
    .input(SetTagsSchema)
    .mutation(({ ctx, input }) => setTags(ctx.db, input.runId, input.tags)),
  setNotes: writeProcedure
    .meta({ openapi: { method: 'PUT', path: '/runs/{runId}/notes', summary: "Replace a run's notes (null clears them)" } })
    .input(SetNotesSchema)
    .mutation(({ ctx, input }) => setNotes(ctx.db, input.runId, input.notes)),
  rename: writeProcedure
    .meta({ openapi: { method: 'PUT', path: '/runs/{runId}/name', summary: 'Rename a run' } })
    .input(RenameRunSchema)
    .mutation(({ ctx, input }) => renameRun(ctx.db, input.runId, input.name)),
  archive: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/archive', summary: 'Archive up to 500 runs: out of the default lists until restored; all or none' } })
    .input(RunBatchSchema)
    .mutation(({ ctx, input }) => setArchived(ctx.db, input.runIds, true)),
  restore: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/restore', summary: 'Restore up to 500 archived runs; all or none' } })
    .input(RunBatchSchema)
    .mutation(({ ctx, input }) => setArchived(ctx.db, input.runIds, false)),
  delete: writeProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/delete', summary: "Delete up to 500 runs with everything they logged; a running sweep's trials are refused (409); all or none" } })
    .input(RunBatchSchema)
    .mutation(({ ctx, input }) => deleteRuns(ctx.db, input.runIds)),

  // A POST because its `config` filter is an object, which a query string cannot carry (MLflow's runs/search does the same).
  list: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/runs/search', protect: false, summary: 'One page of runs, filtered and sorted' } })
    .input(ListRunsSchema)
    .query(({ ctx, input }) => (ctx.listCache ? ctx.listCache.list(ctx.db, input) : listRuns(ctx.db, input))),
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/runs/{id}', protect: false, summary: 'One run in full' } })
    .input(RunRefSchema)
    .query(({ ctx, input }) => getRun(ctx.db, input.id)),
  configKeys: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/config-keys', protect: false, summary: 'Every config key the runs hold, as dotted paths' } })
    .input(ConfigKeysQuerySchema)
    .query(({ ctx, input }) => configKeys(ctx.db, input)),
  curves: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/curves', protect: false, summary: "Runs' metric series (repeat runIds), downsampled to maxPoints" } })
    .input(CompareCurvesSchema)
    .query(({ ctx, input }) => compareCurves(ctx.db, input)),
  misclassified: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/runs/{runId}/misclassified', protect: false, summary: "A run's misclassified test digits with their pixels" } })
    .input(MisclassifiedQuerySchema)
    .query(({ ctx, input }) => listMisclassified(ctx.db, input)),
  validationAt: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/runs/{runId}/validation/{epoch}', protect: false, summary: "One epoch's validation predictions, confusion matrix and misclassified digits" } })
    .input(ValidationAtQuerySchema)
    .query(({ ctx, input }) => validationAt(ctx.db, input)),
  validationHistory: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/runs/{runId}/validation', protect: false, summary: 'Per validation digit: the epoch it stayed learned from and its forgetting events' } })
    .input(ValidationHistoryQuerySchema)
    .query(({ ctx, input }) => validationHistory(ctx.db, input.runId)),
  embedding: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/runs/{runId}/embedding', protect: false, summary: "The last hidden layer's int8 activations on the test digits, with scales and labels" } })
    .input(EmbeddingQuerySchema)
    .query(({ ctx, input }) => readEmbedding(ctx.db, input.runId)),
});
