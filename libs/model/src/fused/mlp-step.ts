// One thread's share of the MLP engine's training step. A batch splits by rows over the engine's threads; each runs
// forward and backward over its rows on its own workspace, and they meet where a batch's rows must be seen together:
// BatchNorm's statistics (the mean, then the variance) and its backward reductions, combined from per-thread partial
// sums in thread order, then the gradient, each thread folding the others' share into the first thread's over its
// own slice of the parameters and stepping the optimizer there. On one thread every sum runs in the order the
// single-threaded engine used, so a run is the same bit for bit; on N threads it is the same for the same N.
import type { Hyperparams } from '@mnist-lab/contracts';
import { BN_EPSILON, BN_MOMENTUM, type MlpArchitecture, weightSpecs } from '../architecture';
import type { Rng } from '../rng';
import type { BatchStats } from '../types';
import type { Arena } from './arena';
import {
  LINEAR, type Vec, activationCode, activationDropoutBackward, batchNormApply, batchNormBackwardApply,
  batchNormBackwardSums, batchNormStatistics, columnSums64, dropoutForward, softmaxCrossEntropy,
} from './kernels';
import type { MlpKernels } from './mlp-kernels';
import { type FusedOptimizer, createOptimizer } from './optimizer';
import { SYNC_WORDS, type ThreadSync } from './thread-sync';
import { type WeightViews, weightViews } from './weight-views';
import { type FloatArrayCtor, type SparseImages, Workspace } from './workspace';

/** Rows per inference chunk: large enough to amortize loop overhead, small enough to stay in cache. */
export const EVAL_CHUNK = 256;

/** Rows [r0, r1) of a batch of `rows` that thread t of `threads` takes. */
export function rowRange(t: number, rows: number, threads: number): [number, number] {
  return [Math.floor((t * rows) / threads), Math.floor(((t + 1) * rows) / threads)];
}

/** Parameters [p0, p1) whose gradient thread t folds and steps: contiguous, in multiples of 4 (whole f32x4s). */
export function paramSlice(t: number, size: number, threads: number): [number, number] {
  const at = (i: number) => (i === threads ? size : Math.min(size, Math.floor((i * size) / threads / 4) * 4));
  return [at(t), at(t + 1)];
}

/**
 * Every buffer of an MLP engine with `threads` threads, in one arena. The layout depends only on its arguments, so a
 * helper thread carves the same views out of the same shared memory.
 */
export function mlpLayout(arena: Arena, arch: MlpArchitecture, batchSize: number, threads: number, trainableSize: number) {
  const perThread = Math.ceil(batchSize / threads);
  return {
    theta: arena.floats(trainableSize),
    /** grads[t]: thread t's share of the batch's gradient; grads[0] ends up holding the whole. */
    grads: Array.from({ length: threads }, () => arena.floats(trainableSize)),
    workspaces: Array.from({ length: threads }, () => new Workspace(perThread, arch, true, arena)),
    evalWs: new Workspace(EVAL_CHUNK, arch, false, arena),
    /** Per thread, the optimizer's state over its slice: at most two vectors (Adam's moments). */
    state: Array.from({ length: threads }, (_, t) => {
      const [p0, p1] = paramSlice(t, trainableSize, threads);
      return [arena.floats(p1 - p0), arena.floats(p1 - p0)];
    }),
    /** Per BatchNorm layer, each thread's partial sums (2n apiece) going forward and going back. */
    bnPartials: arch.hidden.map((n) => (arch.batchNorm ? { forward: arena.doubles(threads * 2 * n), backward: arena.doubles(threads * 2 * n) } : null)),
    sync: arena.ints(SYNC_WORDS),
    /** The batch's sample indices, written by the first thread before each step. */
    order: arena.uints(batchSize),
    /** Per thread, its rows' summed loss and hits. */
    threadStats: arena.doubles(2 * threads),
    /** The step's rows and learning rate, written by the first thread before each step. */
    batch: arena.doubles(2),
  };
}

export type MlpLayout = ReturnType<typeof mlpLayout>;

export interface DenseParams {
  nIn: number;
  n: number;
  w: Vec;
  b: Vec;
  dw: Vec;
  db: Vec;
}

