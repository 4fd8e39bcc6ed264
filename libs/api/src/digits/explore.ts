// digits.explore: the 10,000 test digits across the chosen runs (by id or a sweep's), one row of stats per digit.
import type { Db } from '@mnist-lab/db';
import type { DigitExplorerRequest } from '@mnist-lab/contracts';
import { chosenRunIds } from '../analysis/hard-digits';
import { loadPredictions, summarize, trueLabels, type RunSummary } from '../analysis/run-predictions';
import { digitStats, likelyMislabeled, type DigitStats } from './digit-stats';
import { testImagesNote } from './images';

export interface DigitExplorer {
  runs: RunSummary[];
  /** Runs of the sweep left out because they have no stored predictions. */
  skippedRuns: number;
  digits: DigitStats;
  /** Test indices, most agreed first (see likelyMislabeled). */
  mislabeled: number[];
  /** Null when every digit's picture can be shown; otherwise the one line saying why not. */
  imagesNote: string | null;
}

export async function exploreDigits(db: Db, q: DigitExplorerRequest, mnistDataDir: string | undefined): Promise<DigitExplorer> {
  const { ids, skipped } = await chosenRunIds(db, q);
  const [runs, imagesNote] = await Promise.all([loadPredictions(db, ids), testImagesNote(mnistDataDir)]);
  const digits = digitStats(trueLabels(runs), runs);
  return {
    runs: runs.map(summarize),
    skippedRuns: skipped,
    digits,
    mislabeled: likelyMislabeled(digits, runs.length, q.mislabeledShare, q.mislabeledConfidence),
    imagesNote,
  };
}
