// The MLP engine's training step in chunks. A batch splits by rows into a fixed number of chunks (at least 2, more
// when more threads are asked for), and the step into segments that end where BatchNorm needs the whole batch (its
// mean, its variance, its backward sums, combined from per-chunk partial sums in chunk order) and where the gradient
// is complete; then the parameters split into as many slices, each folding the chunks' gradients in chunk order and
// stepping the optimizer. Any thread may run any chunk of a segment: it claims one from a shared counter, and a
// segment starts once every chunk of the one before is done. So the numbers do not depend on how many threads run or
// which runs what (one thread runs every chunk itself), and a helper thread that is descheduled, or has not started,
// holds nobody up unless it is in the middle of a chunk it claimed.
import type { Hyperparams } from '@mnist-lab/contracts';
import { BN_EPSILON, BN_MOMENTUM, type MlpArchitecture, sizeOf, weightSpecs } from '../architecture';
import { Rng } from '../rng';
import type { BatchStats } from '../types';
import type { Arena } from './arena';
import {
  LINEAR, type Vec, activationCode, activationDropoutBackward, batchNormApply, batchNormBackwardApply,
  batchNormBackwardSums, batchNormStatistics, columnSums64, dropoutForward, softmaxCrossEntropy,
} from './kernels';
import type { MlpKernels } from './mlp-kernels';
import { type FusedOptimizer, createOptimizer } from './optimizer';
import { waitWhile } from './thread-sync';
import { type BatchNormViews, type WeightViews, layerViews, weightViews } from './weight-views';
import { type FloatArrayCtor, type SparseImages, Workspace } from './workspace';

/** Rows per inference chunk: large enough to amortize loop overhead, small enough to stay in cache. */
export const EVAL_CHUNK = 256;

/** Chunks a batch splits into for `threads` threads: 2 for one or two (the same numbers either way), else one each. */
export function chunkCount(threads: number): number {
  return Math.max(2, threads);
}

/** Rows [r0, r1) of a batch of `rows` that chunk c of `chunks` takes. */
export function rowRange(c: number, rows: number, chunks: number): [number, number] {
  return [Math.floor((c * rows) / chunks), Math.floor(((c + 1) * rows) / chunks)];
}

/** Parameters [p0, p1) of slice s: contiguous, in multiples of 4 (whole f32x4s). */
export function paramSlice(s: number, size: number, slices: number): [number, number] {
  const at = (i: number) => (i === slices ? size : Math.min(size, Math.floor((i * size) / slices / 4) * 4));
  return [at(s), at(s + 1)];
}

/** Segments of a step: one, then two more per BatchNorm layer forward and one more per BatchNorm layer back. */
function segmentCount(arch: MlpArchitecture): number {
  return 1 + (arch.batchNorm ? 3 * arch.hidden.length : 0);
}

/**
 * Words of the scheduler, per segment (and the slices' phase after them): a done counter, and per chunk the number of
 * the last batch that claimed it.
 */
const schedulerWords = (arch: MlpArchitecture, chunks: number) => (segmentCount(arch) + 1) * (1 + chunks);

/** The step's inputs, written by the first thread before it sets the helpers going. */
export const BATCH_NUMBER = 0;
const BATCH_ROWS = 1;
const BATCH_LR = 2;
const BATCH_STEP = 3;
const BATCH_OPTIMIZE = 4;

/**
 * Every buffer of an MLP engine with `chunks` chunks, in one arena. The layout depends only on its arguments, so a
 * helper thread carves the same views out of the same shared memory.
 */
