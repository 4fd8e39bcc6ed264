// A sweep's search space as the sweep page draws it: one axis per varied hyperparameter, and a line of text per parameter.
import { SweepConfigSchema, type ParameterSpec, type SweepConfig } from '@mnist-lab/contracts';
import { formatHyperparam, formatNumber } from './format';

/** log for log_uniform ranges, linear for the other ranges, categorical for `values: [...]` lists. */
export type AxisKind = 'log' | 'linear' | 'categorical';

export interface SweepAxis {
  key: string;
  kind: AxisKind;
  /** The range of a numeric axis: the spec's bounds, widened to any value a trial actually took. */
  min: number;
  max: number;
  /** A categorical axis's values, as formatHyperparam prints them, bottom to top. */
  categories: string[];
}

export interface SpaceRow {
  key: string;
  /** fixed, one of, uniform, log-uniform, int-uniform, q-uniform */
  kind: string;
  text: string;
  /** A conditional parameter's condition in words (`when arch = cnn`); undefined when every trial has it. */
  when?: string;
}

/**
 * The stored config read back through the same schema the API validated it with. A config that no longer parses
 * (an older schema) yields undefined, and the page falls back to what the trials themselves show.
 */
export function parseStoredConfig(config: unknown): SweepConfig | undefined {
  const parsed = SweepConfigSchema.safeParse(config);
  return parsed.success ? parsed.data : undefined;
}

export function describeSpec(key: string, spec: ParameterSpec): SpaceRow {
  if ('value' in spec) return { key, kind: 'fixed', text: formatHyperparam(spec.value) };
  if ('values' in spec) return { key, kind: 'one of', text: spec.values.map(formatHyperparam).join(', ') };
  const range = `${formatNumber(spec.min)} … ${formatNumber(spec.max)}`;
  switch (spec.distribution) {
    case 'log_uniform':
      return { key, kind: 'log-uniform', text: range };
    case 'int_uniform':
      return { key, kind: 'int-uniform', text: range };
    case 'q_uniform':
      return { key, kind: 'q-uniform', text: `${range}, step ${formatNumber(spec.q)}` };
    case 'uniform':
      return { key, kind: 'uniform', text: range };
  }
}

/** A `when` condition in words: `when arch = cnn`, `when optimizer in sgd, rmsprop`. */
export function describeCondition(when: NonNullable<ParameterSpec['when']>): string {
  const parts = Object.entries(when).map(([k, values]) => {
    const shown = (values ?? []).map(formatHyperparam);
    return shown.length === 1 ? `${k} = ${shown[0]}` : `${k} in ${shown.join(', ')}`;
  });
  return `when ${parts.join(' and ')}`;
}

export function spaceRows(config: SweepConfig): SpaceRow[] {
  return Object.entries(config.parameters).flatMap(([key, spec]) =>
    spec ? [{ ...describeSpec(key, spec), ...(spec.when ? { when: describeCondition(spec.when) } : {}) }] : [],
  );
}

const METHODS: Record<string, string> = { grid: 'grid', random: 'random search', tpe: 'TPE (Bayesian)' };

/** A search method as a person says it. */
export const methodLabel = (method: string) => METHODS[method] ?? method;

/** The early-termination rule in words. */
export function pruningLabel(config: SweepConfig): string {
  const rule = config.earlyTermination;
  const epochs = (n: number) => `${n} ${n === 1 ? 'epoch' : 'epochs'}`;
  if (rule.type === 'median') return `median rule after ${epochs(rule.minEpochs)}`;
  if (rule.type === 'asha') return `ASHA: keep the top 1/${rule.eta} at ${epochs(rule.minEpochs)}, ×${rule.eta} after`;
  if (rule.type === 'hyperband') return `Hyperband: ${rule.brackets} ASHA brackets from ${epochs(rule.minEpochs)}, η = ${rule.eta}`;
  return 'none';
}

type ParamValues = Record<string, unknown>;

const numeric = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** Numbers ascending (as a reader scans an axis), anything else in the order the config lists it. */
function orderCategories(values: unknown[]): string[] {
  const all = values.every((v) => typeof v === 'number') ? [...(values as number[])].sort((a, b) => a - b) : values;
  return [...new Set(all.map(formatHyperparam))];
}

function axisOf(key: string, spec: ParameterSpec | undefined, seen: unknown[]): SweepAxis | undefined {
  const nums = numeric(seen);
  if (spec && 'distribution' in spec) {
    const min = Math.min(spec.min, ...nums);
    const max = Math.max(spec.max, ...nums);
    return { key, kind: spec.distribution === 'log_uniform' && min > 0 ? 'log' : 'linear', min, max, categories: [] };
  }
  const listed = spec && 'values' in spec ? spec.values : [];
  // Values a trial took that the config does not list (a config from an older schema) still get a place.
  const categories = orderCategories([...listed, ...seen.filter((v) => !listed.some((l) => formatHyperparam(l) === formatHyperparam(v)))]);
  return categories.length === 0 ? undefined : { key, kind: 'categorical', min: 0, max: 0, categories };
}

/**
 * The axes of the parallel-coordinates view and the scatter plots, in the config's order: every parameter the
 * sweep varies. Fixed parameters are left out, as are parameters every trial shares when the config is unreadable.
 */
export function sweepAxes(config: SweepConfig | undefined, trials: readonly { params: ParamValues }[]): SweepAxis[] {
  const keys = config ? Object.keys(config.parameters) : [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  return keys.flatMap((key) => {
    const spec = config?.parameters[key as keyof SweepConfig['parameters']];
    if (spec && 'value' in spec) return [];
    const seen = trials.map((t) => t.params[key]).filter((v) => v !== undefined && v !== null);
    if (!spec && new Set(seen.map(formatHyperparam)).size < 2) return [];
    const axis = axisOf(key, spec, seen);
    return axis ? [axis] : [];
  });
}

/** Where `value` sits on `axis`, from 0 (bottom) to 1 (top); undefined when it has no place there. */
export function axisPosition(axis: SweepAxis, value: unknown): number | undefined {
  if (axis.kind === 'categorical') {
    const i = axis.categories.indexOf(formatHyperparam(value));
    if (i < 0) return undefined;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (axis.max === axis.min) return 0.5;
  if (axis.kind === 'log') {
    if (value <= 0) return undefined;
    return (Math.log(value) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
  }
  return (value - axis.min) / (axis.max - axis.min);
}

/** A linear axis over the metric's values, widened by `pad` of its span each side (and around a single value). */
export function valueAxis(key: string, values: readonly number[], pad = 0): SweepAxis {
  const finite = values.filter(Number.isFinite);
  let min = finite.length ? Math.min(...finite) : 0;
  let max = finite.length ? Math.max(...finite) : 1;
  const span = max - min || Math.abs(max) * 0.01 || 0.01;
  const widen = max === min ? span / 2 : span * pad;
  min -= widen;
  max += widen;
  return { key, kind: 'linear', min, max, categories: [] };
}

/** A brushed span of an axis, from `lo` to `hi` in axis positions (0 bottom, 1 top). */
export type Brush = readonly [lo: number, hi: number];

/** Whether a trial's positions fall inside every brush; an axis without a brush, or a missing value there, passes. */
export function insideBrushes(positions: readonly (number | undefined)[], brushes: ReadonlyMap<number, Brush>): boolean {
  for (const [axis, [lo, hi]] of brushes) {
    const p = positions[axis];
    if (p === undefined || p < lo - 1e-9 || p > hi + 1e-9) return false;
  }
  return true;
}
