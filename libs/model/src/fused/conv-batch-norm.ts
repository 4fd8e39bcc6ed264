// BatchNorm over a conv output's channels ([positions, channels], channels last), on the conv kernels: the batch's
// 86,528 positions per channel of the Keras convnet's first conv are ~40x an MLP layer's rows, so the reductions and
// the normalization run as wasm SIMD (columnSums, columnDotSums, affine) where the MLP's loops in kernels.ts ran JS.
import { BN_EPSILON, BN_MOMENTUM } from '../architecture';
import type { Arena } from './arena';
import type { ConvKernels } from './conv-kernels';
import type { Vec } from './kernels';
import type { BatchNormViews } from './weight-views';


/** Scratch in the arena (the wasm kernels read and write it): per-channel sums and coefficients. */
export class ConvBatchNormBuffers {
  readonly sums: Float64Array;
  readonly acc: Vec;
  readonly mean: Vec;
  readonly a: Vec;
  readonly b: Vec;
  readonly c: Vec;

  constructor(arena: Arena, n: number) {
    this.sums = arena.doubles(2 * n);
    this.acc = arena.floats(2 * n);
    this.mean = arena.floats(n);
    this.a = arena.floats(n);
    this.b = arena.floats(n);
    this.c = arena.floats(n);
  }
}

export class ConvBatchNorm {
  /** 1/sqrt(var + eps) of the last training batch, for its backward pass. */
  private readonly invStd: Float64Array;

  constructor(private readonly n: number, private readonly w: BatchNormViews, private readonly buf: ConvBatchNormBuffers) {
    this.invStd = new Float64Array(n);
  }

  /**
   * Training mode, in place: z = gamma * xhat + beta with xhat = (z - mean) / sqrt(var + eps) over the batch's
   * positions (biased variance), xhat kept; the moving statistics move by Keras's momentum.
   */
  trainForward(k: ConvKernels, z: Vec, xhat: Vec, rows: number): void {
    const { n, w, buf, invStd } = this;
    k.columnSums(z, rows, n, null, buf.acc, buf.sums);
    for (let j = 0; j < n; j++) buf.mean[j] = buf.sums[j] / rows;
    k.columnSums(z, rows, n, buf.mean, buf.acc, buf.sums);
    for (let j = 0; j < n; j++) {
      const variance = buf.sums[j] / rows;
      w.movMean[j] = w.movMean[j] * BN_MOMENTUM + buf.mean[j] * (1 - BN_MOMENTUM);
      w.movVar[j] = w.movVar[j] * BN_MOMENTUM + variance * (1 - BN_MOMENTUM);
      invStd[j] = 1 / Math.sqrt(variance + BN_EPSILON);
      buf.a[j] = invStd[j];
      buf.b[j] = -buf.mean[j] * invStd[j];
    }
    k.affine(z, null, xhat, rows, n, buf.a, null, buf.b);
    k.affine(xhat, null, z, rows, n, w.gamma, null, w.beta);
  }

  /** dz (holding dy on entry) = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)); dgamma, dbeta accumulate. */
  backward(k: ConvKernels, dz: Vec, xhat: Vec, rows: number): void {
    const { n, w, buf, invStd } = this;
    k.columnDotSums(dz, xhat, rows, n, buf.acc, buf.sums);
    for (let j = 0; j < n; j++) {
      w.dbeta[j] += buf.sums[j];
      w.dgamma[j] += buf.sums[n + j];
      const scale = w.gamma[j] * invStd[j];
      buf.a[j] = scale;
      buf.c[j] = (-scale * buf.sums[n + j]) / rows;
      buf.b[j] = (-scale * buf.sums[j]) / rows;
    }
    k.affine(dz, xhat, dz, rows, n, buf.a, buf.c, buf.b);
  }

  /** Inference mode, in place: the moving statistics folded into one multiply-add per value. */
  inference(k: ConvKernels, z: Vec, rows: number): void {
    const { n, w, buf } = this;
    for (let j = 0; j < n; j++) {
      const scale = w.gamma[j] / Math.sqrt(w.movVar[j] + BN_EPSILON);
      buf.a[j] = scale;
      buf.b[j] = w.beta[j] - w.movMean[j] * scale;
    }
    k.affine(z, null, z, rows, n, buf.a, null, buf.b);
  }
}
