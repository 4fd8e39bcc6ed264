// A run's config: any JSON object the user gives, stored as given, bounded so that one run cannot exhaust the store.
import { z } from 'zod';
import { shownPath, textProblem } from './storable';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type RunConfig = { [key: string]: JsonValue };

/** The bounds of a config: W&B and MLflow users log a few dozen keys; these leave room for nested experiment files. */
export const CONFIG_LIMITS = { maxBytes: 64 * 1024, maxDepth: 16, maxKeyLength: 128 } as const;

/** Why `value` is not a storable config (the first problem, with its dotted path), or undefined when it is. */
export function configProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'config must be a JSON object';
  const walk = (v: unknown, path: string, depth: number): string | undefined => {
    if (depth > CONFIG_LIMITS.maxDepth) return `${path}: nested deeper than ${CONFIG_LIMITS.maxDepth} levels`;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      return problem ? `${shownPath(path)}: ${problem}` : undefined;
    }
    if (v === null || typeof v === 'boolean') return undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${path}: ${v} is not a finite number`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `${path}: not a plain JSON object`;
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (k.length === 0 || k.length > CONFIG_LIMITS.maxKeyLength) return `${at.slice(0, 140)}: keys are 1 to ${CONFIG_LIMITS.maxKeyLength} characters`;
        // JavaScript cannot keep it as a plain key: assigning it sets an object's prototype, so it would vanish on the way.
        if (k === '__proto__') return `${at}: the key __proto__ is not stored`;
        const keyProblem = textProblem(k);
        if (keyProblem) return `${shownPath(at)}: the key ${keyProblem}`;
        const p = walk(child, at, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    return `${path}: ${typeof v} is not JSON`;
  };
  const problem = walk(value, '', 1);
  if (problem) return problem;
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > CONFIG_LIMITS.maxBytes) return `config is ${bytes} bytes as JSON; at most ${CONFIG_LIMITS.maxBytes} are stored`;
  return undefined;
}

export const RunConfigSchema = z.custom<RunConfig>((v) => configProblem(v) === undefined, {
  error: (issue) => configProblem(issue.input) ?? 'invalid config',
});

/** A dotted path into a config (`optimizer.lr`), as the runs table's columns, sorts and filters name keys. */
export const ConfigPathSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^.\s][^\s]*$/, 'config paths are dotted keys such as optimizer.lr');

/** The value at a dotted path, or undefined; arrays are leaves (a list of hidden units is one value). */
export function configValue(config: RunConfig, path: string): JsonValue | undefined {
  let v: JsonValue | undefined = config;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, JsonValue>)[key];
    if (v === undefined) return undefined;
  }
  return v;
}

/** Every leaf's dotted path, in order: nested objects are walked, arrays and scalars are leaves. */
export function configPaths(config: RunConfig, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(config)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) out.push(...configPaths(v, p));
    else out.push(p);
  }
  return out;
}

/**
 * The config without its top-level seed, as sorted dotted paths and values: equal strings mean the same configuration
 * (the dashboard's "everything but the seed" groups, and a sweep's repeats of one of its trials).
 */
export function configurationKey(config: RunConfig): string {
  const rest = configPaths(config)
    .filter((p) => p !== 'seed')
    .sort()
    .map((p) => [p, configValue(config, p)]);
  return JSON.stringify(rest);
}

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const int = (v: JsonValue | undefined): number | null => (Number.isSafeInteger(v) ? (v as number) : null);

/**
 * The typed columns the runs table sorts and filters on with indexes: copied out of the config where its keys hold
 * numbers (the trainer's keys, or a user's `learning_rate` / `lr`), null where they do not. Never a filter on storage.
 */
export function indexedColumns(config: RunConfig): { learningRate: number | null; batchSize: number | null; dropout: number | null; seed: number | null } {
  const first = (...keys: string[]) => keys.map((k) => config[k]).find((v) => v !== undefined);
  const seed = int(config.seed);
  return {
    learningRate: num(first('learningRate', 'learning_rate', 'lr')),
    batchSize: int(first('batchSize', 'batch_size')),
    dropout: num(config.dropout),
    seed: seed !== null && seed >= -(2 ** 31) && seed < 2 ** 31 ? seed : null,
  };
}
