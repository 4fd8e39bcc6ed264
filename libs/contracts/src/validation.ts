// Per-epoch predictions on a run's validation set: what the SDK takes, what goes over the wire, what the reads return.
//
// Wire form, about 12 KB per epoch for 6,000 digits: one byte per predicted label and one per confidence (quantized
// to round(c * 255), at most 0.002 off, finer than a gallery or a histogram shows). The set itself (true labels, which
// training images) goes once, with the run's first record. Pixels go the first time a digit is wrong, so the server
// can draw every misclassified digit at any epoch without MNIST files of its own: a run that reaches 98% gets a few
// hundred digits wrong over its epochs, a few hundred KB, where storing all 6,000 once would be 4.7 MB per run.
import { z } from 'zod';
import { base64Length, fromBase64, toBase64 } from './bytes';
import { datetime } from './storable';
import { AttemptSchema } from './attempt';
import { base64, IMAGE_PIXELS, NUM_CLASSES, RunIdSchema } from './run';

/** At most the whole training set can be held out. */
export const MAX_VALIDATION_COUNT = 60_000;
/** Confidences are stored as round(c * CONFIDENCE_STEPS) in one byte. */
export const CONFIDENCE_STEPS = 255;

/**
 * An array or typed array whose every value passes `ok`, checked in one loop: 6,000 digits a call, every epoch, where
 * zod's per-element schemas cost 14 ms against well under 1 ms here.
 */
const values = (what: string, ok: (x: number) => boolean) =>
  z
    .custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), 'expected an array or a typed array')
    .superRefine((a, ctx) => {
      if (a.length < 1 || a.length > MAX_VALIDATION_COUNT) ctx.addIssue({ code: 'custom', message: `expected 1 to ${MAX_VALIDATION_COUNT} values, got ${a.length}` });
      for (let i = 0; i < a.length; i++) {
        if (!ok(a[i])) {
          ctx.addIssue({ code: 'custom', path: [i], message: `${a[i]} is not ${what}` });
          return;
        }
      }
    });

const isLabel = (x: number) => Number.isInteger(x) && x >= 0 && x < NUM_CLASSES;

/** What `run.logValidationPredictions(epoch, ...)` takes: arrays or typed arrays, one value per validation digit. */
export const ValidationPredictionsValuesSchema = z
  .object({
    /** The true label of every validation digit, in a fixed order kept for the whole run. */
    labels: values('a digit 0-9', isLabel),
    /** The label the model predicted for each digit at this epoch. */
    predictions: values('a digit 0-9', isLabel),
    /** The probability the model gave its predicted label. */
    confidences: values('a probability in [0, 1]', (x) => x >= 0 && x <= 1),
    /** Which training images the digits are (indices into the 60,000), when they are MNIST's. */
    sourceIndices: values('an index into the 60,000 training images', (x) => Number.isInteger(x) && x >= 0 && x < MAX_VALIDATION_COUNT).optional(),
  })
  .superRefine((v, ctx) => {
    for (const key of ['predictions', 'confidences', 'sourceIndices'] as const) {
      const n = v[key]?.length;
      if (n !== undefined && n !== v.labels.length) ctx.addIssue({ code: 'custom', path: [key], message: `expected ${v.labels.length} values (one per label), got ${n}` });
    }
  });
export type ValidationPredictionsValues = z.infer<typeof ValidationPredictionsValuesSchema>;

/** Checks that every byte is a digit 0-9 and returns how many there are (-1 for base64 that does not decode). */
export function checkLabelBytes(b64: string, path: (string | number)[], ctx: z.RefinementCtx): number {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(b64);
  } catch {
    ctx.addIssue({ code: 'custom', path, message: 'not base64 (its length is not a multiple of 4)' });
    return -1;
  }
  const bad = bytes.findIndex((b) => b >= NUM_CLASSES);
  if (bad >= 0) ctx.addIssue({ code: 'custom', path, message: `${bytes[bad]} at ${bad} is not a digit 0-9` });
  return bytes.length;
}