export interface HiddenParams extends DenseParams {
  bn: {
    gamma: Vec; beta: Vec; movMean: Vec; movVar: Vec; dgamma: Vec; dbeta: Vec;
    /** Batch mean and 1/sqrt(var+eps), kept from forward for backward. */
    stats: Float64Array;
    sums: Float64Array;
    /** Inference's folded BatchNorm (the first thread's only). */
    scale: Float64Array;
    shift: Float64Array;
  } | null;
}

export interface MlpStepOptions {
  arch: MlpArchitecture;
  layout: MlpLayout;
  thread: number;
  threads: number;
  kernels: MlpKernels;
  sync: ThreadSync;
  optimizer: Hyperparams['optimizer'];
  Float: FloatArrayCtor;
  /** This thread's dropout masks. */
  rng: Rng;
}

export class MlpStep {
  readonly views: WeightViews;
  readonly hidden: HiddenParams[] = [];
  readonly output: DenseParams;
  private readonly act: number;
  private readonly ws: Workspace;
  private readonly optimizer: FusedOptimizer;
  private readonly thetaSlice: Vec;
  private readonly gradSlices: Vec[];

  constructor(private readonly o: MlpStepOptions) {
    const { arch, layout, thread, threads } = o;
    this.act = activationCode(arch.activation);
    this.ws = layout.workspaces[thread];
    const specs = weightSpecs(arch);
    this.views = weightViews(specs, layout.theta, layout.grads[thread], o.Float);
    const view = (layer: number, role: string) => {
      const i = specs.findIndex((s) => s.layer === layer && s.role === role);
      return { w: this.views.weights[i], g: this.views.grads[i] as Vec };
    };
    const dense = (layer: number, nIn: number, n: number): DenseParams => {
      const k = view(layer, 'kernel');
      const b = view(layer, 'bias');
      return { nIn, n, w: k.w, b: b.w, dw: k.g, db: b.g };
    };
    let nIn = arch.inputSize;
    arch.hidden.forEach((n, layer) => {
      const bn = arch.batchNorm
        ? {
            gamma: view(layer, 'gamma').w, beta: view(layer, 'beta').w, dgamma: view(layer, 'gamma').g, dbeta: view(layer, 'beta').g,
            movMean: view(layer, 'moving_mean').w, movVar: view(layer, 'moving_variance').w,
            stats: new Float64Array(2 * n), sums: new Float64Array(2 * n), scale: new Float64Array(n), shift: new Float64Array(n),
          }
        : null;
      this.hidden.push({ ...dense(layer, nIn, n), bn });
      nIn = n;
    });
    this.output = dense(arch.hidden.length, nIn, arch.classes);
    const [p0, p1] = paramSlice(thread, layout.theta.length, threads);
    this.thetaSlice = layout.theta.subarray(p0, p1);
    this.gradSlices = layout.grads.map((g) => g.subarray(p0, p1));
    const state = [...layout.state[thread]];
    this.optimizer = createOptimizer(o.optimizer, p1 - p0, o.Float, { floats: () => state.shift() as Vec, adam: o.kernels.adam });
  }

