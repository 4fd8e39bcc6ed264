// sweeps.nextTrial: what an agent runs next: a queued trial, a new suggestion, a pause, or the end of the sweep.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Prisma, Db } from '@mnist-lab/db';
import { indexedColumns, resolveHyperparams, type Hyperparams, type NextTrialRequest, type RunConfig } from '@mnist-lab/contracts';
import { suggest } from '@mnist-lab/sweep';
import { reclaimLostTrials } from './leases';
import { withSweepLock } from './lock';
import { takeTrial } from './queue';
import { settleSweep } from './settle';
import type { SweepSignals } from './signals';
import { loadSuggestionHistory, sweepConfig, sweepRowSelect, type SweepRow } from './trials';

export interface TrialAssignment {
  runId: string;
  name: string;
  /** The trial's place in the sweep, 1-based. */
  trial: number;
  /** How many times the trial has been handed out, this time included: the agent's writes carry it (fencing). */
  attempt: number;
  maxTrials: number;
  hyperparams: Hyperparams;
  /** How often the agent must send runs.heartbeat to keep the trial; silence for the crash window loses it. */
  heartbeatMs: number;
  /** The sweep's program: the command the agent runs for this trial instead of the built-in trainer. */
  program?: string;
}

export type NextTrial = TrialAssignment | { wait: number } | { done: true; status: string };

/**
 * While the last trials run elsewhere, nextTrial holds an idle agent's request up to this long, answering as soon as
 * the sweep changes (a trial settles: the sweep may be done, or a trial may come back). Below the client's 15 s timeout.
 */
export const HOLD_MS = 5_000;
/** After a hold with nothing to hand out, the agent asks again this soon (lost leases are reclaimed on each ask). */
export const WAIT_MS = 100;

/** Four heartbeats per crash window: one lost request or a slow epoch does not cost the lease. */
export const heartbeatMsFor = (crashAfterSeconds: number) => Math.max(1_000, Math.floor((crashAfterSeconds * 1000) / 4));

export function sweepNotFound(sweepId: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `sweep ${sweepId} not found` });
}

/** Hands the sweep's next queued trial to the agent, if one is waiting. */
async function handOut(tx: Prisma.TransactionClient, sweep: SweepRow, program: string | undefined, agentId: string, heartbeatMs: number): Promise<TrialAssignment | undefined> {
  const taken = await takeTrial(tx, sweep.id, agentId);
  if (!taken) return undefined;
  return {
    runId: taken.id,
    name: taken.name,
    trial: taken.trialNumber ?? 0,
    attempt: taken.attempt,
    maxTrials: sweep.maxTrials,
    // Built by createTrial: from HyperparamsSchema for the trainer, the sampled values as they are for a program.
    hyperparams: taken.config as Hyperparams,
    heartbeatMs,
    ...(program === undefined ? {} : { program }),
  };
}

/** Stores a suggested configuration as the sweep's next trial: a queued run with every hyperparameter filled in. */
async function createTrial(tx: Prisma.TransactionClient, sweep: SweepRow, program: string | undefined, lastTrialNumber: number, params: Partial<Hyperparams>): Promise<string> {
  const id = randomUUID();
  const trialNumber = lastTrialNumber + 1;
  // A cnn trial starts from the CNN family's defaults (Keras's convnet), an mlp trial from the reference net's; a
  // program's trial is exactly what was sampled (its defaults are the program's own).
  const hyperparams: RunConfig = program === undefined ? resolveHyperparams(params) : (params as RunConfig);
  const now = new Date();
  await tx.run.create({
    data: {
      id,
      name: `${sweep.name.slice(0, 180)}-${trialNumber}`,
      status: 'queued',
      sweepId: sweep.id,
      trialNumber,
      config: hyperparams,
      // The default engine, until the agent's runs.create records the one it really trains on.
      backend: program === undefined ? 'fused' : 'unknown',
      ...indexedColumns(hyperparams),
      tags: [],
      startedAt: now,
      heartbeatAt: now,
    },
  });
  return id;
}

export async function nextTrial(db: Db, signals: SweepSignals, input: NextTrialRequest, crashAfterSeconds: number, holdMs = HOLD_MS): Promise<NextTrial> {
  const deadline = Date.now() + holdMs;
  for (;;) {
    // Listening before looking: a change committed between the look and the wait must still wake this agent.
    const change = signals.nextChange(input.sweepId, Math.max(0, deadline - Date.now()));
    const answer = await handOutOrSettle(db, input, crashAfterSeconds).catch((e: unknown) => {
      change.cancel();
      throw e;
    });
    if (!('wait' in answer) || Date.now() >= deadline) {
      change.cancel();
      return answer;
    }
    await change.settled;
  }
}

async function handOutOrSettle(db: Db, input: NextTrialRequest, crashAfterSeconds: number): Promise<NextTrial> {
  return withSweepLock(db, input.sweepId, async (tx) => {
    const sweep = await tx.sweep.findUnique({ where: { id: input.sweepId }, select: sweepRowSelect });
    if (!sweep) throw sweepNotFound(input.sweepId);
    if (sweep.status !== 'running') return { done: true, status: sweep.status };
    await reclaimLostTrials(tx, sweep.id, crashAfterSeconds);
    const heartbeatMs = heartbeatMsFor(crashAfterSeconds);
    const config = sweepConfig(sweep);
    const queued = await handOut(tx, sweep, config.program, input.agentId, heartbeatMs);
    if (queued) return queued;

    const { history, lastTrialNumber } = await loadSuggestionHistory(tx, sweep);
    const params = suggest(config, history, sweep.seed);
    if (params) {
      const runId = await createTrial(tx, sweep, config.program, lastTrialNumber, params);
      const fresh = await handOut(tx, sweep, config.program, input.agentId, heartbeatMs);
      if (fresh?.runId === runId) return fresh;
      throw new Error(`sweep ${sweep.id}: trial ${runId} was queued but not handed out`);
    }
    const outcome = await settleSweep(tx, sweep);
    return outcome.status === 'running' ? { wait: WAIT_MS } : { done: true, status: outcome.status };
  });
}
