// Max pooling (window = stride, 'valid') and its backward pass, four channels at a time.

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
