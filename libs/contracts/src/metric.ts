// Metric names and the subset (train, validation, test) a name belongs to, Keras-style (`val_` prefix).
import { z } from 'zod';
import { datetime } from './storable';
import { AttemptSchema } from './attempt';

export const MetricNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_./-]{0,63}$/, 'metric names are 1-64 characters: letters, digits, _ . / -');

/** A finite number: zod 4's z.number() already rejects NaN and +-Infinity. */
export const MetricValueSchema = z.number();

export const STANDARD_METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr', 'epoch_time'] as const;

export type MetricSubset = 'train' | 'validation' | 'test' | 'other';

export function metricSubset(name: string): MetricSubset {
  if (name.startsWith('val_')) return 'validation';
  if (name.startsWith('test_')) return 'test';
  if (name === 'lr' || name === 'epoch_time') return 'other';
  return 'train';
}

/**
 * One point of a metric series: (run, name, step) is its key, so a repeated step replaces its value. `epoch` places
 * the point on the epoch axis: an epoch's end is its 1-based number (Keras' convention), a batch within it a fraction
 * (2.5 is halfway through the third epoch). `at` is when it was measured, for the wall-time axis.
 */
export const MetricPointSchema = z.object({
  name: MetricNameSchema,
  step: z.number().int().min(0).max(2_147_483_647),
  epoch: z.number().min(0).max(100_000).optional(),
  value: MetricValueSchema,
  at: datetime().optional(),
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;

/** At most this many points per request: 10,000 points are about 1 MB of JSON, well under the request cap. */
export const MAX_POINTS_PER_REQUEST = 10_000;

export const LogPointsSchema = z.object({
  runId: z.uuid('run ids are UUIDs'),
  points: z.array(MetricPointSchema).min(1).max(MAX_POINTS_PER_REQUEST),
  attempt: AttemptSchema,
});
export type LogPoints = z.infer<typeof LogPointsSchema>;
