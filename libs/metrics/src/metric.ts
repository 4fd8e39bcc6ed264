// Metric names and the subset (train, validation, test) a name belongs to, Keras-style (`val_` prefix).
import { z } from 'zod';

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
