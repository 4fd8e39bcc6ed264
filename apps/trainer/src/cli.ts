// The `mnist-lab` command line: subcommands, their flags and help, and one-line errors with exit code 2 for bad input.
//
// Each command's module is imported when the command runs, not here: `mnist-lab --help`, `--version` and completion
// then load the command line alone, not the training engine, the tracking client, tRPC or the YAML parser.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BackendChoiceSchema } from '@mnist-lab/contracts';
import packageJson from '../package.json' with { type: 'json' };
import type { CommandEnv } from './command-env';
import { addCompletionCommands } from './completion';
import { printJson } from './json-output';
import { addRepeatCommand } from './repeat/repeat-cli';
import { addSweepCommands } from './sweep/commands';
import { addTokenCommands } from './token/token-cli';
import { HYPERPARAM_FLAGS, formatDefault } from './train/hyperparam-flags';

export function buildProgram(env: CommandEnv, setExit: (code: number) => void): Command {
  const program = new Command('mnist-lab')
    .description('Train, sweep and track MNIST digit classifiers.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });

  const train = program
    .command('train')
    .description('Train the reference network (or any of its family) on MNIST, evaluate it on the test set, and log the run.')
    .option('--config <file>', 'JSON or YAML file of hyperparameters and run settings; flags override it');
  for (const f of HYPERPARAM_FLAGS) {
    const def = formatDefault(f.key);
    if (f.kind === 'bool') {
      train.addOption(new Option(`--${f.flag}`, `${f.help} (default: ${def})`));
      train.addOption(new Option(`--no-${f.flag}`, `turn off --${f.flag}`));
    } else {
      const placeholder = f.kind === 'units' ? 'sizes' : f.kind === 'choice' ? 'name' : 'n';
      const extra = f.choices ? ` (${f.choices.join('|')})` : '';
      train.addOption(new Option(`--${f.flag} <${placeholder}>`, `${f.help}${extra}${def !== undefined ? ` (default: ${def})` : ''}`));
    }
  }
  train
    .addOption(
      new Option('--backend <name>', `engine: fused (mnist-lab's kernels), tfjs (best of tfjs-node, wasm, cpu), or one of them (default: auto)`).choices(
        BackendChoiceSchema.options,
      ),
    )
    .option('--name <name>', 'run name (default: architecture plus a random suffix)')
    .option('--tags <list>', 'comma-separated tags')
    .option('--notes <text>', 'free-text notes stored with the run')
    .option('--out <dir>', `output folder (default: ${path.join(env.homeHelp(), 'runs', '<name>')})`)
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .option('--offline', 'do not contact the server; spool events for `mnist-lab sync`')
    .option('--log-every <n>', 'log batch/loss and batch/accuracy every N batches (default: about 50 points per epoch; 0: none)')
    .option('--threads <n>', `threads the fused engine shares each batch out to (default: MNIST_LAB_THREADS, else ${availableParallelism()}, the number of cores; an MLP's run is the same for 1 or 2 threads)`)
    .option('--quiet', 'no live progress bar')
    .option('--json', 'print the result as one JSON document on stdout (progress goes to stderr)')
    .addHelpText(
      'after',
      `
Examples:
  $ mnist-lab train                                  # the reference network, logged to ${env.serverHelp()}
  $ mnist-lab train --epochs 5 --batch-size 128 --learning-rate 3e-3
  $ mnist-lab train --hidden-units 128,64 --no-batch-norm --dropout 0.3 --tags wide
  $ mnist-lab train --config experiment.yaml --seed 7`,
    )
    .action(async (_opts, cmd: Command) => {
      const values = cmd.opts();
      const { resolveTrainOptions } = await import('./train/train-options');
      const options = resolveTrainOptions({ values, given: (k) => cmd.getOptionValueSource(k) === 'cli' });
      const e = env.get();
      const { runTrain } = await import('./train/train-command');
      const json = values.json === true;
      const outcome = await runTrain(options, e, json ? process.stderr : process.stdout);
      if (json) printJson((await import('./train/train-result')).trainResult(outcome));
      setExit(outcome.exitCode);
    });

  program
    .command('sync')
    .description('Upload the events of offline or interrupted runs from the local spool to the server.')
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .action(async (opts: { server?: string }) => {
      const e = env.get();
      const server = opts.server ?? e.server;
      const { syncSpool } = await import('@mnist-lab/client');
      const { cliToken } = await import('./server-client');
      const r = await syncSpool({ server, token: cliToken(e), spoolDir: path.join(e.home, 'spool'), log: (l) => console.log(l) });
      console.log(
        `sync: ${r.sent} events of ${r.runs} runs uploaded to ${server}` +
          (r.rejected ? `, ${r.rejected} rejected` : '') +
          (r.skippedLive ? `, ${r.skippedLive} runs still training skipped` : '') +
          (r.left ? `; ${r.left} events left (server unreachable), run sync again` : ''),
      );
      setExit(r.left > 0 ? 1 : 0);
    });

  program
    .command('diff')
    .description('Which test digits run B fixed, newly broke and still gets wrong compared with run A.')
    .argument('<run-a>', 'the baseline run: its id, the start of its id, or its name')
    .argument('<run-b>', 'the run to compare with it')
    .option('--server <url>', `tracking server (default: ${env.serverHelp()})`)
    .option('--json', "print the API's answer as one JSON document (without pixels)")
    .action(async (a: string, b: string, opts: { server?: string; json?: boolean }) => {
      const e = env.get();
      const server = opts.server ?? e.server;
      const { cliToken, serverClient } = await import('./server-client');
      const { runDiff } = await import('./diff/diff-command');
      const client = serverClient(server, cliToken(e));
      await runDiff(client, a, b, { server, json: Boolean(opts.json), width: process.stdout.columns }, (t) => console.log(t));
    });

  addSweepCommands(program, env, setExit);

  addRepeatCommand(program, env, setExit);

  addTokenCommands(program, env);

  // Last: completion reads every command and option defined above.
  addCompletionCommands(program);

  return program;
}

export { CommanderError };
