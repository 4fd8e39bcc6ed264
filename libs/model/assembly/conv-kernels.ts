// The fused engine's convolution kernels in AssemblyScript, compiled to WebAssembly SIMD (scripts/build-wasm.mjs).
//
// Every pointer is a byte offset into the engine's own memory, every matrix row-major f32. The matrix kernels hold
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

/** dst[0..count) = src[0..count), f32s, four at a time (memory.copy is a runtime call: slower for rows this short). */
function copyFloats(dst: usize, src: usize, count: i32): void {
  const end = dst + ((<usize>count) << 2);
  while (dst + 16 <= end) {
    v128.store(dst, v128.load(src));
    dst += 16; src += 16;
  }
  while (dst < end) {
    store<f32>(dst, load<f32>(src));
    dst += 4; src += 4;
  }
}

/** dst[0..count) += src[0..count). */
function addFloats(dst: usize, src: usize, count: i32): void {
  const end = dst + ((<usize>count) << 2);
  while (dst + 16 <= end) {
    v128.store(dst, f32x4.add(v128.load(dst), v128.load(src)));
    dst += 16; src += 16;
  }
  while (dst < end) {
    store<f32>(dst, load<f32>(dst) + load<f32>(src));
    dst += 4; src += 4;
  }
}

/**
 * One sample's patches: col[(oy*ow + ox), (ky*kk + kx)*cin + ci] = x[oy+ky-pad, ox+kx-pad, ci] (NHWC, 0 outside),
 * the row order of a Keras kernel [kk, kk, cin, cout] read as a [kk*kk*cin, cout] matrix.
 */
export function im2col(x: usize, col: usize, h: i32, w: i32, cin: i32, kk: i32, pad: i32, oh: i32, ow: i32): void {
  const seg = kk * cin;
  const segBytes = (<usize>seg) << 2;
  let cp = col;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const kx0 = max(0, pad - ox);
      const kx1 = min(kk, w + pad - ox);
      for (let ky = 0; ky < kk; ky++) {
        const iy = oy + ky - pad;
        if (iy < 0 || iy >= h || kx1 <= kx0) {
          memory.fill(cp, 0, segBytes);
        } else {
          if (kx0 > 0) memory.fill(cp, 0, (<usize>(kx0 * cin)) << 2);
          const src = x + ((<usize>((iy * w + ox + kx0 - pad) * cin)) << 2);
          copyFloats(cp + ((<usize>(kx0 * cin)) << 2), src, (kx1 - kx0) * cin);
          if (kx1 < kk) memory.fill(cp + ((<usize>(kx1 * cin)) << 2), 0, (<usize>((kk - kx1) * cin)) << 2);
        }
        cp += segBytes;
      }
    }
  }
}

/** The transpose of im2col for one sample: dx[h x w x cin] = the sum of every patch row's entries at their pixels. */
export function col2im(col: usize, dx: usize, h: i32, w: i32, cin: i32, kk: i32, pad: i32, oh: i32, ow: i32): void {
  memory.fill(dx, 0, (<usize>(h * w * cin)) << 2);
  const segBytes = (<usize>(kk * cin)) << 2;
  let cp = col;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const kx0 = max(0, pad - ox);
      const kx1 = min(kk, w + pad - ox);
      for (let ky = 0; ky < kk; ky++) {
        const iy = oy + ky - pad;
        if (iy >= 0 && iy < h && kx1 > kx0) {
          const dst = dx + ((<usize>((iy * w + ox + kx0 - pad) * cin)) << 2);
          addFloats(dst, cp + ((<usize>(kx0 * cin)) << 2), (kx1 - kx0) * cin);
        }
        cp += segBytes;
      }
    }
  }
}

/**
 * Max pooling (window and stride p, 'valid') of `samples` NHWC maps [h, w, c] into [ph, pw, c]. argmax receives
 * where in its window each maximum was, as dy << 16 | dx (the first maximum wins): the backward passes rebuild the
 * position from the cell they loop over, with no division. relu != 0 also applies ReLU to the pooled values
 * (pooling and a monotone activation commute, so the engine pools first, on a quarter of the values).
 */
