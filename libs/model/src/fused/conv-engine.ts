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
import { WASM_HEAP_BASE, createWasmKernels } from './wasm/wasm-kernels';

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
  /** 'js' forces the JS kernels (the reference); default wasm SIMD where it loads. */
  kernels?: 'wasm' | 'js';
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

  constructor(private readonly arch: CnnArchitecture, opts: ConvEngineOptions, private readonly rng: Rng, initial: readonly Float32Array[]) {
    this.act = activationCode(arch.activation);
    this.relu = this.act === RELU;
    this.learningRate = opts.learningRate;
    const Float = opts.precision === 'float64' ? Float64Array : Float32Array;
    const capacity = Math.max(opts.batchSize, MIN_CAPACITY);
    const specs = weightSpecs(arch);
    const trainableSize = specs.filter((s) => s.trainable).reduce((sum, s) => sum + sizeOf(s), 0);
    const layout = (arena: Arena) => ({
      theta: arena.floats(trainableSize),
      grad: arena.floats(trainableSize),
      ws: new ConvWorkspace(capacity, arch, arena),
    });
    const sizing = new Arena(null, Float, WASM_HEAP_BASE);
    layout(sizing);
    if (sizing.bytes > MAX_BYTES) {
      const perSample = sizing.bytes / capacity;
      throw new Error(`a batch of ${opts.batchSize} needs ${(sizing.bytes / 2 ** 30).toFixed(1)} GB of buffers for this CNN: use a batch size of at most ${Math.floor(MAX_BYTES / perSample)}`);
    }
    const wasm = Float === Float32Array && opts.kernels !== 'js' ? createWasmKernels(sizing.bytes) : null;
    this.kernels = wasm?.kernels ?? jsConvKernels;
    const buffers = layout(new Arena(wasm?.memory.buffer ?? new ArrayBuffer(sizing.bytes), Float, WASM_HEAP_BASE));
    this.theta = buffers.theta;
    this.grad = buffers.grad;
    this.ws = buffers.ws;

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
    this.setWeights(initial);
  }

  trainBatch(data: TrainData, order: Uint32Array, start: number, end: number, out: BatchStats): void {
    this.computeGradients(data, order, start, end, out);
    this.optimizer.step(this.theta, this.grad, this.learningRate);
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
  }

  /** Conv blocks, Flatten (+ dropout), the Dense head and the logits, into ws.logits. */
  /** Returns what the logits layer read: the last hidden layer's output for these rows. */
  private forward(rows: number, training: boolean): Vec {
    const { ws, kernels, act, arch, rng } = this;
    for (let l = 0; l < this.conv.length; l++) {
      const p = this.conv[l];
      const buf = ws.layers[l];
      const g = buf.conv;
      const input = l === 0 ? ws.x : ws.layers[l - 1].out;
      const m = g.oh * g.ow;
      const bn = p.convBn;
      for (let s = 0; s < rows; s++) {
        kernels.im2col(input, s * buf.inSize, ws.col, g);
        kernels.gemm(ws.col, 0, p.w, p.b, buf.z, s * buf.convSize, m, g.patch, g.cout);
        // Pooled while the sample's conv output is still in L2 (86 KB for the Keras convnet's first conv; the batch's is 11 MB).
        if (bn === null) kernels.maxPool(buf.z, buf.out, buf.argmax, s, 1, buf.pool, this.relu);
      }
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
      const input = l === 0 ? ws.x : ws.layers[l - 1].out;
      const dInput = l === 0 ? null : ws.layers[l - 1].dOut;
      if (!this.relu) activationGradRow(act, buf.out, buf.dOut, 0, rows * buf.pooledSize);
      if (dInput !== null) transpose(p.w, g.patch, g.cout, buf.wt);
      if (p.bn === null && buf.pool.p > 1) this.sparseConvBackward(l, rows, input, dInput);
      else this.denseConvBackward(l, rows, input, dInput);
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
  private sparseConvBackward(l: number, rows: number, input: Vec, dInput: Vec | null): void {
    const { ws, kernels } = this;
    const p = this.conv[l];
    const buf = ws.layers[l];
    const g = buf.conv;
    for (let s = 0; s < rows; s++) {
      kernels.convBackwardSparse(buf.dOut, buf.out, buf.argmax, s * buf.pooledSize, buf.pool, this.relu,
        input, s * buf.inSize, g, buf.wt, buf.dwt, p.db as Vec, dInput, s * buf.inSize);
    }
    // dW += dwtᵀ, and dwt is cleared for the next batch.
    const { dw } = p;
    const { dwt } = buf;
    for (let i = 0; i < g.patch; i++) {
      for (let j = 0; j < g.cout; j++) {
        dw[i * g.cout + j] += dwt[j * g.patch + i];
        dwt[j * g.patch + i] = 0;
      }
    }
  }

  /** Through pooling into the dense conv-output gradient, BatchNorm's backward, then dW += patchesᵀ dZ and dX by col2im. */
  private denseConvBackward(l: number, rows: number, input: Vec, dInput: Vec | null): void {
    const { ws, kernels } = this;
    const p = this.conv[l];
    const buf = ws.layers[l];
    const g = buf.conv;
    const m = g.oh * g.ow;
    kernels.maxPoolBackward(buf.dOut, buf.out, buf.argmax, rows, buf.pool, buf.dz, this.relu, p.db);
    p.convBn?.backward(kernels, buf.dz, buf.xhat as Vec, rows * m);
    for (let s = 0; s < rows; s++) {
      kernels.im2col(input, s * buf.inSize, ws.col, g);
      kernels.gemmTN(ws.col, 0, buf.dz, s * buf.convSize, p.dw, m, g.patch, g.cout);
      if (dInput === null) continue;
      kernels.gemm(buf.dz, s * buf.convSize, buf.wt, null, ws.dcol, 0, m, g.cout, g.patch);
      kernels.col2im(ws.dcol, dInput, s * buf.inSize, g);
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

  dispose(): void {
    // Nothing to release: the arena (wasm memory or ArrayBuffer) goes with the engine to the garbage collector.
  }
}

/** wt[n x m] = w[m x n]. */
function transpose(w: Vec, m: number, n: number, wt: Vec): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) wt[j * m + i] = w[i * n + j];
}
