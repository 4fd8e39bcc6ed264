// Turns a drawing into the 28x28 input an MNIST model expects, the way the MNIST digits themselves were prepared.
//
// LeCun et al.: each digit was size-normalized to fit a 20x20 box preserving its aspect ratio (anti-aliased, hence
// gray levels), then centered in a 28x28 image by its center of mass (http://yann.lecun.com/exdb/mnist/).

export const MNIST_SIDE = 28;
/** The box the digit's longer side is scaled to. */
export const DIGIT_BOX = 20;

/** A grayscale picture, row-major, 0 = background, 1 = full ink. */
export interface Raster {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Ink fainter than this (1/255 from a canvas' alpha is anti-aliasing dust) does not stretch the bounding box. */
const INK = 0.05;

/** The smallest rectangle holding all the ink, or null for a blank picture. */
export function inkBounds(r: Raster): Box | null {
  let x0 = r.width;
  let y0 = r.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      if (r.data[y * r.width + x] <= INK) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Resamples `box` of `r` to `width` x `height` by area averaging: each output pixel is the mean of the source
 * area it covers, counting partly covered source pixels by their covered fraction. That is the anti-aliasing.
 */
export function resampleArea(r: Raster, box: Box, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  const sx = box.width / width;
  const sy = box.height / height;
  // Rounding can put the last edge a hair past the box; never read beyond it.
  const xEnd = box.x + box.width;
  const yEnd = box.y + box.height;
  for (let oy = 0; oy < height; oy++) {
    const top = box.y + oy * sy;
    const bottom = top + sy;
    for (let ox = 0; ox < width; ox++) {
      const left = box.x + ox * sx;
      const right = left + sx;
      let sum = 0;
      for (let y = Math.floor(top); y < Math.min(Math.ceil(bottom), yEnd); y++) {
        const h = Math.min(bottom, y + 1) - Math.max(top, y);
        // Floating-point slivers (1e-16 of a pixel) at edges that should be exact: not coverage.
        if (h < 1e-9) continue;
        for (let x = Math.floor(left); x < Math.min(Math.ceil(right), xEnd); x++) {
          const w = Math.min(right, x + 1) - Math.max(left, x);
          if (w < 1e-9) continue;
          sum += r.data[y * r.width + x] * w * h;
        }
      }
      out[oy * width + ox] = sum / (sx * sy);
    }
  }
  return out;
}

/** The ink's center of mass in pixel coordinates (pixel i spans [i, i+1), so its center is i + 0.5). */
export function centerOfMass(r: Raster): { x: number; y: number } | null {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const v = r.data[y * r.width + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : null;
}

/**
 * The model's input: 784 values in [0, 1], row-major, white digit on black. A blank drawing gives all zeros.
 * The brightest pixel is scaled to 1, since MNIST strokes have full-intensity cores whatever the pen width.
 */
export function toMnistInput(drawing: Raster): Float32Array {
  const input = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  const box = inkBounds(drawing);
  if (!box) return input;
  const scale = DIGIT_BOX / Math.max(box.width, box.height);
  const width = Math.max(1, Math.round(box.width * scale));
  const height = Math.max(1, Math.round(box.height * scale));
  const digit: Raster = { width, height, data: resampleArea(drawing, box, width, height) };
  const com = centerOfMass(digit) ?? { x: width / 2, y: height / 2 };
  // Whole-pixel shift putting the center of mass at the field's center (14, 14), as MNIST did.
  const dx = Math.round(MNIST_SIDE / 2 - com.x);
  const dy = Math.round(MNIST_SIDE / 2 - com.y);
  let max = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tx = x + dx;
      const ty = y + dy;
      // A very lopsided digit can be pushed past the edge; MNIST clipped it too.
      if (tx < 0 || ty < 0 || tx >= MNIST_SIDE || ty >= MNIST_SIDE) continue;
      const v = digit.data[y * width + x];
      input[ty * MNIST_SIDE + tx] = v;
      if (v > max) max = v;
    }
  }
  if (max > 0) for (let i = 0; i < input.length; i++) input[i] = Math.min(1, input[i] / max);
  return input;
}

/** A canvas' pixels (RGBA bytes) as ink, read from the alpha channel: the pad draws opaque strokes on transparency. */
export function alphaRaster(rgba: ArrayLike<number>, width: number, height: number): Raster {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4 + 3] / 255;
  return { width, height, data };
}
