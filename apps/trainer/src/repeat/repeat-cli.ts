// The `repeat` subcommand: its flags, help and checks, registered on the CLI's program.
import { Command, InvalidArgumentError, Option } from 'commander';
import { BackendChoiceSchema, type BackendChoice } from '@mnist-lab/contracts';
import type { CommandEnv } from '../command-env';
import { UsageError } from '../usage-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function count(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return n;
  };
}

export function addRepeatCommand(program: Command, env: CommandEnv, setExit: (code: number) => void): void {
  program
    .command('repeat')
    .description("Train a finished sweep's best configurations again with new seeds (runs linked to the sweep, tagged repeat), then test whether their gap is larger than seed noise.")
    .requiredOption('--sweep <id>', 'the sweep whose best configurations to repeat')
    // commander appends each default given here to the option's help: the descriptions do not repeat it.
    .option('--best <k>', 'how many of the best configurations', count(20), 2)
    .option('--seeds <s>', 'new seeds per configuration', count(50), 3)
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .addOption(new Option('--backend <name>', 'training engine').choices(BackendChoiceSchema.options).default('auto', undefined))
    .option('--quiet', 'no live progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ mnist-lab repeat --sweep 3f2a... --best 3 --seeds 5   # 15 runs, then "#1 is better by 0.21 points (95% CI ...)"`,
    )
    .action(async (opts: { sweep: string; best: number; seeds: number; server?: string; backend: BackendChoice; quiet?: boolean }) => {
      if (!UUID.test(opts.sweep)) throw new UsageError(`--sweep ${opts.sweep}: sweep ids are UUIDs`);
      const { runRepeat } = await import('./repeat-command');
      const e = env.get();
      const code = await runRepeat(
        { sweepId: opts.sweep, best: opts.best, seeds: opts.seeds, server: opts.server ?? e.server, backend: opts.backend, quiet: opts.quiet === true },
        e,
      );
      setExit(code);
    });
}
