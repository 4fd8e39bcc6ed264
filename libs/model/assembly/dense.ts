// The MLP family's kernels in WebAssembly SIMD: the sparse first layer (over each row's nonzero pixels), the input
// gradient of a Dense layer, bias gradients, ReLU and Adam. Dense products reuse gemm and gemmTN (matrix.ts).
//
// Pointers are byte offsets into the engine's memory, matrices row-major f32, index lists i32. The first layer holds
// a 1x32 tile of its output in eight f32x4 registers while it streams a row's nonzero pixels: one splat and eight
// weight loads per pixel, ten registers, so nothing spills (a 1x64 tile would need eighteen of V8's sixteen).

/**
 * out[r, :] = bias + the sum over the nonzero pixels p of row r (row-wise CSR: nzStart [rows+1], nzIdx and nzVal)
 * of nzVal[p] * w[nzIdx[p], :]; relu (not 0): ReLU after.
 */
export function sparseForward(nzStart: usize, nzIdx: usize, nzVal: usize, rows: i32, w: usize, bias: usize, n: i32, relu: i32, out: usize): void {
  const rowBytes = (<usize>n) << 2;
  for (let r = 0; r < rows; r++) {
    const first = nzIdx + ((<usize>load<i32>(nzStart + ((<usize>r) << 2))) << 2);
    const end = nzIdx + ((<usize>load<i32>(nzStart + ((<usize>r + 1) << 2))) << 2);
    addListedRows(bias, first, end, nzVal - nzIdx, w, n, relu, out + <usize>r * rowBytes);
  }
}

/**
 * dw[k, :] += the sum over the batch rows where pixel k is nonzero (column-wise CSR: colStart [inputSize+1], colRow
 * and colVal) of colVal[c] * dz[colRow[c], :]: the first layer's weight gradient, each dw row loaded and stored once.
 */
export function sparseWeightGrad(colStart: usize, colRow: usize, colVal: usize, inputSize: i32, dz: usize, n: i32, dw: usize): void {
  const rowBytes = (<usize>n) << 2;
  for (let k = 0; k < inputSize; k++) {
    const first = colRow + ((<usize>load<i32>(colStart + ((<usize>k) << 2))) << 2);
    const end = colRow + ((<usize>load<i32>(colStart + ((<usize>k + 1) << 2))) << 2);
    if (first == end) continue;
    const o = dw + <usize>k * rowBytes;
    addListedRows(o, first, end, colVal - colRow, dz, n, 0, o);
  }
}

/**
 * The one product both sparse kernels are: out[0..n) = init[0..n) + the sum over the i32 row indices at
 * [first, end) of the f32 value `valueOffset` bytes after each, times m's row of that index (m is [?, n]); relu (not 0):
 * ReLU after. out may be init. 32 outputs at a time in eight f32x4 registers, then 4, then one.
 */
