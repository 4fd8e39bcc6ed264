// Turns the config file and the command line into validated hyperparameters and run settings (flags win).
import { randomBytes } from 'node:crypto';
import type { BackendChoice, Hyperparams } from '@mnist-lab/contracts';
import { BackendChoiceSchema, HyperparamsSchema, TagSchema, text, withArchDefaults } from '@mnist-lab/contracts';
import { z } from 'zod';
import { UsageError } from '../usage-error';
import { readConfigFile } from './config-file';
import { HYPERPARAM_FLAGS, parseFlagValue } from './hyperparam-flags';
import { MAX_THREADS } from './threads';

export interface TrainOptions {
  hyperparams: Hyperparams;
  name: string;
  tags: string[];
  notes?: string;
  backend: BackendChoice;
  out?: string;
  server?: string;
  offline: boolean;
  quiet: boolean;
  /** Batch points every this many batches; undefined: about 50 per epoch; 0: none. */
  logEvery?: number;
  /** Threads the fused engine splits each batch over; undefined: one per core. */
  threads?: number;
}

/** The parsed command line: `given(key)` says whether the user typed that option (commander's option value source). */
export interface CommandLine {
  values: Record<string, unknown>;
  given(key: string): boolean;
}

const SettingsSchema = z.object({
  // The server's own text rules (libs/contracts storable.ts): a run it would refuse is refused here, at start.
  name: text().trim().min(1, 'name must not be empty').max(200).optional(),
  tags: z.array(TagSchema).max(32).optional(),
  notes: text().max(10_000).optional(),
  backend: BackendChoiceSchema.optional(),
  logEvery: z.number().int('log-every must be a whole number').min(0, 'log-every must be 0 (off) or more').max(1_000_000).optional(),
  threads: z.number().int('threads must be a whole number').min(1, 'threads must be at least 1').max(MAX_THREADS, `threads must be at most ${MAX_THREADS}`).optional(),
});

/** `--log-every` as typed: a whole number, strictly (`--log-every 2x` is an error, not 2). */
function logEveryFlag(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--log-every: expected a whole number of batches (0: off), got '${raw}'`);
  return Number(raw);
}

/** `--threads` as typed: a whole number, strictly. */
function threadsFlag(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--threads: expected a whole number from 1 to ${MAX_THREADS}, got '${raw}'`);
  return Number(raw);
}

function flagOf(path: PropertyKey | undefined): string {
  const f = HYPERPARAM_FLAGS.find((h) => h.key === path);
  return f ? `--${f.flag}` : String(path);
}

export function resolveTrainOptions(cli: CommandLine): TrainOptions {
  const config = typeof cli.values.config === 'string' ? readConfigFile(cli.values.config) : undefined;
  const hp: Record<string, unknown> = { ...config?.hyperparams };
  for (const f of HYPERPARAM_FLAGS) {
    // commander's camelCase of the flag name is the option key (e.g. --lr-factor -> lrFactor).
    const optKey = f.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (cli.given(optKey)) hp[f.key] = parseFlagValue(f, cli.values[optKey]);
  }
  // A CNN given without its dense part gets the Keras convnet's (no hidden layers, dropout 0.5, batch 128).
  const parsed = HyperparamsSchema.safeParse(withArchDefaults(hp));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = config && !HYPERPARAM_FLAGS.some((f) => cli.given(f.flag)) ? `--config ${String(cli.values.config)}: ` : '';
    throw new UsageError(`${where}${flagOf(issue.path[0])}: ${issue.message}`);
  }

  const fromCli = (k: string) => (cli.given(k) ? cli.values[k] : undefined);
  const tagsFlag = fromCli('tags');
  const settings = SettingsSchema.safeParse({
    name: fromCli('name') ?? config?.settings.name,
    tags: typeof tagsFlag === 'string' ? tagsFlag.split(',').map((t) => t.trim()).filter(Boolean) : config?.settings.tags,
    notes: fromCli('notes') ?? config?.settings.notes,
    backend: fromCli('backend') ?? config?.settings.backend,
    logEvery: logEveryFlag(fromCli('logEvery')) ?? config?.settings.logEvery,
    threads: threadsFlag(fromCli('threads')) ?? config?.settings.threads,
  });
  if (!settings.success) {
    const issue = settings.error.issues[0];
    const key = String(issue.path[0]);
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    // Named as the hyperparameters' errors are: the file, when the bad value came from it rather than a flag.
    const where = config && !cli.given(key) ? `--config ${String(cli.values.config)}: ` : '';
    throw new UsageError(`${where}--${flag}: ${issue.message}`);
  }
  const s = settings.data;
  return {
    hyperparams: parsed.data,
    name: s.name ?? defaultRunName(parsed.data),
    tags: s.tags ?? [],
    notes: s.notes,
    backend: s.backend ?? 'auto',
    out: typeof cli.values.out === 'string' ? cli.values.out : undefined,
    server: typeof cli.values.server === 'string' ? cli.values.server : undefined,
    offline: cli.values.offline === true,
    quiet: cli.values.quiet === true,
    logEvery: s.logEvery,
    threads: s.threads,
  };
}

/** A readable, unique-enough default: the architecture plus a short random suffix, e.g. `mlp-64x32-bn-7f3a`, `cnn-32x64-1c2d`. */
export function defaultRunName(hp: Hyperparams): string {
  const shape = hp.arch === 'cnn' ? `cnn-${(hp.convFilters ?? []).join('x')}${hp.hiddenUnits.length > 0 ? `-${hp.hiddenUnits.join('x')}` : ''}` : `mlp-${hp.hiddenUnits.join('x')}`;
  return `${shape}${hp.batchNorm ? '-bn' : ''}-${randomBytes(2).toString('hex')}`;
}
