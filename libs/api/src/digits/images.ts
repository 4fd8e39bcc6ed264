// digits.images: the pixels of a few test digits, from the server's MNIST test files, else from the runs' stored mistakes.
import { TRPCError } from '@trpc/server';
import type { Db } from '@mnist-lab/db';
import type { DigitImagesRequest } from '@mnist-lab/contracts';
import { PIXELS_PER_IMAGE, type MnistSet } from '@mnist-lab/data';
import { digitPixels } from '../analysis/run-predictions';
import { mnistTestSet } from '../runs/mnist-test-set';

export interface DigitImage {
  index: number;
  /** Base64 of 784 raw pixels; null when neither the MNIST files nor a stored mistake has this digit. */
  pixels: string | null;
}

async function testSet(mnistDataDir: string | undefined): Promise<MnistSet | TRPCError> {
  try {
    return await mnistTestSet(mnistDataDir);
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
}

/** Null when the server can read the test images; else why not, in a line the explorer shows. */
export async function testImagesNote(mnistDataDir: string | undefined): Promise<string | null> {
  const set = await testSet(mnistDataDir);
  return set instanceof TRPCError ? `Pictures only of digits some run gets wrong: ${set.message}.` : null;
}

export async function digitImages(db: Db, q: DigitImagesRequest, mnistDataDir: string | undefined): Promise<DigitImage[]> {
  const set = await testSet(mnistDataDir);
  if (!(set instanceof TRPCError)) {
    return q.indices.map((index) => ({
      index,
      pixels: index < set.count ? Buffer.from(set.pixels.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE)).toString('base64') : null,
    }));
  }
  const stored = await digitPixels(db, q.runIds, q.indices);
  return q.indices.map((index) => ({ index, pixels: stored.get(index) ?? null }));
}
