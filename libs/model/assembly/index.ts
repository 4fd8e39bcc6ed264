// The fused engine's WebAssembly SIMD kernels (both families): the module's exports (scripts/wasm-kernels.ts compiles this file).
export { gemm, gemmTN } from './matrix';
export { col2im, convBackwardSparse, im2col } from './conv';
export { maxPool, maxPoolBackward } from './pool';
export { affine, columnDotSums, columnSums } from './batch-norm';
export { accumulate, adam, addColumnSums, gemmNT, reluInPlace, sparseForward, sparseWeightGrad } from './dense';
