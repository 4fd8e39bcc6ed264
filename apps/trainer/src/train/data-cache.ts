// The MNIST files and the last train/validation split, kept for the next run in the same process.
//
// A sweep agent (and `mnist-lab repeat`) trains run after run in one process; reading and checking the four IDX files
// and splitting them cost about 0.45 s a run here, a fifth of a short trial. Runs only read these sets (training
// shuffles an index array, never the images), so sharing them is safe.
import { loadMnist, splitTrainValidation, type MnistSet } from '@mnist-lab/data';

type Loaded = Awaited<ReturnType<typeof loadMnist>>;
type Split = ReturnType<typeof splitTrainValidation>;

let files: { dir: string | undefined; loaded: Promise<Loaded> } | undefined;
let lastSplit: { key: string; split: Split } | undefined;

export async function loadSplitMnist(dir: string | undefined, validationFraction: number, seed: number): Promise<{ split: Split; test: MnistSet }> {
  if (!files || files.dir !== dir) {
    const loaded = loadMnist({ dir });
    files = { dir, loaded };
    // A failed read (missing files) is not kept: the next run tries again.
    loaded.catch(() => {
      if (files?.loaded === loaded) files = undefined;
    });
    lastSplit = undefined;
  }
  const { train, test } = await files.loaded;
  const key = `${validationFraction}:${seed}`;
  if (lastSplit?.key !== key) lastSplit = { key, split: splitTrainValidation(train, { validationFraction, seed }) };
  return { split: lastSplit.split, test };
}
