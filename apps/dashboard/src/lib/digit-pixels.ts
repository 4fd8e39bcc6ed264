// Decodes a misclassified digit's pixels (base64 of 784 bytes) into RGBA for a 28x28 canvas.
import { IMAGE_PIXELS } from '@mnist-lab/contracts';

export const DIGIT_SIZE = 28;

export function decodePixels(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(IMAGE_PIXELS);
  for (let i = 0; i < Math.min(binary.length, IMAGE_PIXELS); i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Dark ink on white paper: MNIST's white-on-black inverted so digits read like handwriting on a light page. */
export function toRgba(pixels: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(new ArrayBuffer(IMAGE_PIXELS * 4));
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const v = 255 - (pixels[i] ?? 0);
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
