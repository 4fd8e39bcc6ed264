// mnist-lab's own engine ("fused"): the whole MLP family's forward and backward by hand, over one preallocated arena,
// the matrix kernels and Adam in wasm SIMD (mlp-kernels.ts: the JS kernels where it does not load, and for float64).
import type { Hyperparams } from '@mnist-lab/contracts';
import { BN_EPSILON, BN_MOMENTUM, type MlpArchitecture, checkWeights, sizeOf, weightSpecs } from '../architecture';
import type { Rng } from '../rng';
import type { BatchStats, Engine, Evaluation, TrainData } from '../types';
import { Arena } from './arena';
import {
  LINEAR, type Vec, activationCode, activationDropoutBackward, batchNormBackward, batchNormInferenceForward,
  batchNormTrainForward, dropoutForward, softmaxCrossEntropy,
} from './kernels';
import { type MlpKernels, jsMlpKernels } from './mlp-kernels';
import { type FusedOptimizer, createOptimizer } from './optimizer';
import { type FloatArrayCtor, Workspace } from './workspace';
import { WASM_HEAP_BASE, createWasmKernels } from './wasm/wasm-kernels';

/** Rows per inference chunk: large enough to amortize loop overhead, small enough to stay in cache. */
const EVAL_CHUNK = 256;

interface DenseParams {
  nIn: number;
  n: number;
  w: Vec;
  b: Vec;
  dw: Vec;
  db: Vec;
}

interface HiddenParams extends DenseParams {
  bn: {
    gamma: Vec; beta: Vec; movMean: Vec; movVar: Vec; dgamma: Vec; dbeta: Vec;
    /** Batch mean and 1/sqrt(var+eps), kept from forward for backward. */
    stats: Float64Array;
    sums: Float64Array;
    scale: Float64Array;
    shift: Float64Array;
  } | null;
}

export interface FusedEngineOptions {
  optimizer: Hyperparams['optimizer'];
  learningRate: number;
  /** The largest batch trainBatch will be given. */
  batchSize: number;
  /** float64 exists for the gradient check (on the JS kernels); training uses float32 like every other engine. */
  precision?: 'float32' | 'float64';
  /** 'js' forces the JS kernels (the reference); default wasm SIMD where it loads. */
  kernels?: 'wasm' | 'js';
}

export class FusedEngine implements Engine {
  readonly backend = 'fused' as const;
  learningRate: number;
  readonly kernels: MlpKernels;
  private readonly Float: FloatArrayCtor & { BYTES_PER_ELEMENT: number };
  private readonly act: number;
  private readonly theta: Vec;
  private readonly grad: Vec;
  /** Every weight in Keras order: views into theta, or the BatchNorm moving statistics. */
  private readonly weights: Vec[];
  /** The gradient view of each weight in `weights`, null for the moving statistics. */
  private readonly grads: (Vec | null)[];
  private readonly hidden: HiddenParams[] = [];
  private readonly output: DenseParams;
  private readonly optimizer: FusedOptimizer;
  private readonly ws: Workspace;
  private readonly evalWs: Workspace;

