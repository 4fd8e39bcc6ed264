// train(): resolves the engine, runs the shared loop, and wraps the result as a TrainedModel.
import type { Backend, BackendChoice, Hyperparams } from '@mnist-lab/contracts';
import { type Architecture, PIXELS, architectureOf, initialWeights } from './architecture';
import { saveTfjsArtifacts, toTfjsArtifacts } from './export';
import { ConvEngine } from './fused/conv-engine';
import { FusedEngine } from './fused/engine';
import { runTrainingLoop } from './loop';
import { Rng } from './rng';
import { resolveBackend } from './tfjs/backend';
import { createTfjsEngine } from './tfjs/engine';
import { lastHiddenLayer } from './layers';
import type { BatchProgress, Engine, EpochResult, Evaluation, HiddenLayer, StopReason, TrainData, TrainedModel, ValidationAnswers } from './types';

export interface TrainOptions {
  hparams: Hyperparams;
  backend: BackendChoice;
  train: TrainData;
  validation: TrainData;
  /** Abort -> stop before the next batch, stopReason 'aborted'. */
  signal?: AbortSignal;
  /** Called after every batch, unthrottled; the caller throttles drawing. */
  onBatchEnd?(p: BatchProgress): void;
  /** Awaited; `validation` holds the epoch's answer for every validation digit (from the pass val_loss came from). */
  onEpochEnd?(e: EpochResult, validation: ValidationAnswers): void | Promise<void>;
  /** A sweep's early termination -> stopReason 'pruned'. */
  shouldStop?(e: EpochResult): boolean;
  /**
   * Threads the fused engine shares each batch out to (default 1): the MLP's chunks of rows, the CNN's per-sample conv
   * loops. A run is the same bit for bit for the same seed and thread count; an MLP's also for 1 and 2 threads (it
   * splits a batch into two chunks either way, more for more threads); a CNN's sums in thread order.
   */
  threads?: number;
}

class Trained implements TrainedModel {
  private disposed = false;

  constructor(
    private readonly engine: Engine,
    private readonly arch: Architecture,
    readonly history: EpochResult[],
    readonly bestEpoch: number,
    readonly stopReason: StopReason,
  ) {}

  get backend(): Backend {
    return this.engine.backend;
  }

  get hiddenLayer(): HiddenLayer {
    return lastHiddenLayer(this.arch);
  }

  evaluate(data: TrainData, options: { hidden?: boolean } = {}): Evaluation {
    this.assertLive();
    checkData(data, 'evaluation data');
    if (!options.hidden) return this.engine.evaluate(data);
    const layer = this.hiddenLayer;
    const activations = new Float32Array(data.count * layer.width);
    return { ...this.engine.evaluate(data, activations), hidden: { ...layer, activations } };
  }

  toTfjsArtifacts(): Promise<{ modelJson: Record<string, unknown>; weights: Uint8Array }> {
    this.assertLive();
    return toTfjsArtifacts(this.arch, this.engine.getWeights());
  }

  async save(dir: string): Promise<void> {
    await saveTfjsArtifacts(await this.toTfjsArtifacts(), dir);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.engine.dispose();
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('this model was disposed');
  }
}

function checkData(d: TrainData, what: string): void {
  if (!Number.isInteger(d.count) || d.count < 1) throw new Error(`${what} is empty`);
  if (d.images.length < d.count * PIXELS || d.labels.length < d.count) {
    throw new Error(`${what} holds fewer than ${d.count} images of ${PIXELS} pixels with labels`);
  }
}

/** The first `limit` samples (views, no copy). */
function firstSamples(d: TrainData, limit: number | undefined): TrainData {
  if (limit === undefined || limit >= d.count) return d;
  return { count: limit, images: d.images.subarray(0, limit * PIXELS), labels: d.labels.subarray(0, limit) };
}

export async function train(opts: TrainOptions): Promise<TrainedModel> {
  const h = opts.hparams;
  checkData(opts.train, 'training data');
  checkData(opts.validation, 'validation data');
  const backend = await resolveBackend(opts.backend, h.arch);
  const trainSet = firstSamples(opts.train, h.trainLimit);
  // One PRNG for the whole run, drawn in a fixed order (init, then per epoch: shuffle, dropout masks).
  const rng = new Rng(h.seed);
  const arch = architectureOf(h);
  const initial = initialWeights(arch, rng);
  const batchSize = Math.min(h.batchSize, trainSet.count);
  const fused = { optimizer: h.optimizer, learningRate: h.learningRate, batchSize };
  const engine =
    backend !== 'fused'
      ? await createTfjsEngine(backend, arch, h, rng, initial)
      : arch.family === 'cnn'
        ? new ConvEngine(arch, { ...fused, threads: opts.threads }, rng, initial)
        : new FusedEngine(arch, { ...fused, threads: opts.threads }, rng, initial);
  try {
    const r = await runTrainingLoop({ ...opts, hparams: h, engine, train: trainSet, rng });
    return new Trained(engine, arch, r.history, r.bestEpoch, r.stopReason);
  } catch (err) {
    engine.dispose();
    throw err;
  }
}