export function mlpLayout(arena: Arena, arch: MlpArchitecture, batchSize: number, chunks: number) {
  const specs = weightSpecs(arch);
  const size = (trainable: boolean) => specs.filter((s) => s.trainable === trainable).reduce((sum, s) => sum + sizeOf(s), 0);
  const trainable = size(true);
  const perChunk = Math.ceil(batchSize / chunks);
  const perLayer = (f: (n: number) => Float64Array) => arch.hidden.map((n) => (arch.batchNorm ? f(n) : null));
  return {
    theta: arena.floats(trainable),
    /** BatchNorm's moving statistics: updated by chunk 0, read by inference. */
    moving: arena.floats(size(false)),
    /** grads[c]: chunk c's share of the batch's gradient; grads[0] ends up holding the whole. */
    grads: Array.from({ length: chunks }, () => arena.floats(trainable)),
    workspaces: Array.from({ length: chunks }, () => new Workspace(perChunk, arch, true, arena)),
    evalWs: new Workspace(EVAL_CHUNK, arch, false, arena),
    /** The optimizer's state over all parameters: at most two vectors (Adam's moments), stepped slice by slice. */
    state: [arena.floats(trainable), arena.floats(trainable)],
    /** Per BatchNorm layer, each chunk's partial sums (2n apiece) going forward and going back. */
    forwardPartials: perLayer((n) => arena.doubles(chunks * 2 * n)),
    backwardPartials: perLayer((n) => arena.doubles(chunks * 2 * n)),
    /** Per BatchNorm layer and chunk: mean and 1/sqrt(var+eps), then the backward sums (2n each). */
    stats: perLayer((n) => arena.doubles(chunks * 2 * n)),
    sums: perLayer((n) => arena.doubles(chunks * 2 * n)),
    /** Per chunk, its dropout masks' PRNG state. */
    rngs: arena.ints(4 * chunks),
    scheduler: arena.ints(schedulerWords(arch, chunks)),
    /** The batch's sample indices. */
    order: arena.uints(batchSize),
    /** Per chunk, its rows' summed loss and hits. */
    chunkStats: arena.doubles(2 * chunks),
    batch: arena.doubles(5),
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
  bn: BatchNormViews | null;
}

/** Views of the weights in Keras order (theta, or the moving statistics) and of chunk c's gradient. */
export function mlpViews(arch: MlpArchitecture, layout: MlpLayout, chunk: number, Float: FloatArrayCtor): { views: WeightViews; hidden: HiddenParams[]; output: DenseParams } {
  const specs = weightSpecs(arch);
  const views = weightViews(specs, layout.theta, layout.grads[chunk], Float, layout.moving);
  // Every Dense layer here has its bias.
  const dense = (layer: number, nIn: number, n: number) => {
    const v = layerViews(specs, views, layer);
    return { nIn, n, w: v.w, b: v.b as Vec, dw: v.dw, db: v.db as Vec, bn: v.bn };
  };
  let nIn = arch.inputSize;
  const hidden = arch.hidden.map((n, layer) => {
    const p = dense(layer, nIn, n);
    nIn = n;
    return p;
  });
  return { views, hidden, output: dense(arch.hidden.length, nIn, arch.classes) };
}

/**
 * Seeds each chunk's dropout PRNG in the layout from seeds drawn from a copy of the run's PRNG: the run's own draws
 * (its shuffles) stay as they were, and no chunk replays the run's stream (a plain copy of its state would draw the
 * very numbers the next shuffle draws).
 */
export function seedChunks(layout: MlpLayout, rng: Rng, chunks: number): void {
  const seeder = rng.clone();
  for (let c = 0; c < chunks; c++) layout.rngs.set(new Rng(seeder.nextUint32()).state(), 4 * c);
}

export interface MlpStepOptions {
  arch: MlpArchitecture;
  layout: MlpLayout;
  chunks: number;
  kernels: MlpKernels;
  optimizer: Hyperparams['optimizer'];
  Float: FloatArrayCtor;
}

/** One chunk's share of a step, runnable segment by segment on any thread (every thread holds one per chunk). */
class Chunk {
  readonly hidden: HiddenParams[];
  readonly output: DenseParams;
  readonly views: WeightViews;
  private readonly ws: Workspace;
  private readonly act: number;
  /** Per BatchNorm layer, this chunk's mean and 1/sqrt(var+eps), and its backward sums (views of the layout). */
  private readonly statsViews: Float64Array[];
  private readonly sumsViews: Float64Array[];
  /** This chunk's PRNG, its state loaded from the layout for each segment that draws and stored back. */
  private readonly rng = new Rng(0);
  private readonly batchStats: BatchStats = { lossSum: 0, correct: 0 };

  constructor(private readonly o: MlpStepOptions, private readonly c: number) {
    ({ views: this.views, hidden: this.hidden, output: this.output } = mlpViews(o.arch, o.layout, c, o.Float));
    this.ws = o.layout.workspaces[c];
    this.act = activationCode(o.arch.activation);
    const perChunk = (all: (Float64Array | null)[], l: number, n: number) => (all[l] as Float64Array).subarray(c * 2 * n, (c + 1) * 2 * n);
    this.statsViews = o.arch.batchNorm ? o.arch.hidden.map((n, l) => perChunk(o.layout.stats, l, n)) : [];
    this.sumsViews = o.arch.batchNorm ? o.arch.hidden.map((n, l) => perChunk(o.layout.sums, l, n)) : [];
  }

  /** Segment k of this chunk's forward and backward: see the file's header for where segments end. */
  run(k: number, sparse: SparseImages): void {
    const { layout } = this.o;
    const rows = layout.batch[BATCH_ROWS];
    const r0 = Math.floor((this.c * rows) / this.o.chunks);
    const mine = Math.floor(((this.c + 1) * rows) / this.o.chunks) - r0;
    const L = this.hidden.length;
    if (!this.o.arch.batchNorm) {
      this.ws.gatherTraining(sparse, this.o.arch.inputSize, layout.order, r0, mine);
      for (let l = 0; l < L; l++) this.forwardLayer(l, mine);
      this.outputAndBack(rows, mine);
      for (let l = L - 1; l >= 0; l--) this.backwardLayer(l, rows, mine);
      return;
    }
    // With BatchNorm after every hidden layer: 3 segments per layer forward (to the sums, to the deviations, to the
    // next layer's sums), then one per layer going back.
    if (k === 0) {
      this.ws.gatherTraining(sparse, this.o.arch.inputSize, layout.order, r0, mine);
      this.forwardLayer(0, mine);
      this.sums(0, mine);
    } else if (k < 2 * L) {
      const l = k >> 1;
      if (k & 1) this.deviations(l, rows, mine);
      else {
        this.normalize(l - 1, rows, mine);
        this.forwardLayer(l, mine);
        this.sums(l, mine);
      }
    } else if (k === 2 * L) {
      this.normalize(L - 1, rows, mine);
      this.outputAndBack(rows, mine);
      this.backwardSums(L - 1, mine);
    } else {
      const l = L - (k - 2 * L);
      this.backwardLayer(l, rows, mine);
      if (l > 0) this.backwardSums(l - 1, mine);
    }
  }

  private forwardLayer(l: number, mine: number): void {
    const { kernels: k, arch } = this.o;
    const { ws, act } = this;
    const p = this.hidden[l];
    const buf = ws.layers[l];
    if (l === 0) k.sparseForward(ws.nzStart, ws.nzIdx, ws.nzVal, mine, p.w, p.b, p.n, act, buf.h);
    else k.denseForward(ws.layers[l - 1].out, mine, p.nIn, p.w, p.b, p.n, act, buf.h);
    if (p.bn === null && buf.mask !== null) {
      const rng = this.loadRng();
      dropoutForward(buf.h, mine * p.n, arch.dropout, rng, buf.mask, buf.out);
      rng.store(this.o.layout.rngs, 4 * this.c);
    }
  }

  private sums(l: number, mine: number): void {
    const n = this.hidden[l].n;
    columnSums64(this.ws.layers[l].h, mine, n, null, this.o.layout.forwardPartials[l] as Float64Array, this.c * 2 * n);
  }

  /** This chunk's copy of layer l's mean (from every chunk's sums), then its rows' squared deviations from it. */
  private deviations(l: number, rows: number, mine: number): void {
    const n = this.hidden[l].n;
    const part = this.o.layout.forwardPartials[l] as Float64Array;
    const stats = this.stats(l);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let u = 0; u < this.o.chunks; u++) s += part[u * 2 * n + j];
      stats[j] = s / rows;
    }
    columnSums64(this.ws.layers[l].h, mine, n, stats, part, this.c * 2 * n + n);
  }

  /** The variance from every chunk's deviations; BatchNorm and dropout over this chunk's rows (chunk 0 keeps the moving statistics). */
  private normalize(l: number, rows: number, mine: number): void {
    const p = this.hidden[l];
    const bn = p.bn as NonNullable<HiddenParams['bn']>;
    const n = p.n;
    const part = this.o.layout.forwardPartials[l] as Float64Array;
    const stats = this.stats(l);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let u = 0; u < this.o.chunks; u++) s += part[u * 2 * n + n + j];
      stats[n + j] = s;
    }
    const first = this.c === 0;
    batchNormStatistics(stats, n, rows, first ? bn.movMean : null, first ? bn.movVar : null, BN_MOMENTUM, BN_EPSILON);
    const buf = this.ws.layers[l];
    const rng = this.loadRng();
    batchNormApply(buf.h, mine, n, bn.gamma, bn.beta, stats, buf.xhat as Vec, buf.out, buf.mask, this.o.arch.dropout, rng);
    rng.store(this.o.layout.rngs, 4 * this.c);
  }

  private outputAndBack(rows: number, mine: number): void {
    const { kernels: k, layout } = this.o;
    const ws = this.ws;
    const last = ws.layers[ws.layers.length - 1];
    const o = this.output;
    const dlogits = ws.dlogits as Vec;
    k.denseForward(last.out, mine, o.nIn, o.w, o.b, o.n, LINEAR, ws.logits);
    const stats = this.batchStats;
    stats.lossSum = 0;
    stats.correct = 0;
    softmaxCrossEntropy(ws.logits, mine, o.n, ws.labels, 0, dlogits, null, null, 0, stats, rows);
    layout.chunkStats[2 * this.c] = stats.lossSum;
    layout.chunkStats[2 * this.c + 1] = stats.correct;
    k.denseWeightGrad(last.out, mine, o.nIn, dlogits, o.n, o.dw, o.db);
    k.denseInputGrad(dlogits, mine, o.n, o.w, o.nIn, last.dOut as Vec);
  }

  private backwardSums(l: number, mine: number): void {
    const buf = this.ws.layers[l];
    const n = this.hidden[l].n;
    batchNormBackwardSums(buf.dOut as Vec, buf.mask, mine, n, buf.xhat as Vec, this.o.layout.backwardPartials[l] as Float64Array, this.c * 2 * n);
  }

  /** Back through layer l's BatchNorm (from every chunk's sums; dgamma and dbeta once, by chunk 0) or dropout, then its weights. */
  private backwardLayer(l: number, rows: number, mine: number): void {
    const { kernels: k, arch } = this.o;
    const p = this.hidden[l];
    const buf = this.ws.layers[l];
    const d = buf.dOut as Vec;
    if (p.bn !== null) {
      const n = p.n;
      const part = this.o.layout.backwardPartials[l] as Float64Array;
      const sums = this.sumsViews[l];
      for (let j = 0; j < 2 * n; j++) {
        let s = 0;
        for (let u = 0; u < this.o.chunks; u++) s += part[u * 2 * n + j];
        sums[j] = s;
      }
      const first = this.c === 0;
      batchNormBackwardApply(d, buf.mask, mine, n, buf.xhat as Vec, buf.h, this.act, p.bn.gamma, this.stats(l), sums, rows,
        first ? p.bn.dgamma : null, first ? p.bn.dbeta : null, d);
    } else {
      activationDropoutBackward(d, buf.mask, mine, p.n, buf.h, this.act, d);
    }
    const ws = this.ws;
    if (l === 0) {
      k.sparseWeightGrad(ws.colStart, ws.colRow, ws.colVal, arch.inputSize, mine, d, p.n, p.dw, p.db);
    } else {
      const prev = ws.layers[l - 1];
      k.denseWeightGrad(prev.out, mine, p.nIn, d, p.n, p.dw, p.db);
      k.denseInputGrad(d, mine, p.n, p.w, p.nIn, prev.dOut as Vec);
    }
  }

  private stats(l: number): Float64Array {
    return this.statsViews[l];
  }

  /** This chunk's PRNG in the state the layout holds (the segment before may have run on another thread). */
  private loadRng(): Rng {
    this.rng.load(this.o.layout.rngs, 4 * this.c);
    return this.rng;
  }
}