/** The run's validation set, sent with its first record (resent as is, it is a no-op; a different one is refused). */
export const ValidationSetSchema = z.object({
  /** One true label per digit, one byte each. */
  labels: base64(MAX_VALIDATION_COUNT),
  /** One uint32 per digit, little-endian (every platform node and browsers run on): its index among the 60,000 training images. */
  sourceIndices: base64(MAX_VALIDATION_COUNT * 4).optional(),
});
export type ValidationSet = z.infer<typeof ValidationSetSchema>;

export const ValidationPixelsSchema = z.object({
  /** Index into the run's validation set. */
  index: z.number().int().min(0).max(MAX_VALIDATION_COUNT - 1),
  /** 784 raw pixels, 0-255, row-major. */
  pixels: base64(IMAGE_PIXELS),
});

/** runs.logValidation: one epoch's predictions, in the bytes the store keeps. */
export const ValidationLogSchema = z
  .object({
    runId: RunIdSchema,
    /** 1-based, the epoch of the logEpoch metrics these predictions gave val_loss and val_accuracy for. */
    epoch: z.number().int().min(1).max(100_000),
    set: ValidationSetSchema.optional(),
    /** One predicted label per digit, one byte each. */
    predicted: base64(MAX_VALIDATION_COUNT),
    /** One confidence per digit, round(c * 255) in a byte. */
    confidences: base64(MAX_VALIDATION_COUNT),
    /** The pixels of digits wrong at this epoch whose pixels no earlier record carried. */
    pixels: z.array(ValidationPixelsSchema).max(MAX_VALIDATION_COUNT).optional(),
    at: datetime(),
    attempt: AttemptSchema,
  })
  .superRefine((v, ctx) => {
    const n = checkLabelBytes(v.predicted, ['predicted'], ctx);
    if (n < 0) return;
    if (n === 0) ctx.addIssue({ code: 'custom', path: ['predicted'], message: 'no predictions' });
    if (base64Length(v.confidences) !== n) ctx.addIssue({ code: 'custom', path: ['confidences'], message: `expected ${n} bytes (one per prediction), got ${base64Length(v.confidences)}` });
    if (v.set) {
      const m = checkLabelBytes(v.set.labels, ['set', 'labels'], ctx);
      if (m >= 0 && m !== n) ctx.addIssue({ code: 'custom', path: ['set', 'labels'], message: `expected ${n} labels (one per prediction), got ${m}` });
      if (v.set.sourceIndices !== undefined && base64Length(v.set.sourceIndices) !== n * 4) {
        ctx.addIssue({ code: 'custom', path: ['set', 'sourceIndices'], message: `expected ${n * 4} bytes (one uint32 per digit), got ${base64Length(v.set.sourceIndices)}` });
      }
    }
    v.pixels?.forEach((p, i) => {
      if (p.index >= n) ctx.addIssue({ code: 'custom', path: ['pixels', i, 'index'], message: `${p.index} is past the ${n} validation digits` });
      if (base64Length(p.pixels) !== IMAGE_PIXELS) ctx.addIssue({ code: 'custom', path: ['pixels', i, 'pixels'], message: `expected ${IMAGE_PIXELS} bytes, got ${base64Length(p.pixels)}` });
    });
  });
export type ValidationLog = z.infer<typeof ValidationLogSchema>;

/** A confidence in [0, 1] as its byte, and back. */
export const quantizeConfidence = (c: number) => Math.round(c * CONFIDENCE_STEPS);
export const dequantizeConfidence = (b: number) => b / CONFIDENCE_STEPS;

/**
 * The wire record of one epoch from checked values. `sendPixels(i)` says whether digit i's pixels should go with it
 * (wrong now, not sent before) and returns them, or undefined.
 */
