// What sweep agents and the `sweep` command send to the API: a new sweep, trial requests, pruning and outcomes.
import { z } from 'zod';
import { text } from './storable';
import { RunIdSchema } from './run';
import { AttemptSchema } from './attempt';
import { SweepConfigSchema } from './sweep';
import { RunConfigSchema } from './config';

export const SWEEP_SEED_MAX = 2 ** 31 - 1;

export const CreateSweepSchema = z.object({
  /** sweep.yaml as parsed from YAML or JSON; the API validates it exactly as the CLI does. */
  config: SweepConfigSchema,
  /** Seeds random and TPE suggestions; a grid ignores it. */
  seed: z.number().int().min(0).max(SWEEP_SEED_MAX).default(0),
});
export type CreateSweep = z.infer<typeof CreateSweepSchema>;

/** Names one agent process, e.g. `host-1234-a1b2`: the trial it holds is recorded against it. */
export const AgentIdSchema = text().trim().min(1).max(200);

export const NextTrialSchema = z.object({
  sweepId: z.uuid('sweep ids are UUIDs'),
  agentId: AgentIdSchema,
});
export type NextTrialRequest = z.infer<typeof NextTrialSchema>;

/** A trial by its run: asking whether to prune it, or reporting that its agent is done with it. */
export const TrialRefSchema = z.object({ runId: RunIdSchema, attempt: AttemptSchema });

/** A finished trial's configuration with another seed, queued as a run of its sweep (`mnist-lab repeat`). */
export const QueueRepeatSchema = z.object({
  sweepId: z.uuid('sweep ids are UUIDs'),
  /** Chosen by the caller, which then creates the run with this id (runs.create with sweepId starts it). */
  runId: RunIdSchema,
  name: text().trim().min(1).max(200),
  config: RunConfigSchema,
});
export type QueueRepeat = z.infer<typeof QueueRepeatSchema>;