function addListedRows(init: usize, first: usize, end: usize, valueOffset: usize, m: usize, n: i32, relu: i32, out: usize): void {
  const n32 = n & ~31;
  const n4 = n & ~3;
  const rowBytes = (<usize>n) << 2;
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j < n32; j += 32) {
    const jo = (<usize>j) << 2;
    const ij = init + jo;
    let x0 = v128.load(ij), x1 = v128.load(ij, 16), x2 = v128.load(ij, 32), x3 = v128.load(ij, 48);
    let x4 = v128.load(ij, 64), x5 = v128.load(ij, 80), x6 = v128.load(ij, 96), x7 = v128.load(ij, 112);
    for (let p = first; p < end; p += 4) {
      const q = m + <usize>load<i32>(p) * rowBytes + jo;
      const s = v128.load32_splat(p + valueOffset);
      x0 = f32x4.add(x0, f32x4.mul(s, v128.load(q))); x1 = f32x4.add(x1, f32x4.mul(s, v128.load(q, 16)));
      x2 = f32x4.add(x2, f32x4.mul(s, v128.load(q, 32))); x3 = f32x4.add(x3, f32x4.mul(s, v128.load(q, 48)));
      x4 = f32x4.add(x4, f32x4.mul(s, v128.load(q, 64))); x5 = f32x4.add(x5, f32x4.mul(s, v128.load(q, 80)));
      x6 = f32x4.add(x6, f32x4.mul(s, v128.load(q, 96))); x7 = f32x4.add(x7, f32x4.mul(s, v128.load(q, 112)));
    }
    if (relu != 0) {
      x0 = f32x4.max(x0, zero); x1 = f32x4.max(x1, zero); x2 = f32x4.max(x2, zero); x3 = f32x4.max(x3, zero);
      x4 = f32x4.max(x4, zero); x5 = f32x4.max(x5, zero); x6 = f32x4.max(x6, zero); x7 = f32x4.max(x7, zero);
    }
    const oj = out + jo;
    v128.store(oj, x0); v128.store(oj, x1, 16); v128.store(oj, x2, 32); v128.store(oj, x3, 48);
    v128.store(oj, x4, 64); v128.store(oj, x5, 80); v128.store(oj, x6, 96); v128.store(oj, x7, 112);
  }
  for (; j < n4; j += 4) {
    const jo = (<usize>j) << 2;
    let x = v128.load(init + jo);
    for (let p = first; p < end; p += 4) {
      x = f32x4.add(x, f32x4.mul(v128.load32_splat(p + valueOffset), v128.load(m + <usize>load<i32>(p) * rowBytes + jo)));
    }
    if (relu != 0) x = f32x4.max(x, zero);
    v128.store(out + jo, x);
  }
  for (; j < n; j++) {
    const jo = (<usize>j) << 2;
    let x = load<f32>(init + jo);
    for (let p = first; p < end; p += 4) x += load<f32>(p + valueOffset) * load<f32>(m + <usize>load<i32>(p) * rowBytes + jo);
    if (relu != 0 && x < 0) x = 0;
    store<f32>(out + jo, x);
  }
}

