// What the dashboard asks of the API: the runs table's filters and sort, and comparisons of curves.
import { z } from 'zod';
import { RunIdSchema, RunStatusSchema, TagSchema } from './run';
import { MetricNameSchema } from './metric';

export const RUN_SORT_COLUMNS = [
  'name',
  'status',
  'startedAt',
  'duration',
  'testAccuracy',
  'testLoss',
  'misclassifiedCount',
  'bestValAccuracy',
  'learningRate',
  'batchSize',
  'dropout',
  'sweep',
  'tags',
  'optimizer',
  'hiddenUnits',
  'backend',
  'seed',
  'lastEpoch',
  'bestValLoss',
] as const;

export const ListRunsSchema = z.object({
  status: z.array(RunStatusSchema).optional(),
  tag: TagSchema.optional(),
  sweepId: z.uuid().optional(),
  /** Matches name, notes and tags, case-insensitively. */
  search: z.string().trim().max(200).optional(),
  /** Exact hyperparameter values, e.g. { batchSize: 32, optimizer: "adam" }. */
  hyperparams: z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()])).optional(),
  sort: z.enum(RUN_SORT_COLUMNS).default('startedAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type ListRuns = z.infer<typeof ListRunsSchema>;

export const CompareCurvesSchema = z.object({
  runIds: z.array(RunIdSchema).min(1).max(100),
  metrics: z.array(MetricNameSchema).max(32).optional(),
  /** Downsample each series to at most this many points for drawing; exact values stay available per run. */
  maxPoints: z.number().int().min(10).max(100_000).optional(),
});
export type CompareCurves = z.infer<typeof CompareCurvesSchema>;