/** A thread's hold on an engine's step: one Chunk per chunk and one optimizer per parameter slice. */
export class MlpStep {
  readonly chunks: Chunk[];
  private readonly segments: number;
  private readonly optimizers: FusedOptimizer[];
  private readonly slices: { theta: Vec; grads: Vec[] }[];

  constructor(private readonly o: MlpStepOptions) {
    const { layout, chunks } = o;
    this.chunks = Array.from({ length: chunks }, (_, c) => new Chunk(o, c));
    this.segments = segmentCount(o.arch);
    const size = layout.theta.length;
    this.slices = Array.from({ length: chunks }, (_, s) => {
      const [p0, p1] = paramSlice(s, size, chunks);
      return { theta: layout.theta.subarray(p0, p1), grads: layout.grads.map((g) => g.subarray(p0, p1)) };
    });
    this.optimizers = Array.from({ length: chunks }, (_, s) => {
      const [p0, p1] = paramSlice(s, size, chunks);
      const state = layout.state.map((v) => v.subarray(p0, p1));
      return createOptimizer(o.optimizer, p1 - p0, o.Float, { floats: () => state.shift() as Vec, adam: o.kernels.adam });
    });
  }

  /** The first chunk's views (its gradient is the folded whole after a step), for the engine's weights and inference. */
  get main(): Chunk {
    return this.chunks[0];
  }

