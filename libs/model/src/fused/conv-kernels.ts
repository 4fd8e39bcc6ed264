// The convolution kernels' contract, and their JavaScript implementation: the fallback where WebAssembly SIMD is
// missing, the float64 path of the gradient check, and the reference the wasm kernels are tested against.
import type { Vec } from './kernels';

/** One Conv2D (stride 1, square kernel, NHWC) over one sample. */
export interface ConvGeometry {
  h: number;
  w: number;
  cin: number;
  /** Kernel side. */
  k: number;
  /** Zero rows/columns added before the first pixel ('same': floor((k-1)/2); 'valid': 0). */
  pad: number;
  oh: number;
  ow: number;
  cout: number;
  /** k*k*cin: the length of an im2col row, the rows of the kernel read as a matrix. */
  patch: number;
}

/** MaxPooling2D (window = stride = p, 'valid') over a conv output [h, w, c]. */
export interface PoolGeometry {
  h: number;
  w: number;
  c: number;
  p: number;
  ph: number;
  pw: number;
}

/**
 * Offsets count elements. The wasm implementation reads its arrays' addresses, so every array handed to it must be
 * a view of the engine's wasm memory (src/fused/arena.ts allocates them there).
 */
export interface ConvKernels {
  readonly kind: 'wasm' | 'js';
  /** c[m x n] = bias + a[m x k] b[k x n] (bias a [n] vector or null). */
  gemm(a: Vec, aOff: number, b: Vec, bias: Vec | null, c: Vec, cOff: number, m: number, k: number, n: number): void;
  /** c[k x n] += a[m x k]^T b[m x n]. */
  gemmTN(a: Vec, aOff: number, b: Vec, bOff: number, c: Vec, m: number, k: number, n: number): void;
  /** One sample's patches, [oh*ow, patch], from x[xOff..] ([h, w, cin]). */
  im2col(x: Vec, xOff: number, col: Vec, g: ConvGeometry): void;
  /** dx[dxOff..] ([h, w, cin]) = the transpose of im2col applied to col (overwrites). */
  col2im(col: Vec, dx: Vec, dxOff: number, g: ConvGeometry): void;
  /**
   * Pools maps first..first+samples of y into out, where in its window each first maximum was (dy << 16 | dx) into
   * argmax (out and argmax indexed like y, by sample); relu: ReLU after.
   */
  maxPool(y: Vec, out: Vec, argmax: Int32Array, first: number, samples: number, g: PoolGeometry, relu: boolean): void;
  /**
   * dy ([samples, h, w, c]) = 0 but each window's maximum gets its pooled value's gradient, except where the ReLU
   * output `a` gates it to 0 (relu); db (if not null) += those gradients per channel.
   */
  maxPoolBackward(dOut: Vec, a: Vec, argmax: Int32Array, samples: number, g: PoolGeometry, dy: Vec, relu: boolean, db: Vec | null): void;
  /**
   * One sample's backward through max pooling and a conv without BatchNorm, from its pooled gradient dOut (from dOff,
   * argmax and a alike): db += per-channel sums, dwt ([cout, patch], dW transposed) += g * patch, dx[dxOff..]
   * (overwritten; null for the first block) = the input gradient through wt ([cout, patch]).
   */
  convBackwardSparse(
    dOut: Vec, a: Vec, argmax: Int32Array, dOff: number, pool: PoolGeometry, relu: boolean,
    x: Vec, xOff: number, g: ConvGeometry, wt: Vec, dwt: Vec, db: Vec, dx: Vec | null, dxOff: number,
  ): void;
  /** out[c] = sum over rows of x[r, c], or of (x[r, c] - centre[c])^2; acc: n scratch values. */
  columnSums(x: Vec, rows: number, n: number, centre: Vec | null, acc: Vec, out: Float64Array): void;
  /** out[c] = sum of dy[r, c], out[n + c] = sum of dy[r, c] * xhat[r, c]; acc: 2n scratch values. */
  columnDotSums(dy: Vec, xhat: Vec, rows: number, n: number, acc: Vec, out: Float64Array): void;
  /** out[r, c] = x[r, c] * a[c] + b[c], plus y[r, c] * yb[c] when y is given (out may be x or y). */
  affine(x: Vec, y: Vec | null, out: Vec, rows: number, n: number, a: Vec, yb: Vec | null, b: Vec): void;
}

