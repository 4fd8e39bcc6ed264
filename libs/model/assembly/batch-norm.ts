// BatchNorm's per-channel reductions and affine maps over a conv output [positions, channels].

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
