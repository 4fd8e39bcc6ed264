// The fused engine's kernels as WebAssembly SIMD (assembly/): compiled once per process on first use, one instance
// per engine over the engine's own memory, behind the same ConvKernels and MlpKernels contracts as the JS kernels.
import type { ConvGeometry, ConvKernels, PoolGeometry } from '../conv-kernels';
import { LINEAR, RELU, type Vec, activateRow } from '../kernels';
import type { MlpKernels } from '../mlp-kernels';
import { KERNELS_WASM } from './kernels-binary';

/** What the engine needs of the WebAssembly API (@types/node 20 declares no WebAssembly values, and there is no DOM lib here). */
export interface WasmMemory {
  /** A SharedArrayBuffer: the module's memory is shared, for the MLP engine's helper threads. */
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** The kernels bound to one memory, and what a helper thread needs to bind its own instance to the same memory. */
export interface WasmKernels {
  module: object;
  memory: WasmMemory;
  kernels: ConvKernels;
  mlp: MlpKernels;
}

interface Exports {
  gemm(a: number, b: number, bias: number, c: number, m: number, k: number, n: number): void;
  gemmTN(a: number, b: number, c: number, m: number, k: number, n: number): void;
  im2col(x: number, col: number, h: number, w: number, cin: number, k: number, pad: number, oh: number, ow: number): void;
  col2im(col: number, dx: number, h: number, w: number, cin: number, k: number, pad: number, oh: number, ow: number): void;
  maxPool(y: number, out: number, argmax: number, samples: number, h: number, w: number, c: number, p: number, ph: number, pw: number, relu: number): void;
  maxPoolBackward(dOut: number, a: number, argmax: number, samples: number, h: number, w: number, c: number, p: number, ph: number, pw: number, dy: number, relu: number, db: number): void;
  convBackwardSparse(
    dOut: number, a: number, argmax: number, p: number, ph: number, pw: number, cout: number, relu: number,
    x: number, h: number, w: number, cin: number, k: number, pad: number, wt: number, dwt: number, db: number, dx: number,
  ): void;
  columnSums(x: number, rows: number, n: number, centre: number, acc: number, out: number): void;
  columnDotSums(dy: number, xhat: number, rows: number, n: number, acc: number, out: number): void;
  affine(x: number, y: number, out: number, rows: number, n: number, a: number, yb: number, b: number): void;
  sparseForward(nzStart: number, nzIdx: number, nzVal: number, rows: number, w: number, bias: number, n: number, relu: number, out: number): void;
  sparseWeightGrad(colStart: number, colRow: number, colVal: number, inputSize: number, dz: number, n: number, dw: number): void;
  gemmNT(a: number, b: number, c: number, m: number, k: number, n: number): void;
  addColumnSums(x: number, rows: number, n: number, out: number): void;
  reluInPlace(x: number, count: number): void;
  adam(theta: number, grad: number, m: number, v: number, count: number, alpha: number, beta1: number, beta2: number, epsilon: number): void;
  accumulate(dst: number, src: number, count: number): void;
}

const PAGE = 65536;
/** Byte 0 stands for "no array" (bias, db) in the kernels' signatures, so nothing is placed at the start of memory. */
export const WASM_HEAP_BASE = 64;

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly or its SIMD extension is missing (the JS kernels run instead). */
function kernelsModule(): object | null {
  if (compiled !== undefined) return compiled;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = Uint8Array.from(atob(KERNELS_WASM), (ch) => ch.charCodeAt(0));
  compiled = api !== undefined && api.validate(bytes) ? new api.Module(bytes) : null;
  return compiled;
}

export function wasmKernelsAvailable(): boolean {
  return kernelsModule() !== null;
}

/** A memory of at least `bytes` and the kernels bound to it; null when wasm SIMD is unavailable. */
export function createWasmKernels(bytes: number): WasmKernels | null {
  const module = kernelsModule();
  if (module === null) return null;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
  const pages = Math.ceil((bytes + WASM_HEAP_BASE) / PAGE);
  return bindWasmKernels(module, new api.Memory({ initial: pages, maximum: pages, shared: true }));
}

/** The kernels of `module` (kernelsModule's, posted to a helper thread) bound to an existing memory. */
export function bindWasmKernels(module: object, memory: WasmMemory): WasmKernels {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
  const ex = new api.Instance(module, { env: { memory } }).exports as unknown as Exports;
  const at = (v: Vec, off = 0) => v.byteOffset + 4 * off;
  const kernels: ConvKernels = {
    kind: 'wasm',
    gemm: (a, aOff, b, bias, c, cOff, m, k, n) => ex.gemm(at(a, aOff), at(b), bias === null ? 0 : at(bias), at(c, cOff), m, k, n),
    gemmTN: (a, aOff, b, bOff, c, m, k, n) => ex.gemmTN(at(a, aOff), at(b, bOff), at(c), m, k, n),
    im2col: (x, xOff, col, g: ConvGeometry) => ex.im2col(at(x, xOff), at(col), g.h, g.w, g.cin, g.k, g.pad, g.oh, g.ow),
    col2im: (col, dx, dxOff, g: ConvGeometry) => ex.col2im(at(col), at(dx, dxOff), g.h, g.w, g.cin, g.k, g.pad, g.oh, g.ow),
    maxPool: (y, out, argmax, first, samples, g: PoolGeometry, relu) => {
      const pooled = first * g.ph * g.pw * g.c;
      ex.maxPool(at(y, first * g.h * g.w * g.c), at(out, pooled), argmax.byteOffset + 4 * pooled, samples, g.h, g.w, g.c, g.p, g.ph, g.pw, relu ? 1 : 0);
    },
    maxPoolBackward: (dOut, a, argmax, samples, g: PoolGeometry, dy, relu, db) =>
      ex.maxPoolBackward(at(dOut), at(a), argmax.byteOffset, samples, g.h, g.w, g.c, g.p, g.ph, g.pw, at(dy), relu ? 1 : 0, db === null ? 0 : at(db)),
    convBackwardSparse: (dOut, a, argmax, dOff, pool: PoolGeometry, relu, x, xOff, g: ConvGeometry, wt, dwt, db, dx, dxOff) =>
      ex.convBackwardSparse(
        at(dOut, dOff), at(a, dOff), argmax.byteOffset + 4 * dOff, pool.p, pool.ph, pool.pw, g.cout, relu ? 1 : 0,
        at(x, xOff), g.h, g.w, g.cin, g.k, g.pad, at(wt), at(dwt), at(db), dx === null ? 0 : at(dx, dxOff),
      ),
    columnSums: (x, rows, n, centre, acc, out) => ex.columnSums(at(x), rows, n, centre === null ? 0 : at(centre), at(acc), out.byteOffset),
    columnDotSums: (dy, xhat, rows, n, acc, out) => ex.columnDotSums(at(dy), at(xhat), rows, n, at(acc), out.byteOffset),
    affine: (x, y, out, rows, n, a, yb, b) => ex.affine(at(x), y === null ? 0 : at(y), at(out), rows, n, at(a), yb === null ? 0 : at(yb), at(b)),
  };
  /** The activation after a kernel's linear part: ReLU runs inside the kernel, the others in JS over its output. */
  const activate = (act: number, out: Vec, rows: number, n: number): number => {
    if (act !== RELU && act !== LINEAR) for (let r = 0; r < rows; r++) activateRow(act, out, r * n, n);
    return act === RELU ? 1 : 0;
  };
  const mlp: MlpKernels = {
    kind: 'wasm',
    sparseForward: (nzStart, nzIdx, nzVal, rows, w, bias, nOut, act, out) => {
      ex.sparseForward(nzStart.byteOffset, nzIdx.byteOffset, at(nzVal), rows, at(w), at(bias), nOut, act === RELU ? 1 : 0, at(out));
      activate(act, out, rows, nOut);
    },
    denseForward: (a, rows, nIn, w, bias, nOut, act, out) => {
      ex.gemm(at(a), at(w), at(bias), at(out), rows, nIn, nOut);
      if (activate(act, out, rows, nOut) === 1) ex.reluInPlace(at(out), rows * nOut);
    },
    sparseWeightGrad: (colStart, colRow, colVal, inputSize, rows, dz, nOut, dw, db) => {
      ex.sparseWeightGrad(colStart.byteOffset, colRow.byteOffset, at(colVal), inputSize, at(dz), nOut, at(dw));
      ex.addColumnSums(at(dz), rows, nOut, at(db));
    },
    denseWeightGrad: (a, rows, nIn, dz, nOut, dw, db) => {
      ex.gemmTN(at(a), at(dz), at(dw), rows, nIn, nOut);
      ex.addColumnSums(at(dz), rows, nOut, at(db));
    },
    denseInputGrad: (dz, rows, nOut, w, nIn, da) => ex.gemmNT(at(dz), at(w), at(da), rows, nIn, nOut),
    adam: (theta, grad, m, v, alpha, beta1, beta2, epsilon) => ex.adam(at(theta), at(grad), at(m), at(v), theta.length, alpha, beta1, beta2, epsilon),
    accumulate: (dst, src) => ex.accumulate(at(dst), at(src), dst.length),
  };
  return { module, memory, kernels, mlp };
}
