// How the CLI ends on what happens outside its commands: a reader that closed its pipe, SIGINT and SIGTERM.
import { constants } from 'node:os';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];

let received: StopSignal | undefined;

/** The shell's code for a command stopped by a signal, 128 + its number: 130 after Ctrl-C, 143 after SIGTERM. */
export const signalExitCode = (signal: StopSignal): number => 128 + constants.signals[signal];

/**
 * Commands that stop gracefully (a training run marks itself stopped, a sweep stops its agents) end with 130, the
 * "interrupted" code; once they have, this says which signal it was, so SIGTERM exits 143 as the shell expects.
 */
export function interruptedExitCode(code: number): number {
  return code === signalExitCode('SIGINT') && received ? signalExitCode(received) : code;
}

export function installProcessExits(): void {
  // `mnist-lab help train | head -1`: once the reader is gone nobody is left to tell, so exit quietly (a C program
  // would die of SIGPIPE; Node ignores SIGPIPE and throws EPIPE from the next write, with a stack trace).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(0);
    });
  }
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      received ??= signal;
      // This listener comes first; when no command listens as well (help, diff, sync, or training still loading its
      // data), stop at once as Node's default would, but with the shell's code rather than death by the signal.
      if (process.listenerCount(signal) === 1) process.exit(signalExitCode(signal));
    });
  }
}
