// loadMnist on small IDX folders written here: good ones load, and each broken file gets one error naming it.
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MnistDataError } from './errors';
import { idxImagesBytes, idxLabelsBytes } from './idx-fixture';
import { defaultMnistDir, loadMnist, loadMnistTrainPixels } from './load';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-lab-data-'));
  await writeGoodFiles(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeGoodFiles(to: string): Promise<void> {
  await writeFile(join(to, 'train-images-idx3-ubyte'), idxImagesBytes(5));
  await writeFile(join(to, 'train-labels-idx1-ubyte'), idxLabelsBytes([5, 0, 4, 1, 9]));
  await writeFile(join(to, 't10k-images-idx3-ubyte'), idxImagesBytes(3));
  await writeFile(join(to, 't10k-labels-idx1-ubyte'), idxLabelsBytes([7, 2, 1]));
}

async function loadError(opts: { verifyChecksums?: boolean } = { verifyChecksums: false }): Promise<MnistDataError> {
  const err: unknown = await loadMnist({ dir, ...opts }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MnistDataError);
  const message = (err as MnistDataError).message;
  expect(message).not.toContain('\n');
  return err as MnistDataError;
}

describe('loadMnist on small files', () => {
  it('loads good files: counts, labels, source indices, pixels and their [0,1] scaling', async () => {
    const { train, test } = await loadMnist({ dir, verifyChecksums: false });
    expect(train.count).toBe(5);
    expect(Array.from(train.labels)).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.indices)).toEqual([0, 1, 2]);
    expect(test.images.length).toBe(3 * 784);
    expect(test.pixels[784 + 10]).toBe((7 + 10) % 256);
    for (let i = 0; i < test.pixels.length; i++) expect(test.images[i]).toBeCloseTo(test.pixels[i] / 255, 6);
  });

  it('loads the training images alone, unscaled, for drawing: the same pixels and labels loadMnist reads', async () => {
    const raw = await loadMnistTrainPixels({ dir, verifyChecksums: false });
    const { train } = await loadMnist({ dir, verifyChecksums: false });
    expect(raw.count).toBe(5);
    expect(Array.from(raw.labels)).toEqual([5, 0, 4, 1, 9]);
    expect(raw.pixels).toEqual(train.pixels);
    expect(Object.keys(raw).sort()).toEqual(['count', 'labels', 'pixels']);
    await unlink(join(dir, 'train-labels-idx1-ubyte'));
    await expect(loadMnistTrainPixels({ dir, verifyChecksums: false })).rejects.toThrow(/^train-labels-idx1-ubyte: missing: no such file in /);
  });

  it('rejects a wrong magic number, naming the file', async () => {
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), idxImagesBytes(3, { magic: 2049 }));
    expect((await loadError()).message).toBe(
      't10k-images-idx3-ubyte: not an IDX image file: magic number 2049, expected 2051 (this is a label file)',
    );
  });

  it('rejects a truncated label file with how many labels it holds', async () => {
    const full = idxLabelsBytes([5, 0, 4, 1, 9]);
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), full.subarray(0, full.length - 2));
    expect((await loadError()).message).toBe('train-labels-idx1-ubyte: truncated: header says 5 labels, file holds 3');
  });

  it('rejects a header whose count does not match the file length', async () => {
    await writeFile(join(dir, 'train-images-idx3-ubyte'), idxImagesBytes(5, { headerCount: 4 }));
    expect((await loadError()).message).toBe(
      'train-images-idx3-ubyte: length mismatch: header says 4 images, file holds 5',
    );
  });

  it('rejects images that are not 28x28', async () => {
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), idxImagesBytes(3, { rows: 32, cols: 32 }));
    expect((await loadError()).message).toBe('t10k-images-idx3-ubyte: images are 32x32, expected 28x28');
  });

  it('rejects images and labels that disagree on the count', async () => {
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idxLabelsBytes([7, 2]));
    expect((await loadError()).message).toBe(
      't10k-labels-idx1-ubyte: holds 2 labels but t10k-images-idx3-ubyte holds 3 images',
    );
  });

  it('rejects a label that is not a digit', async () => {
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabelsBytes([5, 0, 14, 1, 9]));
    expect((await loadError()).message).toBe('train-labels-idx1-ubyte: label 14 at index 2 is not a digit 0-9');
  });

  it('rejects a missing file, naming it and the folder', async () => {
    await unlink(join(dir, 't10k-labels-idx1-ubyte'));
    expect((await loadError()).message).toBe(`t10k-labels-idx1-ubyte: missing: no such file in ${dir}`);
  });

  it('names the first missing file in a fixed order when several are missing, whichever read fails first', async () => {
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) await unlink(join(dir, name));
    for (let i = 0; i < 5; i++) expect((await loadError()).message).toBe(`train-images-idx3-ubyte: missing: no such file in ${dir}`);
  });

  it('checks md5 by default, so small stand-ins under the real names are refused', async () => {
    expect((await loadError({})).message).toMatch(/^(train|t10k)-(images|labels)-idx[13]-ubyte: checksum mismatch: md5 /);
  });

  it('catches a corrupted byte that only the checksum can see', async () => {
    const real = defaultMnistDir();
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte']) {
      await unlink(join(dir, name));
      await symlink(join(real, name), join(dir, name));
    }
    await copyFile(join(real, 't10k-labels-idx1-ubyte'), join(dir, 't10k-labels-idx1-ubyte'));
    const labels = await readFile(join(dir, 't10k-labels-idx1-ubyte'));
    labels[8] = labels[8] === 3 ? 4 : 3; // still a digit, so structurally the file is fine
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), labels);
    expect((await loadError({ verifyChecksums: true })).message).toBe(
      `t10k-labels-idx1-ubyte: checksum mismatch: md5 ${md5Hex(labels)}, expected 27ae3e4e09519cfbb04c329615203637 (corrupted or not the original MNIST file)`,
    );
  });
});

function md5Hex(buf: Uint8Array): string {
  return createHash('md5').update(buf).digest('hex');
}