  /**
   * Takes part in batch layout.batch[BATCH_NUMBER]: claims chunks segment by segment, then parameter slices (folding
   * the chunks' gradients, and stepping the optimizer when the batch says so), until every one is done. `thread`
   * picks the chunk this thread tries first. `sparse` null: this thread has not got the training set yet and only
   * waits (the first thread never passes null).
   */
  runBatch(sparse: SparseImages | null, thread: number, graceMs = 0): void {
    const { layout, chunks } = this.o;
    const words = layout.scheduler;
    const batch = layout.batch[BATCH_NUMBER];
    const base = (batch - 1) * chunks;
    const stride = 1 + chunks;
    for (let k = 0; k <= this.segments; k++) {
      const done = k * stride;
      if (sparse !== null) {
        // This thread's own chunk first (the same chunk, so its buffers stay in this core's cache), then, after a
        // moment for the others to take theirs, any chunk still unclaimed.
        for (let i = 0; i < chunks; i++) {
          const c = (thread + i) % chunks;
          const word = done + 1 + c;
          if (i === 1 && graceMs > 0) {
            const until = performance.now() + graceMs;
            while (Atomics.load(words, word) < batch && performance.now() < until);
          }
          const last = Atomics.load(words, word);
          if (last >= batch || Atomics.compareExchange(words, word, last, batch) !== last) continue;
          if (k < this.segments) this.chunks[c].run(k, sparse);
          else this.slice(c);
          Atomics.add(words, done, 1);
          Atomics.notify(words, done);
        }
      }
      // Every chunk of this segment done (by whoever claimed it) before the next segment reads their sums.
      for (let at = Atomics.load(words, done); at < base + chunks; at = Atomics.load(words, done)) waitWhile(words, done, at);
    }
  }

  private slice(s: number): void {
    const { kernels, layout } = this.o;
    const { theta, grads } = this.slices[s];
    for (let c = 1; c < grads.length; c++) kernels.accumulate(grads[0], grads[c]);
    if (layout.batch[BATCH_OPTIMIZE] === 1) this.optimizers[s].step(theta, grads[0], layout.batch[BATCH_LR], layout.batch[BATCH_STEP]);
  }

  /** Writes a batch's inputs for every thread (the first thread, before it calls runBatch). */
  static prepare(layout: MlpLayout, order: Uint32Array, start: number, rows: number, lr: number, step: number, optimize: boolean): void {
    for (let r = 0; r < rows; r++) layout.order[r] = order[start + r];
    layout.batch[BATCH_ROWS] = rows;
    layout.batch[BATCH_LR] = lr;
    layout.batch[BATCH_STEP] = step;
    layout.batch[BATCH_OPTIMIZE] = optimize ? 1 : 0;
    layout.batch[BATCH_NUMBER] += 1;
  }
}
