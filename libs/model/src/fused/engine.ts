// mnist-lab's own engine ("fused"): the whole MLP family's forward and backward by hand, over one preallocated arena,
// the matrix kernels and Adam in wasm SIMD (mlp-kernels.ts: the JS kernels where it does not load, and for float64),
// a batch split by rows into chunks that `threads` threads sharing that memory claim as they come (mlp-step.ts;
// helper threads from mlp-threads.ts).
import type { Hyperparams } from '@mnist-lab/contracts';
import { BN_EPSILON, type MlpArchitecture, checkWeights } from '../architecture';
import type { Rng } from '../rng';
import type { BatchStats, Engine, Evaluation, TrainData } from '../types';
import { Arena } from './arena';
import { LINEAR, type Vec, batchNormInferenceForward, activationCode, softmaxCrossEntropy } from './kernels';
import { type MlpKernels, jsMlpKernels } from './mlp-kernels';
import { EVAL_CHUNK, type DenseParams, type HiddenParams, type MlpLayout, MlpStep, chunkCount, mlpLayout, seedChunks } from './mlp-step';
import { Command, type Helper, acquireHelper } from './mlp-threads';
import { type SparseImages, type Workspace, sparseImagesOf } from './workspace';
import { WASM_HEAP_BASE, type WasmKernels, createWasmKernels } from './wasm/wasm-kernels';

/**
 * How long the first thread, its own chunk done, leaves the helpers' chunks to them before it takes them itself:
 * enough for a running helper to claim its chunk (at batch 32 on 2 threads, 0.03 ms gave 101-121k samples/s, as the
 * first thread took most chunks and their buffers moved between the cores; 0.1 ms 163-206k), short next to a batch.
 */
const STEAL_AFTER_MS = 0.1;

export interface FusedEngineOptions {
  optimizer: Hyperparams['optimizer'];
  learningRate: number;
  /** The largest batch trainBatch will be given. */
  batchSize: number;
  /** float64 exists for the gradient check (on the JS kernels, one thread); training uses float32 like every other engine. */
  precision?: 'float32' | 'float64';
  /** 'js' forces the JS kernels (the reference, one thread); default wasm SIMD where it loads. */
  kernels?: 'wasm' | 'js';
  /**
   * Threads that share out a batch's chunks (default 1; one where wasm does not load). One thread or two: the same
   * run, bit for bit, for the same seed (more threads split a batch into more chunks).
   */
  threads?: number;
}

export class FusedEngine implements Engine {
  readonly backend = 'fused' as const;
  learningRate: number;
  readonly kernels: MlpKernels;
  /** The threads a batch is split over. */
  readonly threads: number;
  /** The chunks a batch is split into (mlp-step.ts): the numbers depend on these, not on the threads. */
  readonly chunks: number;
  private readonly act: number;
  private readonly layout: MlpLayout;
  private readonly step: MlpStep;
  private readonly hidden: HiddenParams[];
  private readonly output: DenseParams;
  private readonly evalWs: Workspace;
  /** Inference's folded BatchNorm per hidden layer: scale = gamma/sqrt(movVar+eps), shift = beta - movMean*scale. */
  private readonly folded: { scale: Float64Array; shift: Float64Array }[];
  private readonly wasm: WasmKernels | null;
  private helpers: Helper[] | null = null;
  /** The training set the helpers were last sent. */
  private helperSparse: SparseImages | null = null;
  /** Optimizer steps taken. */
  private steps = 0;

