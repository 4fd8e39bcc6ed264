// Sweep configuration (sweep.yaml): the search space over Hyperparams, the metric to optimise and the early-stopping rule.
import { z } from 'zod';
import { text } from './storable';
import { CONV_KEYS, HyperparamsSchema, type Hyperparams } from './hyperparams';
import { MetricNameSchema } from './metric';

export const SweepMethodSchema = z.enum(['grid', 'random', 'tpe']);
export type SweepMethod = z.infer<typeof SweepMethodSchema>;

export const SweepGoalSchema = z.enum(['maximize', 'minimize']);
export type SweepGoal = z.infer<typeof SweepGoalSchema>;

/** Anything a hyperparameter can hold: numbers, flags, enum names, layer sizes. */
const HyperparamValueSchema = z.union([z.number(), z.boolean(), text(), z.array(z.number())], {
  error: 'expected a number, true/false, a name or a list of numbers',
});
export type HyperparamValue = z.infer<typeof HyperparamValueSchema>;

/** Names the offending keys of a strict object: zod's default says only "Unrecognized key". */
const unknownKeys = { error: (iss: z.core.$ZodRawIssue) => (iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.map((k) => `'${k}'`).join(', ')}` : undefined) };

const FixedSpecSchema = z.strictObject({ value: HyperparamValueSchema }, unknownKeys);
const ValuesSpecSchema = z.strictObject({ values: z.array(HyperparamValueSchema).min(1, 'values needs at least one entry') }, unknownKeys);
const RangeSpecSchema = z
  .discriminatedUnion(
    'distribution',
    [
      z.strictObject({ distribution: z.literal('uniform'), min: z.number(), max: z.number() }, unknownKeys),
      z.strictObject({ distribution: z.literal('log_uniform'), min: z.number(), max: z.number() }, unknownKeys),
      z.strictObject({ distribution: z.literal('int_uniform'), min: z.number().int(), max: z.number().int() }, unknownKeys),
      z.strictObject({ distribution: z.literal('q_uniform'), min: z.number(), max: z.number(), q: z.number().positive() }, unknownKeys),
    ],
    { error: 'must be one of uniform, log_uniform, int_uniform, q_uniform' },
  )
  .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] })
  .refine((s) => s.distribution !== 'log_uniform' || s.min > 0, { message: 'log_uniform needs min > 0', path: ['min'] });

export type FixedSpec = z.infer<typeof FixedSpecSchema>;
export type ValuesSpec = z.infer<typeof ValuesSpecSchema>;
export type RangeSpec = z.infer<typeof RangeSpecSchema>;
/**
 * When a parameter applies: every named parameter holds one of the listed values. `when: { arch: cnn }` makes a
 * parameter conditional, as Optuna's define-by-run spaces are: a trial of another arch has no value for it, and
 * search models it only over the trials where it applied.
 */
export type Condition = Partial<Record<keyof Hyperparams, HyperparamValue[]>>;
export type ParameterSpec = (FixedSpec | ValuesSpec | RangeSpec) & { when?: Condition };
export type SweepParameters = Partial<Record<keyof Hyperparams, ParameterSpec>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One parameter of the space: a bare fixed value (normalised to `{ value }`), `{ value }`, `{ values: [...] }`
 * or `{ distribution, min, max, q? }`. Routed by key rather than with z.union so that errors name the real problem.
 */
export const ParameterSpecSchema = z.unknown().transform((input, ctx): ParameterSpec & { rawWhen?: unknown } => {
  // `when` is checked against the other parameters by SweepConfigSchema; here it only rides along.
  const { when: rawWhen, ...rest } = isRecord(input) ? input : { when: undefined };
  const raw = isRecord(input) ? rest : input;
  const bare = !isRecord(raw);
  if (!bare && !('value' in raw || 'values' in raw || 'distribution' in raw)) {
    ctx.addIssue({ code: 'custom', message: 'expected a fixed value, { values: [...] } or { distribution, min, max }' });
    return z.NEVER;
  }
  const schema = bare ? FixedSpecSchema : 'distribution' in raw ? RangeSpecSchema : 'values' in raw ? ValuesSpecSchema : FixedSpecSchema;
  const result = schema.safeParse(bare ? { value: raw } : raw);
  if (result.success) return rawWhen === undefined ? result.data : { ...result.data, rawWhen };
  for (const issue of result.error.issues) {
    // A bare value has no `value` key in the user's file: report the problem at the parameter itself.
    const path = bare ? issue.path.slice(1) : issue.path;
    ctx.addIssue({ code: 'custom', message: issue.message, path });
  }
  return z.NEVER;
});

const EarlyTerminationSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }, unknownKeys),
    z.strictObject({ type: z.literal('median'), minEpochs: z.number().int().min(1).max(1000).default(3) }, unknownKeys),
    /** Asynchronous successive halving: at epochs minEpochs, minEpochs·eta, minEpochs·eta², ... keep the top 1/eta. */
    z.strictObject({ type: z.literal('asha'), minEpochs: z.number().int().min(1).max(1000).default(1), eta: z.number().int().min(2).max(10).default(3) }, unknownKeys),
    /** Hyperband over ASHA: trials take turns among `brackets` brackets, bracket b's first rung at minEpochs·eta^b. */
    z.strictObject(
      {
        type: z.literal('hyperband'),
        minEpochs: z.number().int().min(1).max(1000).default(1),
        eta: z.number().int().min(2).max(10).default(3),
        brackets: z.number().int().min(1).max(8).default(3),
      },
      unknownKeys,
    ),
  ],
  { error: 'must be { type: none }, { type: median, minEpochs: 3 }, { type: asha, minEpochs: 1, eta: 3 } or { type: hyperband, minEpochs: 1, eta: 3, brackets: 3 }' },
);
export type EarlyTermination = z.infer<typeof EarlyTerminationSchema>;

const HYPERPARAM_KEYS = Object.keys(HyperparamsSchema.shape) as (keyof Hyperparams)[];

/**
 * The order a sweep's parameters are kept and searched in, whatever order they arrive in (jsonb reorders keys):
 * the trainer's hyperparameters in HyperparamsSchema's order, then a program's own names alphabetically.
 */
export function sweepKeyOrder<K extends string>(keys: readonly K[]): K[] {
  const known = HYPERPARAM_KEYS.filter((k) => keys.includes(k as string as K)) as string[] as K[];
  const own = keys.filter((k) => !(HYPERPARAM_KEYS as string[]).includes(k)).sort();
  return [...known, ...own];
}
const camelOf = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
// The trainer's flag names that are not simply the kebab-case of the key (apps/trainer/src/train/hyperparam-flags.ts).
const FLAG_ALIASES: Record<string, keyof Hyperparams> = { patience: 'earlyStoppingPatience', 'min-delta': 'earlyStoppingMinDelta' };

/** A parameter name of a program's own: what a `--name=value` argument and a JSON key can both carry. */
const PROGRAM_PARAMETER = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

function hyperparamKey(name: string): keyof Hyperparams | undefined {
  const key = FLAG_ALIASES[name] ?? camelOf(name);
  return (HYPERPARAM_KEYS as string[]).includes(key) ? (key as keyof Hyperparams) : undefined;
}

/** HyperparamsSchema's first objection to giving `value` to `key`, or undefined when it accepts it. */
function objection(key: keyof Hyperparams, value: unknown): z.core.$ZodIssue | undefined {
  const result = HyperparamsSchema.shape[key].safeParse(value);
  return result.success ? undefined : result.error.issues[0];
}
const rejection = (key: keyof Hyperparams, value: unknown) => objection(key, value)?.message;

/** Points that every sample of a range must pass through the schema for: bounds, a step, a fractional interior point. */
function rangeProbes(spec: RangeSpec): number[] {
  if (spec.distribution === 'int_uniform') return [spec.min, spec.max];
  if (spec.distribution === 'q_uniform') return [spec.min, spec.min + spec.q, spec.min + Math.floor((spec.max - spec.min) / spec.q) * spec.q];
  let inside = (spec.min + spec.max) / 2;
  if (Number.isInteger(inside)) inside += Math.min(0.5, (spec.max - inside) / 2);
  return [spec.min, spec.max, inside];
}

/** Checks one parsed parameter against the hyperparameter it sets; returns [path within the spec, message] on failure. */
function checkSpec(key: keyof Hyperparams, spec: ParameterSpec, method: SweepMethod): [(string | number)[], string] | undefined {
  if ('value' in spec) {
    const why = rejection(key, spec.value);
    return why ? [[], why] : undefined;
  }
  if ('values' in spec) {
    const seen = new Set<string>();
    for (const [i, v] of spec.values.entries()) {
      const why = rejection(key, v);
      if (why) return [['values', i], why];
      if (seen.has(JSON.stringify(v))) return [['values', i], `${JSON.stringify(v)} is listed twice`];
      seen.add(JSON.stringify(v));
    }
    return undefined;
  }
  if (method === 'grid') return [[], 'a grid sweep needs values: [...] here, not a distribution (or use method: random or tpe)'];
  const code = objection(key, spec.min)?.code;
  if (code === 'invalid_type' || code === 'invalid_value') return [[], `${key} is not numeric: list its choices with values: [...]`];
  for (const probe of rangeProbes(spec)) {
    const why = rejection(key, probe);
    if (!why) continue;
    if (probe === spec.min || probe === spec.max) return [[probe === spec.min ? 'min' : 'max'], why];
    return [[], `${key} takes whole numbers: use int_uniform, q_uniform with a whole q, or values: [...]`];
  }
  return undefined;
}

/**
 * A parameter of a program's own: nothing is known of its type, so only the space's shape is checked (a grid lists
 * its values, a list names each value once).
 */
function checkProgramSpec(spec: ParameterSpec, method: SweepMethod): [(string | number)[], string] | undefined {
  if ('values' in spec) {
    const seen = new Set<string>();
    for (const [i, v] of spec.values.entries()) {
      if (seen.has(JSON.stringify(v))) return [['values', i], `${JSON.stringify(v)} is listed twice`];
      seen.add(JSON.stringify(v));
    }
  }
  if ('distribution' in spec && method === 'grid') return [[], 'a grid sweep needs values: [...] here, not a distribution (or use method: random or tpe)'];
  return undefined;
}

/**
 * A parameter's `when`, checked: keys name other swept parameters with listed values (`value` or `values`) that are
 * not conditional themselves, and each listed value is one of theirs. A bare value means a list of one.
 */
function checkCondition(
  key: keyof Hyperparams,
  raw: unknown,
  specs: Map<keyof Hyperparams, ParameterSpec>,
  conditions: Map<keyof Hyperparams, unknown>,
  keyOf: (name: string) => keyof Hyperparams | undefined,
): Condition | string {
  if (!isRecord(raw) || Object.keys(raw).length === 0) return 'when must name parameters and their values, e.g. when: { arch: cnn }';
  const condition: Condition = {};
  for (const [name, listed] of Object.entries(raw)) {
    const on = keyOf(name);
    const spec = on ? specs.get(on) : undefined;
    if (!on || !spec) return `'${name}' is not a parameter of this sweep`;
    if (on === key) return `${key} cannot depend on itself`;
    if (conditions.has(on)) return `${on} is conditional itself; a condition may name only parameters every trial has`;
    if (!('value' in spec) && !('values' in spec)) return `${on} is a range; a condition may name only parameters with listed values`;
    const choices = 'value' in spec ? [spec.value] : spec.values;
    // A list of choices, or one choice; for the list-valued keys a list of lists, or one list.
    const listValued = on === 'hiddenUnits' || on === 'convFilters';
    const values = Array.isArray(listed) && listed.length > 0 && (!listValued || listed.every(Array.isArray)) ? listed : [listed];
    for (const v of values) {
      if (!choices.some((c) => JSON.stringify(c) === JSON.stringify(v))) return `${JSON.stringify(v)} is not one of ${on}'s values (${choices.map((c) => JSON.stringify(c)).join(', ')})`;
    }
    condition[on] = values as HyperparamValue[];
  }
  return condition;
}

