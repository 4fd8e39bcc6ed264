// The MLP family's kernel contract: the JavaScript implementation (dense.ts, the fallback where WebAssembly SIMD is
// missing, the float64 path of the gradient check and the reference in tests) and the wasm one (wasm/wasm-kernels.ts)
// behind one interface, so the engine runs either over the same buffers.
import { denseForward, denseInputGrad, denseWeightGrad, sparseDenseForward, sparseDenseWeightGrad } from './dense';
import type { Vec } from './kernels';

/**
 * Every array handed to the wasm implementation must be a view of the engine's wasm memory (src/fused/arena.ts
 * allocates them there). Signatures as in dense.ts: act is an activation code from kernels.ts.
 */
export interface MlpKernels {
  readonly kind: 'wasm' | 'js';
  sparseForward(nzStart: Int32Array, nzIdx: Int32Array, nzVal: Vec, rows: number, w: Vec, bias: Vec, nOut: number, act: number, out: Vec): void;
  denseForward(a: Vec, rows: number, nIn: number, w: Vec, bias: Vec, nOut: number, act: number, out: Vec): void;
  sparseWeightGrad(
    colStart: Int32Array, colRow: Int32Array, colVal: Vec, inputSize: number, rows: number, dz: Vec, nOut: number, dw: Vec, db: Vec,
  ): void;
  denseWeightGrad(a: Vec, rows: number, nIn: number, dz: Vec, nOut: number, dw: Vec, db: Vec): void;
  denseInputGrad(dz: Vec, rows: number, nOut: number, w: Vec, nIn: number, da: Vec): void;
  /** One Adam step (alpha already bias-corrected), clearing grad; absent: the optimizer's own loop runs. */
  adam?(theta: Vec, grad: Vec, m: Vec, v: Vec, alpha: number, beta1: number, beta2: number, epsilon: number): void;
  /** dst += src, then src = 0 (equal lengths): a helper thread's gradient folded into the first thread's. */
  accumulate(dst: Vec, src: Vec): void;
}

export const jsMlpKernels: MlpKernels = {
  kind: 'js',
  sparseForward: sparseDenseForward,
  denseForward,
  sparseWeightGrad: sparseDenseWeightGrad,
  denseWeightGrad,
  denseInputGrad,
  accumulate(dst, src) {
    for (let i = 0; i < dst.length; i++) {
      dst[i] += src[i];
      src[i] = 0;
    }
  },
};
