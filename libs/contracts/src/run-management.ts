// What the dashboard's run management sends: a new name, and the runs a bulk archive, restore or delete acts on.
import { z } from 'zod';
import { RunIdSchema, RunNameSchema } from './run';

/** A bulk action's runs: a page of the table at most (200) with room for a few pages selected together. */
export const MAX_BULK_RUNS = 500;

export const RenameRunSchema = z.object({ runId: RunIdSchema, name: RunNameSchema });
export type RenameRun = z.infer<typeof RenameRunSchema>;

export const RunBatchSchema = z.object({
  runIds: z
    .array(RunIdSchema)
    .min(1, 'name at least one run')
    .max(MAX_BULK_RUNS, `at most ${MAX_BULK_RUNS} runs at a time: split the batch`),
});
export type RunBatch = z.infer<typeof RunBatchSchema>;

/** Which runs a list shows: archived ones are out of the default views until restored. */
export const ARCHIVED_FILTERS = ['exclude', 'include', 'only'] as const;
export const ArchivedFilterSchema = z.enum(ARCHIVED_FILTERS);
export type ArchivedFilter = z.infer<typeof ArchivedFilterSchema>;
