// What the dashboard asks of the API: the runs table's filters and sort, and comparisons of curves.
import { z } from 'zod';
import { text, textProblem } from './storable';
import { RunIdSchema, RunStatusSchema, TagSchema } from './run';
import { MetricNameSchema } from './metric';
import { ConfigPathSchema } from './config';
import { ArchivedFilterSchema } from './run-management';


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
  'paramCount',
  'family',
] as const;

/** A sort on any config key: `config.<dotted path>`, e.g. `config.optimizer.lr`. */
/** A config filter's value: a string (stored text, at most 200 characters), a number or true/false. */
const ConfigFilterValueSchema = z.unknown().transform((v, ctx): string | number | boolean => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const problem = textProblem(v) ?? (v.length > 200 ? 'at most 200 characters' : undefined);
    if (!problem) return v;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: 'expected a string, a number or true/false' });
  return z.NEVER;
});

export const ConfigSortSchema = text().max(263).regex(/^config\.[^.\s]\S*$/, 'sort by a config key as config.<dotted path>');
export type ConfigSort = z.infer<typeof ConfigSortSchema>;

export const RunSortSchema = z.union([z.enum(RUN_SORT_COLUMNS), ConfigSortSchema]);
export type RunSort = z.infer<typeof RunSortSchema>;

export const ListRunsSchema = z.object({
  status: z.array(RunStatusSchema).optional(),
  tag: TagSchema.optional(),
  sweepId: z.uuid().optional(),
  /** Matches name, notes and tags, case-insensitively. */
  search: text().trim().max(200).optional(),
  /** Exact config values by dotted path, e.g. { batchSize: 32, "optimizer.name": "adam" }. */
  config: z.record(ConfigPathSchema, ConfigFilterValueSchema).optional(),
  /** Archived runs are left out unless asked for: `include` lists them too, `only` lists nothing else. */
  archived: ArchivedFilterSchema.default('exclude'),
  sort: RunSortSchema.default('startedAt'),
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

export const ConfigKeysQuerySchema = z.object({
  /** Only the keys of this sweep's runs. */
  sweepId: z.uuid().optional(),
});

/** One config key present in the stored runs, for the runs table's column picker and filters. */
export interface ConfigKeyInfo {
  path: string;
  /** The JSON types its values take, e.g. ["number"] or ["string", "null"]. */
  types: string[];
  /** How many runs have it. */
  runs: number;
}