/** The sum of a vector's four lanes, in lane order (a function this small, asc -O3 inlines). */
function lanes(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * c[m x k] = a[m x n] b[k x n]^T: a Dense layer's input gradient dA = dZ W^T, each entry the dot product of a dZ row
 * and a W row, four W rows at a time.
 */
export function gemmNT(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const n4 = n & ~3;
  const k4 = k & ~3;
  const rowA = (<usize>n) << 2;
  const rowC = (<usize>k) << 2;
  for (let r = 0; r < m; r++) {
    const ar = a + <usize>r * rowA;
    const cr = c + <usize>r * rowC;
    let i = 0;
    for (; i < k4; i += 4) {
      const b0 = b + <usize>i * rowA;
      const b1 = b0 + rowA, b2 = b1 + rowA, b3 = b2 + rowA;
      let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
      let j = 0;
      for (; j < n4; j += 4) {
        const jo = (<usize>j) << 2;
        const d = v128.load(ar + jo);
        s0 = f32x4.add(s0, f32x4.mul(d, v128.load(b0 + jo))); s1 = f32x4.add(s1, f32x4.mul(d, v128.load(b1 + jo)));
        s2 = f32x4.add(s2, f32x4.mul(d, v128.load(b2 + jo))); s3 = f32x4.add(s3, f32x4.mul(d, v128.load(b3 + jo)));
      }
      let t0 = lanes(s0), t1 = lanes(s1), t2 = lanes(s2), t3 = lanes(s3);
      for (; j < n; j++) {
        const jo = (<usize>j) << 2;
        const d = load<f32>(ar + jo);
        t0 += d * load<f32>(b0 + jo); t1 += d * load<f32>(b1 + jo); t2 += d * load<f32>(b2 + jo); t3 += d * load<f32>(b3 + jo);
      }
      const ci = cr + ((<usize>i) << 2);
      store<f32>(ci, t0); store<f32>(ci, t1, 4); store<f32>(ci, t2, 8); store<f32>(ci, t3, 12);
    }
    for (; i < k; i++) {
      const bi = b + <usize>i * rowA;
      let s = f32x4.splat(0);
      let j = 0;
      for (; j < n4; j += 4) s = f32x4.add(s, f32x4.mul(v128.load(ar + ((<usize>j) << 2)), v128.load(bi + ((<usize>j) << 2))));
      let t = lanes(s);
      for (; j < n; j++) t += load<f32>(ar + ((<usize>j) << 2)) * load<f32>(bi + ((<usize>j) << 2));
      store<f32>(cr + ((<usize>i) << 2), t);
    }
  }
}

/** out[j] += the sum of x[r, j] over the rows, in row order: a bias gradient. */
export function addColumnSums(x: usize, rows: i32, n: i32, out: usize): void {
  const n4 = n & ~3;
  const rowBytes = (<usize>n) << 2;
  let j = 0;
  for (; j < n4; j += 4) {
    const jo = (<usize>j) << 2;
    let s = v128.load(out + jo);
    for (let r = 0; r < rows; r++) s = f32x4.add(s, v128.load(x + <usize>r * rowBytes + jo));
    v128.store(out + jo, s);
  }
  for (; j < n; j++) {
    const jo = (<usize>j) << 2;
    let s = load<f32>(out + jo);
    for (let r = 0; r < rows; r++) s += load<f32>(x + <usize>r * rowBytes + jo);
    store<f32>(out + jo, s);
  }
}

/** x[0..count) = max(x, 0). */
export function reluInPlace(x: usize, count: i32): void {
  const zero = f32x4.splat(0);
  const end = x + ((<usize>count) << 2);
  for (; x + 16 <= end; x += 16) v128.store(x, f32x4.max(v128.load(x), zero));
  for (; x < end; x += 4) if (load<f32>(x) < 0) store<f32>(x, 0);
}

/**
 * One Adam step over count parameters, as Keras writes it (alpha = lr*sqrt(1-b2^t)/(1-b1^t), computed by the caller):
 * m += (g - m)(1 - b1), v += (g^2 - v)(1 - b2), theta -= alpha m / (sqrt(v) + eps); and grad = 0 for the next batch.
 */
export function adam(theta: usize, grad: usize, m: usize, v: usize, count: i32, alpha: f32, beta1: f32, beta2: f32, epsilon: f32): void {
  const c1 = f32x4.splat(1 - beta1);
  const c2 = f32x4.splat(1 - beta2);
  const va = f32x4.splat(alpha);
  const ve = f32x4.splat(epsilon);
  const zero = f32x4.splat(0);
  const bytes = (<usize>count) << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const g = v128.load(grad + o);
    v128.store(grad + o, zero);
    let mi = v128.load(m + o);
    let vi = v128.load(v + o);
    mi = f32x4.add(mi, f32x4.mul(f32x4.sub(g, mi), c1));
    vi = f32x4.add(vi, f32x4.mul(f32x4.sub(f32x4.mul(g, g), vi), c2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.div(f32x4.mul(va, mi), f32x4.add(f32x4.sqrt(vi), ve))));
  }
  for (; o < bytes; o += 4) {
    const g = load<f32>(grad + o);
    store<f32>(grad + o, 0);
    const mi = load<f32>(m + o) + (g - load<f32>(m + o)) * (1 - beta1);
    const vi = load<f32>(v + o) + (g * g - load<f32>(v + o)) * (1 - beta2);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(theta + o, load<f32>(theta + o) - (alpha * mi) / (sqrt<f32>(vi) + epsilon));
  }
}

/** dst[0..count) += src[0..count), then src = 0: a helper thread's share of the gradient folded into the first's. */
export function accumulate(dst: usize, src: usize, count: i32): void {
  const zero = f32x4.splat(0);
  const bytes = (<usize>count) << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    v128.store(src + o, zero);
  }
  for (; o < bytes; o += 4) {
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
    store<f32>(src + o, 0);
  }
}
