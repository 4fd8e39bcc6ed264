// The model library's public data types, and the Engine contract both training engines (fused, tfjs) fulfil.
import type { Backend } from '@mnist-lab/contracts';

/** A set of digits: `images` holds `count` rows of 784 pixels in [0, 1] (row-major 28x28), `labels` the digits. */
export interface TrainData {
  count: number;
  images: Float32Array;
  labels: Uint8Array;
}

export interface EpochResult {
  /** 1-based. */
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss: number;
  val_accuracy: number;
  /** The learning rate used during this epoch (a plateau lowers it for the next one). */
  lr: number;
  /** Seconds, training and validation. */
  epoch_time: number;
}

export interface BatchProgress {
  epoch: number;
  /** 1-based. */
  batch: number;
  batches: number;
  /** Running mean over this epoch's batches so far. */
  loss: number;
  accuracy: number;
}

export type StopReason = 'completed' | 'early-stopping' | 'aborted' | 'pruned';

export interface Evaluation {
  loss: number;
  accuracy: number;
  predictions: Uint8Array;
  /** count*10 softmax probabilities. */
  probabilities: Float32Array;
  /** The last hidden layer's output (what the logits layer reads), when asked for: see `hiddenLayer`. */
  hidden?: HiddenActivations;
}

/** The last hidden layer of a network: its name in the layer table and its width per sample. */
export interface HiddenLayer {
  name: string;
  width: number;
}

export interface HiddenActivations extends HiddenLayer {
  /** count x width, row-major, in inference mode. */
  activations: Float32Array;
}

/** One epoch's answers on the validation digits, from the same pass that gave val_loss and val_accuracy. */
export interface ValidationAnswers {
  predictions: Uint8Array;
  /** The softmax probability of each predicted label. */
  confidences: Float32Array;
}

export interface TrainedModel {
  backend: Backend;
  history: EpochResult[];
  /** 1-based epoch with the best val_loss; 0 when no epoch finished. */
  bestEpoch: number;
  stopReason: StopReason;
  /** The layer `evaluate(data, { hidden: true })` captures. */
  readonly hiddenLayer: HiddenLayer;
  /** Inference mode: BatchNorm moving statistics, no dropout; `hidden` also returns the last hidden layer's output. */
  evaluate(data: TrainData, options?: { hidden?: boolean }): Evaluation;
  /** tfjs layers format (flat [784] input); the weights manifest names one file, "weights.bin". */
  toTfjsArtifacts(): Promise<{ modelJson: Record<string, unknown>; weights: Uint8Array }>;
  /** Writes model.json and weights.bin into `dir`, loadable by tf.loadLayersModel. */
  save(dir: string): Promise<void>;
  dispose(): void;
}

/** Loss summed over a batch's samples and the number of correct predictions, written by `Engine.trainBatch`. */
export interface BatchStats {
  lossSum: number;
  correct: number;
}

/**
 * One training engine. The training loop (shuffle, callbacks, history) is shared; an engine only
 * knows how to take one optimizer step, evaluate, and hand its weights over in Keras order
 * (per hidden block: kernel, bias, [gamma, beta, moving_mean, moving_variance]; then logits kernel, bias).
 */
export interface Engine {
  readonly backend: Backend;
  /** Read by the optimizer at every step; the loop lowers it on a plateau. */
  learningRate: number;
  /** One optimizer step on the samples `order[start..end)` of `data`; writes the batch's loss sum and hits to `out`. */
  trainBatch(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void;
  /**
   * Inference mode. Given `hidden` (count x the last hidden layer's width), also copies into it what the logits layer
   * reads, from the same forward pass.
   */
  evaluate(data: TrainData, hidden?: Float32Array): Evaluation;
  /** Copies of every weight (trainable and BatchNorm moving statistics), Keras order. */
  getWeights(): Float32Array[];
  setWeights(weights: readonly Float32Array[]): void;
  dispose(): void;
}
