// A sweep's search space: its parameters in a stable order, their finite choices, samples, and the identity of a configuration.
import { conditionHolds, sweepKeyOrder } from '@mnist-lab/contracts';
import type { Hyperparams, HyperparamValue, ParameterSpec, RangeSpec, SweepConfig } from '@mnist-lab/contracts';
import { pickIndex, type Rng } from './rng';

/** Continuous samples keep this many significant digits: what a person would type, and short in run tables. */
const SIGNIFICANT_DIGITS = 4;

export interface Dimension {
  key: keyof Hyperparams;
  spec: ParameterSpec;
}

/**
 * The swept parameters in sweepKeyOrder (HyperparamsSchema's order, then a program's own names), whatever order the
 * config's keys arrive in (jsonb reorders keys); conditional ones (`when`) after the rest, so that what a condition
 * names is assigned before it is asked.
 */
export function dimensions(config: SweepConfig): Dimension[] {
  const all = sweepKeyOrder(Object.keys(config.parameters) as (keyof Hyperparams)[]).flatMap((key) => {
    const spec = config.parameters[key];
    return spec ? [{ key, spec }] : [];
  });
  return [...all.filter((d) => !d.spec.when), ...all.filter((d) => d.spec.when)];
}

/** Whether a dimension applies given the values assigned so far (always, without a `when`). */
export function isActive(dim: Dimension, assigned: Partial<Hyperparams>): boolean {
  return conditionHolds(dim.spec.when, assigned);
}

/** Whether some other dimension's condition names this one: its value decides which dimensions follow. */
const isParent = (dims: Dimension[], dim: Dimension) => dims.some((d) => d.spec.when?.[dim.key] !== undefined);

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

/**
 * The number of distinct configurations, or undefined when an applicable parameter is continuous (uniform,
 * log_uniform): the product of the choices, summed over the branches that conditions make.
 */
export function spaceSize(dims: Dimension[]): number | undefined {
  return countFrom(dims, 0, {});
}

function countFrom(dims: Dimension[], i: number, assigned: Partial<Hyperparams>): number | undefined {
  if (i === dims.length) return 1;
  const dim = dims[i];
  if (!isActive(dim, assigned)) return countFrom(dims, i + 1, assigned);
  const n = choiceCount(dim.spec);
  if (n === undefined) return undefined;
  if (!isParent(dims, dim)) {
    const rest = countFrom(dims, i + 1, assigned);
    return rest === undefined ? undefined : n * rest;
  }
  let total = 0;
  for (let c = 0; c < n; c++) {
    const rest = countFrom(dims, i + 1, { ...assigned, [dim.key]: choiceAt(dim.spec, c) });
    if (rest === undefined) return undefined;
    total += rest;
  }
  return total;
}

/** The number of distinct configurations of the sweep's space, or undefined when it is continuous. */
export function gridSize(config: SweepConfig): number | undefined {
  return spaceSize(dimensions(config));
}

/** Builds a configuration from one value per dimension; an inactive dimension's value is undefined and left out. */
export function assemble(dims: Dimension[], values: (HyperparamValue | undefined)[]): Partial<Hyperparams> {
  const params: Record<string, HyperparamValue> = {};
  dims.forEach((d, i) => {
    if (values[i] !== undefined) params[d.key] = values[i];
  });
  // Every value passed HyperparamsSchema for its key when the config was parsed (libs/contracts/src/sweep.ts).
  return params as Partial<Hyperparams>;
}

/**
 * The i-th configuration of a finite space, the last parameter varying fastest (as itertools.product orders them);
 * with conditions, each branch's configurations in turn, in the order of the values that open it.
 */
export function configurationAt(dims: Dimension[], index: number): Partial<Hyperparams> {
  const assigned: Partial<Hyperparams> = {};
  let rest = index;
  for (let i = 0; i < dims.length; i++) {
    const dim = dims[i];
    if (!isActive(dim, assigned)) continue;
    const n = choiceCount(dim.spec) ?? 1;
    if (isParent(dims, dim)) {
      for (let c = 0; c < n; c++) {
        const value = choiceAt(dim.spec, c);
        const size = countFrom(dims, i + 1, { ...assigned, [dim.key]: value }) ?? 1;
        if (rest < size || c === n - 1) {
          Object.assign(assigned, { [dim.key]: value });
          break;
        }
        rest -= size;
      }
    } else {
      // What follows does not depend on this value (nothing names it), so the digits below it are a fixed radix.
      const below = countFrom(dims, i + 1, assigned) ?? 1;
      Object.assign(assigned, { [dim.key]: choiceAt(dim.spec, Math.floor(rest / below) % n) });
      rest %= below;
    }
  }
  return assigned;
}

/** A random configuration: each applicable parameter drawn from its prior, in dimension order. */
export function sampleConfiguration(dims: Dimension[], rng: Rng): Partial<Hyperparams> {
  const assigned: Partial<Hyperparams> = {};
  for (const dim of dims) if (isActive(dim, assigned)) Object.assign(assigned, { [dim.key]: sampleValue(dim.spec, rng) });
  return assigned;
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
