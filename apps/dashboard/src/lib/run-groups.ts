// Splits compared runs into configurations: runs whose hyperparameters differ only in the seed are one group.

export interface GroupableRun {
  id: string;
  hyperparams: Record<string, unknown>;
}

/** Hyperparameters without the seed, keys sorted, as one string: equal strings mean the same configuration. */
export function configurationKey(hyperparams: Record<string, unknown>): string {
  const rest = Object.entries(hyperparams)
    .filter(([k]) => k !== 'seed')
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify(rest);
}

/** Groups in order of first appearance, each holding run ids in the order given. */
export function groupByConfiguration(runs: readonly GroupableRun[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const r of runs) {
    const key = configurationKey(r.hyperparams);
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
