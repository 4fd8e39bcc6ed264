import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { Arena } from './arena';
import { type ConvGeometry, type PoolGeometry, jsConvKernels } from './conv-kernels';
import type { Vec } from './kernels';
import { WASM_HEAP_BASE, createWasmKernels, wasmKernelsAvailable } from './wasm/wasm-kernels';

/** The wasm kernels over a fresh memory, and an arena of Float32Arrays in it filled with values in [-1, 1). */
function setup(seed: number, bytes = 8 << 20) {
  const created = createWasmKernels(bytes);
  if (created === null) throw new Error('wasm SIMD is not available in this Node');
  const arena = new Arena(created.memory.buffer, Float32Array, WASM_HEAP_BASE);
  const rng = new Rng(seed);
  const random = (n: number): Vec => {
    const v = arena.floats(n);
    for (let i = 0; i < n; i++) v[i] = 2 * rng.next() - 1;
    return v;
  };
  return { wasm: created.kernels, arena, random, rng };
}

/** f32 sums of up to ~300 products against the JS kernels' float64 sums: a few ulps of the largest terms. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  expect(worst).toBeLessThan(tolerance);
}

const geometry = (h: number, cin: number, k: number, padding: 'valid' | 'same', cout: number): ConvGeometry => {
  const pad = padding === 'same' ? Math.floor((k - 1) / 2) : 0;
  const o = padding === 'same' ? h : h - k + 1;
  return { h, w: h, cin, k, pad, oh: o, ow: o, cout, patch: k * k * cin };
};

describe('wasm conv kernels against the JS kernels', () => {
  it('load: this Node has WebAssembly SIMD', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  // Shapes that run the 2x16 tiles, the 4-wide and scalar column tails and the odd last row.
  it.each([
    [121, 288, 64], [7, 9, 32], [5, 3, 1], [33, 17, 21], [2, 50, 16], [1, 8, 6],
  ])('gemm and gemmTN agree (m %i, k %i, n %i)', (m, k, n) => {
    const { wasm, random, arena } = setup(m * 1000 + k);
    const a = random(m * k + 3);
    const b = random(k * n);
    const bias = random(n);
    for (const withBias of [bias, null]) {
      const c = arena.floats(m * n + 3);
      const ref = new Float32Array(m * n + 3);
      wasm.gemm(a, 3, b, withBias, c, 3, m, k, n);
      jsConvKernels.gemm(a, 3, b, withBias, ref, 3, m, k, n);
      expectClose(c, ref);
    }
    const bm = random(m * n);
    const dw = random(k * n);
    const refDw = Float32Array.from(dw);
    wasm.gemmTN(a, 3, bm, 0, dw, m, k, n);
    jsConvKernels.gemmTN(a, 3, bm, 0, refDw, m, k, n);
    expectClose(dw, refDw);
  });

  it.each([
    [28, 1, 3, 'valid'], [13, 32, 3, 'valid'], [9, 6, 3, 'same'], [8, 5, 4, 'same'], [6, 3, 5, 'valid'], [5, 2, 1, 'same'],
  ] as const)('im2col and col2im agree (%i px, %i channels, kernel %i, %s)', (h, cin, k, padding) => {
    const { wasm, random, arena } = setup(h * 100 + cin);
    const g = geometry(h, cin, k, padding, 4);
    const x = random(2 * h * h * cin);
    const rows = g.oh * g.ow * g.patch;
    const col = arena.floats(rows);
    const ref = new Float32Array(rows);
    wasm.im2col(x, h * h * cin, col, g);
    jsConvKernels.im2col(x, h * h * cin, ref, g);
    expect(Array.from(col)).toEqual(Array.from(ref));
    const dcol = random(rows);
    const dx = random(2 * h * h * cin);
    const refDx = Float32Array.from(dx);
    wasm.col2im(dcol, dx, h * h * cin, g);
    jsConvKernels.col2im(dcol, refDx, h * h * cin, g);
    expectClose(dx, refDx);
  });

  it.each([
    [26, 32, 2, true], [11, 64, 2, false], [7, 6, 3, true], [5, 3, 1, false],
  ] as const)('maxPool and its backward agree, ties and all (%i px, %i channels, pool %i, relu %s)', (h, c, p, relu) => {
    const { wasm, random, arena, rng } = setup(h + c);
    const samples = 3;
    const g: PoolGeometry = { h, w: h, c, p, ph: Math.floor(h / p), pw: Math.floor(h / p) };
    const y = random(samples * h * h * c);
    // Coarse values: many windows hold ties, which both must break the same way (first maximum wins).
    for (let i = 0; i < y.length; i++) y[i] = Math.round(y[i] * 2) / 2;
    const cells = samples * g.ph * g.pw;
    expect(cells).toBeGreaterThan(0);
    const out = arena.floats(cells * c);
    const argmax = arena.ints(cells * c);
    const refOut = new Float32Array(cells * c);
    const refArgmax = new Int32Array(cells * c);
    wasm.maxPool(y, out, argmax, 0, 1, g, relu);
    wasm.maxPool(y, out, argmax, 1, samples - 1, g, relu);
    jsConvKernels.maxPool(y, refOut, refArgmax, 0, samples, g, relu);
    expect(Array.from(out)).toEqual(Array.from(refOut));
    expect(Array.from(argmax)).toEqual(Array.from(refArgmax));

    const dOut = random(cells * c);
    const dy = random(y.length);
    const db = arena.floats(c);
    const refDy = new Float32Array(y.length);
    const refDb = new Float32Array(c);
    for (let i = 0; i < c; i++) db[i] = refDb[i] = rng.next();
    wasm.maxPoolBackward(dOut, out, argmax, samples, g, dy, relu, db);
    jsConvKernels.maxPoolBackward(dOut, refOut, refArgmax, samples, g, refDy, relu, refDb);
    expect(Array.from(dy)).toEqual(Array.from(refDy));
    expectClose(db, refDb);
  });

  // `first`: no input gradient, which takes the first-block path where patch rows are short ('valid', k*cin <= 4).
  it.each([
    [28, 1, 3, 'valid', 32, true, true], [28, 1, 4, 'valid', 6, false, true], [27, 2, 2, 'valid', 5, true, true], [26, 1, 3, 'valid', 32, true, false],
    [13, 32, 3, 'valid', 64, false, false], [9, 6, 4, 'same', 5, true, false], [7, 3, 5, 'same', 4, false, true], [8, 3, 5, 'valid', 4, true, false],
  ] as const)('convBackwardSparse agrees (%i px, %i channels in, kernel %i, %s, %i out, relu %s, first block %s)', (h, cin, k, padding, cout, relu, first) => {
    const { wasm, random, arena } = setup(h * 7 + cout);
    const g = geometry(h, cin, k, padding, cout);
    const samples = 2;
    const pool: PoolGeometry = { h: g.oh, w: g.ow, c: cout, p: 2, ph: Math.floor(g.oh / 2), pw: Math.floor(g.ow / 2) };
    const convSize = g.oh * g.ow * cout;
    const pooledSize = pool.ph * pool.pw * cout;
    const z = random(samples * convSize);
    const out = arena.floats(samples * pooledSize);
    const argmax = arena.ints(samples * pooledSize);
    jsConvKernels.maxPool(z, out, argmax, 0, samples, pool, relu);
    const dOut = random(samples * pooledSize);
    const x = random(samples * h * h * cin);
    const wt = random(cout * g.patch);
    const dwt = random(cout * g.patch);
    const db = random(cout);
    const dx = random(samples * h * h * cin);
    const ref = { dwt: Float32Array.from(dwt), db: Float32Array.from(db), dx: Float32Array.from(dx) };
    for (let s = 0; s < samples; s++) {
      const args = [dOut, out, argmax, s * pooledSize, pool, relu, x, s * h * h * cin, g, wt] as const;
      wasm.convBackwardSparse(...args, dwt, db, first ? null : dx, s * h * h * cin);
      jsConvKernels.convBackwardSparse(...args, ref.dwt, ref.db, first ? null : ref.dx, s * h * h * cin);
    }
    expectClose(dwt, ref.dwt);
    expectClose(db, ref.db);
    expectClose(dx, ref.dx);
  });

  it.each([[86528, 32], [700, 6], [300, 5]])("BatchNorm's reductions and affine maps agree (%i positions, %i channels)", (rows, n) => {
    const { wasm, random, arena } = setup(rows + n, 64 << 20);
    const x = random(rows * n);
    const y = random(rows * n);
    const centre = random(n);
    const [a, yb, b] = [random(n), random(n), random(n)];
    const acc = arena.floats(2 * n);
    // Sums of `rows` terms of magnitude ~1 that cancel: f32 partial sums are good to ~1e-7 of the terms' total.
    const expectSums = (out: Float64Array, ref: Float64Array) => out.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-6 * rows));
    for (const c of [null, centre]) {
      const out = arena.doubles(n);
      const ref = new Float64Array(n);
      wasm.columnSums(x, rows, n, c, acc, out);
      jsConvKernels.columnSums(x, rows, n, c, acc, ref);
      expectSums(out, ref);
    }
    const dots = arena.doubles(2 * n);
    const refDots = new Float64Array(2 * n);
    wasm.columnDotSums(x, y, rows, n, acc, dots);
    jsConvKernels.columnDotSums(x, y, rows, n, acc, refDots);
    expectSums(dots, refDots);
    for (const [withY, withYb] of [[null, null], [y, yb]] as const) {
      const out = arena.floats(rows * n);
      const ref = new Float32Array(rows * n);
      wasm.affine(x, withY, out, rows, n, a, withYb, b);
      jsConvKernels.affine(x, withY, ref, rows, n, a, withYb, b);
      expectClose(out, ref);
    }
  });
});