function gemm(a: Vec, aOff: number, b: Vec, bias: Vec | null, c: Vec, cOff: number, m: number, k: number, n: number): void {
  // i-k-j with four outputs in locals, as src/fused/dense.ts does (V8 checks bounds on every typed-array access).
  const n4 = n - (n & 3);
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    const ci = cOff + i * n;
    for (let j = 0; j < n4; j += 4) {
      let s0 = bias === null ? 0 : bias[j], s1 = bias === null ? 0 : bias[j + 1];
      let s2 = bias === null ? 0 : bias[j + 2], s3 = bias === null ? 0 : bias[j + 3];
      for (let p = 0, q = j; p < k; p++, q += n) {
        const x = a[ai + p];
        s0 += x * b[q]; s1 += x * b[q + 1]; s2 += x * b[q + 2]; s3 += x * b[q + 3];
      }
      c[ci + j] = s0; c[ci + j + 1] = s1; c[ci + j + 2] = s2; c[ci + j + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let s = bias === null ? 0 : bias[j];
      for (let p = 0; p < k; p++) s += a[ai + p] * b[p * n + j];
      c[ci + j] = s;
    }
  }
}

function gemmTN(a: Vec, aOff: number, b: Vec, bOff: number, c: Vec, m: number, k: number, n: number): void {
  const n4 = n - (n & 3);
  for (let p = 0; p < k; p++) {
    const cp = p * n;
    for (let j = 0; j < n4; j += 4) {
      let s0 = c[cp + j], s1 = c[cp + j + 1], s2 = c[cp + j + 2], s3 = c[cp + j + 3];
      for (let r = 0, ar = aOff + p, br = bOff + j; r < m; r++, ar += k, br += n) {
        const x = a[ar];
        s0 += x * b[br]; s1 += x * b[br + 1]; s2 += x * b[br + 2]; s3 += x * b[br + 3];
      }
      c[cp + j] = s0; c[cp + j + 1] = s1; c[cp + j + 2] = s2; c[cp + j + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let s = c[cp + j];
      for (let r = 0; r < m; r++) s += a[aOff + r * k + p] * b[bOff + r * n + j];
      c[cp + j] = s;
    }
  }
}

function im2col(x: Vec, xOff: number, col: Vec, g: ConvGeometry): void {
  const { h, w, cin, k, pad, oh, ow } = g;
  let q = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ky = 0; ky < k; ky++) {
        const iy = oy + ky - pad;
        for (let kx = 0; kx < k; kx++) {
          const ix = ox + kx - pad;
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            for (let ci = 0; ci < cin; ci++) col[q++] = 0;
          } else {
            const src = xOff + (iy * w + ix) * cin;
            for (let ci = 0; ci < cin; ci++) col[q++] = x[src + ci];
          }
        }
      }
    }
  }
}

function col2im(col: Vec, dx: Vec, dxOff: number, g: ConvGeometry): void {
  const { h, w, cin, k, pad, oh, ow } = g;
  dx.fill(0, dxOff, dxOff + h * w * cin);
  let q = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ky = 0; ky < k; ky++) {
        const iy = oy + ky - pad;
        for (let kx = 0; kx < k; kx++) {
          const ix = ox + kx - pad;
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            q += cin;
          } else {
            const dst = dxOff + (iy * w + ix) * cin;
            for (let ci = 0; ci < cin; ci++) dx[dst + ci] += col[q++];
          }
        }
      }
    }
  }
}

