// Logs a tfjs model.fit / fitDataset to a run: batch metrics every N batches, Keras-named epoch metrics at each epoch's end.
import type { PredictingModel } from './tfjs-predict';
import { validationAnswers, type ValidationDigits } from './validation-answers';

/** What of a `Run` the callback uses: log, and a sweep trial's stop flag (early termination). */
export interface MetricLogger {
  log(metrics: Record<string, number>, options?: { step?: number; epoch?: number }): unknown;
  checkStop?(): Promise<boolean>;
  logValidationPredictions?(epoch: number, v: { labels: ArrayLike<number>; predictions: ArrayLike<number>; confidences: ArrayLike<number>; pixels?: Uint8Array }): unknown;
}

export interface MnistLabCallbackOptions {
  /** Log `batch/loss`, `batch/accuracy` every this many batches; default: about 50 points per epoch (10 when unknown). */
  logEvery?: number;
  /** Batches per epoch when tfjs cannot tell (fitDataset without batchesPerEpoch); batch points then sit at fractional epochs from the first epoch on. */
  batchesPerEpoch?: number;
  /**
   * The model being fit: a sweep trial that the sweep's early-termination rule stops ends its fit at that epoch's end
   * (tfjs gives a plain-object callback no handle on the model, so it is passed here).
   */
  model?: { stopTraining: boolean } & Partial<PredictingModel>;
  /**
   * Validation digits to answer at each epoch's end with `model` (required with it), logged with
   * run.logValidationPredictions for the run page's epoch slider and forgetting view.
   */
  validation?: ValidationDigits;
}

/** tfjs' `Logs`: numbers by name (CustomCallback resolves scalar tensors before calling us). */
type Logs = Record<string, unknown>;

/** What tfjs' CallbackList.setParams gives each callback: fit knows samples and batchSize, fitDataset its batchesPerEpoch. */
interface FitParams {
  initialEpoch?: number;
  samples?: number | null;
  steps?: number | null;
  batchSize?: number | null;
}

/** A plain object, as tfjs' `callbacks` accepts; it wraps it in a CustomCallback. */
export interface MnistLabCallbacks {
  onTrainBegin(this: unknown, logs?: Logs): Promise<void>;
  onEpochBegin(epoch: number, logs?: Logs): Promise<void>;
  onBatchEnd(batch: number, logs?: Logs): Promise<void>;
  onEpochEnd(epoch: number, logs?: Logs): Promise<void>;
}

const POINTS_PER_EPOCH = 50;
/** Keras' names for what tfjs logs as `acc` (tfjs-layers training.ts shortens the `accuracy` metric to it). */
const KERAS_NAMES: Record<string, string> = { acc: 'accuracy', val_acc: 'val_accuracy' };
/** Keys of tfjs' batch logs that are bookkeeping, not metrics. */
const BATCH_KEYS = new Set(['batch', 'size']);

const positiveInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

function batchesPerEpochOf(params: FitParams | undefined): number | null {
  if (!params) return null;
  const steps = positiveInt(params.steps);
  if (steps !== null) return steps;
  const samples = positiveInt(params.samples);
  const batchSize = positiveInt(params.batchSize);
  return samples !== null && batchSize !== null ? Math.ceil(samples / batchSize) : null;
}

export function mnistLabCallback(run: MetricLogger, options: MnistLabCallbackOptions = {}): MnistLabCallbacks {
  if (typeof run?.log !== 'function') throw new TypeError('mnistLabCallback: expected a run from init() (an object with log(metrics, { step, epoch }))');
  for (const key of ['logEvery', 'batchesPerEpoch'] as const) {
    if (options[key] !== undefined && positiveInt(options[key]) === null) {
      throw new RangeError(`mnistLabCallback: ${key} must be a positive integer, got ${options[key]}`);
    }
  }
  let perEpoch: number | null = options.batchesPerEpoch ?? null;
  /** Batches trained so far, over every fit this callback saw: the step of each point. */
  let step = 0;
  /** tfjs' 0-based index of the epoch being trained (its batch callbacks are not told). */
  let epochIndex = 0;
  let epochStartStep = 0;
  let epochStartedAt = 0;
  const warned = new Set<string>();
  const { validation, model } = options;
  if (validation && typeof model?.predict !== 'function') throw new TypeError('mnistLabCallback: validation needs the model too ({ model, validation })');
  if (validation && typeof run.logValidationPredictions !== 'function') throw new TypeError('mnistLabCallback: validation needs a run from init() (with logValidationPredictions)');

  const logEvery = () => options.logEvery ?? (perEpoch === null ? 10 : Math.max(1, Math.round(perEpoch / POINTS_PER_EPOCH)));

  /** A diverged fit's NaN cannot be stored; it must not throw inside tfjs either, so it is dropped with one warning per name. */
  function log(raw: Logs, rename: (name: string) => string | null, at: { step: number; epoch?: number }): void {
    const metrics: Record<string, number> = {};
    for (const [key, value] of Object.entries(raw)) {
      const name = rename(key);
      if (name === null || typeof value !== 'number') continue;
      if (Number.isFinite(value)) metrics[name] = value;
      else if (!warned.has(name)) {
        warned.add(name);
        console.warn(`mnistLabCallback: ${name} is ${value} at step ${at.step}; its non-finite values are not logged`);
      }
    }
    if (Object.keys(metrics).length > 0) run.log(metrics, at);
  }

  return {
    async onTrainBegin(this: unknown) {
      // tfjs calls this as a method of the CustomCallback wrapping our object, whose `params` setParams filled.
      const params = typeof this === 'object' && this !== null ? (this as { params?: FitParams }).params : undefined;
      perEpoch = options.batchesPerEpoch ?? batchesPerEpochOf(params) ?? perEpoch;
      // A resumed fit (initialEpoch > 0) with a new callback continues the step axis where the epochs say it was.
      const initialEpoch = positiveInt(params?.initialEpoch);
      if (initialEpoch !== null && perEpoch !== null) step = Math.max(step, initialEpoch * perEpoch);
    },
    async onEpochBegin(epoch) {
      epochIndex = epoch;
      epochStartStep = step;
      epochStartedAt = performance.now();
    },
    async onBatchEnd(batch, logs = {}) {
      step++;
      if (step % logEvery() !== 0) return;
      const epoch = perEpoch === null ? undefined : Math.min(epochIndex + 1, epochIndex + (batch + 1) / perEpoch);
      log(logs, (key) => (BATCH_KEYS.has(key) ? null : `batch/${KERAS_NAMES[key] ?? key}`), { step, epoch });
    },
    async onEpochEnd(epoch, logs = {}) {
      // fitDataset without batchesPerEpoch: the first epoch's length is the only measure of the next ones'.
      perEpoch ??= step - epochStartStep > 0 ? step - epochStartStep : null;
      log({ ...logs, epoch_time: (performance.now() - epochStartedAt) / 1000 }, (key) => KERAS_NAMES[key] ?? key, { step, epoch: epoch + 1 });
      if (validation && model) {
        const answers = await validationAnswers(model as PredictingModel, validation);
        run.logValidationPredictions?.(epoch + 1, { labels: validation.labels, ...answers, ...(validation.pixels ? { pixels: validation.pixels } : {}) });
      }
      // A sweep trial the early-termination rule stops ends its fit here, as Keras' EarlyStopping does.
      if (options.model && run.checkStop && (await run.checkStop())) options.model.stopTraining = true;
    },
  };
}
