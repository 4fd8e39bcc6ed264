// The fused engine's matrix kernels (dense layer forward, weight and input gradients), the bulk of a step's work.
//
// Row-major buffers, i-k-j order. Each kernel keeps a block of 8 outputs in local variables (registers) while it
// streams the reduction dimension, then stores them once: V8 emits a bounds check and a float32 conversion per
// typed-array access, so a load-multiply-add into a local costs about a third of a read-modify-write of the output
// (0.6 vs 1.6-2 ns per multiply-add, measured). Outputs past the last full block of 8 take a one-wide loop.
import { type Vec, activateRow } from './kernels';

/**
 * out[r,:] = act(bias + sum_p x_p W[k_p,:]) over the nonzero pixels of each row only (row-wise CSR lists):
 * MNIST rows are ~80% exact zeros, and skipping them changes nothing in the result.
 */
export function sparseDenseForward(
  nzStart: Int32Array, nzIdx: Int32Array, nzVal: Vec, rows: number,
  w: Vec, bias: Vec, nOut: number, act: number, out: Vec,
): void {
  const blocks = nOut - (nOut & 7);
  for (let r = 0; r < rows; r++) {
    const s = nzStart[r];
    const e = nzStart[r + 1];
    const o = r * nOut;
    for (let j = 0; j < blocks; j += 8) {
      let a0 = bias[j], a1 = bias[j + 1], a2 = bias[j + 2], a3 = bias[j + 3];
      let a4 = bias[j + 4], a5 = bias[j + 5], a6 = bias[j + 6], a7 = bias[j + 7];
      for (let p = s; p < e; p++) {
        const x = nzVal[p];
        const q = nzIdx[p] * nOut + j;
        a0 += x * w[q]; a1 += x * w[q + 1]; a2 += x * w[q + 2]; a3 += x * w[q + 3];
        a4 += x * w[q + 4]; a5 += x * w[q + 5]; a6 += x * w[q + 6]; a7 += x * w[q + 7];
      }
      out[o + j] = a0; out[o + j + 1] = a1; out[o + j + 2] = a2; out[o + j + 3] = a3;
      out[o + j + 4] = a4; out[o + j + 5] = a5; out[o + j + 6] = a6; out[o + j + 7] = a7;
    }
    for (let j = blocks; j < nOut; j++) {
      let a = bias[j];
      for (let p = s; p < e; p++) a += nzVal[p] * w[nzIdx[p] * nOut + j];
      out[o + j] = a;
    }
    activateRow(act, out, o, nOut);
  }
}

/** out[r,:] = act(bias + a[r,:] W). */
export function denseForward(a: Vec, rows: number, nIn: number, w: Vec, bias: Vec, nOut: number, act: number, out: Vec): void {
  const blocks = nOut - (nOut & 7);
  for (let r = 0; r < rows; r++) {
    const ao = r * nIn;
    const o = r * nOut;
    for (let j = 0; j < blocks; j += 8) {
      let a0 = bias[j], a1 = bias[j + 1], a2 = bias[j + 2], a3 = bias[j + 3];
      let a4 = bias[j + 4], a5 = bias[j + 5], a6 = bias[j + 6], a7 = bias[j + 7];
      for (let k = 0, q = j; k < nIn; k++, q += nOut) {
        const x = a[ao + k];
        a0 += x * w[q]; a1 += x * w[q + 1]; a2 += x * w[q + 2]; a3 += x * w[q + 3];
        a4 += x * w[q + 4]; a5 += x * w[q + 5]; a6 += x * w[q + 6]; a7 += x * w[q + 7];
      }
      out[o + j] = a0; out[o + j + 1] = a1; out[o + j + 2] = a2; out[o + j + 3] = a3;
      out[o + j + 4] = a4; out[o + j + 5] = a5; out[o + j + 6] = a6; out[o + j + 7] = a7;
    }
    for (let j = blocks; j < nOut; j++) {
      let acc = bias[j];
      for (let k = 0; k < nIn; k++) acc += a[ao + k] * w[k * nOut + j];
      out[o + j] = acc;
    }
    activateRow(act, out, o, nOut);
  }
}

/**
 * dW[k,:] += sum over the batch's nonzero x[r,k] of x[r,k] * dZ[r,:], from column-wise CSR lists (per pixel, the
 * rows where it is nonzero); db += column sums of dZ. The first layer never computes dX.
 */
