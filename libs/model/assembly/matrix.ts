// Matrix products for the fused engine's convolutions and Dense head, AssemblyScript compiled to WebAssembly SIMD.
//
// Every pointer is a byte offset into the engine's own memory, every matrix row-major f32. The kernels hold
// a 2x16 tile of C in eight f32x4 registers while they stream the reduction: with two splatted A values and four B
// vectors that is 14 of the 16 xmm registers V8 allocates, so nothing spills (a 4x16 tile spills, a 1x16 tile loads
// B twice as often; measured 9.0, 7.4 and 8.3 GMAC/s for 2x16, 1x16 and 4x8 on this machine under load, where the
// JS kernels of src/fused/dense.ts ran 1.1; 16.5 for 2x16 at the second conv's shape, best of 12 alternating runs).
// Unrolling the reduction by two ran 30% slower (V8 then spills). Column tails take 4-wide tiles, then scalars; an
// odd last row takes a one-row pass. No FMA: relaxed SIMD is not enabled by default in Node 20.

/** C[m x n] = bias + A[m x k] B[k x n]; bias is a [n] vector, or 0 for none. */
export function gemm(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32): void {
  const n16 = n & ~15;
  const n4 = n & ~3;
  const rowA = (<usize>k) << 2;
  const rowB = (<usize>n) << 2;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const c0 = c + <usize>i * rowB;
    const c1 = c0 + rowB;
    const aEnd = a0 + rowA;
    let j = 0;
    for (; j < n16; j += 16) {
      const o = (<usize>j) << 2;
      let x0 = zero, x1 = zero, x2 = zero, x3 = zero;
      if (bias != 0) {
        x0 = v128.load(bias + o); x1 = v128.load(bias + o, 16); x2 = v128.load(bias + o, 32); x3 = v128.load(bias + o, 48);
      }
      let y0 = x0, y1 = x1, y2 = x2, y3 = x3;
      let p0 = a0, p1 = a1, q = b + o;
      while (p0 < aEnd) {
        const s = v128.load32_splat(p0);
        const t = v128.load32_splat(p1);
        const b0 = v128.load(q), b1 = v128.load(q, 16), b2 = v128.load(q, 32), b3 = v128.load(q, 48);
        x0 = f32x4.add(x0, f32x4.mul(s, b0)); x1 = f32x4.add(x1, f32x4.mul(s, b1));
        x2 = f32x4.add(x2, f32x4.mul(s, b2)); x3 = f32x4.add(x3, f32x4.mul(s, b3));
        y0 = f32x4.add(y0, f32x4.mul(t, b0)); y1 = f32x4.add(y1, f32x4.mul(t, b1));
        y2 = f32x4.add(y2, f32x4.mul(t, b2)); y3 = f32x4.add(y3, f32x4.mul(t, b3));
        p0 += 4; p1 += 4; q += rowB;
      }
      v128.store(c0 + o, x0); v128.store(c0 + o, x1, 16); v128.store(c0 + o, x2, 32); v128.store(c0 + o, x3, 48);
      v128.store(c1 + o, y0); v128.store(c1 + o, y1, 16); v128.store(c1 + o, y2, 32); v128.store(c1 + o, y3, 48);
    }
    for (; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      let x = bias != 0 ? v128.load(bias + o) : zero;
      let y = x;
      let p0 = a0, p1 = a1, q = b + o;
      while (p0 < aEnd) {
        const bv = v128.load(q);
        x = f32x4.add(x, f32x4.mul(v128.load32_splat(p0), bv));
        y = f32x4.add(y, f32x4.mul(v128.load32_splat(p1), bv));
        p0 += 4; p1 += 4; q += rowB;
      }
      v128.store(c0 + o, x); v128.store(c1 + o, y);
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      let x: f32 = bias != 0 ? load<f32>(bias + o) : 0;
      let y = x;
      let p0 = a0, p1 = a1, q = b + o;
      while (p0 < aEnd) {
        const bv = load<f32>(q);
        x += load<f32>(p0) * bv;
        y += load<f32>(p1) * bv;
        p0 += 4; p1 += 4; q += rowB;
      }
      store<f32>(c0 + o, x); store<f32>(c1 + o, y);
    }
  }
  if (i < m) gemmRow(a + <usize>i * rowA, b, bias, c + <usize>i * rowB, k, n);
}

/** One row of gemm: c[n] = bias + a[k] B[k x n] (an odd m's last row: one in 121 of a 11x11 conv output's). */
function gemmRow(a: usize, b: usize, bias: usize, c: usize, k: i32, n: i32): void {
  const n16 = n & ~15;
  const n4 = n & ~3;
  const rowB = (<usize>n) << 2;
  const aEnd = a + ((<usize>k) << 2);
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j < n16; j += 16) {
    const o = (<usize>j) << 2;
    let x0 = zero, x1 = zero, x2 = zero, x3 = zero;
    if (bias != 0) {
      x0 = v128.load(bias + o); x1 = v128.load(bias + o, 16); x2 = v128.load(bias + o, 32); x3 = v128.load(bias + o, 48);
    }
    let p = a, q = b + o;
    while (p < aEnd) {
      const s = v128.load32_splat(p);
      x0 = f32x4.add(x0, f32x4.mul(s, v128.load(q))); x1 = f32x4.add(x1, f32x4.mul(s, v128.load(q, 16)));
      x2 = f32x4.add(x2, f32x4.mul(s, v128.load(q, 32))); x3 = f32x4.add(x3, f32x4.mul(s, v128.load(q, 48)));
      p += 4; q += rowB;
    }
    v128.store(c + o, x0); v128.store(c + o, x1, 16); v128.store(c + o, x2, 32); v128.store(c + o, x3, 48);
  }
  for (; j < n4; j += 4) {
    const o = (<usize>j) << 2;
    let x = bias != 0 ? v128.load(bias + o) : f32x4.splat(0);
    let p = a, q = b + o;
    while (p < aEnd) {
      x = f32x4.add(x, f32x4.mul(v128.load32_splat(p), v128.load(q)));
      p += 4; q += rowB;
    }
    v128.store(c + o, x);
  }
  for (; j < n; j++) {
    const o = (<usize>j) << 2;
    let x: f32 = bias != 0 ? load<f32>(bias + o) : 0;
    let p = a, q = b + o;
    while (p < aEnd) {
      x += load<f32>(p) * load<f32>(q);
      p += 4; q += rowB;
    }
    store<f32>(c + o, x);
  }
}

