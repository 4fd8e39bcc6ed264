// `mnist-lab agent --sweep ID`: asks the server for a trial, trains it, reports it, and asks again until the sweep is done.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import type { TrialAssignment } from '@mnist-lab/api';
import { HyperparamsSchema, type BackendChoice, type Env } from '@mnist-lab/contracts';
import { cliToken, serverClient, type ServerClient } from '../server-client';
import { runTrain } from '../train/train-command';
import { UsageError } from '../usage-error';
import { runProgramTrial } from './program-trial';
import { isHandedOn, withRetry } from './server-call';

export interface AgentOptions {
  sweepId: string;
  server: string;
  backend: BackendChoice;
  /** Threads per trial: 1 unless told, as agents run one per core. */
  threads?: number;
  quiet: boolean;
}

/** Errors that mean this machine cannot train at all (no MNIST files, a backend it lacks): stop rather than fail every trial. */
const cannotTrainHere = (e: unknown) => e instanceof UsageError || (e instanceof Error && e.name === 'MnistDataError');

/** Stops the loop on SIGINT/SIGTERM, and when the `sweep` process that started this agent goes away. */
class StopSignal {
  private readonly controller = new AbortController();
  /** Passed to runTrain: a stop while the data loads must still end the trial as stopped. */
  readonly signal = this.controller.signal;
  stopped = false;
  private wake?: () => void;
  private readonly onSignal = () => {
    // A second Ctrl-C quits at once, as it does during training (the trial's run does the same).
    if (this.stopped) process.exit(130);
    this.stopped = true;
    this.wake?.();
    this.controller.abort();
  };
  private readonly onOrphaned = () => process.kill(process.pid, 'SIGINT');

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    // Started by `mnist-lab sweep` with an IPC channel: if that process dies, stop as if Ctrl-C reached this one.
    if (process.send) process.on('disconnect', this.onOrphaned);
  }

  /** Sleeps `ms`, or less if stopped meanwhile. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('disconnect', this.onOrphaned);
  }
}

async function runTrial(client: ServerClient, t: TrialAssignment, opts: AgentOptions, env: Env, stop: AbortSignal, log: (line: string) => void): Promise<number> {
  try {
    const outcome = await runTrain(
      {
        hyperparams: HyperparamsSchema.parse(t.hyperparams),
        name: t.name,
        tags: [],
        backend: opts.backend,
        threads: opts.threads ?? 1,
        out: path.join(env.home, 'sweeps', opts.sweepId, `trial-${t.trial}`),
        server: opts.server,
        offline: false,
        quiet: opts.quiet,
      },
      env,
      process.stdout,
      {
        runId: t.runId,
        sweepId: opts.sweepId,
        attempt: t.attempt,
        // The run's one heartbeat loop keeps the trial's lease at the server's pace (a short crash window in tests).
        heartbeatMs: t.heartbeatMs,
        shouldPrune: async () => (await client.sweeps.shouldPrune.mutate({ runId: t.runId, attempt: t.attempt })).prune,
        stop,
      },
    );
    return outcome.exitCode;
  } catch (e) {
    if (cannotTrainHere(e)) throw e;
    // runTrain has marked the run failed; the sweep goes on with the next trial.
    log(`agent: trial ${t.trial} failed: ${(e as Error).message.split('\n')[0]}`);
    return 1;
  }
}

/** Runs trials until the sweep is done or stopped; the exit code is 130 when interrupted. */
export async function runAgent(opts: AgentOptions, env: Env, log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const client = serverClient(opts.server, cliToken(env));
  const agentId = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const stop = new StopSignal();
  const retry = { server: opts.server, log: (l: string) => log(`agent: ${l}`) };
  let trials = 0;
  log(`agent ${agentId}: sweep ${opts.sweepId} on ${opts.server}`);
  try {
    while (!stop.stopped) {
      const asking = { ...retry, cancelled: () => stop.stopped };
      // The server may hold this call for a few seconds while the last trials run elsewhere: Ctrl-C cancels it.
      const next = await withRetry(() => client.sweeps.nextTrial.mutate({ sweepId: opts.sweepId, agentId }, { signal: stop.signal }), asking).catch((e: unknown) => {
        if (stop.stopped) return undefined;
        throw e;
      });
      if (!next) break;
      if ('done' in next) {
        log(`agent: the sweep is ${next.status}; ran ${trials} trial${trials === 1 ? '' : 's'}`);
        return 0;
      }
      if ('wait' in next) {
        await stop.pause(next.wait);
        continue;
      }
      // A trial this agent will not run goes back to the queue at once rather than wait out its lease.
      const giveBack = async () => {
        const attempt = next.attempt;
        await withRetry(() => client.runs.end.mutate({ runId: next.runId, status: 'stopped', endedAt: new Date().toISOString(), attempt }), retry);
        await withRetry(() => client.sweeps.completeTrial.mutate({ runId: next.runId, attempt }), retry);
      };
      if (stop.stopped) {
        await giveBack();
        break;
      }
      trials++;
      log(`agent: trial ${next.trial}/${next.maxTrials} ${next.name} (${next.runId})`);
      const program = next.program;
      const running =
        program === undefined
          ? runTrial(client, next, opts, env, stop.signal, log)
          : runProgramTrial(client, { ...next, program }, { sweepId: opts.sweepId, server: opts.server, log }, env, stop.signal);
      const code = await running.catch(async (e: unknown) => {
        await giveBack().catch(() => undefined);
        throw e;
      });
      const outcome = await withRetry(() => client.sweeps.completeTrial.mutate({ runId: next.runId, attempt: next.attempt }), retry).catch((e: unknown) => {
        if (!isHandedOn(e)) throw e;
        log(`agent: trial ${next.trial} went to another agent while this one was out of touch; its attempt there stands`);
        return undefined;
      });
      if (!outcome) continue;
      const best = outcome.sweep.bestValue === null ? '' : `; sweep best ${outcome.sweep.bestValue.toFixed(4)}`;
      log(`agent: trial ${next.trial} ${outcome.status}${outcome.pruned ? ' (pruned)' : ''}${best}`);
      if (code === 130) break;
    }
    log(`agent: stopped after ${trials} trial${trials === 1 ? '' : 's'}`);
    return 130;
  } finally {
    stop.dispose();
  }
}
