// A sweep's trials ranked and sorted by its metric: the best one, the top few to compare, and the table's order.
import { formatHyperparam, formatNumber, formatPercent } from './format';

export type Goal = 'maximize' | 'minimize';

/** The fields of a trial these helpers read; `sweeps.get` returns more. */
export interface TrialLike {
  runId: string;
  trial: number | null;
  status: string;
  pruned: boolean;
  params: Record<string, unknown>;
  value: number | null;
  epochs: number;
}

export const asGoal = (goal: string): Goal => (goal === 'minimize' ? 'minimize' : 'maximize');

/** Whether `a` beats `b` for the goal. */
export const beats = (goal: Goal, a: number, b: number) => (goal === 'minimize' ? a < b : a > b);

/** Trials that ran to their end with a value: the ones drawn as lines and ranked. */
export const isScored = <T extends TrialLike>(t: T): t is T & { value: number } =>
  t.status === 'finished' && t.value !== null && Number.isFinite(t.value);

/** Finished trials best first; pruned trials stopped early, so they rank after every complete one. */
export function rankTrials<T extends TrialLike>(trials: readonly T[], goal: Goal): (T & { value: number })[] {
  return trials.filter(isScored).sort((a, b) => {
    if (a.pruned !== b.pruned) return a.pruned ? 1 : -1;
    return a.value === b.value ? (a.trial ?? 0) - (b.trial ?? 0) : beats(goal, a.value, b.value) ? -1 : 1;
  });
}

/** The best trial: the one the sweep recorded, else (just before the server settles it) the best finished one. */
export function bestTrial<T extends TrialLike>(trials: readonly T[], goal: Goal, bestRunId: string | null): T | undefined {
  return (bestRunId ? trials.find((t) => t.runId === bestRunId) : undefined) ?? rankTrials(trials, goal)[0];
}

export type TrialSortKey = 'trial' | 'value' | 'epochs' | `param:${string}`;
export interface TrialSort {
  key: TrialSortKey;
  direction: 'asc' | 'desc';
}

function sortValue(t: TrialLike, key: TrialSortKey): number | string | null {
  if (key === 'trial') return t.trial;
  if (key === 'value') return t.value;
  if (key === 'epochs') return t.epochs;
  const v = t.params[key.slice('param:'.length)];
  return v === undefined || v === null ? null : typeof v === 'number' ? v : formatHyperparam(v);
}

/** The table's rows in the chosen order; trials without a value (still running, failed) always go last. */
export function sortTrials<T extends TrialLike>(trials: readonly T[], sort: TrialSort): T[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...trials].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? (a.trial ?? 0) - (b.trial ?? 0) : x === null ? 1 : -1;
    if (x === y) return (a.trial ?? 0) - (b.trial ?? 0);
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
  });
}

/** Clicking a header: the metric starts best first, anything else ascending; a second click reverses. */
export function nextSort(current: TrialSort, key: TrialSortKey, goal: Goal): TrialSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'value' && goal === 'maximize' ? 'desc' : 'asc' };
}

/** Accuracies read as percentages, as in the runs table; losses and anything else as plain numbers. */
export function formatMetric(metric: string, value: number | null | undefined): string {
  return /accuracy$/.test(metric) ? formatPercent(value) : formatNumber(value);
}

/** `/compare?runs=...` for the top `k` finished trials, best first (so the best gets the first color). */
export function topRunIds(trials: readonly TrialLike[], goal: Goal, k = 5): string[] {
  return rankTrials(trials, goal)
    .slice(0, k)
    .map((t) => t.runId);
}

/** An axis tick of the metric: shorter than a table cell (95.5%, 0.123). */
export function metricTick(metric: string, v: number): string {
  return /accuracy$/.test(metric) ? `${Number((v * 100).toPrecision(4))}%` : String(Number(v.toPrecision(3)));
}
