// Entry of the `mnist-lab` CLI: builds the command line, runs a command, turns errors into one line and an exit code.
import { EnvError } from '@mnist-lab/contracts';
import { buildProgram, CommanderError } from './cli';
import { CommandEnv } from './command-env';
import { installProcessExits, interruptedExitCode } from './process-exits';
import { UsageError } from './usage-error';

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    const program = buildProgram(new CommandEnv(), (c) => (exitCode = c));
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return interruptedExitCode(exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version arrive here too, with exit code 0.
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return 0;
      console.error(`mnist-lab: ${e.message.replace(/^error: /, '')}`);
      return 2;
    }
    if (e instanceof UsageError || e instanceof EnvError || (e as Error).name === 'MnistDataError') {
      console.error(`mnist-lab: ${(e as Error).message}`);
      return 2;
    }
    console.error(`mnist-lab: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

installProcessExits();
process.exitCode = await main(process.argv.slice(2));
