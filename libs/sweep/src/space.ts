// A sweep's search space: its parameters in a stable order, their finite choices, samples, and the identity of a configuration.
import { HyperparamsSchema } from '@mnist-lab/metrics';
import type { Hyperparams, HyperparamValue, ParameterSpec, RangeSpec, SweepConfig } from '@mnist-lab/metrics';
import { pickIndex, type Rng } from './rng';

const KEY_ORDER = Object.keys(HyperparamsSchema.shape) as (keyof Hyperparams)[];

/** Continuous samples keep this many significant digits: what a person would type, and short in run tables. */
const SIGNIFICANT_DIGITS = 4;

export interface Dimension {
  key: keyof Hyperparams;
  spec: ParameterSpec;
}

/** The swept parameters in HyperparamsSchema's order, whatever order the config's keys arrive in (jsonb reorders keys). */
export function dimensions(config: SweepConfig): Dimension[] {
  return KEY_ORDER.flatMap((key) => {
    const spec = config.parameters[key];
    return spec ? [{ key, spec }] : [];
  });
}

/** Strips floating-point noise such as 0.30000000000000004 from q_uniform steps. */
const tidy = (x: number) => Number(x.toPrecision(12));

const qSteps = (s: { min: number; max: number; q: number }) => Math.floor((s.max - s.min) / s.q + 1e-9) + 1;

/** How many values a parameter takes, or undefined for a continuous range. */
export function choiceCount(spec: ParameterSpec): number | undefined {
  if ('value' in spec) return 1;
  if ('values' in spec) return spec.values.length;
  if (spec.distribution === 'int_uniform') return spec.max - spec.min + 1;
  if (spec.distribution === 'q_uniform') return qSteps(spec);
  return undefined;
}

/** The i-th value of a parameter with finitely many, 0 <= i < choiceCount(spec). */
export function choiceAt(spec: ParameterSpec, i: number): HyperparamValue {
  if ('value' in spec) return spec.value;
  if ('values' in spec) return spec.values[i];
  if (spec.distribution === 'int_uniform') return spec.min + i;
  if (spec.distribution === 'q_uniform') return tidy(spec.min + i * spec.q);
  throw new Error(`choiceAt: a ${spec.distribution} range has no finite list of values`);
}

/** The number of distinct configurations, or undefined when a parameter is continuous (uniform, log_uniform). */
export function spaceSize(dims: Dimension[]): number | undefined {
  let size = 1;
  for (const d of dims) {
    const n = choiceCount(d.spec);
    if (n === undefined) return undefined;
    size *= n;
  }
  return size;
}

/** The number of distinct configurations of the sweep's space, or undefined when it is continuous. */
export function gridSize(config: SweepConfig): number | undefined {
  return spaceSize(dimensions(config));
}

/** Builds a configuration from one value per dimension. */
export function assemble(dims: Dimension[], values: HyperparamValue[]): Partial<Hyperparams> {
  const params: Record<string, HyperparamValue> = {};
  dims.forEach((d, i) => (params[d.key] = values[i]));
  // Every value passed HyperparamsSchema for its key when the config was parsed (libs/metrics/src/sweep.ts).
  return params as Partial<Hyperparams>;
}

/** The i-th configuration of a finite space, the last parameter varying fastest (as itertools.product orders them). */
export function configurationAt(dims: Dimension[], index: number): Partial<Hyperparams> {
  const values: HyperparamValue[] = new Array(dims.length);
  let rest = index;
  for (let d = dims.length - 1; d >= 0; d--) {
    const n = choiceCount(dims[d].spec) ?? 1;
    values[d] = choiceAt(dims[d].spec, rest % n);
    rest = Math.floor(rest / n);
  }
  return assemble(dims, values);
}

/** Identifies a configuration by its swept values only, so that the same point is recognised however it was stored. */
export function configKey(dims: Dimension[], params: Partial<Hyperparams>): string {
  return JSON.stringify(dims.map((d) => params[d.key] ?? null));
}

/** Moves a raw draw from a range onto the values the range can take: its step grid, or four significant digits. */
export function snap(spec: RangeSpec, x: number): number {
  if (spec.distribution === 'int_uniform' || spec.distribution === 'q_uniform') {
    const step = spec.distribution === 'q_uniform' ? spec.q : 1;
    const last = (choiceCount(spec) ?? 1) - 1;
    return choiceAt(spec, Math.min(last, Math.max(0, Math.round((x - spec.min) / step)))) as number;
  }
  return Math.min(spec.max, Math.max(spec.min, Number(x.toPrecision(SIGNIFICANT_DIGITS))));
}

/** One draw from a parameter's prior: uniform over values, a range, or the logarithm of a range. */
export function sampleValue(spec: ParameterSpec, rng: Rng): HyperparamValue {
  if ('value' in spec) return spec.value;
  if ('values' in spec) return spec.values[pickIndex(rng, spec.values.length)];
  switch (spec.distribution) {
    case 'uniform':
      return snap(spec, spec.min + rng() * (spec.max - spec.min));
    case 'log_uniform':
      return snap(spec, Math.exp(Math.log(spec.min) + rng() * (Math.log(spec.max) - Math.log(spec.min))));
    case 'int_uniform':
    case 'q_uniform':
      return choiceAt(spec, pickIndex(rng, choiceCount(spec) ?? 1));
  }
}
