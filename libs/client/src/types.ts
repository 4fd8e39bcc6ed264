// The client's public types, written out in full so that dist/index.d.ts needs no workspace package (types.spec.ts
// checks that they match the zod contract in @mnist-lab/contracts).
import type { SaveableModel } from './mnist/model-artifact';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** Any JSON object (at most 64 KiB as JSON, nested at most 16 deep, keys of 1 to 128 characters), stored as given. */
export type RunConfig = { [key: string]: JsonValue };

export interface ArchitectureLayer {
  /** The layer's class as its framework names it: Dense, Conv2D, BatchNormalization, ... */
  type: string;
  name?: string;
  /** Without the batch dimension; null for a dimension the framework leaves open. */
  outputShape: (number | null)[];
  params: number;
  /** Settings worth showing beside the type (units, kernel size, activation, rate), as short text. */
  detail?: string;
}

export interface Architecture {
  /** mlp, cnn, resnet, ... */
  family?: string;
  layers: ArchitectureLayer[];
  totalParams: number;
}

export interface InitOptions {
  /** Default: the script's file name and the start of the run's id. */
  name?: string;
  /** The run's settings, any JSON object (hyperparameters, data, anything worth comparing runs by). */
  config?: RunConfig;
  tags?: string[];
  notes?: string;
  /** Default: MNIST_LAB_SERVER, else http://localhost:3000. */
  server?: string;
  /** Default: MNIST_LAB_TOKEN, else the token file the server wrote into MNIST_LAB_HOME (default ~/.mnist-lab). */
  token?: string;
  /** Only spool the run's events, for `mnist-lab sync` (or syncSpool()) later; default: MNIST_LAB_OFFLINE=1 in the environment. */
  offline?: boolean;
  architecture?: Architecture;
  /** The framework or engine, free text of at most 64 characters: `tfjs-node`, `wasm`, `pytorch 2.4`. */
  backend?: string;
  /** A UUID; default: a new one. */
  id?: string;
  sweepId?: string;
  /**
   * A sweep trial's attempt, as the server handed the trial out (sweeps.nextTrial): every event carries it, so once
   * the trial has gone to another agent this run's writes are refused (409) rather than overwrite the new attempt.
   */
  attempt?: number;
  /** Default: the spool folder in MNIST_LAB_HOME. */
  spoolDir?: string;
  /** Where the client's few lines go (the run's address, an unreachable server, what is left to sync); default stderr. */
  log?: (line: string) => void;
  /** The command line recorded with the run, as typed or as its words (quoted as a shell needs them); default: this process's. */
  command?: string | readonly string[];
  /** How often the run tells the server it is alive; default 2,000 ms. */
  heartbeatMs?: number;
  /**
   * What Ctrl-C and SIGTERM do: 'exit' (default) marks the run stopped, uploads what it can (a few seconds at most)
   * and exits; 'abort' only aborts `run.signal`, so that a training loop can stop after its batch and call `run.stop()`.
   * A second signal exits at once either way, and whatever is not uploaded stays in the spool.
   */
  interrupt?: 'exit' | 'abort';
}

/** Metric name -> value. Names are 1 to 64 characters (letters, digits, _ . / -, starting with a letter); at most 64 per call. */
export type Metrics = Record<string, number>;

export interface LogOptions {
  /** Default: one more than the last step logged (0 for the first call). */
  step?: number;
  /** Where the point sits on the epoch axis: an epoch's end is its 1-based number, a batch inside it a fraction. */
  epoch?: number;
}

/** One epoch's answers on the validation set: what `run.logValidationPredictions(epoch, ...)` takes. */
export interface ValidationPredictions {
  /** The true label (0-9) of each validation digit, in one order kept for the whole run; at most 60,000 digits. */
  labels: ArrayLike<number>;
  /** The label the model predicted for each digit at this epoch. */
  predictions: ArrayLike<number>;
  /** The probability the model gave its predicted label, in [0, 1]. */
  confidences: ArrayLike<number>;
  /**
   * The digits' pixels, 784 bytes (0-255, row-major) per digit, digit after digit: the run page draws the misclassified
   * ones, so each digit's pixels are sent once, the first time it is wrong.
   */
  pixels?: Uint8Array;
  /** Which training images the digits are (indices into MNIST's 60,000), when they are MNIST's. */
  sourceIndices?: ArrayLike<number>;
}

