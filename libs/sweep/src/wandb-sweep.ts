// W&B's sweep.yaml, read as mnist-lab's own sweep file: a W&B user's sweep of the built-in trainer runs unchanged.
//
// https://docs.wandb.ai/guides/sweeps/sweep-config-keys: method (grid, random, bayes), metric { name, goal },
// parameters (value, values, distribution with min/max/q), early_terminate (hyperband with min_iter or max_iter, eta,
// s), run_cap, and program/command for the script each trial runs. Written here rather than taken from a library:
// nothing on npm reads W&B's format, and the translation is a table.
import { SweepConfigError } from './parse-sweep-config';

type Mapping = Record<string, unknown>;

const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * W&B's keys that mnist-lab's own format never has: any one of them, or a nested `metric`, marks a W&B file. `method:
 * bayes` alone does not: in a file of mnist-lab's format it is a mistake to name, not a format to switch to.
 */
const WANDB_MARKERS = ['early_terminate', 'run_cap', 'command', 'project', 'entity'];

export function isWandbSweep(input: unknown): boolean {
  if (!isMapping(input)) return false;
  return isMapping(input.metric) || WANDB_MARKERS.some((k) => k in input);
}

const METHODS: Record<string, string> = { grid: 'grid', random: 'random', bayes: 'tpe' };
/** Keys W&B has that say nothing about what to train: accepted and left out. */
const IGNORED = new Set(['project', 'entity', 'description']);
const KNOWN = new Set(['name', 'method', 'metric', 'parameters', 'early_terminate', 'run_cap', 'program', 'command', ...IGNORED]);

const camel = (name: string) => name.replace(/[_-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function parameter(name: string, spec: unknown, fail: (at: string, message: string) => never): unknown {
  const at = `parameters.${name}`;
  if (!isMapping(spec)) return spec;
  if ('parameters' in spec) fail(at, 'nested parameters are not supported: name each hyperparameter at the top level');
  const { distribution, ...rest } = spec;
  if (distribution === undefined) return spec;
  switch (distribution) {
    case 'constant':
      return { value: rest.value };
    case 'categorical':
      return { values: rest.values };
    case 'uniform':
    case 'int_uniform':
    case 'q_uniform':
      return { distribution, ...rest };
    case 'log_uniform_values':
      return { distribution: 'log_uniform', ...rest };
    case 'log_uniform': {
      // W&B's log_uniform takes the natural logarithms of the bounds.
      const { min, max } = rest;
      if (typeof min !== 'number' || typeof max !== 'number') fail(at, 'log_uniform needs numeric min and max (natural logarithms of the bounds)');
      return { distribution: 'log_uniform', min: Math.exp(min), max: Math.exp(max) };
    }
    default:
      return fail(
        `${at}.distribution`,
        `${JSON.stringify(distribution)} is not supported; use constant, categorical, uniform, int_uniform, q_uniform, log_uniform or log_uniform_values`,
      );
  }
}

function earlyTermination(raw: unknown, fail: (at: string, message: string) => never): unknown {
  if (!isMapping(raw)) return fail('early_terminate', 'must be a mapping, e.g. { type: hyperband, min_iter: 3 }');
  if (raw.type !== 'hyperband') return fail('early_terminate.type', 'must be hyperband');
  const eta = raw.eta ?? 3;
  const brackets = raw.s;
  let minIter = raw.min_iter;
  if (minIter === undefined && typeof raw.max_iter === 'number' && typeof brackets === 'number' && typeof eta === 'number') {
    minIter = Math.max(1, Math.floor(raw.max_iter / eta ** brackets));
  }
  if (minIter === undefined) return fail('early_terminate', 'needs min_iter (or max_iter with s)');
  // W&B's hyperband with s brackets is Hyperband over ASHA; without s, one bracket: ASHA.
  return brackets === undefined ? { type: 'asha', minEpochs: minIter, eta } : { type: 'hyperband', minEpochs: minIter, eta, brackets };
}

/**
 * W&B's `program` is a script that its default command runs with the interpreter for its kind
 * (`${env} ${interpreter} ${program} ${args}`); mnist-lab's `program` is the command itself, the arguments appended.
 */
function programCommand(program: unknown): unknown {
  if (typeof program !== 'string') return program;
  if (/\.py$/.test(program)) return `python3 ${program}`;
  if (/\.(m?js|cjs)$/.test(program)) return `node ${program}`;
  return program;
}

/** Translates a W&B sweep file into mnist-lab's format, or throws a SweepConfigError naming the key to change. */
export function fromWandbSweep(input: Mapping, source: string): Mapping {
  const fail = (at: string, message: string): never => {
    throw new SweepConfigError(`${source}: ${at}: ${message} (read as a W&B sweep file)`);
  };
  for (const key of Object.keys(input)) if (!KNOWN.has(key)) fail(key, `unknown key in a W&B sweep file; known: ${[...KNOWN].join(', ')}`);
  if (input.command !== undefined) fail('command', 'not supported: name the script with program (run as wandb agent does: python3 for .py, node for .js and .mjs)');
  const out: Mapping = { name: input.name ?? 'wandb-sweep' };
  if (input.program !== undefined) out.program = programCommand(input.program);
  if (input.method !== undefined) {
    const method = METHODS[String(input.method)];
    if (!method) fail('method', 'must be grid, random or bayes');
    out.method = method;
  }
  if (input.metric !== undefined) {
    if (!isMapping(input.metric)) fail('metric', 'must be { name: val_accuracy, goal: maximize }');
    const { name, goal, ...rest } = input.metric as Mapping;
    if (Object.keys(rest).length > 0) fail(`metric.${Object.keys(rest)[0]}`, 'not supported; metric takes name and goal');
    if (name !== undefined) out.metric = name;
    if (goal !== undefined) out.goal = goal;
  }
  if (input.run_cap !== undefined) out.maxTrials = input.run_cap;
  if (input.early_terminate !== undefined) out.earlyTermination = earlyTermination(input.early_terminate, fail);
  if (input.parameters !== undefined) {
    if (!isMapping(input.parameters)) fail('parameters', 'must be a mapping of hyperparameters');
    out.parameters = Object.fromEntries(Object.entries(input.parameters as Mapping).map(([name, spec]) => [camel(name), parameter(name, spec, fail)]));
  }
  return out;
}
