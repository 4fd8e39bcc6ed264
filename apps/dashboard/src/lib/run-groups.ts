// Splits compared runs into configurations: runs whose configs differ only in the seed are one group.
import { configPaths, configValue, type RunConfig } from '@mnist-lab/contracts';

export interface GroupableRun {
  id: string;
  config: RunConfig;
}

/** The config without its top-level seed, as sorted dotted paths and values: equal strings mean the same configuration. */
export function configurationKey(config: RunConfig): string {
  const rest = configPaths(config)
    .filter((p) => p !== 'seed')
    .sort()
    .map((p) => [p, configValue(config, p)]);
  return JSON.stringify(rest);
}

/** Groups in order of first appearance, each holding run ids in the order given. */
export function groupByConfiguration(runs: readonly GroupableRun[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const r of runs) {
    const key = configurationKey(r.config);
    groups.set(key, [...(groups.get(key) ?? []), r.id]);
  }
  return [...groups.values()];
}

export type Side = 'a' | 'b';

/** The A/B split the gap panel starts from: the two configurations when there are exactly two, else nothing chosen. */
export function defaultSides(runs: readonly GroupableRun[]): Record<string, Side> {
  const groups = groupByConfiguration(runs);
  if (groups.length !== 2) return {};
  return Object.fromEntries([...groups[0].map((id) => [id, 'a'] as const), ...groups[1].map((id) => [id, 'b'] as const)]);
}
