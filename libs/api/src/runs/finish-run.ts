// A run's results on the test set, stored once, in one transaction: a replayed finish leaves exactly one copy.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { IMAGE_PIXELS, MNIST_TEST_COUNT, type FinishRun } from '@mnist-lab/contracts';
import { durationBetween, lockRun } from './lock-run';
import { checkAttempt, checkTransition, isStoredEnd, RUN_TRANSITIONS } from './run-state';
import { mnistTestSet } from './mnist-test-set';
import { bytes, deriveTestResults, type DerivedTestResults } from './test-results';
import { storeEmbedding } from './embedding';

function badRequest(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message });
}

/**
 * Why the precomputed results disagree with themselves, if they do: the matrix counts the digits evaluated, its
 * off-diagonal cells are the misclassified list (every wrong digit, as the trainer sends it), its diagonal gives the
 * accuracy, and the predictions name each listed digit's label. A finish that disagrees would show one number on the
 * runs table and another in the gallery.
 */
function legacyInconsistency(
  matrix: number[][],
  accuracy: number,
  count: number | undefined,
  digits: { testIndex: number; trueLabel: number; predictedLabel: number }[],
  labels: Uint8Array | null,
): string | undefined {
  const evaluated = matrix.flat().reduce((a, b) => a + b, 0);
  if (labels && evaluated !== labels.length) return `the confusion matrix counts ${evaluated} digits; predictions has ${labels.length}`;
  if (evaluated === 0 || evaluated > MNIST_TEST_COUNT) return `the confusion matrix counts ${evaluated} digits; the test set has ${MNIST_TEST_COUNT}`;
  const right = matrix.reduce((sum, row, i) => sum + row[i], 0);
  const wrong = evaluated - right;
  if (Math.abs(accuracy - right / evaluated) > 0.5 / evaluated) {
    return `testAccuracy ${accuracy} disagrees with the confusion matrix (${right} of ${evaluated} right: ${(right / evaluated).toFixed(6)})`;
  }
  if (count !== undefined && count !== wrong) return `misclassifiedCount ${count} disagrees with the confusion matrix (${wrong} off its diagonal)`;
  if (digits.length !== wrong) return `the misclassified list has ${digits.length} digits; the confusion matrix has ${wrong} off its diagonal`;
  const cells = matrix.map((row) => row.map(() => 0));
  for (const d of digits) {
    if (d.trueLabel === d.predictedLabel) return `misclassified digit ${d.testIndex} has true and predicted label ${d.trueLabel}: that is no mistake`;
    if (labels && d.testIndex >= labels.length) return `misclassified digit ${d.testIndex} is past the ${labels.length} predictions`;
    if (labels && labels[d.testIndex] !== d.predictedLabel) return `misclassified digit ${d.testIndex}: predicted ${d.predictedLabel}, but predictions.labels says ${labels[d.testIndex]}`;
    cells[d.trueLabel][d.predictedLabel]++;
  }
  for (let t = 0; t < matrix.length; t++) {
    for (let p = 0; p < matrix.length; p++) {
      if (t !== p && cells[t][p] !== matrix[t][p]) return `the confusion matrix has ${matrix[t][p]} digits of ${t} taken for ${p}; the misclassified list has ${cells[t][p]}`;
    }
  }
  return undefined;
}

