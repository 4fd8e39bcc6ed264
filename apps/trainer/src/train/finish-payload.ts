// Builds the `finish` event: test metrics, confusion matrix, every misclassified digit with its pixels, compact predictions, the model.
import type { MnistSet } from '@mnist-lab/data';
import { MAX_MODEL_UPLOAD_BYTES, type FinishRun } from '@mnist-lab/metrics';
import type { TrainedModel } from '@mnist-lab/model';
import type { TestReport } from './test-report';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export async function finishPayload(
  runId: string,
  report: TestReport,
  test: MnistSet,
  predictions: Uint8Array,
  confidences: Float32Array,
  model: TrainedModel,
): Promise<FinishRun> {
  const positionOf = new Map<number, number>();
  for (let i = 0; i < test.count; i++) positionOf.set(test.indices[i], i);
  const artifacts = await model.toTfjsArtifacts();
  return {
    runId,
    testLoss: report.loss,
    testAccuracy: report.accuracy,
    misclassifiedCount: report.misclassifiedCount,
    confusionMatrix: report.confusionMatrix,
    misclassified: report.misclassified.map((m) => {
      const pos = positionOf.get(m.index) ?? m.index;
      return { ...m, pixels: b64(test.pixels.subarray(pos * 784, pos * 784 + 784)) };
    }),
    predictions: { labels: b64(predictions), confidences: b64(new Uint8Array(confidences.buffer)) },
    bestEpoch: model.bestEpoch || undefined,
    stoppedEarly: model.stopReason === 'early-stopping',
    endedAt: new Date().toISOString(),
    // A model too large for one request stays in the run folder (the run page then offers no download).
    model:
      artifacts.weights.byteLength <= MAX_MODEL_UPLOAD_BYTES
        ? { format: 'tfjs-layers', modelJson: artifacts.modelJson, weights: b64(artifacts.weights) }
        : undefined,
  };
}