/** C[k x n] += A[m x k]^T B[m x n]: a weight gradient, two rows of C at a time, the reduction over m. */
export function gemmTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const n16 = n & ~15;
  const n4 = n & ~3;
  const rowA = (<usize>k) << 2;
  const rowB = (<usize>n) << 2;
  const bEnd = b + <usize>m * rowB;
  let p = 0;
  for (; p + 1 < k; p += 2) {
    const a0 = a + ((<usize>p) << 2);
    const c0 = c + <usize>p * rowB;
    const c1 = c0 + rowB;
    let j = 0;
    for (; j < n16; j += 16) {
      const o = (<usize>j) << 2;
      let x0 = v128.load(c0 + o), x1 = v128.load(c0 + o, 16), x2 = v128.load(c0 + o, 32), x3 = v128.load(c0 + o, 48);
      let y0 = v128.load(c1 + o), y1 = v128.load(c1 + o, 16), y2 = v128.load(c1 + o, 32), y3 = v128.load(c1 + o, 48);
      let r = a0, q = b + o;
      const qEnd = bEnd + o;
      while (q < qEnd) {
        const s = v128.load32_splat(r);
        const t = v128.load32_splat(r, 4);
        const b0 = v128.load(q), b1 = v128.load(q, 16), b2 = v128.load(q, 32), b3 = v128.load(q, 48);
        x0 = f32x4.add(x0, f32x4.mul(s, b0)); x1 = f32x4.add(x1, f32x4.mul(s, b1));
        x2 = f32x4.add(x2, f32x4.mul(s, b2)); x3 = f32x4.add(x3, f32x4.mul(s, b3));
        y0 = f32x4.add(y0, f32x4.mul(t, b0)); y1 = f32x4.add(y1, f32x4.mul(t, b1));
        y2 = f32x4.add(y2, f32x4.mul(t, b2)); y3 = f32x4.add(y3, f32x4.mul(t, b3));
        r += rowA; q += rowB;
      }
      v128.store(c0 + o, x0); v128.store(c0 + o, x1, 16); v128.store(c0 + o, x2, 32); v128.store(c0 + o, x3, 48);
      v128.store(c1 + o, y0); v128.store(c1 + o, y1, 16); v128.store(c1 + o, y2, 32); v128.store(c1 + o, y3, 48);
    }
    for (; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      let x = v128.load(c0 + o), y = v128.load(c1 + o);
      let r = a0, q = b + o;
      const qEnd = bEnd + o;
      while (q < qEnd) {
        const bv = v128.load(q);
        x = f32x4.add(x, f32x4.mul(v128.load32_splat(r), bv));
        y = f32x4.add(y, f32x4.mul(v128.load32_splat(r, 4), bv));
        r += rowA; q += rowB;
      }
      v128.store(c0 + o, x); v128.store(c1 + o, y);
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      let x = load<f32>(c0 + o), y = load<f32>(c1 + o);
      let r = a0, q = b + o;
      const qEnd = bEnd + o;
      while (q < qEnd) {
        const bv = load<f32>(q);
        x += load<f32>(r) * bv;
        y += load<f32>(r, 4) * bv;
        r += rowA; q += rowB;
      }
      store<f32>(c0 + o, x); store<f32>(c1 + o, y);
    }
  }
  if (p < k) {
    const a0 = a + ((<usize>p) << 2);
    const c0 = c + <usize>p * rowB;
    let j = 0;
    for (; j < n16; j += 16) {
      const o = (<usize>j) << 2;
      let x0 = v128.load(c0 + o), x1 = v128.load(c0 + o, 16), x2 = v128.load(c0 + o, 32), x3 = v128.load(c0 + o, 48);
      let r = a0, q = b + o;
      const qEnd = bEnd + o;
      while (q < qEnd) {
        const s = v128.load32_splat(r);
        x0 = f32x4.add(x0, f32x4.mul(s, v128.load(q))); x1 = f32x4.add(x1, f32x4.mul(s, v128.load(q, 16)));
        x2 = f32x4.add(x2, f32x4.mul(s, v128.load(q, 32))); x3 = f32x4.add(x3, f32x4.mul(s, v128.load(q, 48)));
        r += rowA; q += rowB;
      }
      v128.store(c0 + o, x0); v128.store(c0 + o, x1, 16); v128.store(c0 + o, x2, 32); v128.store(c0 + o, x3, 48);
    }
    for (; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      let x = v128.load(c0 + o);
      let r = a0, q = b + o;
      const qEnd = bEnd + o;
      while (q < qEnd) {
        x = f32x4.add(x, f32x4.mul(v128.load32_splat(r), v128.load(q)));
        r += rowA; q += rowB;
      }
      v128.store(c0 + o, x);
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      let x = load<f32>(c0 + o);
      let r = a0, q = b + o;
      const qEnd = bEnd + o;
      while (q < qEnd) {
        x += load<f32>(r) * load<f32>(q);
        r += rowA; q += rowB;
      }
      store<f32>(c0 + o, x);
    }
  }
}
