// The fused engine's kernels: hand-written loops over preallocated row-major buffers, one pass per fused step, no allocation.
import type { Activation } from '../architecture';
import type { Rng } from '../rng';
import type { BatchStats } from '../types';

/** Parameters and activations: Float32Array in training; Float64Array lets the gradient check use exact arithmetic. */
export type Vec = Float32Array | Float64Array;

export const LINEAR = -1;
export const RELU = 0;
export const TANH = 1;
export const SIGMOID = 2;
export const ELU = 3;

export function activationCode(a: Activation): number {
  return { relu: RELU, tanh: TANH, sigmoid: SIGMOID, elu: ELU }[a];
}

/** z[off..off+n) = act(z), in place. The switch sits outside the loop so each loop stays tight. */
export function activateRow(act: number, z: Vec, off: number, n: number): void {
  const end = off + n;
  switch (act) {
    case RELU:
      for (let i = off; i < end; i++) if (z[i] < 0) z[i] = 0;
      break;
    case TANH:
      for (let i = off; i < end; i++) z[i] = Math.tanh(z[i]);
      break;
    case SIGMOID:
      for (let i = off; i < end; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
      break;
    case ELU:
      for (let i = off; i < end; i++) if (z[i] < 0) z[i] = Math.expm1(z[i]);
      break;
  }
}

/** d[off..off+n) *= act'(z), written through the activation's output h (as TensorFlow's ReluGrad/EluGrad/... do). */
export function activationGradRow(act: number, h: Vec, d: Vec, off: number, n: number): void {
  const end = off + n;
  switch (act) {
    case RELU:
      for (let i = off; i < end; i++) if (!(h[i] > 0)) d[i] = 0;
      break;
    case TANH:
      for (let i = off; i < end; i++) d[i] *= 1 - h[i] * h[i];
      break;
    case SIGMOID:
      for (let i = off; i < end; i++) d[i] *= h[i] * (1 - h[i]);
      break;
    case ELU:
      for (let i = off; i < end; i++) if (!(h[i] > 0)) d[i] *= h[i] + 1;
      break;
  }
}

/**
 * Training-mode BatchNorm fused with dropout: batch mean and (biased) variance, the moving averages
 * (Keras: moving = moving*momentum + batch*(1-momentum)), then xhat, gamma*xhat+beta and the inverted-dropout
 * mask in one pass. `stats` receives mean (0..n) and 1/sqrt(var+eps) (n..2n) for the backward pass.
 * One thread's whole batch; a batch split over threads runs the same three steps with its partial sums combined.
 */
export function batchNormTrainForward(
  h: Vec, rows: number, n: number, gamma: Vec, beta: Vec, movMean: Vec, movVar: Vec,
  momentum: number, epsilon: number, stats: Float64Array, xhat: Vec, out: Vec,
  mask: Vec | null, rate: number, rng: Rng,
): void {
  columnSums64(h, rows, n, null, stats, 0);
  for (let j = 0; j < n; j++) stats[j] /= rows;
  columnSums64(h, rows, n, stats, stats, n);
  batchNormStatistics(stats, n, rows, movMean, movVar, momentum, epsilon);
  batchNormApply(h, rows, n, gamma, beta, stats, xhat, out, mask, rate, rng);
}

/** out[at + j] = the float64 sum over rows of h[r, j], or with `centre` of (h[r, j] - centre[j])^2, in row order. */
export function columnSums64(h: Vec, rows: number, n: number, centre: Float64Array | null, out: Float64Array, at: number): void {
  for (let j = 0; j < n; j++) out[at + j] = 0;
  if (centre === null) {
    for (let r = 0; r < rows; r++) for (let j = 0, o = r * n; j < n; j++) out[at + j] += h[o + j];
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let j = 0, o = r * n; j < n; j++) {
      const d = h[o + j] - centre[j];
      out[at + j] += d * d;
    }
  }
}

/**
 * From stats[n..2n) holding the summed squared deviations of `rows` rows: the moving averages (movMean null: left
 * alone, a helper thread's copy) and stats[n..2n) = 1/sqrt(var+eps).
 */
export function batchNormStatistics(
  stats: Float64Array, n: number, rows: number, movMean: Vec | null, movVar: Vec | null, momentum: number, epsilon: number,
): void {
  for (let j = 0; j < n; j++) {
    const variance = stats[n + j] / rows;
    if (movMean !== null && movVar !== null) {
      movMean[j] = movMean[j] * momentum + stats[j] * (1 - momentum);
      movVar[j] = movVar[j] * momentum + variance * (1 - momentum);
    }
    stats[n + j] = 1 / Math.sqrt(variance + epsilon);
  }
}

/** xhat = (h - mean) * invstd, out = gamma*xhat + beta, then the dropout mask (drawn row by row from rng). */
export function batchNormApply(
  h: Vec, rows: number, n: number, gamma: Vec, beta: Vec, stats: Float64Array, xhat: Vec, out: Vec,
  mask: Vec | null, rate: number, rng: Rng,
): void {
  const scale = 1 / (1 - rate);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const x = (h[o + j] - stats[j]) * stats[n + j];
      xhat[o + j] = x;
      out[o + j] = gamma[j] * x + beta[j];
    }
    if (mask !== null) {
      for (let j = 0; j < n; j++) {
        const m = rng.next() < rate ? 0 : scale;
        mask[o + j] = m;
        out[o + j] *= m;
      }
    }
  }
}