/** True when `params` (the values assigned so far) meet the condition; no condition always holds. */
export function conditionHolds(when: Condition | undefined, params: Partial<Hyperparams>): boolean {
  if (!when) return true;
  return Object.entries(when).every(([k, values]) => {
    const v = params[k as keyof Hyperparams];
    return v !== undefined && (values as HyperparamValue[]).some((c) => JSON.stringify(c) === JSON.stringify(v));
  });
}

/** The convolution keys only apply to arch cnn: one swept where a trial may be an MLP needs `when: { arch: cnn }`. */
function checkConvKeys(specs: Map<keyof Hyperparams, ParameterSpec>): [string, string] | undefined {
  const arch = specs.get('arch');
  const archs = arch && 'value' in arch ? [arch.value] : arch && 'values' in arch ? arch.values : ['mlp'];
  for (const key of CONV_KEYS) {
    const spec = specs.get(key);
    if (!spec) continue;
    const when = spec.when?.arch ?? archs;
    if (when.includes('mlp')) {
      return [key, archs.includes('cnn') ? `${key} applies to arch cnn only: add when: { arch: cnn }` : `${key} applies to arch cnn only: add arch: cnn (or arch: { values: [mlp, cnn] } with when: { arch: cnn } here)`];
    }
  }
  return undefined;
}

