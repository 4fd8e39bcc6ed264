// mnist-lab's own engine ("fused"): the whole MLP family's forward and backward by hand, over one preallocated arena,
// the matrix kernels and Adam in wasm SIMD (mlp-kernels.ts: the JS kernels where it does not load, and for float64),
// a batch split by rows over `threads` threads sharing that memory (mlp-step.ts; helper threads from mlp-threads.ts).
import type { Hyperparams } from '@mnist-lab/contracts';
import { BN_EPSILON, type MlpArchitecture, checkWeights, sizeOf, weightSpecs } from '../architecture';
import type { Rng } from '../rng';
import type { BatchStats, Engine, Evaluation, TrainData } from '../types';
import { Arena } from './arena';
import { LINEAR, type Vec, batchNormInferenceForward, activationCode, softmaxCrossEntropy } from './kernels';
import { type MlpKernels, jsMlpKernels } from './mlp-kernels';
import { EVAL_CHUNK, type DenseParams, type HiddenParams, type MlpLayout, MlpStep, mlpLayout } from './mlp-step';
import { Command, type Helper, acquireHelper } from './mlp-threads';
import { ThreadSync } from './thread-sync';
import { type SparseImages, type Workspace, sparseImagesOf } from './workspace';
import { WASM_HEAP_BASE, type WasmKernels, createWasmKernels } from './wasm/wasm-kernels';

export interface FusedEngineOptions {
  optimizer: Hyperparams['optimizer'];
  learningRate: number;
  /** The largest batch trainBatch will be given. */
  batchSize: number;
  /** float64 exists for the gradient check (on the JS kernels, one thread); training uses float32 like every other engine. */
  precision?: 'float32' | 'float64';
  /** 'js' forces the JS kernels (the reference, one thread); default wasm SIMD where it loads. */
  kernels?: 'wasm' | 'js';
  /** Threads a batch is split over (default 1); one where wasm does not load. Same seed, same threads: same run. */
  threads?: number;
}

export class FusedEngine implements Engine {
  readonly backend = 'fused' as const;
  learningRate: number;
  readonly kernels: MlpKernels;
  /** The threads a batch is split over. */
  readonly threads: number;
  private readonly act: number;
  private readonly layout: MlpLayout;
  private readonly sync: ThreadSync;
  private readonly main: MlpStep;
  private readonly hidden: HiddenParams[];
  private readonly output: DenseParams;
  private readonly evalWs: Workspace;
  private readonly wasm: WasmKernels | null;
  /** The helper threads' dropout seeds, drawn from a copy of the run's PRNG (the run's own draws stay as on one thread). */
  private readonly seeds: number[];
  private helpers: Helper[] | null = null;
  /** The training set the helpers were last given. */
  private helperSparse: SparseImages | null = null;

  constructor(private readonly arch: MlpArchitecture, private readonly opts: FusedEngineOptions, rng: Rng, initial: readonly Float32Array[]) {
    const Float = opts.precision === 'float64' ? Float64Array : Float32Array;
    this.act = activationCode(arch.activation);
    this.learningRate = opts.learningRate;
    const trainableSize = weightSpecs(arch).filter((s) => s.trainable).reduce((sum, s) => sum + sizeOf(s), 0);
    const wanted = Float === Float32Array && opts.kernels !== 'js' ? Math.max(1, Math.floor(opts.threads ?? 1)) : 1;
    // Everything a kernel touches, carved from one buffer: sized by a dry pass, then the wasm memory (or a plain one).
    const sizing = new Arena(null, Float, WASM_HEAP_BASE);
    mlpLayout(sizing, arch, opts.batchSize, wanted, trainableSize);
    this.wasm = Float === Float32Array && opts.kernels !== 'js' ? createWasmKernels(sizing.bytes) : null;
    this.threads = this.wasm === null ? 1 : wanted;
    // Sized for `wanted` threads: where wasm does not load and one thread runs, a little too large.
    const buffer = this.wasm?.memory.buffer ?? new ArrayBuffer(sizing.bytes);
    this.kernels = this.wasm?.mlp ?? jsMlpKernels;
    this.layout = mlpLayout(new Arena(buffer, Float, WASM_HEAP_BASE), arch, opts.batchSize, this.threads, trainableSize);
    this.sync = new ThreadSync(this.layout.sync, this.threads);
    this.evalWs = this.layout.evalWs;
    this.main = new MlpStep({
      arch, layout: this.layout, thread: 0, threads: this.threads, kernels: this.kernels, sync: this.sync,
      optimizer: opts.optimizer, Float, rng,
    });
    ({ hidden: this.hidden, output: this.output } = this.main);
    const seeder = rng.clone();
    this.seeds = Array.from({ length: this.threads - 1 }, () => seeder.nextUint32());
    this.setWeights(initial);
  }

