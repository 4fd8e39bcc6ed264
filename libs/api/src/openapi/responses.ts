// What each REST operation answers, as zod schemas for the OpenAPI document only; the compiler holds them to the router's types.
import { z } from 'zod';
import type { inferRouterOutputs } from '@trpc/server';
import { ArchitectureSchema, EmbeddingViewSchema, RunConfigSchema, RunStatusSchema, ValidationAtViewSchema, ValidationHistoryViewSchema } from '@mnist-lab/contracts';
import type { AppRouter } from '../root';

const ok = z.literal(true);
const isoTime = z.iso.datetime();
const nullableNumber = z.number().nullable();

const RunRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: RunStatusSchema,
  sweepId: z.uuid().nullable(),
  sweepName: z.string().nullable(),
  tags: z.array(z.string()),
  config: RunConfigSchema,
  backend: z.string(),
  seed: nullableNumber,
  learningRate: nullableNumber,
  batchSize: nullableNumber,
  dropout: nullableNumber,
  family: z.string().nullable(),
  paramCount: nullableNumber,
  lastEpoch: z.number().int(),
  bestValAccuracy: nullableNumber,
  bestValLoss: nullableNumber,
  testAccuracy: nullableNumber,
  testLoss: nullableNumber,
  misclassifiedCount: nullableNumber,
  durationMs: nullableNumber,
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  heartbeatAt: isoTime,
  archivedAt: isoTime.nullable().describe('when the run was archived from the page; null while it is in the default lists'),
});

const RunDetailSchema = RunRowSchema.extend({
  notes: z.string().nullable(),
  error: z.string().nullable(),
  host: z.string().nullable(),
  gitCommit: z.string().nullable(),
  command: z.string().nullable(),
  architecture: ArchitectureSchema.nullable(),
  bestEpoch: nullableNumber,
  stoppedEarly: z.boolean().nullable(),
  confusionMatrix: z.array(z.array(z.number().int())).nullable().describe('10x10, rows: true label, columns: predicted label; null until finished'),
  hasModel: z.boolean(),
  hasPredictions: z.boolean(),
  validationEpochs: z.number().int().describe('epochs of validation predictions stored (runs.validationAt)'),
  hasEmbedding: z.boolean().describe('whether the test embedding is stored (runs.embedding)'),
});

const SeriesSchema = z.object({
  step: z.array(z.number().int()),
  epoch: z.array(z.number().nullable()).describe("each point's place on the epoch axis; null where the client gave none"),
  value: z.array(z.number()),
  at: z.array(z.number()).describe('when each point was measured, in ms since the Unix epoch'),
  total: z.number().int().describe('how many points the series holds before downsampling'),
});

const DigitSchema = z.object({
  index: z.number().int().describe('index into the 10,000 MNIST test digits'),
  trueLabel: z.number().int(),
  predictedLabel: z.number().int(),
  confidence: z.number(),
  probabilities: z.array(z.number()),
  pixels: z.string().describe('784 raw pixels, 0-255, row-major, base64'),
});

/** Keyed by procedure path, as the router names them. */
export const RESPONSE_SCHEMAS = {
  health: z.object({ ok, store: z.enum(['external', 'embedded']) }),
  'runs.create': z.object({ id: z.uuid() }),
  'runs.log': z.object({ ok, stored: z.number().int().describe('points stored (a repeated step replaces its value)') }),
  'runs.logEpoch': z.object({ ok }),
  'runs.heartbeat': z.object({ ok, status: z.string().describe("the run's status on the server; a crashed run heard from again is running again") }),
  'runs.finish': z.object({ ok }),
  'runs.end': z.object({ ok }),
  'runs.setTags': z.object({ ok, tags: z.array(z.string()) }),
  'runs.setNotes': z.object({ ok }),
  'runs.rename': z.object({ ok, name: z.string() }),
  'runs.archive': z.object({ ok, changed: z.number().int().describe('runs archived now; those already archived are left as they were') }),
  'runs.restore': z.object({ ok, changed: z.number().int().describe('runs restored now; those not archived are left as they were') }),
  'runs.delete': z.object({ ok, deleted: z.number().int() }),
  'runs.list': z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), runs: z.array(RunRowSchema) }),
  'runs.get': RunDetailSchema,
  'runs.configKeys': z.array(
    z.object({ path: z.string().describe('dotted, e.g. optimizer.lr'), types: z.array(z.string()), runs: z.number().int() }),
  ),
  'runs.curves': z.object({
    runs: z.array(
      z.object({ id: z.uuid(), name: z.string(), status: RunStatusSchema, startedAt: isoTime, series: z.record(z.string(), SeriesSchema) }),
    ),
  }),
  'runs.misclassified': z.object({ total: z.number().int(), digits: z.array(DigitSchema) }),
  'runs.logValidation': z.object({ ok, correct: z.number().int().describe('validation digits right at this epoch') }),
  'runs.validationAt': ValidationAtViewSchema,
  'runs.validationHistory': ValidationHistoryViewSchema,
  'runs.embedding': EmbeddingViewSchema,
};

// Compile-time: every schema above describes exactly what its procedure returns, so the document cannot drift from the code.
type Outputs = inferRouterOutputs<AppRouter>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Output<P extends string> = P extends `${infer R extends keyof Outputs}.${infer K}` ? (K extends keyof Outputs[R] ? Outputs[R][K] : never) : P extends keyof Outputs ? Outputs[P] : never;
type Schemas = typeof RESPONSE_SCHEMAS;
type Mismatched = { [P in keyof Schemas]: Same<z.infer<Schemas[P]>, Output<P>> extends true ? never : P }[keyof Schemas];
// An error here names the procedure whose schema no longer matches what it returns.
const _noneMismatched: [Mismatched] extends [never] ? true : Mismatched = true;