/** A grid's number of points: the product of the listed values, summed over the branches conditions make. */
/** The most trials one sweep may run. */
export const MAX_SWEEP_TRIALS = 10_000;

function gridPoints(specs: [keyof Hyperparams, ParameterSpec][]): number {
  const size = (s: ParameterSpec) => ('values' in s ? s.values.length : 1);
  const plain = specs.filter(([, s]) => !s.when);
  const conditional = specs.filter(([, s]) => s.when);
  const count = (i: number, assigned: Partial<Hyperparams>): number => {
    if (i === plain.length) return conditional.reduce((n, [, s]) => n * (conditionHolds(s.when, assigned) ? size(s) : 1), 1);
    const [key, s] = plain[i];
    const choices = 'values' in s ? s.values : 'value' in s ? [s.value] : [undefined];
    return choices.reduce<number>((n, v) => n + count(i + 1, { ...assigned, [key]: v }), 0);
  };
  return count(0, {});
}

/** zod's message for a missing key is "expected string, received undefined": say what to write instead. */
const required = (example: string) => ({
  error: (iss: z.core.$ZodRawIssue) => (iss.input === undefined ? `required, e.g. ${example}` : undefined),
});

const SweepConfigObjectSchema = z.strictObject(
  {
    name: text(required('name: lr-and-width')).trim().min(1, 'must not be empty').max(200),
    method: z.enum(SweepMethodSchema.options, {
      error: (iss) => (iss.input === undefined ? 'required, e.g. method: random' : 'must be grid, random or tpe'),
    }),
    /** Any metric the trainer logs. */
    metric: MetricNameSchema.default('val_accuracy'),
    /** Defaults from the metric's name: maximize for *accuracy, minimize for *loss. */
    goal: SweepGoalSchema.optional(),
    /** Required for random and tpe; a grid defaults to its size. */
    maxTrials: z.number().int().min(1).max(MAX_SWEEP_TRIALS).optional(),
    earlyTermination: EarlyTerminationSchema.default({ type: 'none' }),
    /**
     * The command each trial runs instead of the built-in trainer (`node train.mjs`, `python3 train.py`): the agent
     * passes it the trial's config, and its parameters are its own, checked only for the space's shape.
     */
    program: text().trim().min(1, 'must not be empty').max(1_000).optional(),
    parameters: z.record(z.string(), z.unknown(), required('parameters: { dropout: { values: [0.1, 0.3] } }')),
  },
  unknownKeys,
);

