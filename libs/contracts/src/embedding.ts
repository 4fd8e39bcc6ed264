// The last hidden layer's activations on the test digits, as the embedding map reads them: int8 per value with a
// per-dimension scale and offset (10,000 x 32 is 320 KB; float32 would be 1.3 MB for nothing a scatter plot shows).
// A layer wider than MAX_EMBEDDING_WIDTH (a CNN's Flatten of 1,600) is stored as a fixed, seeded random projection to
// 64 dimensions: by the Johnson-Lindenstrauss lemma such a projection keeps pairwise distances within a small factor,
// which is what PCA, UMAP and nearest neighbours look at. The record says so: layer, original width, stored width.
import { z } from 'zod';
import { base64, base64Length, fromBase64, toBase64 } from './bytes';
import { mulberry32 } from './seeded-random';
import { text } from './storable';

export const MAX_EMBEDDING_WIDTH = 64;
export const MAX_EMBEDDING_COUNT = 10_000;
/** The projection's seed: fixed, so two runs of one architecture are projected alike. */
export const EMBEDDING_PROJECTION_SEED = 12;
export const PROJECTION_METHOD = 'achlioptas-sparse-random-projection';

export const EmbeddingProjectionSchema = z.object({
  /** Achlioptas (2003): entries sqrt(3 / width) times +1, 0, -1 with probabilities 1/6, 2/3, 1/6 (a JL projection). */
  method: z.literal(PROJECTION_METHOD),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
});
export type EmbeddingProjection = z.infer<typeof EmbeddingProjectionSchema>;

const labelsOk = (b64: string) => {
  try {
    return fromBase64(b64).every((b) => b < 10);
  } catch {
    return false;
  }
};

export const TestEmbeddingSchema = z
  .object({
    /** The layer's name in the architecture table (dense_2, flatten_1, ...). */
    layer: text().trim().min(1).max(128),
    originalWidth: z.number().int().min(1).max(1_000_000),
    width: z.number().int().min(1).max(MAX_EMBEDDING_WIDTH),
    projection: EmbeddingProjectionSchema.optional(),
    count: z.number().int().min(1).max(MAX_EMBEDDING_COUNT),
    /** count x width int8, row-major: activation = offsets[d] + scales[d] * value. */
    values: base64(MAX_EMBEDDING_COUNT * MAX_EMBEDDING_WIDTH),
    scales: z.array(z.number().min(0)).max(MAX_EMBEDDING_WIDTH),
    offsets: z.array(z.number()).max(MAX_EMBEDDING_WIDTH),
    /** One byte per digit each. */
    trueLabels: base64(MAX_EMBEDDING_COUNT),
    predictedLabels: base64(MAX_EMBEDDING_COUNT),
  })
  .superRefine((e, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (base64Length(e.values) !== e.count * e.width) issue('values', `expected ${e.count * e.width} bytes (count x width int8), got ${base64Length(e.values)}`);
    if (e.scales.length !== e.width) issue('scales', `expected ${e.width} scales (one per dimension), got ${e.scales.length}`);
    if (e.offsets.length !== e.width) issue('offsets', `expected ${e.width} offsets (one per dimension), got ${e.offsets.length}`);
    for (const key of ['trueLabels', 'predictedLabels'] as const) {
      if (base64Length(e[key]) !== e.count) issue(key, `expected ${e.count} labels (one per digit), got ${base64Length(e[key])}`);
      else if (!labelsOk(e[key])) issue(key, 'every label must be a digit 0-9');
    }
    if (e.width > e.originalWidth) issue('width', `the stored width ${e.width} is wider than the layer (${e.originalWidth})`);
    if (e.width < e.originalWidth && !e.projection) issue('projection', `a ${e.originalWidth}-wide layer stored as ${e.width} dimensions must say how it was projected`);
  });
export type TestEmbedding = z.infer<typeof TestEmbeddingSchema>;

/** runs.embedding: the stored record, with scales and offsets decoded. */
export const EmbeddingViewSchema = z.object({
  runId: z.uuid(),
  layer: z.string(),
  originalWidth: z.number().int(),
  width: z.number().int(),
  projection: EmbeddingProjectionSchema.nullable(),
  count: z.number().int(),
  values: z.string().describe('base64 int8, count x width row-major: activation = offsets[d] + scales[d] * value'),
  scales: z.array(z.number()),
  offsets: z.array(z.number()),
  trueLabels: z.string().describe('base64, one byte per digit'),
  predictedLabels: z.string().describe('base64, one byte per digit'),
});
export type EmbeddingView = z.infer<typeof EmbeddingViewSchema>;