export function maxPool(y: usize, out: usize, argmax: usize, samples: i32, h: i32, w: i32, c: i32, p: i32, ph: i32, pw: i32, relu: i32): void {
  const c4 = c & ~3;
  const zero = f32x4.splat(0);
  let o = out, g = argmax;
  for (let s = 0; s < samples; s++) {
    const base = s * h * w * c;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const first = base + ((py * p) * w + px * p) * c;
        let ch = 0;
        for (; ch < c4; ch += 4) {
          let best = v128.load(y + ((<usize>(first + ch)) << 2));
          let at = i32x4.splat(0);
          for (let dy = 0; dy < p; dy++) {
            for (let dx = 0; dx < p; dx++) {
              if (dy == 0 && dx == 0) continue;
              const v = v128.load(y + ((<usize>(first + (dy * w + dx) * c + ch)) << 2));
              const gt = f32x4.gt(v, best);
              best = v128.bitselect(v, best, gt);
              at = v128.bitselect(i32x4.splat((dy << 16) | dx), at, gt);
            }
          }
          v128.store(o, relu != 0 ? f32x4.pmax(zero, best) : best);
          v128.store(g, at);
          o += 16; g += 16;
        }
        for (; ch < c; ch++) {
          let best = load<f32>(y + ((<usize>(first + ch)) << 2));
          let at = 0;
          for (let dy = 0; dy < p; dy++) {
            for (let dx = 0; dx < p; dx++) {
              const v = load<f32>(y + ((<usize>(first + (dy * w + dx) * c + ch)) << 2));
              if (v > best) { best = v; at = (dy << 16) | dx; }
            }
          }
          store<f32>(o, relu != 0 && !(best > 0) ? 0 : best);
          store<i32>(g, at);
          o += 4; g += 4;
        }
      }
    }
  }
}

/**
 * Backward through max pooling (and ReLU when relu != 0, gated on the pooled output `a`): dy ([samples, h, w, c])
 * = 0 except at each window's maximum, which gets its pooled value's gradient; db (when not 0) += the same
 * gradients summed per channel, the conv bias's gradient.
 */
export function maxPoolBackward(dOut: usize, a: usize, argmax: usize, samples: i32, h: i32, w: i32, c: i32, p: i32, ph: i32, pw: i32, dy: usize, relu: i32, db: usize): void {
  memory.fill(dy, 0, (<usize>(samples * h * w * c)) << 2);
  let q: usize = 0;
  for (let s = 0; s < samples; s++) {
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        for (let ch = 0; ch < c; ch++) {
          const grad = load<f32>(dOut + q);
          const off = load<i32>(argmax + q);
          const gated = relu != 0 && !(load<f32>(a + q) > 0);
          q += 4;
          if (gated) continue;
          const at = ((s * h + py * p + (off >> 16)) * w + px * p + (off & 0xffff)) * c + ch;
          store<f32>(dy + ((<usize>at) << 2), grad);
          if (db != 0) {
            const d = db + ((<usize>ch) << 2);
            store<f32>(d, load<f32>(d) + grad);
          }
        }
      }
    }
  }
}

/** dst[0..count) += g * src[0..count). */
function axpy(dst: usize, src: usize, g: f32, count: i32): void {
  const end = dst + ((<usize>count) << 2);
  const gv = f32x4.splat(g);
  while (dst + 16 <= end) {
    v128.store(dst, f32x4.add(v128.load(dst), f32x4.mul(gv, v128.load(src))));
    dst += 16; src += 16;
  }
  while (dst < end) {
    store<f32>(dst, load<f32>(dst) + g * load<f32>(src));
    dst += 4; src += 4;
  }
}

/** a[0..count) += g * x[0..count) and b[0..count) += g * y[0..count), in one pass. */
function axpy2(a: usize, x: usize, b: usize, y: usize, g: f32, count: i32): void {
  const end = a + ((<usize>count) << 2);
  const gv = f32x4.splat(g);
  while (a + 32 <= end) {
    v128.store(a, f32x4.add(v128.load(a), f32x4.mul(gv, v128.load(x))));
    v128.store(a, f32x4.add(v128.load(a, 16), f32x4.mul(gv, v128.load(x, 16))), 16);
    v128.store(b, f32x4.add(v128.load(b), f32x4.mul(gv, v128.load(y))));
    v128.store(b, f32x4.add(v128.load(b, 16), f32x4.mul(gv, v128.load(y, 16))), 16);
    a += 32; x += 32; b += 32; y += 32;
  }
  while (a < end) {
    store<f32>(a, load<f32>(a) + g * load<f32>(x));
    store<f32>(b, load<f32>(b) + g * load<f32>(y));
    a += 4; x += 4; b += 4; y += 4;
  }
}

/**
 * The backward pass of one conv block without BatchNorm, for one sample, straight from the pooled gradient: the conv
 * output's gradient is zero except at each window's maximum, so instead of three dense products over it (dW, dX, db)
 * each pooled gradient g that passes the ReLU gate adds g times its input patch to dwt's row co ([cout, k*k*cin], dW
 * transposed), g times the kernel's column co (wt, [cout, k*k*cin]) to dx's patch (dx 0: the first block, no dx),
 * and g to db[co]. Channel by channel, so the two rows of co stay in L1 while the cells go by.
 */
