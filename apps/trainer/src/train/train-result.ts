// `mnist-lab train --json`: the one JSON document a script reads on stdout, how the run ended and where it all is.
import type { EpochResult } from '@mnist-lab/model';
import type { TrainOutcome } from './train-command';

export interface TrainResult {
  runId: string;
  name: string;
  /** finished: trained and tested; stopped: interrupted (Ctrl-C, SIGTERM) before its test, the exit code 130 or 143. */
  status: 'finished' | 'stopped';
  /** The training loop's reason: completed, early-stopping, pruned or aborted. */
  stopReason: string;
  backend: string;
  seed: number;
  /** Every hyperparameter the run trained with, defaults filled in. */
  hyperparams: unknown;
  epochs: number;
  bestEpoch: number;
  durationSeconds: number;
  history: EpochResult[];
  /** On the 10,000 test digits; null for a stopped run. */
  test: { loss: number; accuracy: number; misclassified: number; count: number } | null;
  outDir: string;
  summaryFile: string | null;
  /** The run's page on the tracking server; offline runs upload their events with `mnist-lab sync` first. */
  url: string;
  offline: boolean;
  /** Events that did not reach the server (all of them offline), kept in spoolFile for `mnist-lab sync`. */
  unsentEvents: number;
  spoolFile: string;
}

export function trainResult(o: TrainOutcome): TrainResult {
  const s = o.summary;
  return {
    runId: o.runId,
    name: s.name,
    status: s.test ? 'finished' : 'stopped',
    stopReason: o.stopReason,
    backend: s.backend,
    seed: s.seed,
    hyperparams: s.hyperparams,
    epochs: s.history.length,
    bestEpoch: s.bestEpoch,
    durationSeconds: s.durationSeconds,
    history: s.history,
    test: s.test ? { loss: s.test.loss, accuracy: s.test.accuracy, misclassified: s.test.misclassifiedCount, count: s.test.count } : null,
    outDir: o.outDir,
    summaryFile: o.summaryFile ?? null,
    url: o.url,
    offline: o.offline,
    unsentEvents: o.end.left,
    spoolFile: o.end.spoolFile,
  };
}
