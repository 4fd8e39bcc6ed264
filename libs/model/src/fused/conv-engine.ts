// The fused engine for the CNN family: Conv2D -> [BatchNorm] -> activation -> MaxPooling2D blocks, Flatten, the
// MLP family's Dense head, forward and backward by hand over one preallocated arena, the hot loops in wasm SIMD.
//
// im2col or direct, measured on the Keras convnet at batch 128 (CPU ms per batch, this 2-core machine at load ~3):
// - Forward: im2col + one matrix product per sample (patches [oh*ow, k*k*cin] times the kernel [k*k*cin, cout]).
//   The second conv's im2col takes 1.0 ms beside its product's 20 ms, so a direct convolution could save at most
//   ~5%; one sample's patches (139 KB) stay in L2 between the two. A direct conv over each patch's nonzero inputs
//   only (ReLU zeros half of a block's output, the digits are ~80% background; compacted lists, 1x32 tiles) ran
//   15-25% slower end to end than these dense 2x16 products, on either block.
// - Backward without BatchNorm: direct, from the pooled gradient (convBackwardSparse): 12 ms for the second block
//   against 46 ms for im2col + dW and dX products + col2im, 7.8 against 12 ms for the first. With BatchNorm the conv
//   output's gradient is dense and the products run (denseConvBackward).
// Pooling comes before the activation: they commute (every activation here is monotone), and pooling first
// activates a quarter of the values.
import type { Hyperparams } from '@mnist-lab/contracts';
import { BN_EPSILON, BN_MOMENTUM, type CnnArchitecture, checkWeights, sizeOf, weightSpecs } from '../architecture';
import type { Rng } from '../rng';
import type { BatchStats, Engine, Evaluation, TrainData } from '../types';
import { Arena } from './arena';
import { type ConvKernels, jsConvKernels } from './conv-kernels';
import { ConvBatchNorm } from './conv-batch-norm';
import { ConvWorkspace } from './conv-workspace';
import {
  RELU, type Vec, activateRow, activationCode, activationDropoutBackward, activationGradRow, batchNormBackward,
  batchNormInferenceForward, batchNormTrainForward, dropoutForward, softmaxCrossEntropy,
} from './kernels';
import { type FusedOptimizer, createOptimizer } from './optimizer';
import { type LayerViews, layerViews, weightViews } from './weight-views';
import { rowRange } from './mlp-step';
import { Command, type Helper, acquireHelper } from './mlp-threads';
import { SYNC_WORDS, ThreadSync } from './thread-sync';
import { WASM_HEAP_BASE, type WasmKernels, bindWasmKernels, createWasmKernels } from './wasm/wasm-kernels';

/** The per-sample loops the CNN engine's threads share out (a batch's samples are independent there). */
export const ConvTask = { Forward: 1, SparseBackward: 2, DenseBackward: 3 } as const;
/** Words per thread of the task block: task, layer, first sample, end sample. */
const TASK_WORDS = 4;

/** How a helper thread binds its copy of the engine to the engine's memory (mlp-worker.ts). */
export interface ConvReplica {
  thread: number;
  module: object;
  memory: WasmKernels['memory'];
}

/** Evaluation reuses the training buffers, in chunks of at least this many samples. */
const MIN_CAPACITY = 64;
/** Arena bytes beyond which the engine refuses a batch size (a wasm32 memory ends at 4 GB). */
const MAX_BYTES = 2 ** 31;

/** A Dense layer's views, with the MLP kernels' BatchNorm scratch (statistics kept for backward, folded inference). */
interface DenseParams extends LayerViews {
  nIn: number;
  n: number;
  bnScratch: { stats: Float64Array; sums: Float64Array; scale: Float64Array; shift: Float64Array };
}

interface ConvParams extends LayerViews {
  convBn: ConvBatchNorm | null;
}

