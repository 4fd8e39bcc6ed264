// Splits runs into groups, as W&B's "Group by" does: by chosen config keys, or by the whole config but the seed.
import { ConfigPathSchema, configPaths, configurationKey, configValue, type RunConfig } from '@mnist-lab/contracts';
import { formatHyperparam } from './format';

export interface GroupableRun {
  id: string;
  config: RunConfig;
}

/** How runs are grouped: not at all, by everything but the seed (one group per configuration), or by config paths. */
export type GroupBy = { kind: 'none' } | { kind: 'config' } | { kind: 'keys'; keys: string[] };

export const NO_GROUPING: GroupBy = { kind: 'none' };

/** The URL's spelling: `group=-seed` for everything but the seed, `group=arch,learningRate` for keys. */
export const ALL_BUT_SEED_PARAM = '-seed';

export function parseGroupBy(value: string | null): GroupBy {
  const text = value?.trim() ?? '';
  if (text === '') return NO_GROUPING;
  if (text === ALL_BUT_SEED_PARAM) return { kind: 'config' };
  const keys = [...new Set(text.split(',').map((k) => k.trim()).filter((k) => k !== ALL_BUT_SEED_PARAM && ConfigPathSchema.safeParse(k).success))];
  return keys.length > 0 ? { kind: 'keys', keys } : NO_GROUPING;
}

/** The `group` parameter's value, or undefined for no grouping. */
export function serializeGroupBy(groupBy: GroupBy): string | undefined {
  if (groupBy.kind === 'none') return undefined;
  return groupBy.kind === 'config' ? ALL_BUT_SEED_PARAM : groupBy.keys.join(',');
}

export { configurationKey };

/** Equal strings mean the same group; a key a run's config lacks counts as its own value (W&B's "null" group). */
export function groupKey(config: RunConfig, groupBy: GroupBy): string {
  if (groupBy.kind === 'config') return configurationKey(config);
  if (groupBy.kind === 'keys') return JSON.stringify(groupBy.keys.map((k) => configValue(config, k) ?? null));
  return '';
}

/** Groups in order of first appearance, each holding run ids in the order given. */
export function groupByConfiguration(runs: readonly GroupableRun[]): string[][] {
  return groupRuns(runs, { kind: 'config' }).map((g) => g.runIds);
}

export interface RunGroup {
  key: string;
  /** What sets the group apart: its values of the keys grouped by, or of the config paths that vary between groups. */
  label: string;
  runIds: string[];
}

/** The config paths (seed aside) whose values are not the same in every run: what tells configurations apart. */
export function varyingPaths(runs: readonly GroupableRun[]): string[] {
  const paths = [...new Set(runs.flatMap((r) => configPaths(r.config)))].filter((p) => p !== 'seed').sort();
  return paths.filter((p) => new Set(runs.map((r) => JSON.stringify(configValue(r.config, p) ?? null))).size > 1);
}

/** Runs grouped in order of first appearance, each group labelled by what sets it apart. With no grouping: none. */
export function groupRuns(runs: readonly GroupableRun[], groupBy: GroupBy): RunGroup[] {
  if (groupBy.kind === 'none') return [];
  const byKey = new Map<string, GroupableRun[]>();
  for (const r of runs) {
    const key = groupKey(r.config, groupBy);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const labelPaths = groupBy.kind === 'keys' ? groupBy.keys : varyingPaths(runs);
  return [...byKey.entries()].map(([key, members]) => {
    const config = members[0].config;
    const label = labelPaths.length === 0 ? 'every run' : labelPaths.map((p) => `${p}=${formatHyperparam(configValue(config, p))}`).join(' · ');
    return { key, label, runIds: members.map((m) => m.id) };
  });
}

/** True when some runs share everything but the seed: then "everything but the seed" is the grouping to offer first. */
export function hasSeedRepeats(runs: readonly GroupableRun[]): boolean {
  return new Set(runs.map((r) => configurationKey(r.config))).size < runs.length;
}

export type Side = 'a' | 'b';

/** The A/B split the gap panel starts from: the two configurations when there are exactly two, else nothing chosen. */
export function defaultSides(runs: readonly GroupableRun[]): Record<string, Side> {
  const groups = groupByConfiguration(runs);
  if (groups.length !== 2) return {};
  return Object.fromEntries([...groups[0].map((id) => [id, 'a'] as const), ...groups[1].map((id) => [id, 'b'] as const)]);
}
