// The compare page's hyperparameters table: one row per setting, flagged where the compared runs disagree.
import { DEFAULT_HYPERPARAMS } from '@mnist-lab/metrics';
import { formatHyperparam } from './format';

export interface HyperparamRow {
  key: string;
  /** One formatted value per run, in the runs' order. */
  values: string[];
  differs: boolean;
}

/** Schema order first (as a user reads a config), then any extra keys alphabetically. */
export function hyperparamRows(runs: readonly { hyperparams: Record<string, unknown> }[]): HyperparamRow[] {
  const known = Object.keys(DEFAULT_HYPERPARAMS);
  const seen = new Set(runs.flatMap((r) => Object.keys(r.hyperparams)));
  const keys = [...known.filter((k) => seen.has(k)), ...[...seen].filter((k) => !known.includes(k)).sort()];
  return keys.map((key) => {
    const values = runs.map((r) => formatHyperparam(r.hyperparams[key]));
    return { key, values, differs: new Set(values).size > 1 };
  });
}
