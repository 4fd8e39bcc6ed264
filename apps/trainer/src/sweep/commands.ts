// The `sweep` and `agent` subcommands: their flags, help and checks, registered on the CLI's program.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BackendChoiceSchema, SWEEP_SEED_MAX, type BackendChoice } from '@mnist-lab/contracts';
import type { CommandEnv } from '../command-env';
import { printJson, stderrLine } from '../json-output';
import { MAX_THREADS } from '../train/threads';
import { UsageError } from '../usage-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function intIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

const backendOption = () =>
  new Option('--backend <name>', 'training engine for every trial').choices(BackendChoiceSchema.options).default('auto', undefined);

/** Agents run one per core, so a trial takes one thread unless told (--parallel 1 --threads 2: one trial on both). */
const threadsOption = () =>
  new Option('--threads <n>', "threads each trial's fused engine splits a batch over (default: 1)").argParser(intIn(1, MAX_THREADS));

// The commands' modules are imported when they run: `--help` does not load the training engine (see cli.ts).
export function addSweepCommands(program: Command, env: CommandEnv, setExit: (code: number) => void): void {
  const cores = availableParallelism();
  program
    .command('sweep')
    .description('Run a hyperparameter sweep: create it on the server and train its trials with parallel agents on this machine.')
    .option('--config <file>', "sweep.yaml (or JSON, or W&B's sweep.yaml): name, method (grid | random | tpe; W&B's bayes), metric, goal, maxTrials, earlyTermination (none | median | asha | hyperband), program (a script of your own per trial), parameters")
    .option('--resume <id>', 'continue a stopped sweep; finished trials are not run again')
    .option('--parallel <n>', `agents (processes) to run at once (default: ${cores}, the number of cores)`, intIn(1, 64))
    .option('--max-trials <n>', "overrides the config's maxTrials", intIn(1, 10_000))
    .option('--seed <n>', 'seed of the random and TPE suggestions (default: random, printed)', intIn(0, SWEEP_SEED_MAX))
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print the ended sweep as one JSON document on stdout (progress goes to stderr)')
    .addHelpText(
      'after',
      `
Examples:
  $ mnist-lab sweep --config sweep.yaml                 # one agent per core, logged to ${env.serverHelp()}
  $ mnist-lab sweep --config sweep.yaml --parallel 2 --max-trials 20
  $ mnist-lab sweep --resume 3f2a...                    # after Ctrl-C: runs what is left`,
    )
    .option('--repeat-best <k>', 'when the sweep has finished, train its K best configurations again with --seeds new seeds each', intIn(1, 100))
    .option('--seeds <s>', 'seeds per repeated configuration (with --repeat-best; default 3)', intIn(1, 100))
    .action(
      async (opts: {
        config?: string;
        resume?: string;
        parallel?: number;
        maxTrials?: number;
        seed?: number;
        server?: string;
        backend: BackendChoice;
        threads?: number;
        repeatBest?: number;
        seeds?: number;
        json?: boolean;
      }) => {
        const { repeatBest, seeds, json, ...sweepOpts } = opts;
        if (seeds !== undefined && repeatBest === undefined) throw new UsageError('--seeds goes with --repeat-best <k>');
        // The repeats' result (their gaps) has no JSON form yet: refuse rather than print half of what happened.
        if (json && repeatBest !== undefined) throw new UsageError('--json does not go with --repeat-best: run `mnist-lab repeat` afterwards');
        const { runSweep } = await import('./sweep-command');
        const { sweepResult } = await import('./sweep-result');
        const server = opts.server ?? env.get().server;
        let sweepId: string | undefined;
        const code = await runSweep(
          {
            ...sweepOpts,
            parallel: opts.parallel ?? cores,
            server,
            onSweep: (id) => (sweepId = id),
            onEnd: json ? (sweep, dashboard) => printJson(sweepResult(sweep, dashboard)) : undefined,
          },
          env.get(),
          json ? stderrLine : undefined,
        );
        if (code !== 0 || repeatBest === undefined || !sweepId) return setExit(code);
        // The sweep is finished: its best configurations again with new seeds, and whether their gaps beat seed noise.
        const { runRepeat } = await import('../repeat/repeat-command');
        setExit(await runRepeat({ sweepId, best: repeatBest, seeds: seeds ?? 3, server, backend: opts.backend, quiet: true }, env.get()));
      },
    );

  program
    .command('agent')
    .description("Train a sweep's trials as the server hands them out, until the sweep is done; run one per core, on any machine.")
    .requiredOption('--sweep <id>', 'the sweep to work on (printed by `mnist-lab sweep`, shown on its dashboard page)')
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--quiet', 'no live progress bar')
    .action(async (opts: { sweep: string; server?: string; backend: BackendChoice; threads?: number; quiet?: boolean }) => {
      if (!UUID.test(opts.sweep)) throw new UsageError(`--sweep ${opts.sweep}: sweep ids are UUIDs`);
      const { runAgent } = await import('./agent');
      const e = env.get();
      const code = await runAgent({ sweepId: opts.sweep, server: opts.server ?? e.server, backend: opts.backend, threads: opts.threads, quiet: opts.quiet === true }, e);
      setExit(code);
    });
}