  constructor(private readonly arch: MlpArchitecture, private readonly opts: FusedEngineOptions, rng: Rng, initial: readonly Float32Array[]) {
    const Float = opts.precision === 'float64' ? Float64Array : Float32Array;
    this.act = activationCode(arch.activation);
    this.learningRate = opts.learningRate;
    const wanted = Float === Float32Array && opts.kernels !== 'js' ? Math.max(1, Math.floor(opts.threads ?? 1)) : 1;
    this.chunks = chunkCount(wanted);
    // Everything a kernel touches, carved from one buffer: sized by a dry pass, then the wasm memory (or a plain one).
    const sizing = new Arena(null, Float, WASM_HEAP_BASE);
    mlpLayout(sizing, arch, opts.batchSize, this.chunks);
    this.wasm = Float === Float32Array && opts.kernels !== 'js' ? createWasmKernels(sizing.bytes) : null;
    this.threads = this.wasm === null ? 1 : wanted;
    this.kernels = this.wasm?.mlp ?? jsMlpKernels;
    this.layout = mlpLayout(new Arena(this.wasm?.memory.buffer ?? new ArrayBuffer(sizing.bytes), Float, WASM_HEAP_BASE), arch, opts.batchSize, this.chunks);
    this.evalWs = this.layout.evalWs;
    this.step = new MlpStep({ arch, layout: this.layout, chunks: this.chunks, kernels: this.kernels, optimizer: opts.optimizer, Float });
    ({ hidden: this.hidden, output: this.output } = this.step.main);
    this.folded = arch.hidden.map((n) => ({ scale: new Float64Array(n), shift: new Float64Array(n) }));
    seedChunks(this.layout, rng, this.chunks);
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
    const { layout } = this;
    const sparse = sparseImagesOf(data.images, data.labels, this.arch.inputSize);
    MlpStep.prepare(layout, order, start, rows, this.learningRate, optimize ? ++this.steps : this.steps, optimize);
    if (this.threads > 1) {
      // Nobody waits for the helpers: a helper that has not booted, or not got this training set, joins later.
      const helpers = this.startHelpers();
      const dataset = sparse !== this.helperSparse ? sparse : undefined;
      this.helperSparse = sparse;
      for (const h of helpers) h.command(Command.Step, dataset === undefined ? undefined : { kind: 'dataset', sparse: dataset });
    }
    this.step.runBatch(sparse, 0, this.threads > 1 ? STEAL_AFTER_MS : 0);
    out.lossSum = 0;
    out.correct = 0;
    for (let c = 0; c < this.chunks; c++) {
      out.lossSum += layout.chunkStats[2 * c];
      out.correct += layout.chunkStats[2 * c + 1];
    }
  }

  /** The helper threads, bound to this engine's memory on first use (a pool's, or new ones). */
  private startHelpers(): Helper[] {
    if (this.helpers !== null) return this.helpers;
    const wasm = this.wasm as WasmKernels;
    this.helpers = Array.from({ length: this.threads - 1 }, () => acquireHelper());
    this.helpers.forEach((h, i) =>
      h.post({
        kind: 'init', family: 'mlp', module: wasm.module, memory: wasm.memory, arch: this.arch, batchSize: this.opts.batchSize,
        threads: this.threads, chunks: this.chunks, thread: i + 1, optimizer: this.opts.optimizer, seed: 0,
      }),
    );
    return this.helpers;
  }

  evaluate(data: TrainData, hidden?: Float32Array): Evaluation {
    const { arch, act, evalWs: ws, kernels: k } = this;
    this.hidden.forEach((p, l) => {
      if (p.bn === null) return;
      const { scale, shift } = this.folded[l];
      for (let j = 0; j < p.n; j++) {
        scale[j] = p.bn.gamma[j] / Math.sqrt(p.bn.movVar[j] + BN_EPSILON);
        shift[j] = p.bn.beta[j] - p.bn.movMean[j] * scale[j];
      }
    });
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
        if (p.bn !== null) batchNormInferenceForward(buf.h, rows, p.n, this.folded[l].scale, this.folded[l].shift, buf.out);
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
    return this.step.main.views.weights.map((w) => Float32Array.from(w));
  }

  setWeights(weights: readonly Float32Array[]): void {
    checkWeights(this.arch, weights);
    weights.forEach((w, i) => this.step.main.views.weights[i].set(w));
  }

  /** Live views of the weights and their gradients (Keras order), for the gradient check. */
  parameterViews(): { weights: Vec[]; grads: (Vec | null)[] } {
    return this.step.main.views;
  }

  /** The helper threads go back to the pool; the arena goes with the engine. */
  dispose(): void {
    this.helpers?.forEach((h) => h.release());
    this.helpers = null;
  }
}
