// Inputs of the API's smaller procedures: look-ups by id, a run's misclassified digits, tag and note edits.
import { z } from 'zod';
import { text } from './storable';
import { RunIdSchema, TagSchema } from './run';

export const RunRefSchema = z.object({ id: RunIdSchema });

export const SweepRefSchema = z.object({ id: z.uuid('sweep ids are UUIDs') });

export const MISCLASSIFIED_SORTS = ['confidence-desc', 'confidence-asc', 'index'] as const;

export const MisclassifiedQuerySchema = z.object({
  runId: RunIdSchema,
  trueLabel: z.number().int().min(0).max(9).optional(),
  predictedLabel: z.number().int().min(0).max(9).optional(),
  /** Most confident mistakes first by default: those are the interesting ones. */
  sort: z.enum(MISCLASSIFIED_SORTS).default('confidence-desc'),
  limit: z.number().int().min(1).max(10_000).default(10_000),
});
export type MisclassifiedQuery = z.infer<typeof MisclassifiedQuerySchema>;

export const SetTagsSchema = z.object({
  runId: RunIdSchema,
  tags: z.array(TagSchema).max(32),
});

export const SetNotesSchema = z.object({
  runId: RunIdSchema,
  /** Plain text, stored as given; null clears the notes. */
  notes: text().max(10_000).nullable(),
});