export interface ConvEngineOptions {
  optimizer: Hyperparams['optimizer'];
  learningRate: number;
  batchSize: number;
  /** float64 runs the JS kernels, for the gradient check. */
  precision?: 'float32' | 'float64';
  /** 'js' forces the JS kernels (the reference, one thread); default wasm SIMD where it loads. */
  kernels?: 'wasm' | 'js';
  /**
   * Threads the per-sample conv loops are shared over (default 1; one where wasm does not load): each sums its
   * samples' kernel and bias gradients apart, folded in thread order. Same seed, same threads: same run.
   */
  threads?: number;
}

export class ConvEngine implements Engine {
  readonly backend = 'fused' as const;
  learningRate: number;
  readonly kernels: ConvKernels;
  private readonly act: number;
  private readonly relu: boolean;
  private readonly theta: Vec;
  private readonly grad: Vec;
  private readonly weights: Vec[];
  private readonly grads: (Vec | null)[];
  private readonly conv: ConvParams[] = [];
  private readonly dense: DenseParams[] = [];
  private readonly optimizer: FusedOptimizer;
  private readonly ws: ConvWorkspace;
  readonly threads: number;
  /** This copy's thread: 0 for the engine, more for a helper's replica. */
  private readonly thread: number;
  /** Per thread its share of the gradient (grads[0] is this.grad on thread 0). */
  private readonly threadGrads: Vec[];
  private readonly sync: ThreadSync;
  private readonly tasks: Int32Array;
  private readonly wasm: WasmKernels | null;
  private readonly seeds: number[] = [];
  private helpers: Helper[] | null = null;
  /** Optimizer steps taken. */
  private steps = 0;

  constructor(
    private readonly arch: CnnArchitecture, private readonly opts: ConvEngineOptions, private readonly rng: Rng, initial: readonly Float32Array[],
    replica?: ConvReplica,
  ) {
    this.act = activationCode(arch.activation);
    this.relu = this.act === RELU;
    this.learningRate = opts.learningRate;
    const Float = opts.precision === 'float64' ? Float64Array : Float32Array;
    const capacity = Math.max(opts.batchSize, MIN_CAPACITY);
    const specs = weightSpecs(arch);
    const trainableSize = specs.filter((s) => s.trainable).reduce((sum, s) => sum + sizeOf(s), 0);
    const wanted = Float === Float32Array && opts.kernels !== 'js' ? Math.max(1, Math.floor(opts.threads ?? 1)) : 1;
    const layout = (arena: Arena, threads: number) => ({
      theta: arena.floats(trainableSize),
      grads: Array.from({ length: threads }, () => arena.floats(trainableSize)),
      ws: new ConvWorkspace(capacity, arch, arena, threads),
      sync: arena.ints(SYNC_WORDS),
      tasks: arena.ints(TASK_WORDS * threads),
    });
    const sizing = new Arena(null, Float, WASM_HEAP_BASE);
    layout(sizing, wanted);
    if (sizing.bytes > MAX_BYTES) {
      const perSample = sizing.bytes / capacity;
      throw new Error(`a batch of ${opts.batchSize} needs ${(sizing.bytes / 2 ** 30).toFixed(1)} GB of buffers for this CNN: use a batch size of at most ${Math.floor(MAX_BYTES / perSample)}`);
    }
    this.wasm = replica !== undefined
      ? bindWasmKernels(replica.module, replica.memory)
      : Float === Float32Array && opts.kernels !== 'js' ? createWasmKernels(sizing.bytes) : null;
    this.kernels = this.wasm?.kernels ?? jsConvKernels;
    this.threads = this.wasm === null ? 1 : wanted;
    this.thread = replica?.thread ?? 0;
    const buffers = layout(new Arena(this.wasm?.memory.buffer ?? new ArrayBuffer(sizing.bytes), Float, WASM_HEAP_BASE), this.threads);
    this.theta = buffers.theta;
    this.threadGrads = buffers.grads;
    this.grad = buffers.grads[this.thread];
    this.ws = buffers.ws;
    this.sync = new ThreadSync(buffers.sync, this.threads);
    this.tasks = buffers.tasks;

    ({ weights: this.weights, grads: this.grads } = weightViews(specs, this.theta, this.grad, Float));
    const views = { weights: this.weights, grads: this.grads };
    arch.blocks.forEach((block, i) => {
      const p = layerViews(specs, views, i);
      const bnBuffers = this.ws.layers[i].bn;
      this.conv.push({ ...p, convBn: p.bn !== null && bnBuffers !== null ? new ConvBatchNorm(block.filters, p.bn, bnBuffers) : null });
    });
    let nIn = arch.flatSize;
    [...arch.hidden, arch.classes].forEach((n, i) => {
      const bnScratch = { stats: new Float64Array(2 * n), sums: new Float64Array(2 * n), scale: new Float64Array(n), shift: new Float64Array(n) };
      this.dense.push({ ...layerViews(specs, views, arch.blocks.length + i), nIn, n, bnScratch });
      nIn = n;
    });
    this.optimizer = createOptimizer(opts.optimizer, trainableSize, Float);
    // A replica finds the weights in the shared memory; its rng is never drawn from.
    if (replica === undefined) this.setWeights(initial);
    const seeder = rng.clone();
    for (let t = 1; t < this.threads; t++) this.seeds.push(seeder.nextUint32());
  }

