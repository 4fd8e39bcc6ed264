// For specs only: finished runs with exactly the mistakes a test wants, logged through the real runs.create/finish.
import type { FinishRun } from '@mnist-lab/contracts';
import { finishedRun, newRun, queueTrial, type TestApi } from '../test-support';

export const TEST_DIGITS = 10_000;

/** The true label of test digit i in these fixtures. */
export const truthOf = (i: number) => i % 10;

/** Digit i's pixels are all (i mod 251): a spec can tell which digit's pixels came back. */
export function pixelsOf(i: number): Buffer {
  return Buffer.alloc(784, i % 251);
}

function probabilities(label: number, p: number): number[] {
  return Array.from({ length: 10 }, (_, k) => (k === label ? p : (1 - p) / 9));
}

/** A finish payload whose predictions are right everywhere except `wrong` (test index -> predicted label). */
export function finishWith(runId: string, wrong: ReadonlyMap<number, number>): FinishRun {
  const labels = new Uint8Array(TEST_DIGITS);
  const confidences = new Float32Array(TEST_DIGITS);
  const cm = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < TEST_DIGITS; i++) {
    const t = truthOf(i);
    const p = wrong.get(i) ?? t;
    if (p === t && wrong.has(i)) throw new Error(`fixture: digit ${i} is a ${t}, predicting ${p} is not a mistake`);
    labels[i] = p;
    // Distinct, recognisable confidences: mistakes 0.6, correct digits 0.99.
    confidences[i] = p === t ? 0.99 : 0.6;
    cm[t][p]++;
  }
  const misclassified = [...wrong].map(([index, predictedLabel]) => ({
    index,
    trueLabel: truthOf(index),
    predictedLabel,
    confidence: 0.6,
    probabilities: probabilities(predictedLabel, 0.6),
    pixels: pixelsOf(index).toString('base64'),
  }));
  return finishedRun(runId, {
    testAccuracy: 1 - wrong.size / TEST_DIGITS,
    misclassifiedCount: wrong.size,
    confusionMatrix: cm,
    misclassified,
    predictions: {
      labels: Buffer.from(labels).toString('base64'),
      confidences: Buffer.from(confidences.buffer).toString('base64'),
    },
  });
}

/** Mistakes as `[index, predicted]` pairs, or indices alone (each predicted as the next label up). */
export function mistakes(entries: Iterable<number | [number, number]>): Map<number, number> {
  return new Map([...entries].map((e) => (typeof e === 'number' ? [e, (truthOf(e) + 1) % 10] : e)));
}

export async function logFinishedRun(
  api: TestApi,
  wrong: ReadonlyMap<number, number>,
  run: { name?: string; seed?: number; sweepId?: string } = {},
): Promise<string> {
  const created = newRun({ name: run.name ?? 'fixture', sweepId: run.sweepId });
  if (run.seed !== undefined) created.config = { ...created.config, seed: run.seed };
  if (run.sweepId) await queueTrial(api.db, run.sweepId, created);
  await api.writer.runs.create(created);
  await api.writer.runs.finish(finishWith(created.id, wrong));
  return created.id;
}
