// A run's results on the test set, stored in one transaction so a replayed finish leaves exactly one copy.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import { IMAGE_PIXELS, type FinishRun } from '@mnist-lab/metrics';
import { durationBetween, lockRun } from './lock-run';

function badRequest(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message });
}

// Uint8Array<ArrayBuffer> rather than Buffer: Prisma 7 types Bytes columns that way.
function bytes(b64: string): Uint8Array<ArrayBuffer> {
  const buf = Buffer.from(b64, 'base64');
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
}

/** Decodes and checks the byte fields before anything is written, so a bad finish changes nothing. */
function decode(input: FinishRun) {
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
  const weights = input.model ? bytes(input.model.weights) : null;
  return { digits, labels, confidences, weights };
}

export async function finishRun(db: Db, input: FinishRun): Promise<{ ok: true }> {
  const { digits, labels, confidences, weights } = decode(input);
  const endedAt = new Date(input.endedAt);
  // Up to 10,000 digits of 784 bytes: more than Prisma's default 5 s interactive-transaction timeout allows on a busy machine.
  await db.$transaction(
    async (tx) => {
      const run = await lockRun(tx, input.runId);
      await tx.run.update({
        where: { id: input.runId },
        data: {
          status: 'finished',
          error: null,
          testLoss: input.testLoss,
          testAccuracy: input.testAccuracy,
          misclassifiedCount: input.misclassifiedCount,
          confusionMatrix: input.confusionMatrix,
          ...(labels && confidences ? { testPredictions: labels, testConfidences: confidences } : {}),
          ...(input.bestEpoch !== undefined ? { bestEpoch: input.bestEpoch } : {}),
          stoppedEarly: input.stoppedEarly,
          endedAt,
          durationMs: durationBetween(run.startedAt, endedAt),
          heartbeatAt: new Date(),
        },
      });
      await tx.misclassifiedDigit.deleteMany({ where: { runId: input.runId } });
      if (digits.length > 0) {
        await tx.misclassifiedDigit.createMany({ data: digits.map((d) => ({ ...d, runId: input.runId })) });
      }
      if (input.model && weights) {
        const model = { format: input.model.format, modelJson: input.model.modelJson as object, weights };
        await tx.modelArtifact.upsert({ where: { runId: input.runId }, create: { runId: input.runId, ...model }, update: model });
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { ok: true };
}