  trainBatch(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    this.run(data, order, start, end, out, true);
  }

  /** Forward and backward in training mode; leaves the batch-mean loss gradient in the gradient buffers. */
  computeGradients(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    this.run(data, order, start, end, out, false);
  }

  private run(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats, optimize: boolean): void {
    const rows = end - start;
    if (rows > this.opts.batchSize) throw new Error(`batch of ${rows} exceeds the engine's batch size ${this.opts.batchSize}`);
    const { layout, main, sync } = this;
    const sparse = sparseImagesOf(data.images, data.labels, this.arch.inputSize);
    for (let r = 0; r < rows; r++) layout.order[r] = order[start + r];
    layout.batch[0] = rows;
    layout.batch[1] = this.learningRate;
    if (this.threads > 1) {
      const helpers = this.startHelpers();
      if (sparse !== this.helperSparse) {
        for (const h of helpers) h.command(Command.Dataset, sparse);
        sync.barrier();
        this.helperSparse = sparse;
      }
      for (const h of helpers) h.command(optimize ? Command.Step : Command.Gradients);
    }
    main.gradients(sparse, rows);
    sync.barrier();
    main.reduce();
    if (optimize) main.step(this.learningRate);
    sync.barrier();
    out.lossSum = 0;
    out.correct = 0;
    for (let t = 0; t < this.threads; t++) {
      out.lossSum += layout.threadStats[2 * t];
      out.correct += layout.threadStats[2 * t + 1];
    }
  }

  /** The helper threads, bound to this engine's memory on first use (a pool's, or new ones). */
  private startHelpers(): Helper[] {
    if (this.helpers !== null) return this.helpers;
    const wasm = this.wasm as WasmKernels;
    const helpers = this.seeds.map(() => acquireHelper());
    helpers.forEach((h, i) =>
      h.command(Command.Init, {
        family: 'mlp', module: wasm.module, memory: wasm.memory, arch: this.arch, batchSize: this.opts.batchSize,
        threads: this.threads, thread: i + 1, optimizer: this.opts.optimizer, seed: this.seeds[i],
      }),
    );
    this.helpers = helpers;
    this.sync.barrier();
    return helpers;
  }

  evaluate(data: TrainData, hidden?: Float32Array): Evaluation {
    const { arch, act, evalWs: ws, kernels: k } = this;
    for (const p of this.hidden) {
      if (p.bn === null) continue;
      for (let j = 0; j < p.n; j++) {
        p.bn.scale[j] = p.bn.gamma[j] / Math.sqrt(p.bn.movVar[j] + BN_EPSILON);
        p.bn.shift[j] = p.bn.beta[j] - p.bn.movMean[j] * p.bn.scale[j];
      }
    }
    const probabilities = new Float32Array(data.count * arch.classes);
    const predictions = new Uint8Array(data.count);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    for (let start = 0; start < data.count; start += EVAL_CHUNK) {
      const rows = Math.min(EVAL_CHUNK, data.count - start);
      ws.gather(data.images, data.labels, arch.inputSize, start, rows);
      for (let l = 0; l < this.hidden.length; l++) {
        const p = this.hidden[l];
        const buf = ws.layers[l];
        if (l === 0) k.sparseForward(ws.nzStart, ws.nzIdx, ws.nzVal, rows, p.w, p.b, p.n, act, buf.h);
        else k.denseForward(ws.layers[l - 1].out, rows, p.nIn, p.w, p.b, p.n, act, buf.h);
        if (p.bn !== null) batchNormInferenceForward(buf.h, rows, p.n, p.bn.scale, p.bn.shift, buf.out);
      }
      const o = this.output;
      const input = ws.layers[ws.layers.length - 1].out;
      hidden?.set(input.subarray(0, rows * o.nIn), start * o.nIn);
      k.denseForward(input, rows, o.nIn, o.w, o.b, o.n, LINEAR, ws.logits);
      softmaxCrossEntropy(ws.logits, rows, o.n, ws.labels, 0, null, probabilities, predictions, start, stats);
    }
    return { loss: stats.lossSum / data.count, accuracy: stats.correct / data.count, predictions, probabilities };
  }

  getWeights(): Float32Array[] {
    return this.main.views.weights.map((w) => Float32Array.from(w));
  }

  setWeights(weights: readonly Float32Array[]): void {
    checkWeights(this.arch, weights);
    weights.forEach((w, i) => this.main.views.weights[i].set(w));
  }

  /** Live views of the weights and their gradients (Keras order), for the gradient check. */
  parameterViews(): { weights: Vec[]; grads: (Vec | null)[] } {
    return this.main.views;
  }

  /** The helper threads go back to the pool; the arena goes with the engine. */
  dispose(): void {
    this.helpers?.forEach((h) => h.release());
    this.helpers = null;
  }
}