/** A classifier's answers on the 10,000 MNIST test digits, in the test files' order. */
export interface TestPredictions {
  labels: Uint8Array;
  /** The probability of each predicted label. */
  confidences: Float32Array;
  /** All 10 probabilities per digit, row-major (100,000 values): the gallery's bars and the test loss. */
  probabilities?: Float32Array;
  /** Default: the mean cross-entropy the server derives from `probabilities`. */
  loss?: number;
  /** Used when finish's own `embedding` is not given. */
  embedding?: Embedding;
}

/**
 * A hidden layer's output for the test digits, for the run page's embedding map: stored as int8 with a scale and an
 * offset per dimension, and, for a layer wider than 64, as a fixed seeded random projection to 64 dimensions.
 */
export interface Embedding {
  /** The layer's name, as the architecture table names it (dense_2, flatten, ...). */
  layer: string;
  /** Its output per digit, digit after digit: count x width values; at most 10,000 digits. */
  activations: Float32Array;
  width: number;
  /** The true label of each digit. */
  labels: ArrayLike<number>;
  /** The predicted label of each digit; default: finish's `test.labels`. */
  predictions?: ArrayLike<number>;
}

/** A tfjs layers model's files: model.json's content and the one weights file it names. */
export interface ModelFiles {
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

export interface FinishOptions {
  /** Gives the run its test accuracy, confusion matrix and misclassified digits (the server derives them). */
  test?: TestPredictions;
  /** A tfjs LayersModel, or its files; offered for download and in the playground. Weights over 20 MB are not uploaded. */
  model?: ModelFiles | SaveableModel;
  /** The last hidden layer's output on the test digits (evaluateMnistTest fills `test.embedding` for a tfjs model). */
  embedding?: Embedding;
  /** 1-based epoch whose weights the model holds; default: the server's best by val_loss. */
  bestEpoch?: number;
  stoppedEarly?: boolean;
}

export interface RunEnd {
  status: 'finished' | 'failed' | 'stopped';
  /** Events not uploaded (all of them offline); they stay in `spoolFile` for `mnist-lab sync`. */
  left: number;
  spoolFile: string;
}

/** One run, from init() to its one end: finish(), fail(), stop() or a signal. */
export interface Run {
  readonly id: string;
  readonly name: string;
  /** The run's page on the dashboard. */
  readonly url: string;
  readonly offline: boolean;
  /** Aborted by Ctrl-C or SIGTERM (see InitOptions.interrupt). */
  readonly signal: AbortSignal;
  /** Where the run's events are spooled until the server has them. */
  readonly spoolFile: string;
  /** Records metrics at once and returns; they are sent in batches. Throws on a bad name or a value that is not finite. */
  log(metrics: Metrics, options?: LogOptions): void;
  /**
   * Records the model's answer for every validation digit at the end of `epoch` (1-based; a repeated epoch replaces
   * the earlier one), for the run page's epoch slider, confusion matrix, misclassified gallery and forgetting view.
   * Spooled and sent like `log`; throws one line on a label outside 0-9, a confidence outside [0, 1] or unequal lengths.
   */
  logValidationPredictions(epoch: number, predictions: ValidationPredictions): void;
  /**
   * A sweep trial's stop flag: true once the sweep's early-termination rule (median, ASHA, Hyperband) has said the
   * trial should stop. Asked in the background after each `log` with a new whole `epoch`; always false outside sweeps.
   */
  readonly shouldStop: boolean;
  /** Waits for the answer about the last epoch logged and returns the stop flag (what mnistLabCallback does at each epoch's end). */
  checkStop(): Promise<boolean>;
  /** Waits (at most `timeoutMs`, default 10 s) until the server has everything logged so far; returns how many events are not sent yet. */
  flush(timeoutMs?: number): Promise<number>;
  finish(options?: FinishOptions): Promise<RunEnd>;
  fail(error: unknown): Promise<RunEnd>;
  stop(): Promise<RunEnd>;
}
