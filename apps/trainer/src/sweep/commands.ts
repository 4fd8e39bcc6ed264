// The `sweep` and `agent` subcommands: their flags, help and checks, registered on the CLI's program.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BackendChoiceSchema, SWEEP_SEED_MAX, type BackendChoice, type Env } from '@mnist-lab/metrics';
import { UsageError } from '../usage-error';
import { runAgent } from './agent';
import { runSweep } from './sweep-command';
import { runRepeat } from '../repeat/repeat-command';

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

export function addSweepCommands(program: Command, env: Env, setExit: (code: number) => void): void {
  const cores = availableParallelism();
  program
    .command('sweep')
    .description('Run a hyperparameter sweep: create it on the server and train its trials with parallel agents on this machine.')
    .option('--config <file>', 'sweep.yaml (or JSON): name, method, metric, goal, maxTrials, earlyTermination, parameters')
    .option('--resume <id>', 'continue a stopped sweep; finished trials are not run again')
    .option('--parallel <n>', `agents (processes) to run at once (default: ${cores}, the number of cores)`, intIn(1, 64))
    .option('--max-trials <n>', "overrides the config's maxTrials", intIn(1, 10_000))
    .option('--seed <n>', 'seed of the random and TPE suggestions (default: random, printed)', intIn(0, SWEEP_SEED_MAX))
    .option('--server <url>', `tracking server (default: ${env.server})`)
    .addOption(backendOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mnist-lab sweep --config sweep.yaml                 # one agent per core, logged to ${env.server}
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
        repeatBest?: number;
        seeds?: number;
      }) => {
        const { repeatBest, seeds, ...sweepOpts } = opts;
        if (seeds !== undefined && repeatBest === undefined) throw new UsageError('--seeds goes with --repeat-best <k>');
        const server = opts.server ?? env.server;
        let sweepId: string | undefined;
        const code = await runSweep({ ...sweepOpts, parallel: opts.parallel ?? cores, server, onSweep: (id) => (sweepId = id) }, env);
        if (code !== 0 || repeatBest === undefined || !sweepId) return setExit(code);
        // The sweep is finished: its best configurations again with new seeds, and whether their gaps beat seed noise.
        setExit(await runRepeat({ sweepId, best: repeatBest, seeds: seeds ?? 3, server, backend: opts.backend, quiet: true }, env));
      },
    );

  program
    .command('agent')
    .description("Train a sweep's trials as the server hands them out, until the sweep is done; run one per core, on any machine.")
    .requiredOption('--sweep <id>', 'the sweep to work on (printed by `mnist-lab sweep`, shown on its dashboard page)')
    .option('--server <url>', `tracking server (default: ${env.server})`)
    .addOption(backendOption())
    .option('--quiet', 'no live progress bar')
    .action(async (opts: { sweep: string; server?: string; backend: BackendChoice; quiet?: boolean }) => {
      if (!UUID.test(opts.sweep)) throw new UsageError(`--sweep ${opts.sweep}: sweep ids are UUIDs`);
      const code = await runAgent({ sweepId: opts.sweep, server: opts.server ?? env.server, backend: opts.backend, quiet: opts.quiet === true }, env);
      setExit(code);
    });
}