export function convBackwardSparse(
  dOut: usize, a: usize, argmax: usize, p: i32, ph: i32, pw: i32, cout: i32, relu: i32,
  x: usize, h: i32, w: i32, cin: i32, kk: i32, pad: i32,
  wt: usize, dwt: usize, db: usize, dx: usize,
): void {
  if (dx != 0) memory.fill(dx, 0, (<usize>(h * w * cin)) << 2);
  const patch = kk * kk * cin;
  if (dx == 0 && pad == 0 && kk <= 4 && kk * cin <= 4) {
    firstBlockBackward(dOut, a, argmax, p, ph, pw, cout, relu, x, w, cin, kk, dwt, db);
    return;
  }
  for (let co = 0; co < cout; co++) {
    let sum: f32 = 0;
    const rowOff = (<usize>(co * patch)) << 2;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const q = (<usize>((py * pw + px) * cout + co)) << 2;
        const g = load<f32>(dOut + q);
        if (g == 0 || (relu != 0 && !(load<f32>(a + q) > 0))) continue;
        const off = load<i32>(argmax + q);
        const oy = py * p + (off >> 16);
        const ox = px * p + (off & 0xffff);
        sum += g;
        const kx0 = max(0, pad - ox);
        const kx1 = min(kk, w + pad - ox);
        if (kx1 <= kx0) continue;
        const len = (kx1 - kx0) * cin;
        const ky0 = max(0, pad - oy);
        const ky1 = min(kk, h + pad - oy);
        for (let ky = ky0; ky < ky1; ky++) {
          const pixel = (<usize>(((oy + ky - pad) * w + ox + kx0 - pad) * cin)) << 2;
          const tap = rowOff + ((<usize>((ky * kk + kx0) * cin)) << 2);
          if (dx != 0) axpy2(dwt + tap, x + pixel, dx + pixel, wt + tap, g, len);
          else axpy(dwt + tap, x + pixel, g, len);
        }
      }
    }
    const dbp = db + ((<usize>co) << 2);
    store<f32>(dbp, load<f32>(dbp) + sum);
  }
}

/**
 * convBackwardSparse for a first block with short patch rows ('valid', k*cin <= 4, e.g. the Keras convnet's 3x3 on
 * one channel): a channel's kernel gradient stays in k f32x4 registers, one per kernel row, each nonzero gradient
 * adding g times its k input rows (a fourth lane reads past the row and is never stored). The general loop spends
 * ~4x longer per gradient on bounds and loop control around its 9 multiply-adds.
 */
function firstBlockBackward(
  dOut: usize, a: usize, argmax: usize, p: i32, ph: i32, pw: i32, cout: i32, relu: i32,
  x: usize, w: i32, cin: i32, kk: i32, dwt: usize, db: usize,
): void {
  const rowBytes = (<usize>(w * cin)) << 2;
  const len = kk * cin;
  for (let co = 0; co < cout; co++) {
    let sum: f32 = 0;
    let r0 = f32x4.splat(0), r1 = r0, r2 = r0, r3 = r0;
    for (let py = 0; py < ph; py++) {
      for (let px = 0; px < pw; px++) {
        const q = (<usize>((py * pw + px) * cout + co)) << 2;
        const g = load<f32>(dOut + q);
        if (g == 0 || (relu != 0 && !(load<f32>(a + q) > 0))) continue;
        const off = load<i32>(argmax + q);
        const oy = py * p + (off >> 16);
        const ox = px * p + (off & 0xffff);
        sum += g;
        const gv = f32x4.splat(g);
        const row = x + <usize>oy * rowBytes + ((<usize>(ox * cin)) << 2);
        r0 = f32x4.add(r0, f32x4.mul(gv, v128.load(row)));
        if (kk > 1) r1 = f32x4.add(r1, f32x4.mul(gv, v128.load(row + rowBytes)));
        if (kk > 2) r2 = f32x4.add(r2, f32x4.mul(gv, v128.load(row + 2 * rowBytes)));
        if (kk > 3) r3 = f32x4.add(r3, f32x4.mul(gv, v128.load(row + 3 * rowBytes)));
      }
    }
    const rowOut = dwt + ((<usize>(co * kk * len)) << 2);
    addLanes(rowOut, r0, len);
    if (kk > 1) addLanes(rowOut + ((<usize>len) << 2), r1, len);
    if (kk > 2) addLanes(rowOut + ((<usize>(2 * len)) << 2), r2, len);
    if (kk > 3) addLanes(rowOut + ((<usize>(3 * len)) << 2), r3, len);
    const dbp = db + ((<usize>co) << 2);
    store<f32>(dbp, load<f32>(dbp) + sum);
  }
}