  trainBatch(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    this.computeGradients(data, order, start, end, out);
    this.optimizer.step(this.theta, this.grad, this.learningRate, ++this.steps);
  }

  /** A helper's share of a per-sample loop (the task block says which); mlp-worker.ts calls it, then meets the barrier. */
  runAssignedTask(): void {
    const at = TASK_WORDS * this.thread;
    this.runTask(this.tasks[at], this.tasks[at + 1], this.tasks[at + 2], this.tasks[at + 3]);
  }

  /** The engine's barrier, for a helper's replica. */
  barrier(): void {
    this.sync.barrier();
  }

  /** A helper's replica failed: the engine's barrier throws instead of waiting. */
  fail(): void {
    this.sync.fail();
  }

  /** Samples [0, rows) of per-sample loop `task` over layer l, shared out over the threads; returns when all are done. */
  private parallel(task: number, l: number, rows: number): void {
    if (this.threads === 1) return this.runTask(task, l, 0, rows);
    const helpers = this.startHelpers();
    // The CNN's threads meet at the barrier: without a helper it would wait forever.
    if (helpers.some((h) => h.broken)) throw new Error('a training thread exited (its error is in the log)');
    for (let t = 1; t < this.threads; t++) {
      const [s0, s1] = rowRange(t, rows, this.threads);
      this.tasks.set([task, l, s0, s1], TASK_WORDS * t);
      helpers[t - 1].command(Command.Step);
    }
    const [s0, s1] = rowRange(0, rows, this.threads);
    this.runTask(task, l, s0, s1);
    this.sync.barrier();
  }

  private runTask(task: number, l: number, s0: number, s1: number): void {
    if (task === ConvTask.Forward) this.convForward(l, s0, s1);
    else if (task === ConvTask.SparseBackward) this.sparseConvSamples(l, s0, s1);
    else this.denseConvSamples(l, s0, s1);
  }

  /** The helper threads, bound to this engine's memory on first use (a pool's, or new ones). */
  private startHelpers(): Helper[] {
    if (this.helpers !== null) return this.helpers;
    const wasm = this.wasm as WasmKernels;
    const helpers = this.seeds.map(() => acquireHelper());
    helpers.forEach((h, i) =>
      h.command(Command.Wake, {
        kind: 'init', family: 'cnn', module: wasm.module, memory: wasm.memory, arch: this.arch, batchSize: this.opts.batchSize,
        threads: this.threads, chunks: this.threads, thread: i + 1, optimizer: this.opts.optimizer, seed: this.seeds[i],
      }),
    );
    this.helpers = helpers;
    this.sync.barrier();
    return helpers;
  }

