// Inputs of the analysis procedures: the digit-level diff of two runs, the digits most runs miss, whether a gap is real,
// and the digit explorer's (every test or validation digit across runs, and the pictures of a few).
import { z } from 'zod';
import { text } from './storable';
import { RunIdSchema } from './run';

export const RunDiffSchema = z.object({
  /** The baseline: "fixed" and "newly broken" are read from A to B. */
  a: RunIdSchema,
  b: RunIdSchema,
  /** Without pixels the answer is the indices alone (a few kB instead of up to a few MB), as the CLI wants it. */
  withPixels: z.boolean().default(true),
});
export type RunDiffRequest = z.infer<typeof RunDiffSchema>;

/** Enough for the runs of any sweep the dashboard shows, and short enough for a GET query string. */
export const MAX_ANALYSIS_RUNS = 200;

const GroupSchema = z.array(RunIdSchema).min(1, 'each group needs at least one run').max(MAX_ANALYSIS_RUNS / 2);

export const HardDigitsSchema = z
  .object({
    runIds: z.array(RunIdSchema).min(1).max(MAX_ANALYSIS_RUNS).optional(),
    sweepId: z.uuid('sweep ids are UUIDs').optional(),
    /** Groups of runs (a configuration across seeds each): each group votes as one classifier, its runs' majority. */
    groups: z
      .array(GroupSchema)
      .min(1)
      .max(MAX_ANALYSIS_RUNS)
      .refine((gs) => gs.flat().length <= MAX_ANALYSIS_RUNS, `at most ${MAX_ANALYSIS_RUNS} runs in all`)
      .refine((gs) => new Set(gs.flat()).size === gs.flat().length, 'a run appears in two groups, or twice in one')
      .optional(),
    /** A digit is "hard" when at least this share of the chosen runs gets it wrong. */
    minShare: z.number().gt(0, 'minShare must be in (0, 1]').max(1, 'minShare must be in (0, 1]').default(0.8),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .refine(
    (q) => [q.runIds, q.sweepId, q.groups].filter((x) => x !== undefined).length === 1,
    'give either runIds or sweepId (or groups), exactly one of them',
  );
export type HardDigitsRequest = z.infer<typeof HardDigitsSchema>;

export const GapSchema = z
  .object({ a: GroupSchema, b: GroupSchema })
  .refine((g) => !g.a.some((id) => g.b.includes(id)), 'a run cannot be in both groups')
  .refine((g) => new Set(g.a).size === g.a.length && new Set(g.b).size === g.b.length, 'a run appears twice in one group');
export type GapRequest = z.infer<typeof GapSchema>;

/** What changed between two groups of runs, each group voting as one classifier (its runs' majority per digit). */
export const GroupDiffSchema = z
  .object({ a: GroupSchema, b: GroupSchema, withPixels: z.boolean().default(true) })
  .refine((g) => !g.a.some((id) => g.b.includes(id)), 'a run cannot be in both groups')
  .refine((g) => new Set(g.a).size === g.a.length && new Set(g.b).size === g.b.length, 'a run appears twice in one group');
export type GroupDiffRequest = z.infer<typeof GroupDiffSchema>;

/** A run named the way a user types it: a full id, the first characters of one, or its exact name. */
export const RunLookupSchema = z.object({ ref: text().trim().min(1, 'give a run id, id prefix or name').max(200) });
export type RunLookup = z.infer<typeof RunLookupSchema>;

/** MNIST's test set: digit indices are 0..9,999. */
export const TEST_SET_SIZE = 10_000;

export const DigitExplorerSchema = z
  .object({
    runIds: z.array(RunIdSchema).min(1, 'pick at least one run').max(MAX_ANALYSIS_RUNS).optional(),
    sweepId: z.uuid('sweep ids are UUIDs').optional(),
    /** "Likely mislabeled": at least this share of the runs calls the digit the same other label... */
    mislabeledShare: z.number().gt(0, 'mislabeledShare must be in (0, 1]').max(1, 'mislabeledShare must be in (0, 1]').default(0.9),
    /** ...with at least this mean confidence. */
    mislabeledConfidence: z.number().min(0, 'mislabeledConfidence must be in [0, 1]').max(1, 'mislabeledConfidence must be in [0, 1]').default(0.8),
  })
  .refine((q) => (q.runIds === undefined) !== (q.sweepId === undefined), 'give either runIds or sweepId, not both and not neither');
export type DigitExplorerRequest = z.infer<typeof DigitExplorerSchema>;

/** Few enough that a hover or a screenful of rows is one small request. */
export const MAX_DIGIT_IMAGES = 200;

export const DigitImagesSchema = z.object({
  /** Whose stored mistakes may supply pixels when the server has no MNIST test files. */
  runIds: z.array(RunIdSchema).min(1, 'pick at least one run').max(MAX_ANALYSIS_RUNS),
  indices: z
    .array(z.number().int('digit indices are integers').min(0, 'digit indices are 0..9999').max(TEST_SET_SIZE - 1, 'digit indices are 0..9999'))
    .min(1, 'ask for at least one digit')
    .max(MAX_DIGIT_IMAGES, `at most ${MAX_DIGIT_IMAGES} digits at a time`),
});
export type DigitImagesRequest = z.infer<typeof DigitImagesSchema>;

/** MNIST's training set: a validation digit is named by its index among these 60,000 images (0..59,999). */
export const TRAIN_SET_SIZE = 60_000;

/** The explorer's validation mode: the runs' validation digits, named by training image, with when each run learned them. */
export const ValidationExplorerSchema = z
  .object({
    runIds: z.array(RunIdSchema).min(1, 'pick at least one run').max(MAX_ANALYSIS_RUNS).optional(),
    sweepId: z.uuid('sweep ids are UUIDs').optional(),
  })
  .refine((q) => (q.runIds === undefined) !== (q.sweepId === undefined), 'give either runIds or sweepId, not both and not neither');
export type ValidationExplorerRequest = z.infer<typeof ValidationExplorerSchema>;

export const ValidationImagesSchema = z.object({
  /** Whose stored validation mistakes may supply pixels. */
  runIds: z.array(RunIdSchema).min(1, 'pick at least one run').max(MAX_ANALYSIS_RUNS),
  sourceIndices: z
    .array(z.number().int('training-image indices are integers').min(0, 'training-image indices are 0..59999').max(TRAIN_SET_SIZE - 1, 'training-image indices are 0..59999'))
    .min(1, 'ask for at least one digit')
    .max(MAX_DIGIT_IMAGES, `at most ${MAX_DIGIT_IMAGES} digits at a time`),
});
export type ValidationImagesRequest = z.infer<typeof ValidationImagesSchema>;
