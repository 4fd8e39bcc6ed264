// A trial of a sweep that names `program:`: the agent runs that command once, as `wandb agent` does, and the program
// logs through @mnist-lab/client, whose init() attaches to the trial's run.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrialAssignment } from '@mnist-lab/api';
import { TRIAL_ENV } from '@mnist-lab/client';
import type { Env } from '@mnist-lab/contracts';
import { cliToken, type ServerClient } from '../server-client';
import { withRetry } from './server-call';

export interface ProgramTrialOptions {
  sweepId: string;
  server: string;
  log: (line: string) => void;
}

/** One word for /bin/sh, whatever it holds. */
const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The trial's config as `--key=value` arguments: strings as they are, anything else as JSON (`--hidden=[64,32]`). */
export function configArguments(config: Record<string, unknown>): string[] {
  return Object.entries(config).map(([key, value]) => `--${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/** Statuses in which the program left its run unended: it exited without finish(), fail() or stop(), or never called init(). */
const UNENDED = new Set(['queued', 'running', 'crashed']);

/**
 * Runs the sweep's program for the trial: its config as JSON in MNIST_LAB_CONFIG, as a file (MNIST_LAB_CONFIG_FILE)
 * and as `--key=value` arguments; the run id, sweep and attempt for init(). A stop (Ctrl-C, SIGTERM to the agent)
 * reaches the program as SIGTERM, which the client turns into a stopped run. A program that exits without ending its
 * run has it marked failed (or stopped, when the agent stopped it), so the trial settles now rather than when its
 * lease runs out. Resolves with the program's exit code (130 when stopped).
 */
export async function runProgramTrial(client: ServerClient, t: TrialAssignment & { program: string }, opts: ProgramTrialOptions, env: Env, stop: AbortSignal): Promise<number> {
  const config = t.hyperparams as unknown as Record<string, unknown>;
  const dir = path.join(env.home, 'sweeps', opts.sweepId, `trial-${t.trial}`);
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const command = [t.program, ...configArguments(config).map(quote)].join(' ');
  const token = cliToken(env);
  opts.log(`agent: running ${command}`);
  const child = spawn(command, {
    shell: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      [TRIAL_ENV.runId]: t.runId,
      [TRIAL_ENV.sweepId]: opts.sweepId,
      [TRIAL_ENV.attempt]: String(t.attempt),
      [TRIAL_ENV.config]: JSON.stringify(config),
      [TRIAL_ENV.configFile]: configFile,
      // The program's run keeps the trial's lease at the server's pace, as the built-in trainer's does.
      [TRIAL_ENV.heartbeatMs]: String(Math.min(2_000, t.heartbeatMs)),
      MNIST_LAB_SERVER: opts.server,
      ...(token ? { MNIST_LAB_TOKEN: token } : {}),
    },
  });
  const onStop = () => child.kill('SIGTERM');
  stop.addEventListener('abort', onStop, { once: true });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  stop.removeEventListener('abort', onStop);

  const retry = { server: opts.server, log: (l: string) => opts.log(`agent: ${l}`) };
  const run = await withRetry(() => client.runs.get.query({ id: t.runId }), retry);
  if (UNENDED.has(run.status)) {
    const how = exit.error ? `could not start (${exit.error.message})` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const status = stop.aborted ? 'stopped' : 'failed';
    opts.log(`agent: trial ${t.trial}: the program ${how} without ending its run; marking it ${status}`);
    await withRetry(
      () => client.runs.end.mutate({ runId: t.runId, status, error: status === 'failed' ? `the program ${how} without ending its run` : undefined, endedAt: new Date().toISOString(), attempt: t.attempt }),
      retry,
    );
  }
  if (stop.aborted) return 130;
  return exit.code ?? 1;
}