export function sparseDenseWeightGrad(
  colStart: Int32Array, colRow: Int32Array, colVal: Vec, inputSize: number, rows: number,
  dz: Vec, nOut: number, dw: Vec, db: Vec,
): void {
  const blocks = nOut - (nOut & 7);
  for (let k = 0; k < inputSize; k++) {
    const s = colStart[k];
    const e = colStart[k + 1];
    if (s === e) continue;
    const wo = k * nOut;
    for (let j = 0; j < blocks; j += 8) {
      const q = wo + j;
      let a0 = dw[q], a1 = dw[q + 1], a2 = dw[q + 2], a3 = dw[q + 3];
      let a4 = dw[q + 4], a5 = dw[q + 5], a6 = dw[q + 6], a7 = dw[q + 7];
      for (let c = s; c < e; c++) {
        const x = colVal[c];
        const o = colRow[c] * nOut + j;
        a0 += x * dz[o]; a1 += x * dz[o + 1]; a2 += x * dz[o + 2]; a3 += x * dz[o + 3];
        a4 += x * dz[o + 4]; a5 += x * dz[o + 5]; a6 += x * dz[o + 6]; a7 += x * dz[o + 7];
      }
      dw[q] = a0; dw[q + 1] = a1; dw[q + 2] = a2; dw[q + 3] = a3;
      dw[q + 4] = a4; dw[q + 5] = a5; dw[q + 6] = a6; dw[q + 7] = a7;
    }
    for (let j = blocks; j < nOut; j++) {
      let acc = dw[wo + j];
      for (let c = s; c < e; c++) acc += colVal[c] * dz[colRow[c] * nOut + j];
      dw[wo + j] = acc;
    }
  }
  columnSums(dz, rows, nOut, db);
}

/** dW += Aᵀ dZ, db += column sums of dZ. */
export function denseWeightGrad(a: Vec, rows: number, nIn: number, dz: Vec, nOut: number, dw: Vec, db: Vec): void {
  const blocks = nOut - (nOut & 7);
  for (let k = 0; k < nIn; k++) {
    const wo = k * nOut;
    for (let j = 0; j < blocks; j += 8) {
      const q = wo + j;
      let a0 = dw[q], a1 = dw[q + 1], a2 = dw[q + 2], a3 = dw[q + 3];
      let a4 = dw[q + 4], a5 = dw[q + 5], a6 = dw[q + 6], a7 = dw[q + 7];
      for (let r = 0, ai = k, o = j; r < rows; r++, ai += nIn, o += nOut) {
        const x = a[ai];
        a0 += x * dz[o]; a1 += x * dz[o + 1]; a2 += x * dz[o + 2]; a3 += x * dz[o + 3];
        a4 += x * dz[o + 4]; a5 += x * dz[o + 5]; a6 += x * dz[o + 6]; a7 += x * dz[o + 7];
      }
      dw[q] = a0; dw[q + 1] = a1; dw[q + 2] = a2; dw[q + 3] = a3;
      dw[q + 4] = a4; dw[q + 5] = a5; dw[q + 6] = a6; dw[q + 7] = a7;
    }
    for (let j = blocks; j < nOut; j++) {
      let acc = dw[wo + j];
      for (let r = 0; r < rows; r++) acc += a[r * nIn + k] * dz[r * nOut + j];
      dw[wo + j] = acc;
    }
  }
  columnSums(dz, rows, nOut, db);
}

/** dA = dZ Wᵀ: dot products of a dZ row with W rows, four W rows at a time. */
export function denseInputGrad(dz: Vec, rows: number, nOut: number, w: Vec, nIn: number, da: Vec): void {
  const blocks = nIn - (nIn & 3);
  for (let r = 0; r < rows; r++) {
    const o = r * nOut;
    const ao = r * nIn;
    for (let k = 0; k < blocks; k += 4) {
      const w0 = k * nOut;
      const w1 = w0 + nOut;
      const w2 = w1 + nOut;
      const w3 = w2 + nOut;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < nOut; j++) {
        const d = dz[o + j];
        s0 += d * w[w0 + j]; s1 += d * w[w1 + j]; s2 += d * w[w2 + j]; s3 += d * w[w3 + j];
      }
      da[ao + k] = s0; da[ao + k + 1] = s1; da[ao + k + 2] = s2; da[ao + k + 3] = s3;
    }
    for (let k = blocks; k < nIn; k++) {
      let s = 0;
      for (let j = 0, wo = k * nOut; j < nOut; j++) s += dz[o + j] * w[wo + j];
      da[ao + k] = s;
    }
  }
}

function columnSums(dz: Vec, rows: number, n: number, db: Vec): void {
  for (let r = 0; r < rows; r++) for (let j = 0, o = r * n; j < n; j++) db[j] += dz[o + j];
}
