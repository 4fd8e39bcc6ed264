// A client's answers on the 10,000 test digits turned into what the store keeps: accuracy, loss, confusion matrix, gallery.
import { TRPCError } from '@trpc/server';
import type { MnistSet } from '@mnist-lab/data';
import { IMAGE_PIXELS, NUM_CLASSES, type TestResults } from '@mnist-lab/contracts';

export interface DerivedTestResults {
  testAccuracy: number;
  testLoss: number | null;
  misclassifiedCount: number;
  confusionMatrix: number[][];
  labels: Uint8Array<ArrayBuffer>;
  confidences: Uint8Array<ArrayBuffer>;
  digits: { testIndex: number; trueLabel: number; predictedLabel: number; confidence: number; probabilities: number[]; pixels: Uint8Array<ArrayBuffer> }[];
}

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

// Uint8Array<ArrayBuffer> rather than Buffer: Prisma 7 types Bytes columns that way.
export function bytes(b64: string): Uint8Array<ArrayBuffer> {
  const buf = Buffer.from(b64, 'base64');
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
}

function floats(raw: Uint8Array<ArrayBuffer>, count: number, field: string): Float32Array {
  if (raw.length !== count * 4) throw badRequest(`test.${field}: expected ${count * 4} bytes (${count} float32), got ${raw.length}`);
  const out = new Float32Array(raw.buffer.slice(0));
  for (let i = 0; i < out.length; i++) {
    if (!(out[i] >= 0 && out[i] <= 1)) throw badRequest(`test.${field}: value ${out[i]} at ${i} is not a probability in [0, 1]`);
  }
  return out;
}

/** Checks every byte before anything is written; the test set's labels and pixels are the server's own. */
export function deriveTestResults(test: TestResults, set: MnistSet): DerivedTestResults {
  const n = set.count;
  const labels = bytes(test.labels);
  if (labels.length !== n) throw badRequest(`test.labels: expected ${n} labels (one byte per test digit, in the files' order), got ${labels.length}`);
  for (let i = 0; i < n; i++) if (labels[i] >= NUM_CLASSES) throw badRequest(`test.labels: ${labels[i]} at ${i} is not a digit 0-9`);
  const confidenceBytes = bytes(test.confidences);
  const confidences = floats(confidenceBytes, n, 'confidences');
  const probabilities = test.probabilities ? floats(bytes(test.probabilities), n * NUM_CLASSES, 'probabilities') : null;

  const confusionMatrix = Array.from({ length: NUM_CLASSES }, () => new Array<number>(NUM_CLASSES).fill(0));
  const digits: DerivedTestResults['digits'] = [];
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const truth = set.labels[i];
    const predicted = labels[i];
    confusionMatrix[truth][predicted]++;
    // Clipped as Keras clips cross-entropy (epsilon 1e-7), so one zero probability does not make the loss infinite.
    if (probabilities) loss -= Math.log(Math.min(1, Math.max(1e-7, probabilities[i * NUM_CLASSES + truth])));
    if (truth === predicted) continue;
    digits.push({
      testIndex: set.indices[i],
      trueLabel: truth,
      predictedLabel: predicted,
      confidence: confidences[i],
      probabilities: probabilities ? Array.from(probabilities.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES)) : [],
      pixels: new Uint8Array(set.pixels.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS).buffer as ArrayBuffer),
    });
  }
  return {
    testAccuracy: (n - digits.length) / n,
    testLoss: test.loss ?? (probabilities ? loss / n : null),
    misclassifiedCount: digits.length,
    confusionMatrix,
    labels,
    confidences: confidenceBytes,
    digits,
  };
}