/** Inverted dropout without BatchNorm: out = h * mask, mask entries 0 (probability `rate`) or 1/(1-rate). */
export function dropoutForward(h: Vec, len: number, rate: number, rng: Rng, mask: Vec, out: Vec): void {
  rng.dropoutMask(mask, len, rate, 1 / (1 - rate));
  for (let i = 0; i < len; i++) out[i] = h[i] * mask[i];
}

/** Inference-mode BatchNorm folded into one multiply-add: scale = gamma/sqrt(movVar+eps), shift = beta - movMean*scale. */
export function batchNormInferenceForward(h: Vec, rows: number, n: number, scale: Float64Array, shift: Float64Array, out: Vec): void {
  for (let r = 0; r < rows; r++) for (let j = 0, o = r * n; j < n; j++) out[o + j] = h[o + j] * scale[j] + shift[j];
}

/**
 * Backward through dropout, BatchNorm (batch statistics) and the activation, writing dZ into `dz` (may alias `dOut`).
 * Pass 1 reduces sum(dy) and sum(dy*xhat) (= dbeta, dgamma); pass 2 applies
 * dh = gamma*invstd*(dy - mean(dy) - xhat*mean(dy*xhat)) and the activation derivative.
 */
export function batchNormBackward(
  dOut: Vec, mask: Vec | null, rows: number, n: number, xhat: Vec, h: Vec, act: number,
  gamma: Vec, stats: Float64Array, sums: Float64Array, dgamma: Vec, dbeta: Vec, dz: Vec,
): void {
  batchNormBackwardSums(dOut, mask, rows, n, xhat, sums, 0);
  batchNormBackwardApply(dOut, mask, rows, n, xhat, h, act, gamma, stats, sums, rows, dgamma, dbeta, dz);
}

/** BatchNorm's backward reductions over `rows` rows: sums[at + j] = sum(dy), sums[at + n + j] = sum(dy*xhat) (float64). */
export function batchNormBackwardSums(dOut: Vec, mask: Vec | null, rows: number, n: number, xhat: Vec, sums: Float64Array, at: number): void {
  for (let j = 0; j < 2 * n; j++) sums[at + j] = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const dy = mask === null ? dOut[o + j] : dOut[o + j] * mask[o + j];
      sums[at + j] += dy;
      sums[at + n + j] += dy * xhat[o + j];
    }
  }
}

/**
 * Pass 2 over `rows` rows, from `sums` holding the whole batch's reductions (of `batchRows` rows); dgamma and dbeta
 * (null: a helper thread, whose share the first thread adds) receive them. Leaves sums divided by batchRows.
 */
export function batchNormBackwardApply(
  dOut: Vec, mask: Vec | null, rows: number, n: number, xhat: Vec, h: Vec, act: number,
  gamma: Vec, stats: Float64Array, sums: Float64Array, batchRows: number, dgamma: Vec | null, dbeta: Vec | null, dz: Vec,
): void {
  for (let j = 0; j < n; j++) {
    if (dgamma !== null && dbeta !== null) {
      dbeta[j] += sums[j];
      dgamma[j] += sums[n + j];
    }
    sums[j] /= batchRows;
    sums[n + j] /= batchRows;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const dy = mask === null ? dOut[o + j] : dOut[o + j] * mask[o + j];
      dz[o + j] = gamma[j] * stats[n + j] * (dy - sums[j] - xhat[o + j] * sums[n + j]);
    }
    activationGradRow(act, h, dz, o, n);
  }
}

/** Backward through dropout and the activation when there is no BatchNorm: dz = dOut * mask * act'(h). */
export function activationDropoutBackward(dOut: Vec, mask: Vec | null, rows: number, n: number, h: Vec, act: number, dz: Vec): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    if (mask === null) for (let j = 0; j < n; j++) dz[o + j] = dOut[o + j];
    else for (let j = 0; j < n; j++) dz[o + j] = dOut[o + j] * mask[o + j];
    activationGradRow(act, h, dz, o, n);
  }
}

/**
 * Softmax cross-entropy from logits in one pass per row: adds the summed loss and hits (argmax, first max wins)
 * to `stats`; optionally writes the gradient of the batch-mean loss, (p - onehot)/batchRows (a thread's share of a
 * batch: batchRows is the whole batch's), and the probabilities.
 */
export function softmaxCrossEntropy(
  logits: Vec, rows: number, classes: number, labels: Uint8Array, labelOff: number,
  dlogits: Vec | null, probs: Float32Array | null, preds: Uint8Array | null, outOff: number, stats: BatchStats,
  batchRows: number = rows,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    let max = logits[o];
    let arg = 0;
    for (let c = 1; c < classes; c++) {
      if (logits[o + c] > max) {
        max = logits[o + c];
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[o + c] - max);
    const y = labels[labelOff + r];
    stats.lossSum += Math.log(sum) + max - logits[o + y];
    if (arg === y) stats.correct++;
    if (dlogits !== null) {
      const inv = 1 / (sum * batchRows);
      for (let c = 0; c < classes; c++) dlogits[o + c] = Math.exp(logits[o + c] - max) * inv;
      dlogits[o + y] -= 1 / batchRows;
    }
    if (probs !== null) {
      const po = (outOff + r) * classes;
      for (let c = 0; c < classes; c++) probs[po + c] = Math.exp(logits[o + c] - max) / sum;
    }
    if (preds !== null) preds[outOff + r] = arg;
  }
}