/** The precomputed form earlier trainers spooled: checked field by field, since nothing derives it here. */
function decodeLegacy(input: FinishRun): DerivedTestResults | null {
  if (input.testAccuracy === undefined || input.testLoss === undefined || !input.confusionMatrix || !input.misclassified) {
    const given = ['testLoss', 'testAccuracy', 'misclassifiedCount', 'confusionMatrix', 'misclassified'].filter((k) => input[k as keyof FinishRun] !== undefined);
    if (given.length > 0) throw badRequest(`finish: send test (labels and confidences of every test digit), or all of testLoss, testAccuracy, confusionMatrix and misclassified; got only ${given.join(', ')}`);
    return null;
  }
  const digits = input.misclassified.map((d, i) => {
    const pixels = bytes(d.pixels);
    if (pixels.length !== IMAGE_PIXELS) {
      throw badRequest(`misclassified.${i}.pixels: expected ${IMAGE_PIXELS} bytes, got ${pixels.length}`);
    }
    return { testIndex: d.index, trueLabel: d.trueLabel, predictedLabel: d.predictedLabel, confidence: d.confidence, probabilities: d.probabilities, pixels };
  });
  const seen = new Set<number>();
  for (const d of digits) {
    if (seen.has(d.testIndex)) throw badRequest(`misclassified: test index ${d.testIndex} appears twice`);
    seen.add(d.testIndex);
  }
  const labels = input.predictions ? bytes(input.predictions.labels) : null;
  const confidences = input.predictions ? bytes(input.predictions.confidences) : null;
  if (labels && confidences && confidences.length !== labels.length * 4) {
    throw badRequest(`predictions.confidences: expected ${labels.length * 4} bytes (one float32 per label), got ${confidences.length}`);
  }
  const problem = legacyInconsistency(input.confusionMatrix, input.testAccuracy, input.misclassifiedCount, digits, labels);
  if (problem) throw badRequest(`finish: ${problem}`);
  return {
    testAccuracy: input.testAccuracy,
    testLoss: input.testLoss,
    misclassifiedCount: input.misclassifiedCount ?? digits.length,
    confusionMatrix: input.confusionMatrix,
    labels: labels ?? new Uint8Array(0),
    confidences: confidences ?? new Uint8Array(0),
    digits,
  };
}

export async function finishRun(db: Db, input: FinishRun, mnistDataDir?: string): Promise<{ ok: true }> {
  const results = input.test ? deriveTestResults(input.test, await mnistTestSet(mnistDataDir)) : decodeLegacy(input);
  const weights = input.model ? bytes(input.model.weights) : null;
  const endedAt = new Date(input.endedAt);
  // Up to 10,000 digits of 784 bytes: more than Prisma's default 5 s interactive-transaction timeout allows on a busy machine.
  await db.$transaction(
    async (tx) => {
      const run = await lockRun(tx, input.runId);
      checkAttempt(input.runId, run.attempt, input.attempt);
      // A replayed finish is a no-op; any other finish of an ended run is a 409, so stored results are never replaced.
      if (isStoredEnd(run, RUN_TRANSITIONS.finish.to, endedAt, null)) return;
      checkTransition(input.runId, run.status, 'finish');
      await tx.run.update({
        where: { id: input.runId },
        data: {
          status: RUN_TRANSITIONS.finish.to,
          error: null,
          ...(results
            ? {
                testLoss: results.testLoss,
                testAccuracy: results.testAccuracy,
                misclassifiedCount: results.misclassifiedCount,
                confusionMatrix: results.confusionMatrix,
                ...(results.labels.length > 0 ? { testPredictions: results.labels, testConfidences: results.confidences } : {}),
              }
            : {}),
          ...(input.bestEpoch !== undefined ? { bestEpoch: input.bestEpoch } : {}),
          stoppedEarly: input.stoppedEarly,
          endedAt,
          durationMs: durationBetween(run.startedAt, endedAt),
          heartbeatAt: new Date(),
        },
      });
      if (results) {
        await tx.misclassifiedDigit.deleteMany({ where: { runId: input.runId } });
        if (results.digits.length > 0) {
          await tx.misclassifiedDigit.createMany({ data: results.digits.map((d) => ({ ...d, runId: input.runId })) });
        }
      }
      if (input.embedding) await storeEmbedding(tx, input.runId, input.embedding);
      if (input.model && weights) {
        const model = { format: input.model.format, modelJson: input.model.modelJson as object, weights };
        await tx.modelArtifact.upsert({ where: { runId: input.runId }, create: { runId: input.runId, ...model }, update: model });
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { ok: true };
}
