// The training loop both engines share: seeded shuffles, batches, history, Keras callbacks, abort and pruning.
import type { Hyperparams } from '@mnist-lab/contracts';
import { PIXELS } from './architecture';
import type { Rng } from './rng';
import { EarlyStopping, ReduceLrOnPlateau } from './schedule';
import type { BatchProgress, BatchStats, Engine, EpochResult, StopReason, TrainData, ValidationAnswers } from './types';

/** Hand the event loop back at least this often, so the caller's timers (heartbeats, Ctrl-C, progress) run. */
const YIELD_EVERY_MS = 20;
/**
 * Validation runs in slices of this many samples, with a yield between them: ~20 ms each on the fused engine (a CNN
 * sample costs ~100x an MLP's). Fixed per family rather than timed, so a seed's val_loss sums in the same order.
 */
const VALIDATION_SLICE: Record<Hyperparams['arch'], number> = { mlp: 2048, cnn: 128 };

export interface LoopOptions {
  hparams: Hyperparams;
  engine: Engine;
  train: TrainData;
  validation: TrainData;
  /** The run's one PRNG: the loop draws each epoch's shuffle from it. */
  rng: Rng;
  signal?: AbortSignal;
  onBatchEnd?(p: BatchProgress): void;
  onEpochEnd?(e: EpochResult, validation: ValidationAnswers): void | Promise<void>;
  shouldStop?(e: EpochResult): boolean;
}

export interface LoopResult {
  history: EpochResult[];
  bestEpoch: number;
  stopReason: StopReason;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Validation loss and accuracy in inference mode, a slice at a time so the event loop is never held long; and every
 * digit's predicted label and its probability, kept from the same pass (the run page's per-epoch view costs no extra
 * forward pass).
 */
async function validate(engine: Engine, data: TrainData, sliceSize: number): Promise<{ loss: number; accuracy: number; answers: ValidationAnswers }> {
  let lossSum = 0;
  let correct = 0;
  const answers: ValidationAnswers = { predictions: new Uint8Array(data.count), confidences: new Float32Array(data.count) };
  for (let start = 0; start < data.count; start += sliceSize) {
    const count = Math.min(sliceSize, data.count - start);
    const slice = {
      count,
      images: data.images.subarray(start * PIXELS, (start + count) * PIXELS),
      labels: data.labels.subarray(start, start + count),
    };
    const ev = engine.evaluate(slice);
    answers.predictions.set(ev.predictions, start);
    const classes = ev.probabilities.length / count;
    for (let i = 0; i < count; i++) answers.confidences[start + i] = ev.probabilities[i * classes + ev.predictions[i]];
    lossSum += ev.loss * count;
    correct += Math.round(ev.accuracy * count);
    await yieldToEventLoop();
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count, answers };
}

export async function runTrainingLoop(o: LoopOptions): Promise<LoopResult> {
  const { hparams: h, engine, train } = o;
  const n = train.count;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const batches = Math.ceil(n / h.batchSize);
  const stats: BatchStats = { lossSum: 0, correct: 0 };
  // Tracks the best epoch even when early stopping is off; only keeps weights when they may be restored.
  const best = new EarlyStopping(h.earlyStoppingPatience, h.earlyStoppingMinDelta, h.earlyStopping && h.restoreBestWeights);
  const plateau = new ReduceLrOnPlateau(h.lrFactor, h.lrPatience, h.minLr);
  const history: EpochResult[] = [];
  const result = (stopReason: StopReason): LoopResult => ({ history, bestEpoch: best.bestEpochIndex + 1, stopReason });
  let lastYield = performance.now();

  engine.learningRate = h.learningRate;
  for (let epoch = 1; epoch <= h.epochs; epoch++) {
    const started = performance.now();
    o.rng.shuffle(order);
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      if (o.signal?.aborted) return result('aborted');
      const start = b * h.batchSize;
      const end = Math.min(n, start + h.batchSize);
      engine.trainBatch(train, order, start, end, stats);
      lossSum += stats.lossSum;
      correct += stats.correct;
      o.onBatchEnd?.({ epoch, batch: b + 1, batches, loss: lossSum / end, accuracy: correct / end });
      // Checked inline: awaiting a helper on every batch would allocate a promise per batch for nothing.
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    const lr = engine.learningRate;
    const val = await validate(engine, o.validation, VALIDATION_SLICE[h.arch]);
    const epochResult: EpochResult = {
      epoch,
      loss: lossSum / n,
      accuracy: correct / n,
      val_loss: val.loss,
      val_accuracy: val.accuracy,
      lr,
      epoch_time: (performance.now() - started) / 1000,
    };
    history.push(epochResult);
    const stopEarly = best.onEpochEnd(epoch - 1, val.loss, () => engine.getWeights()) && h.earlyStopping;
    engine.learningRate = plateau.onEpochEnd(val.loss, lr);
    await o.onEpochEnd?.(epochResult, val.answers);
    // Early stopping is the run's own decision and restores weights, so it wins over a sweep's pruning.
    if (stopEarly) {
      if (h.restoreBestWeights && best.bestWeights !== null) engine.setWeights(best.bestWeights);
      return result('early-stopping');
    }
    if (o.shouldStop?.(epochResult)) return result('pruned');
    if (o.signal?.aborted) return result('aborted');
    lastYield = performance.now();
  }
  return result('completed');
}