export function encodeValidationLog(
  runId: string,
  epoch: number,
  v: ValidationPredictionsValues,
  opts: { withSet: boolean; at: string; attempt?: number; pixelsOf?: (index: number) => Uint8Array | undefined },
): ValidationLog {
  const n = v.labels.length;
  const confidences = new Uint8Array(n);
  for (let i = 0; i < n; i++) confidences[i] = quantizeConfidence(v.confidences[i]);
  const pixels: { index: number; pixels: string }[] = [];
  if (opts.pixelsOf) {
    for (let i = 0; i < n; i++) {
      if (v.predictions[i] === v.labels[i]) continue;
      const p = opts.pixelsOf(i);
      if (p) pixels.push({ index: i, pixels: toBase64(p) });
    }
  }
  let set: ValidationSet | undefined;
  if (opts.withSet) {
    set = { labels: toBase64(Uint8Array.from(v.labels)) };
    if (v.sourceIndices) set.sourceIndices = toBase64(new Uint8Array(Uint32Array.from(v.sourceIndices).buffer));
  }
  return {
    runId,
    epoch,
    ...(set ? { set } : {}),
    predicted: toBase64(Uint8Array.from(v.predictions)),
    confidences: toBase64(confidences),
    ...(pixels.length > 0 ? { pixels } : {}),
    at: opts.at,
    ...(opts.attempt !== undefined ? { attempt: opts.attempt } : {}),
  };
}

export const ValidationAtQuerySchema = z.object({ runId: RunIdSchema, epoch: z.number().int().min(1).max(100_000) });
export type ValidationAtQuery = z.infer<typeof ValidationAtQuerySchema>;
export const ValidationHistoryQuerySchema = z.object({ runId: RunIdSchema });
export const EmbeddingQuerySchema = z.object({ runId: RunIdSchema });

const b = (what: string) => z.string().describe(`base64: ${what}`);
const int = () => z.number().int();

/** One validation digit the model got wrong at the epoch asked for. */
export const ValidationMistakeSchema = z.object({
  index: int().describe("index into the run's validation set"),
  sourceIndex: int().nullable().describe('its index among the 60,000 training images; null when the run did not say'),
  trueLabel: int(),
  predictedLabel: int(),
  confidence: z.number(),
  pixels: b('784 raw pixels, 0-255, row-major').nullable().describe('null when the run sent none for it (an SDK run without pixels)'),
});
export type ValidationMistake = z.infer<typeof ValidationMistakeSchema>;

/** runs.validationAt: one epoch, digit by digit. */
export const ValidationAtViewSchema = z.object({
  runId: z.uuid(),
  epoch: int(),
  epochs: z.array(int()).describe('every epoch the run stored predictions for, ascending'),
  count: int().describe('how many validation digits'),
  trueLabels: b('one byte per digit'),
  predictedLabels: b('one byte per digit'),
  confidences: b('one byte per digit, round(confidence * 255); see dequantizeConfidence'),
  sourceIndices: b('uint32 little-endian per digit: which training image').nullable(),
  accuracy: z.number(),
  confusionMatrix: z.array(z.array(int())).describe('10x10, rows: true label, columns: predicted label'),
  misclassified: z.array(ValidationMistakeSchema).describe('the digits wrong at this epoch, most confident first'),
});
export type ValidationAtView = z.infer<typeof ValidationAtViewSchema>;

/** A digit by its forgetting history, with its pixels, for a gallery of the least stable digits. */
export const ForgottenDigitSchema = z.object({
  index: int(),
  trueLabel: int(),
  forgettingEvents: int(),
  learnedFrom: int().nullable(),
  pixels: b('784 raw pixels, 0-255, row-major').nullable(),
});
export type ForgottenDigit = z.infer<typeof ForgottenDigitSchema>;

/** runs.validationHistory: per digit, over the stored epochs in order (Toneva et al. 2019, "An Empirical Study of Example Forgetting"). */
export const ValidationHistoryViewSchema = z.object({
  runId: z.uuid(),
  epochs: z.array(int()),
  count: int(),
  trueLabels: b('one byte per digit'),
  learnedFrom: z.array(int().nullable()).describe('per digit: the first stored epoch from which it is right at every later one; null when wrong at the last'),
  forgettingEvents: z.array(int()).describe('per digit: times it was right at one stored epoch and wrong at the next'),
  neverWrong: int().describe('digits right at every stored epoch'),
  mostForgotten: z.array(ForgottenDigitSchema).describe('up to 64 digits with the most forgetting events (ties: learned latest first)'),
});
export type ValidationHistoryView = z.infer<typeof ValidationHistoryViewSchema>;
