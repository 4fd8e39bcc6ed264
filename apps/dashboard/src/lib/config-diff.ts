// The compare page's "what differs" table: one row per config path in any compared run, flagged where the runs disagree.
import { configPaths, configValue, type RunConfig } from '@mnist-lab/contracts';
import { orderConfigPaths } from './config-entries';
import { formatHyperparam } from './format';

export interface ConfigRow {
  key: string;
  /** One formatted value per run, in the runs' order; empty where a run's config has no such key. */
  values: string[];
  differs: boolean;
}

/** The union of the runs' dotted config paths, in reading order (see orderConfigPaths). */
export function configRows(runs: readonly { config: RunConfig }[]): ConfigRow[] {
  const paths = orderConfigPaths(runs.flatMap((r) => configPaths(r.config)));
  return paths.map((key) => {
    const raw = runs.map((r) => configValue(r.config, key));
    // Compared as JSON, not as the formatted text: 0.0010001 and 0.001 print alike at 6 digits but differ.
    const differs = new Set(raw.map((v) => (v === undefined ? '' : JSON.stringify(v)))).size > 1;
    return { key, values: raw.map((v) => (v === undefined ? '' : formatHyperparam(v))), differs };
  });
}

/** A row for a run field beside the config (backend, model family): flagged the same way. */
export function fieldRow(key: string, values: readonly string[]): ConfigRow {
  return { key, values: [...values], differs: new Set(values).size > 1 };
}
