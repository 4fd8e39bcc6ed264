// A tfjs model's answer for every validation digit at an epoch's end, for mnistLabCallback's `validation` option.
import { tfjsPredictBatch, type PredictingModel } from './tfjs-predict';
import { toProbabilities } from './evaluate';

const CLASSES = 10;
const PIXELS = 784;
const BATCH = 256;

/** The validation digits as `validation` takes them: pixels in [0, 1], 784 per digit, and their true labels. */
export interface ValidationDigits {
  images: Float32Array;
  labels: ArrayLike<number>;
  /** 784 raw bytes (0-255) per digit, so the run page can draw the misclassified ones. */
  pixels?: Uint8Array;
}

/**
 * tfjs' fit predicts its validation data inside and tells a callback only the mean loss and accuracy, so this is a
 * second pass over the digits: about what fit's own validation costs, once per epoch.
 */
export async function validationAnswers(model: PredictingModel, digits: ValidationDigits): Promise<{ predictions: Uint8Array; confidences: Float32Array }> {
  const count = digits.labels.length;
  if (digits.images.length !== count * PIXELS) throw new Error(`mnistLabCallback: validation.images holds ${digits.images.length} values; expected ${count} x ${PIXELS}`);
  const predict = await tfjsPredictBatch(model);
  const predictions = new Uint8Array(count);
  const confidences = new Float32Array(count);
  const rows = new Float32Array(BATCH * CLASSES);
  for (let from = 0; from < count; from += BATCH) {
    const n = Math.min(BATCH, count - from);
    const out = await predict(digits.images.subarray(from * PIXELS, (from + n) * PIXELS), n);
    toProbabilities(out, rows.subarray(0, n * CLASSES), from);
    for (let j = 0; j < n; j++) {
      let best = 0;
      for (let c = 1; c < CLASSES; c++) if (rows[j * CLASSES + c] > rows[j * CLASSES + best]) best = c;
      predictions[from + j] = best;
      confidences[from + j] = rows[j * CLASSES + best];
    }
  }
  return { predictions, confidences };
}