/** The float activations back from the stored int8 (Float32Array of count x width). */
export function dequantizeEmbedding(view: { values: Uint8Array; scales: readonly number[]; offsets: readonly number[]; width: number }): Float32Array {
  const q = new Int8Array(view.values.buffer, view.values.byteOffset, view.values.byteLength);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const d = i % view.width;
    out[i] = view.offsets[d] + view.scales[d] * q[i];
  }
  return out;
}

/**
 * The width x MAX_EMBEDDING_WIDTH sparse random projection of `seed`, as a list per input dimension of
 * (output dimension, sign) pairs: two thirds of the entries are zero, so the product costs a third of a dense one.
 */
function sparseProjection(inputWidth: number, outputWidth: number, seed: number): { out: Int32Array; sign: Float32Array; start: Int32Array } {
  const rand = mulberry32(seed);
  const scale = Math.sqrt(3 / outputWidth);
  const out: number[] = [];
  const sign: number[] = [];
  const start = new Int32Array(inputWidth + 1);
  for (let i = 0; i < inputWidth; i++) {
    start[i] = out.length;
    for (let j = 0; j < outputWidth; j++) {
      const r = rand();
      if (r >= 1 / 3) continue;
      out.push(j);
      sign.push(r < 1 / 6 ? scale : -scale);
    }
  }
  start[inputWidth] = out.length;
  return { out: Int32Array.from(out), sign: Float32Array.from(sign), start };
}

/** Activations (count x width, row-major) projected to MAX_EMBEDDING_WIDTH when wider; as they are otherwise. */
export function projectActivations(activations: Float32Array, count: number, width: number, seed = EMBEDDING_PROJECTION_SEED): { values: Float32Array; width: number; projection?: EmbeddingProjection } {
  if (width <= MAX_EMBEDDING_WIDTH) return { values: activations, width };
  const k = MAX_EMBEDDING_WIDTH;
  const p = sparseProjection(width, k, seed);
  const values = new Float32Array(count * k);
  for (let n = 0; n < count; n++) {
    const row = n * width;
    const dst = n * k;
    for (let i = 0; i < width; i++) {
      const x = activations[row + i];
      if (x === 0) continue; // ReLU outputs: most are zero
      for (let e = p.start[i]; e < p.start[i + 1]; e++) values[dst + p.out[e]] += x * p.sign[e];
    }
  }
  return { values, width: k, projection: { method: PROJECTION_METHOD, seed } };
}

/** Per dimension: offset the middle of its range, scale so the range spans int8's -127..127. */
export function quantizeActivations(values: Float32Array, width: number): { values: Int8Array; scales: number[]; offsets: number[] } {
  const min = new Array<number>(width).fill(Infinity);
  const max = new Array<number>(width).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const d = i % width;
    if (values[i] < min[d]) min[d] = values[i];
    if (values[i] > max[d]) max[d] = values[i];
  }
  const offsets = min.map((lo, d) => (Number.isFinite(lo) ? (lo + max[d]) / 2 : 0));
  const scales = min.map((lo, d) => (Number.isFinite(lo) && max[d] > lo ? (max[d] - lo) / 254 : 0));
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const d = i % width;
    q[i] = scales[d] === 0 ? 0 : Math.max(-127, Math.min(127, Math.round((values[i] - offsets[d]) / scales[d])));
  }
  return { values: q, scales, offsets };
}

/** The finish record's `embedding` from a layer's float activations (count x originalWidth) and the digits' labels. */
export function packEmbedding(layer: string, activations: Float32Array, originalWidth: number, trueLabels: ArrayLike<number>, predictedLabels: ArrayLike<number>): TestEmbedding {
  const count = trueLabels.length;
  if (activations.length !== count * originalWidth) throw new Error(`embedding: expected ${count} x ${originalWidth} activations, got ${activations.length}`);
  const projected = projectActivations(activations, count, originalWidth);
  const q = quantizeActivations(projected.values, projected.width);
  return {
    layer,
    originalWidth,
    width: projected.width,
    ...(projected.projection ? { projection: projected.projection } : {}),
    count,
    values: toBase64(new Uint8Array(q.values.buffer)),
    scales: q.scales,
    offsets: q.offsets,
    trueLabels: toBase64(Uint8Array.from(trueLabels)),
    predictedLabels: toBase64(Uint8Array.from(predictedLabels)),
  };
}