  constructor(private readonly arch: MlpArchitecture, opts: FusedEngineOptions, private readonly rng: Rng, initial: readonly Float32Array[]) {
    this.Float = opts.precision === 'float64' ? Float64Array : Float32Array;
    this.act = activationCode(arch.activation);
    this.learningRate = opts.learningRate;
    const specs = weightSpecs(arch);
    const trainableSize = specs.filter((s) => s.trainable).reduce((sum, s) => sum + sizeOf(s), 0);
    // Everything a kernel touches, carved from one buffer: sized by a dry pass, then the wasm memory (or a plain one).
    const layout = (arena: Arena) => ({
      theta: arena.floats(trainableSize),
      grad: arena.floats(trainableSize),
      ws: new Workspace(opts.batchSize, arch, true, arena),
      evalWs: new Workspace(EVAL_CHUNK, arch, false, arena),
      /** The optimizer's state: at most two vectors the size of theta (Adam's moments). */
      state: [arena.floats(trainableSize), arena.floats(trainableSize)],
    });
    const sizing = new Arena(null, this.Float, WASM_HEAP_BASE);
    layout(sizing);
    const wasm = this.Float === Float32Array && opts.kernels !== 'js' ? createWasmKernels(sizing.bytes) : null;
    this.kernels = wasm?.mlp ?? jsMlpKernels;
    const buffers = layout(new Arena(wasm?.memory ?? new ArrayBuffer(sizing.bytes), this.Float, WASM_HEAP_BASE));
    this.theta = buffers.theta;
    this.grad = buffers.grad;
    this.ws = buffers.ws;
    this.evalWs = buffers.evalWs;
    this.weights = [];
    this.grads = [];
    let offset = 0;
    for (const spec of specs) {
      const size = sizeOf(spec);
      if (spec.trainable) {
        this.weights.push(this.theta.subarray(offset, offset + size));
        this.grads.push(this.grad.subarray(offset, offset + size));
        offset += size;
      } else {
        this.weights.push(new this.Float(size));
        this.grads.push(null);
      }
    }
    const views = (layer: number, role: string): { w: Vec; g: Vec | null } => {
      const i = specs.findIndex((s) => s.layer === layer && s.role === role);
      return { w: this.weights[i], g: this.grads[i] };
    };
    const dense = (layer: number, nIn: number, n: number): DenseParams => {
      const k = views(layer, 'kernel');
      const b = views(layer, 'bias');
      return { nIn, n, w: k.w, b: b.w, dw: k.g as Vec, db: b.g as Vec };
    };
    let nIn = arch.inputSize;
    arch.hidden.forEach((n, layer) => {
      const bn = arch.batchNorm
        ? {
            gamma: views(layer, 'gamma').w, beta: views(layer, 'beta').w,
            dgamma: views(layer, 'gamma').g as Vec, dbeta: views(layer, 'beta').g as Vec,
            movMean: views(layer, 'moving_mean').w, movVar: views(layer, 'moving_variance').w,
            stats: new Float64Array(2 * n), sums: new Float64Array(2 * n),
            scale: new Float64Array(n), shift: new Float64Array(n),
          }
        : null;
      this.hidden.push({ ...dense(layer, nIn, n), bn });
      nIn = n;
    });
    this.output = dense(arch.hidden.length, nIn, arch.classes);
    const state = [...buffers.state];
    this.optimizer = createOptimizer(opts.optimizer, trainableSize, this.Float, { floats: () => state.shift() as Vec, adam: this.kernels.adam });
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
    const { ws, arch, act, rng, kernels: k } = this;
    ws.gatherTraining(data.images, data.labels, arch.inputSize, order, start, rows);
    const rate = arch.dropout;
    // Plain loops, not forEach: a closure per batch would be an allocation on the hot path.
    for (let l = 0; l < this.hidden.length; l++) {
      const p = this.hidden[l];
      const buf = ws.layers[l];
      if (l === 0) k.sparseForward(ws.nzStart, ws.nzIdx, ws.nzVal, rows, p.w, p.b, p.n, act, buf.h);
      else k.denseForward(ws.layers[l - 1].out, rows, p.nIn, p.w, p.b, p.n, act, buf.h);
      if (p.bn !== null) {
        const bn = p.bn;
        batchNormTrainForward(buf.h, rows, p.n, bn.gamma, bn.beta, bn.movMean, bn.movVar, BN_MOMENTUM, BN_EPSILON,
          bn.stats, buf.xhat as Vec, buf.out, buf.mask, rate, rng);
      } else if (buf.mask !== null) {
        dropoutForward(buf.h, rows * p.n, rate, rng, buf.mask, buf.out);
      }
    }
    const last = ws.layers[ws.layers.length - 1];
    const o = this.output;
    const dlogits = ws.dlogits as Vec;
    k.denseForward(last.out, rows, o.nIn, o.w, o.b, o.n, LINEAR, ws.logits);
    out.lossSum = 0;
    out.correct = 0;
    softmaxCrossEntropy(ws.logits, rows, o.n, ws.labels, 0, dlogits, null, null, 0, out);

    k.denseWeightGrad(last.out, rows, o.nIn, dlogits, o.n, o.dw, o.db);
    k.denseInputGrad(dlogits, rows, o.n, o.w, o.nIn, last.dOut as Vec);
    for (let l = this.hidden.length - 1; l >= 0; l--) {
      const p = this.hidden[l];
      const buf = ws.layers[l];
      const d = buf.dOut as Vec;
      if (p.bn !== null) {
        const bn = p.bn;
        batchNormBackward(d, buf.mask, rows, p.n, buf.xhat as Vec, buf.h, act, bn.gamma, bn.stats, bn.sums, bn.dgamma, bn.dbeta, d);
      } else {
        activationDropoutBackward(d, buf.mask, rows, p.n, buf.h, act, d);
      }
      if (l === 0) {
        k.sparseWeightGrad(ws.colStart, ws.colRow, ws.colVal, arch.inputSize, rows, d, p.n, p.dw, p.db);
      } else {
        const prev = ws.layers[l - 1];
        k.denseWeightGrad(prev.out, rows, p.nIn, d, p.n, p.dw, p.db);
        k.denseInputGrad(d, rows, p.n, p.w, p.nIn, prev.dOut as Vec);
      }
    }
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
    // The arena is one buffer the engine owns; it goes with the engine.
  }
}