/** dst[0..n) += the first n (<= 4) lanes of v. */
function addLanes(dst: usize, v: v128, n: i32): void {
  store<f32>(dst, load<f32>(dst) + f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(dst, load<f32>(dst, 4) + f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(dst, load<f32>(dst, 8) + f32x4.extract_lane(v, 2), 8);
  if (n > 3) store<f32>(dst, load<f32>(dst, 12) + f32x4.extract_lane(v, 3), 12);
}

/**
 * Per-channel sums over the rows of x [rows, n] (channels last): out[c] = sum of x[r, c], or with `centre` (not 0)
 * of (x[r, c] - centre[c])^2. f32 partial sums over 256 rows at a time (in `acc`, n floats) fold into f64 totals,
 * so a batch's 86,528 positions lose no more than a float64 loop would notice.
 */
export function columnSums(x: usize, rows: i32, n: i32, centre: usize, acc: usize, out: usize): void {
  const rowBytes = (<usize>n) << 2;
  const n4 = n & ~3;
  for (let c = 0; c < n; c++) store<f64>(out + ((<usize>c) << 3), 0);
  for (let r0 = 0; r0 < rows; r0 += 256) {
    const r1 = min(rows, r0 + 256);
    memory.fill(acc, 0, rowBytes);
    for (let r = r0; r < r1; r++) {
      const row = x + <usize>r * rowBytes;
      let c = 0;
      for (; c < n4; c += 4) {
        const o = (<usize>c) << 2;
        let v = v128.load(row + o);
        if (centre != 0) {
          v = f32x4.sub(v, v128.load(centre + o));
          v = f32x4.mul(v, v);
        }
        v128.store(acc + o, f32x4.add(v128.load(acc + o), v));
      }
      for (; c < n; c++) {
        const o = (<usize>c) << 2;
        let v = load<f32>(row + o);
        if (centre != 0) {
          v -= load<f32>(centre + o);
          v *= v;
        }
        store<f32>(acc + o, load<f32>(acc + o) + v);
      }
    }
    for (let c = 0; c < n; c++) {
      const o = out + ((<usize>c) << 3);
      store<f64>(o, load<f64>(o) + <f64>load<f32>(acc + ((<usize>c) << 2)));
    }
  }
}

/** BatchNorm's backward reductions: out[c] = sum of dy[r, c], out[n + c] = sum of dy[r, c] * xhat[r, c] (f64, as columnSums). */
export function columnDotSums(dy: usize, xhat: usize, rows: i32, n: i32, acc: usize, out: usize): void {
  const rowBytes = (<usize>n) << 2;
  const n4 = n & ~3;
  for (let c = 0; c < 2 * n; c++) store<f64>(out + ((<usize>c) << 3), 0);
  for (let r0 = 0; r0 < rows; r0 += 256) {
    const r1 = min(rows, r0 + 256);
    memory.fill(acc, 0, rowBytes << 1);
    for (let r = r0; r < r1; r++) {
      const d = dy + <usize>r * rowBytes;
      const xh = xhat + <usize>r * rowBytes;
      let c = 0;
      for (; c < n4; c += 4) {
        const o = (<usize>c) << 2;
        const v = v128.load(d + o);
        v128.store(acc + o, f32x4.add(v128.load(acc + o), v));
        v128.store(acc + rowBytes + o, f32x4.add(v128.load(acc + rowBytes + o), f32x4.mul(v, v128.load(xh + o))));
      }
      for (; c < n; c++) {
        const o = (<usize>c) << 2;
        const v = load<f32>(d + o);
        store<f32>(acc + o, load<f32>(acc + o) + v);
        store<f32>(acc + rowBytes + o, load<f32>(acc + rowBytes + o) + v * load<f32>(xh + o));
      }
    }
    for (let c = 0; c < 2 * n; c++) {
      const o = out + ((<usize>c) << 3);
      store<f64>(o, load<f64>(o) + <f64>load<f32>(acc + ((<usize>c) << 2)));
    }
  }
}

/** out[r, c] = x[r, c] * a[c] + b[c] (out may be x); with y (not 0): out[r, c] = x[r, c] * a[c] + y[r, c] * yb[c] + b[c]. */
export function affine(x: usize, y: usize, out: usize, rows: i32, n: i32, a: usize, yb: usize, b: usize): void {
  const rowBytes = (<usize>n) << 2;
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let c = 0;
    for (; c < n4; c += 4) {
      const o = (<usize>c) << 2;
      let v = f32x4.add(f32x4.mul(v128.load(x + off + o), v128.load(a + o)), v128.load(b + o));
      if (y != 0) v = f32x4.add(v, f32x4.mul(v128.load(y + off + o), v128.load(yb + o)));
      v128.store(out + off + o, v);
    }
    for (; c < n; c++) {
      const o = (<usize>c) << 2;
      let v = load<f32>(x + off + o) * load<f32>(a + o) + load<f32>(b + o);
      if (y != 0) v += load<f32>(y + off + o) * load<f32>(yb + o);
      store<f32>(out + off + o, v);
    }
  }
}
