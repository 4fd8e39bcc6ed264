// Which trials of a sweep to repeat with more seeds: its best finished configurations, and the seeds to give them.

export interface TrialSummary {
  runId: string;
  /** The trial's place in its sweep; null for runs linked to the sweep that are not trials (earlier repeats). */
  trial: number | null;
  name: string;
  status: string;
  pruned: boolean;
  params: Record<string, unknown>;
  value: number | null;
}

const configKey = (params: Record<string, unknown>) => JSON.stringify(Object.entries(params).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));

/**
 * The `k` best trials by the sweep's metric, one per configuration. Pruned trials are left out: their value comes
 * from a curve cut short, so it does not rank them against trials that ran their course.
 */
export function bestConfigurations<T extends TrialSummary>(trials: readonly T[], goal: string, k: number): T[] {
  const sign = goal === 'minimize' ? 1 : -1;
  const ranked = trials
    .filter((t) => t.trial !== null && t.status === 'finished' && !t.pruned && t.value !== null && Number.isFinite(t.value))
    .sort((x, y) => sign * ((x.value ?? 0) - (y.value ?? 0)) || (x.trial ?? 0) - (y.trial ?? 0));
  const seen = new Set<string>();
  const out: T[] = [];
  for (const t of ranked) {
    const key = configKey(t.params);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
    if (out.length === k) break;
  }
  return out;
}

/** `count` new seeds for a configuration first trained with `original`: 1, 2, 3, ... without the original (same seed, same run). */
export function repeatSeeds(original: number, count: number): number[] {
  const seeds: number[] = [];
  for (let s = 1; seeds.length < count; s++) if (s !== original) seeds.push(s);
  return seeds;
}