  /** One conv block's forward for samples [s0, s1): patches, the product into z, and (without BatchNorm) pooling. */
  private convForward(l: number, s0: number, s1: number): void {
    const { ws, kernels } = this;
    const p = this.conv[l];
    const buf = ws.layers[l];
    const g = buf.conv;
    const input = l === 0 ? ws.x : ws.layers[l - 1].out;
    const col = ws.cols[this.thread];
    const m = g.oh * g.ow;
    for (let s = s0; s < s1; s++) {
      kernels.im2col(input, s * buf.inSize, col, g);
      kernels.gemm(col, 0, p.w, p.b, buf.z, s * buf.convSize, m, g.patch, g.cout);
      // Pooled while the sample's conv output is still in L2 (86 KB for the Keras convnet's first conv; the batch's is 11 MB).
      if (p.convBn === null) kernels.maxPool(buf.z, buf.out, buf.argmax, s, 1, buf.pool, this.relu);
    }
  }

  /** Forward and backward in training mode; leaves the batch-mean loss gradient in the gradient buffers. */
  computeGradients(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    const rows = end - start;
    if (rows > this.ws.capacity) throw new Error(`batch of ${rows} exceeds the engine's batch size ${this.ws.capacity}`);
    const { ws } = this;
    ws.gather(data.images, data.labels, this.arch.inputSize, order, start, rows);
    this.forward(rows, true);
    const logits = this.dense[this.dense.length - 1];
    out.lossSum = 0;
    out.correct = 0;
    softmaxCrossEntropy(ws.logits, rows, logits.n, ws.labels, 0, ws.dlogits, null, null, 0, out);
    this.backward(rows);
    // The helpers' shares of the conv gradients, folded in thread order (each cleared for the next batch).
    for (let t = 1; t < this.threads; t++) (this.wasm as WasmKernels).mlp.accumulate(this.grad, this.threadGrads[t]);
  }

  /** Conv blocks, Flatten (+ dropout), the Dense head and the logits, into ws.logits. */
  /** Returns what the logits layer read: the last hidden layer's output for these rows. */
  private forward(rows: number, training: boolean): Vec {
    const { ws, kernels, act, arch, rng } = this;
    for (let l = 0; l < this.conv.length; l++) {
      const p = this.conv[l];
      const buf = ws.layers[l];
      const g = buf.conv;
      const m = g.oh * g.ow;
      const bn = p.convBn;
      this.parallel(ConvTask.Forward, l, rows);
      if (bn !== null && training) bn.trainForward(kernels, buf.z, buf.xhat as Vec, rows * m);
      else if (bn !== null) bn.inference(kernels, buf.z, rows * m);
      if (bn !== null) kernels.maxPool(buf.z, buf.out, buf.argmax, 0, rows, buf.pool, this.relu);
      if (!this.relu) activateRow(act, buf.out, 0, rows * buf.pooledSize);
    }
    let input = ws.layers[ws.layers.length - 1].out;
    if (training && ws.flatMask !== null) {
      dropoutForward(input, rows * arch.flatSize, arch.dropout, rng, ws.flatMask, ws.flat);
      input = ws.flat;
    }
    const hidden = this.dense.length - 1;
    for (let l = 0; l < hidden; l++) {
      const p = this.dense[l];
      const buf = ws.dense[l];
      kernels.gemm(input, 0, p.w, p.b, buf.h, 0, rows, p.nIn, p.n);
      activateRow(act, buf.h, 0, rows * p.n);
      const { bn, bnScratch: sc } = p;
      if (training && bn !== null) {
        batchNormTrainForward(buf.h, rows, p.n, bn.gamma, bn.beta, bn.movMean, bn.movVar, BN_MOMENTUM, BN_EPSILON,
          sc.stats, buf.xhat as Vec, buf.out, buf.mask, arch.dropout, rng);
      } else if (bn !== null) {
        batchNormInferenceForward(buf.h, rows, p.n, sc.scale, sc.shift, buf.out);
      } else if (training && buf.mask !== null) {
        dropoutForward(buf.h, rows * p.n, arch.dropout, rng, buf.mask, buf.out);
      }
      input = training || bn !== null ? buf.out : buf.h;
    }
    const o = this.dense[hidden];
    kernels.gemm(input, 0, o.w, o.b, ws.logits, 0, rows, o.nIn, o.n);
    return input;
  }

