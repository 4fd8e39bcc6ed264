// Runs and their events as the trainer sends them and the API accepts them.
import { z } from 'zod';
import { datetime, jsonProblem, text } from './storable';
import { ArchitectureSchema } from './architecture';
import { RunConfigSchema } from './config';
import { AttemptSchema } from './attempt';
import { MetricNameSchema, MetricValueSchema } from './metric';
import { base64 } from './bytes';
import { TestEmbeddingSchema } from './embedding';

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'crashed', 'stopped'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunIdSchema = z.uuid('run ids are UUIDs');
export const TagSchema = text().trim().min(1).max(64);
export const NUM_CLASSES = 10;
export const IMAGE_PIXELS = 28 * 28;

export { base64 };

/** The framework or engine a run trained on, free text: `fused`, `wasm`, `tfjs-node`, `pytorch 2.4`, `jax`. */
export const RunBackendSchema = text().trim().min(1).max(64);

/** A run's name as the table shows it; the trainer names runs, the page renames them. */
export const RunNameSchema = text().trim().min(1).max(200);

const CreateRunFields = z.object({
  /** Chosen by the client so that events can be spooled offline before the server has seen the run. */
  id: RunIdSchema,
  name: RunNameSchema,
  /** The user's config, stored as given: never filled with defaults (see config.ts for its bounds). */
  config: RunConfigSchema.default({}),
  architecture: ArchitectureSchema.optional(),
  backend: RunBackendSchema.default('unknown'),
  host: text().max(255).optional(),
  gitCommit: text().max(64).optional(),
  /** The command line that started the run, as the shell would show it. */
  command: text().max(4_096).optional(),
  tags: z.array(TagSchema).max(32).default([]),
  notes: text().max(10_000).optional(),
  sweepId: z.uuid().optional(),
  attempt: AttemptSchema,
  startedAt: datetime(),
});

export const CreateRunSchema = CreateRunFields;

/** Spools written before runs had a config named the trainer's settings `hyperparams`: `sync` upgrades them with this. */
export function upgradeLegacyCreateRun(payload: unknown): unknown {
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && 'hyperparams' in payload && !('config' in payload)) {
    const { hyperparams, ...rest } = payload as Record<string, unknown>;
    return { ...rest, config: hyperparams };
  }
  return payload;
}

export type CreateRun = z.infer<typeof CreateRunFields>;
export type CreateRunInput = z.input<typeof CreateRunFields>;

export const EpochLogSchema = z.object({
  runId: RunIdSchema,
  /** 1-based, as Keras prints it. */
  epoch: z.number().int().min(1).max(100_000),
  /** The step this epoch ended at (batches so far), so epoch metrics sit beside step metrics; the epoch when absent. */
  step: z.number().int().min(0).max(2_147_483_647).optional(),
  metrics: z
    .record(MetricNameSchema, MetricValueSchema)
    .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= 64, '1 to 64 metrics per epoch'),
  /** When the epoch ended, ISO 8601; the wall-time axis of the charts. */
  at: datetime(),
  attempt: AttemptSchema,
});
export type EpochLog = z.infer<typeof EpochLogSchema>;

export const HeartbeatSchema = z.object({ runId: RunIdSchema, attempt: AttemptSchema });

const probability = z.number().min(0).max(1);

export const MisclassifiedSchema = z.object({
  /** Index into the 10,000 MNIST test images. */
  index: z.number().int().min(0).max(9_999),
  trueLabel: z.number().int().min(0).max(9),
  predictedLabel: z.number().int().min(0).max(9),
  confidence: probability,
  probabilities: z.array(probability).length(NUM_CLASSES),
  /** The 784 raw pixels (0-255, row-major), so the dashboard can draw the digit. */
  pixels: base64(IMAGE_PIXELS),
});
export type Misclassified = z.infer<typeof MisclassifiedSchema>;

export const ConfusionMatrixSchema = z
  .array(z.array(z.number().int().min(0)).length(NUM_CLASSES))
  .length(NUM_CLASSES)
  .describe('rows: true label, columns: predicted label');

/** Weights larger than this stay in the run folder only: with base64 they must fit the server's 32 MB request cap. */
export const MAX_MODEL_UPLOAD_BYTES = 20 * 1024 * 1024;

export const ModelArtifactSchema = z.object({
  format: z.literal('tfjs-layers'),
  /** model.json of the tfjs layers format, with its weightsManifest pointing at one `weights.bin`. */
  modelJson: z.record(text(), z.unknown()).superRefine((v, ctx) => {
    const problem = jsonProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  weights: base64(MAX_MODEL_UPLOAD_BYTES),
});
export type ModelArtifact = z.infer<typeof ModelArtifactSchema>;

export const MNIST_TEST_COUNT = 10_000;

export const TestPredictionsSchema = z.object({
  /** 10,000 predicted labels, one byte each. */
  labels: base64(MNIST_TEST_COUNT),
  /** 10,000 float32 confidences (little-endian). */
  confidences: base64(MNIST_TEST_COUNT * 4),
});

/**
 * Any MNIST classifier's answers on the 10,000 test digits, in the files' order. The server derives from them test
 * accuracy, the confusion matrix and the misclassified gallery (with the digits' pixels from its own copy of the test
 * set), so an SDK run gets everything a trainer run has, digit by digit.
 */
export const TestResultsSchema = TestPredictionsSchema.extend({
  /** Optional: 10,000 x 10 float32 probabilities, row-major; they give the gallery its bars and the server the test loss. */
  probabilities: base64(MNIST_TEST_COUNT * 10 * 4).optional(),
  /** The test loss as the script computed it; derived as mean cross-entropy from `probabilities` when absent. */
  loss: MetricValueSchema.optional(),
});
export type TestResults = z.infer<typeof TestResultsSchema>;

/**
 * How a run finishes. `test` (labels and confidences for every test digit) is the one form clients send today; the
 * server derives the rest. The precomputed fields (testLoss ... predictions) are the form earlier trainers spooled.
 * Without either the run simply finishes, with no test results.
 */
export const FinishRunSchema = z.object({
  runId: RunIdSchema,
  test: TestResultsSchema.optional(),
  testLoss: MetricValueSchema.optional(),
  testAccuracy: z.number().min(0).max(1).optional(),
  misclassifiedCount: z.number().int().min(0).max(10_000).optional(),
  confusionMatrix: ConfusionMatrixSchema.optional(),
  misclassified: z.array(MisclassifiedSchema).max(10_000).optional(),
  predictions: TestPredictionsSchema.optional(),
  bestEpoch: z.number().int().min(1).optional(),
  stoppedEarly: z.boolean().default(false),
  endedAt: datetime(),
  model: ModelArtifactSchema.optional(),
  /** The last hidden layer's activations on the test digits, for the embedding map (see embedding.ts). */
  embedding: TestEmbeddingSchema.optional(),
  attempt: AttemptSchema,
});
export type FinishRun = z.infer<typeof FinishRunSchema>;
export const EndRunSchema = z.object({
  runId: RunIdSchema,
  status: z.enum(['failed', 'stopped']),
  error: text().max(10_000).optional(),
  endedAt: datetime(),
  attempt: AttemptSchema,
});
export type EndRun = z.infer<typeof EndRunSchema>;
