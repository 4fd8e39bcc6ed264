// im2col, its transpose, and the backward pass of a conv without BatchNorm straight from the pooled gradient.
// Pointers are byte offsets into the engine's memory; maps are NHWC f32.

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