  private backward(rows: number): void {
    const { ws, act } = this;
    const hidden = this.dense.length - 1;
    this.denseBackward(hidden, rows, ws.dlogits);
    for (let l = hidden - 1; l >= 0; l--) {
      const p = this.dense[l];
      const buf = ws.dense[l];
      const d = buf.dOut;
      const { bn, bnScratch: sc } = p;
      if (bn !== null) batchNormBackward(d, buf.mask, rows, p.n, buf.xhat as Vec, buf.h, act, bn.gamma, sc.stats, sc.sums, bn.dgamma, bn.dbeta, d);
      else activationDropoutBackward(d, buf.mask, rows, p.n, buf.h, act, d);
      this.denseBackward(l, rows, d);
    }
    const lastConv = ws.layers[ws.layers.length - 1];
    if (ws.flatMask !== null) {
      const n = rows * this.arch.flatSize;
      for (let i = 0; i < n; i++) lastConv.dOut[i] = ws.dFlat[i] * ws.flatMask[i];
    }
    for (let l = this.conv.length - 1; l >= 0; l--) {
      const p = this.conv[l];
      const buf = ws.layers[l];
      const g = buf.conv;
      if (!this.relu) activationGradRow(act, buf.out, buf.dOut, 0, rows * buf.pooledSize);
      if (l > 0) transpose(p.w, g.patch, g.cout, buf.wt);
      if (p.bn === null && buf.pool.p > 1) this.sparseConvBackward(l, rows);
      else this.denseConvBackward(l, rows);
    }
  }

  /** Dense layer l's dW += inputᵀ dZ, db += column sums of dZ and dInput = dZ Wᵀ, through the (wasm) matrix kernels. */
  private denseBackward(l: number, rows: number, dz: Vec): void {
    const { ws } = this;
    // What layer l read in training: Flatten's output (after dropout) for the first, the previous block's otherwise.
    const input = l > 0 ? ws.dense[l - 1].out : ws.flat;
    const dInput = l > 0 ? ws.dense[l - 1].dOut : ws.dFlat;
    const p = this.dense[l];
    const wt = this.ws.denseWt[l];
    this.kernels.gemmTN(input, 0, dz, 0, p.dw, rows, p.nIn, p.n);
    const db = p.db as Vec;
    for (let r = 0; r < rows; r++) for (let j = 0, o = r * p.n; j < p.n; j++) db[j] += dz[o + j];
    transpose(p.w, p.nIn, p.n, wt);
    this.kernels.gemm(dz, 0, wt, null, dInput, 0, rows, p.n, p.nIn);
  }

  /**
   * Pooling leaves one nonzero conv-output gradient per window (35% of those pass the second block's ReLU in the
   * Keras convnet): the kernel walks those only, a tenth of the dense products' multiply-adds (timings above).
   */
  private sparseConvBackward(l: number, rows: number): void {
    const p = this.conv[l];
    const buf = this.ws.layers[l];
    const g = buf.conv;
    this.parallel(ConvTask.SparseBackward, l, rows);
    // dW += dwtᵀ, each thread's in thread order, and each dwt is cleared for the next batch.
    const { dw } = p;
    for (const dwt of buf.dwts) {
      for (let i = 0; i < g.patch; i++) {
        for (let j = 0; j < g.cout; j++) {
          dw[i * g.cout + j] += dwt[j * g.patch + i];
          dwt[j * g.patch + i] = 0;
        }
      }
    }
  }

  private sparseConvSamples(l: number, s0: number, s1: number): void {
    const { ws, kernels } = this;
    const p = this.conv[l];
    const buf = ws.layers[l];
    const input = l === 0 ? ws.x : ws.layers[l - 1].out;
    const dInput = l === 0 ? null : ws.layers[l - 1].dOut;
    for (let s = s0; s < s1; s++) {
      kernels.convBackwardSparse(buf.dOut, buf.out, buf.argmax, s * buf.pooledSize, buf.pool, this.relu,
        input, s * buf.inSize, buf.conv, buf.wt, buf.dwts[this.thread], p.db as Vec, dInput, s * buf.inSize);
    }
  }