function maxPool(y: Vec, out: Vec, argmax: Int32Array, firstSample: number, samples: number, g: PoolGeometry, relu: boolean): void {
  const { h, w, c, p, ph, pw } = g;
  let o = firstSample * ph * pw * c;
  for (let s = firstSample; s < firstSample + samples; s++) {
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const first = ((s * h + py * p) * w + px * p) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = y[first + ch];
          let at = 0;
          for (let dy = 0; dy < p; dy++) {
            for (let dx = 0; dx < p; dx++) {
              const v = y[first + (dy * w + dx) * c + ch];
              if (v > best) {
                best = v;
                at = (dy << 16) | dx;
              }
            }
          }
          out[o] = relu && !(best > 0) ? 0 : best;
          argmax[o++] = at;
        }
      }
    }
  }
}

function maxPoolBackward(dOut: Vec, a: Vec, argmax: Int32Array, samples: number, g: PoolGeometry, dy: Vec, relu: boolean, db: Vec | null): void {
  const { h, w, c, p, ph, pw } = g;
  dy.fill(0, 0, samples * h * w * c);
  let i = 0;
  for (let s = 0; s < samples; s++) {
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        for (let ch = 0; ch < c; ch++, i++) {
          if (relu && !(a[i] > 0)) continue;
          const off = argmax[i];
          dy[((s * h + py * p + (off >> 16)) * w + px * p + (off & 0xffff)) * c + ch] = dOut[i];
          if (db !== null) db[ch] += dOut[i];
        }
      }
    }
  }
}

function convBackwardSparse(
  dOut: Vec, a: Vec, argmax: Int32Array, dOff: number, pool: PoolGeometry, relu: boolean,
  x: Vec, xOff: number, geo: ConvGeometry, wt: Vec, dwt: Vec, db: Vec, dx: Vec | null, dxOff: number,
): void {
  const { h, w, cin, k, pad, cout, patch } = geo;
  const { p, ph, pw } = pool;
  if (dx !== null) dx.fill(0, dxOff, dxOff + h * w * cin);
  for (let co = 0; co < cout; co++) {
    let sum = 0;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const i = dOff + (py * pw + px) * cout + co;
        const g = dOut[i];
        if (g === 0 || (relu && !(a[i] > 0))) continue;
        const oy = py * p + (argmax[i] >> 16);
        const ox = px * p + (argmax[i] & 0xffff);
        sum += g;
        const kx0 = Math.max(0, pad - ox);
        const len = (Math.min(k, w + pad - ox) - kx0) * cin;
        for (let ky = Math.max(0, pad - oy); ky < Math.min(k, h + pad - oy); ky++) {
          const pixel = ((oy + ky - pad) * w + ox + kx0 - pad) * cin;
          const tap = co * patch + (ky * k + kx0) * cin;
          for (let j = 0; j < len; j++) dwt[tap + j] += g * x[xOff + pixel + j];
          if (dx !== null) for (let j = 0; j < len; j++) dx[dxOff + pixel + j] += g * wt[tap + j];
        }
      }
    }
    db[co] += sum;
  }
}

function columnSums(x: Vec, rows: number, n: number, centre: Vec | null, _acc: Vec, out: Float64Array): void {
  out.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * n; c < n; c++) {
      const v = centre === null ? x[o + c] : x[o + c] - centre[c];
      out[c] += centre === null ? v : v * v;
    }
  }
}

function columnDotSums(dy: Vec, xhat: Vec, rows: number, n: number, _acc: Vec, out: Float64Array): void {
  out.fill(0, 0, 2 * n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * n; c < n; c++) {
      out[c] += dy[o + c];
      out[n + c] += dy[o + c] * xhat[o + c];
    }
  }
}

function affine(x: Vec, y: Vec | null, out: Vec, rows: number, n: number, a: Vec, yb: Vec | null, b: Vec): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0, o = r * n; c < n; c++) {
      out[o + c] = x[o + c] * a[c] + b[c] + (y === null ? 0 : y[o + c] * (yb as Vec)[c]);
    }
  }
}

export const jsConvKernels: ConvKernels = {
  kind: 'js', gemm, gemmTN, im2col, col2im, maxPool, maxPoolBackward, convBackwardSparse, columnSums, columnDotSums, affine,
};