  /**
   * Forward and backward over this thread's rows of the batch in layout.order[0..rows): its share of the gradient in
   * its grads buffer, its loss and hits in layout.threadStats. `sparse` holds the training set's nonzero pixels.
   */
  gradients(sparse: SparseImages, rows: number): void {
    const { arch, layout, thread, threads, kernels: k, sync, rng } = this.o;
    const { ws, act } = this;
    const [r0, r1] = rowRange(thread, rows, threads);
    const mine = r1 - r0;
    const first = thread === 0;
    ws.gatherTraining(sparse, arch.inputSize, layout.order, r0, mine);
    const rate = arch.dropout;
    // Plain loops, not forEach: a closure per batch would be an allocation on the hot path.
    for (let l = 0; l < this.hidden.length; l++) {
      const p = this.hidden[l];
      const buf = ws.layers[l];
      if (l === 0) k.sparseForward(ws.nzStart, ws.nzIdx, ws.nzVal, mine, p.w, p.b, p.n, act, buf.h);
      else k.denseForward(ws.layers[l - 1].out, mine, p.nIn, p.w, p.b, p.n, act, buf.h);
      const partials = layout.bnPartials[l];
      if (p.bn !== null && partials !== null) {
        const { stats } = p.bn;
        const n = p.n;
        const part = partials.forward;
        columnSums64(buf.h, mine, n, null, part, thread * 2 * n);
        sync.barrier();
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let u = 0; u < threads; u++) s += part[u * 2 * n + j];
          stats[j] = s / rows;
        }
        columnSums64(buf.h, mine, n, stats, part, thread * 2 * n + n);
        sync.barrier();
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let u = 0; u < threads; u++) s += part[u * 2 * n + n + j];
          stats[n + j] = s;
        }
        // The moving statistics are the first thread's: the only copy inference reads.
        batchNormStatistics(stats, n, rows, first ? p.bn.movMean : null, first ? p.bn.movVar : null, BN_MOMENTUM, BN_EPSILON);
        batchNormApply(buf.h, mine, n, p.bn.gamma, p.bn.beta, stats, buf.xhat as Vec, buf.out, buf.mask, rate, rng);
      } else if (buf.mask !== null) {
        dropoutForward(buf.h, mine * p.n, rate, rng, buf.mask, buf.out);
      }
    }
    const last = ws.layers[ws.layers.length - 1];
    const o = this.output;
    const dlogits = ws.dlogits as Vec;
    k.denseForward(last.out, mine, o.nIn, o.w, o.b, o.n, LINEAR, ws.logits);
    const stats: BatchStats = { lossSum: 0, correct: 0 };
    softmaxCrossEntropy(ws.logits, mine, o.n, ws.labels, 0, dlogits, null, null, 0, stats, rows);
    layout.threadStats[2 * thread] = stats.lossSum;
    layout.threadStats[2 * thread + 1] = stats.correct;

    k.denseWeightGrad(last.out, mine, o.nIn, dlogits, o.n, o.dw, o.db);
    k.denseInputGrad(dlogits, mine, o.n, o.w, o.nIn, last.dOut as Vec);
    for (let l = this.hidden.length - 1; l >= 0; l--) {
      const p = this.hidden[l];
      const buf = ws.layers[l];
      const d = buf.dOut as Vec;
      const partials = layout.bnPartials[l];
      if (p.bn !== null && partials !== null) {
        const n = p.n;
        const part = partials.backward;
        batchNormBackwardSums(d, buf.mask, mine, n, buf.xhat as Vec, part, thread * 2 * n);
        sync.barrier();
        const sums = p.bn.sums;
        for (let j = 0; j < 2 * n; j++) {
          let s = 0;
          for (let u = 0; u < threads; u++) s += part[u * 2 * n + j];
          sums[j] = s;
        }
        // dgamma and dbeta take the whole batch's sums once, from the first thread.
        batchNormBackwardApply(d, buf.mask, mine, n, buf.xhat as Vec, buf.h, act, p.bn.gamma, p.bn.stats, sums, rows,
          first ? p.bn.dgamma : null, first ? p.bn.dbeta : null, d);
      } else {
        activationDropoutBackward(d, buf.mask, mine, p.n, buf.h, act, d);
      }
      if (l === 0) {
        k.sparseWeightGrad(ws.colStart, ws.colRow, ws.colVal, arch.inputSize, mine, d, p.n, p.dw, p.db);
      } else {
        const prev = ws.layers[l - 1];
        k.denseWeightGrad(prev.out, mine, p.nIn, d, p.n, p.dw, p.db);
        k.denseInputGrad(d, mine, p.n, p.w, p.nIn, prev.dOut as Vec);
      }
    }
  }

  /** After every thread's gradients (a barrier between): folds the other threads' shares into the first's, over this thread's slice. */
  reduce(): void {
    for (let u = 1; u < this.gradSlices.length; u++) this.o.kernels.accumulate(this.gradSlices[0], this.gradSlices[u]);
  }

  /** The optimizer over this thread's slice, from the folded gradient (which it clears). */
  step(lr: number): void {
    this.optimizer.step(this.thetaSlice, this.gradSlices[0], lr);
  }
}