/** sweep.yaml, parsed: parameter keys camelCased and in HyperparamsSchema's order, every sample valid, defaults filled. */
export const SweepConfigSchema = SweepConfigObjectSchema.transform((c, ctx) => {
  const specs = new Map<keyof Hyperparams, ParameterSpec>();
  const conditions = new Map<keyof Hyperparams, { raw: unknown; at: (string | number)[] }>();
  // A program's parameters are its own names, taken as written; the trainer's are its hyperparameters.
  const keyOf = c.program === undefined ? hyperparamKey : (name: string) => (PROGRAM_PARAMETER.test(name) ? (name as keyof Hyperparams) : undefined);
  for (const [name, raw] of Object.entries(c.parameters)) {
    const at = ['parameters', name];
    const key = keyOf(name);
    if (!key) {
      const message = c.program === undefined
        ? `unknown hyperparameter '${name}'; known: ${HYPERPARAM_KEYS.join(', ')} (or name a program: to sweep a script of your own)`
        : `'${name}' cannot be an argument name: use letters, digits, _, . and -, starting with a letter or _`;
      ctx.addIssue({ code: 'custom', path: at, message });
      continue;
    }
    if (specs.has(key)) {
      ctx.addIssue({ code: 'custom', path: at, message: `${key} is given twice (keys may be camelCase or kebab-case, not both)` });
      continue;
    }
    const parsed = ParameterSpecSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [...at, ...issue.path], message: issue.message });
      continue;
    }
    const { rawWhen, ...spec } = parsed.data;
    const problem = c.program === undefined ? checkSpec(key, spec, c.method) : checkProgramSpec(spec, c.method);
    if (problem) ctx.addIssue({ code: 'custom', path: [...at, ...problem[0]], message: problem[1] });
    specs.set(key, spec);
    if (rawWhen !== undefined) conditions.set(key, { raw: rawWhen, at: [...at, 'when'] });
  }
  for (const [key, { raw, at }] of conditions) {
    const checked = checkCondition(key, raw, specs, conditions, keyOf);
    if (typeof checked === 'string') ctx.addIssue({ code: 'custom', path: at, message: checked });
    else specs.set(key, { ...(specs.get(key) as ParameterSpec), when: checked });
  }
  const archProblem = c.program === undefined ? checkConvKeys(specs) : undefined;
  if (archProblem) ctx.addIssue({ code: 'custom', path: ['parameters', archProblem[0]], message: archProblem[1] });
  if (Object.keys(c.parameters).length === 0) {
    ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'no parameters: add at least one hyperparameter to vary' });
  }
  const goal = c.goal ?? (/accuracy$/.test(c.metric) ? 'maximize' : /loss$/.test(c.metric) ? 'minimize' : undefined);
  if (!goal) ctx.addIssue({ code: 'custom', path: ['goal'], message: `cannot tell the goal for metric '${c.metric}': add goal: maximize or goal: minimize` });
  let maxTrials = c.maxTrials;
  if (maxTrials === undefined && c.method === 'grid') {
    maxTrials = gridPoints([...specs]);
    // The stored config carries this count as maxTrials, which is parsed again at every hand-out: a grid over the
    // bound would be accepted here and then refused there, leaving a sweep that runs forever and hands out nothing.
    if (maxTrials > MAX_SWEEP_TRIALS) {
      ctx.addIssue({
        code: 'custom',
        path: ['parameters'],
        message: `the grid has ${maxTrials.toLocaleString('en-US')} configurations, more than the ${MAX_SWEEP_TRIALS.toLocaleString('en-US')} trials a sweep may run: narrow it, or set maxTrials to run part of it`,
      });
      return z.NEVER;
    }
  }
  if (maxTrials === undefined) ctx.addIssue({ code: 'custom', path: ['maxTrials'], message: `a ${c.method} sweep needs maxTrials, e.g. maxTrials: 20` });
  if (!goal || maxTrials === undefined) return z.NEVER;

  const parameters: SweepParameters = {};
  for (const key of sweepKeyOrder([...specs.keys()])) parameters[key] = specs.get(key);
  return { ...c, goal, maxTrials, parameters };
});

export type SweepConfig = z.output<typeof SweepConfigSchema>;
export type SweepConfigInput = z.input<typeof SweepConfigSchema>;