  /** Through pooling into the dense conv-output gradient, BatchNorm's backward, then dW += patchesᵀ dZ and dX by col2im. */
  private denseConvBackward(l: number, rows: number): void {
    const { ws, kernels } = this;
    const p = this.conv[l];
    const buf = ws.layers[l];
    const m = buf.conv.oh * buf.conv.ow;
    kernels.maxPoolBackward(buf.dOut, buf.out, buf.argmax, rows, buf.pool, buf.dz, this.relu, p.db);
    p.convBn?.backward(kernels, buf.dz, buf.xhat as Vec, rows * m);
    this.parallel(ConvTask.DenseBackward, l, rows);
  }

  private denseConvSamples(l: number, s0: number, s1: number): void {
    const { ws, kernels } = this;
    const p = this.conv[l];
    const buf = ws.layers[l];
    const g = buf.conv;
    const m = g.oh * g.ow;
    const input = l === 0 ? ws.x : ws.layers[l - 1].out;
    const dInput = l === 0 ? null : ws.layers[l - 1].dOut;
    const col = ws.cols[this.thread];
    const dcol = ws.dcols[this.thread];
    for (let s = s0; s < s1; s++) {
      kernels.im2col(input, s * buf.inSize, col, g);
      kernels.gemmTN(col, 0, buf.dz, s * buf.convSize, p.dw, m, g.patch, g.cout);
      if (dInput === null) continue;
      kernels.gemm(buf.dz, s * buf.convSize, buf.wt, null, dcol, 0, m, g.cout, g.patch);
      kernels.col2im(dcol, dInput, s * buf.inSize, g);
    }
  }

  evaluate(data: TrainData, hidden?: Float32Array): Evaluation {
    const { ws, arch } = this;
    for (const { bn, bnScratch: sc } of this.dense) {
      if (bn === null) continue;
      for (let j = 0; j < sc.scale.length; j++) {
        sc.scale[j] = bn.gamma[j] / Math.sqrt(bn.movVar[j] + BN_EPSILON);
        sc.shift[j] = bn.beta[j] - bn.movMean[j] * sc.scale[j];
      }
    }
    const probabilities = new Float32Array(data.count * arch.classes);
    const predictions = new Uint8Array(data.count);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    for (let start = 0; start < data.count; start += ws.capacity) {
      const rows = Math.min(ws.capacity, data.count - start);
      ws.gather(data.images, data.labels, arch.inputSize, null, start, rows);
      const input = this.forward(rows, false);
      const width = this.dense[this.dense.length - 1].nIn;
      hidden?.set(input.subarray(0, rows * width), start * width);
      softmaxCrossEntropy(ws.logits, rows, arch.classes, ws.labels, 0, null, probabilities, predictions, start, stats);
    }
    return { loss: stats.lossSum / data.count, accuracy: stats.correct / data.count, predictions, probabilities };
  }

  getWeights(): Float32Array[] {
    return this.weights.map((w) => Float32Array.from(w));
  }

  setWeights(weights: readonly Float32Array[]): void {
    checkWeights(this.arch, weights);
    weights.forEach((w, i) => this.weights[i].set(w));
  }

  /** Live views of the weights and their gradients (Keras order), for the gradient check. */
  parameterViews(): { weights: Vec[]; grads: (Vec | null)[] } {
    return { weights: this.weights, grads: this.grads };
  }

  /** The helper threads go back to the pool; the arena goes with the engine. */
  dispose(): void {
    this.helpers?.forEach((h) => h.release());
    this.helpers = null;
  }
}

/** wt[n x m] = w[m x n]. */
function transpose(w: Vec, m: number, n: number, wt: Vec): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) wt[j * m + i] = w[i * n + j];
}
