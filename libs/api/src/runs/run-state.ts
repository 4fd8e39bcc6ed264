// A run's state machine: every status a run takes is written here, and a write its current status does not allow
// answers 409 naming that status. The other modules (lifecycle, finish, log points, the reaper, the sweep code) call in.
//
//   created ─► running ─► finished          queued ─► running         (a sweep trial's agent starts it)
//                 │ ▲ └──► failed, stopped   queued ─► stopped         (an agent hands a trial back unstarted)
//                 ▼ │                        queued, running, crashed, stopped ─► queued   (a sweep hands the trial on)
//               crashed ─► finished, failed, stopped                   queued, running, crashed ─► failed  (lease given up)
//
// `crashed` is the server's verdict on silence, never a client's: a crashed run heard from again (a heartbeat, points,
// its finish arriving late from a spool) carries on. finished, failed and stopped are terminal for the run's own
// client; only a sweep puts a stopped (or lost) trial back in the queue.
import { TRPCError } from '@trpc/server';
import { Prisma } from '@mnist-lab/db';
import type { RunStatus } from '@mnist-lab/contracts';
import { runNotFound } from './lock-run';

export type RunEvent = 'start' | 'log' | 'log-validation' | 'finish' | 'fail' | 'stop' | 'crash' | 'requeue' | 'give-up';

/** From which statuses each event may move a run. */
export const RUN_TRANSITIONS: Readonly<Record<RunEvent, { from: readonly RunStatus[]; to: RunStatus }>> = {
  start: { from: ['queued'], to: 'running' },
  log: { from: ['running', 'crashed'], to: 'running' },
  /** An epoch's validation predictions: heard from like its metric points, so a crashed run carries on. */
  'log-validation': { from: ['running', 'crashed'], to: 'running' },
  finish: { from: ['running', 'crashed'], to: 'finished' },
  fail: { from: ['queued', 'running', 'crashed'], to: 'failed' },
  stop: { from: ['queued', 'running', 'crashed'], to: 'stopped' },
  crash: { from: ['running'], to: 'crashed' },
  requeue: { from: ['queued', 'running', 'crashed', 'stopped'], to: 'queued' },
  'give-up': { from: ['queued', 'running', 'crashed'], to: 'failed' },
};

const VERB: Record<RunEvent, string> = {
  start: 'be started',
  log: 'take metric points',
  'log-validation': 'take validation predictions',
  finish: 'be finished',
  fail: 'be marked failed',
  stop: 'be marked stopped',
  crash: 'be marked crashed',
  requeue: 'be queued again',
  'give-up': 'be given up',
};

export function canTransition(from: RunStatus, event: RunEvent): boolean {
  return RUN_TRANSITIONS[event].from.includes(from);
}

/** The 409 for an event the run's status does not allow: it names the status the run is in. */
export function illegalTransition(runId: string, from: RunStatus, event: RunEvent): TRPCError {
  const why = from === 'finished' ? ': its results are stored' : from === 'queued' ? ': its trial has not started' : '';
  return new TRPCError({ code: 'CONFLICT', message: `run ${runId} is ${from}${why}; it cannot ${VERB[event]}` });
}

/** Throws the 409 unless the event is allowed from `from`. */
export function checkTransition(runId: string, from: RunStatus, event: RunEvent): void {
  if (!canTransition(from, event)) throw illegalTransition(runId, from, event);
}

/**
 * Fencing: the 409 for a write from an earlier attempt of a sweep trial that has since been handed to another agent.
 * A slow agent (a long GC pause, a network partition) that lost its lease must not overwrite the new attempt's points
 * or results; it learns from this that the trial is no longer its own.
 */
export function staleAttempt(runId: string, current: number, sent: number): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: `run ${runId}: this write is from attempt ${sent} of the trial, which is now at attempt ${current} (handed to another agent)`,
  });
}

/** Throws the fencing 409 when a write carries an attempt that is not the run's current one; a write without one passes. */
export function checkAttempt(runId: string, current: number, sent: number | undefined): void {
  if (sent !== undefined && sent !== current) throw staleAttempt(runId, current, sent);
}

/** The fencing check as a SQL condition on the run's row: true for a write without an attempt. */
export function attemptIs(sent: number | undefined): Prisma.Sql {
  return sent === undefined ? Prisma.sql`TRUE` : Prisma.sql`attempt = ${sent}::int`;
}

/**
 * What a write that took no row tells: the run is missing (404), was handed to another attempt (409), or its status
 * refused the event (409). `run` is the run's status and attempt, read after the refusal, null when there is no
 * such run.
 */
export function refused(runId: string, run: { status: string; attempt: number } | null, event: RunEvent, sent?: number): TRPCError {
  if (run === null) return runNotFound(runId);
  if (sent !== undefined && sent !== run.attempt) return staleAttempt(runId, run.attempt, sent);
  return illegalTransition(runId, run.status as RunStatus, event);
}

/**
 * Whether an end (finish, fail, stop) is the one already stored, as a spool resends it when an answer was lost:
 * the same status, end time and error (a finished run's error is null). Such a replay is a no-op, not a 409.
 */
export function isStoredEnd(run: { status: RunStatus; endedAt: Date | null; error: string | null }, status: RunStatus, endedAt: Date, error: string | null): boolean {
  return run.status === status && run.endedAt?.getTime() === endedAt.getTime() && run.error === error;
}

/** The statuses an event may start from, as a SQL array for a WHERE clause. */
export function fromStatuses(event: RunEvent): Prisma.Sql {
  return Prisma.sql`${[...RUN_TRANSITIONS[event].from]}::"RunStatus"[]`;
}

/**
 * SET assignments for a run that is heard from: a crashed one is running again, its crash verdict (error, end,
 * duration) withdrawn; any other status is left as it is. Used by heartbeats and metric points.
 */
export const REVIVE_CRASHED = Prisma.sql`
  error = CASE WHEN status = 'crashed' THEN NULL ELSE error END,
  "endedAt" = CASE WHEN status = 'crashed' THEN NULL ELSE "endedAt" END,
  "durationMs" = CASE WHEN status = 'crashed' THEN NULL ELSE "durationMs" END,
  status = CASE WHEN status = 'crashed' THEN 'running'::"RunStatus" ELSE status END`;

/**
 * Marks running runs whose last heartbeat is older than `cutoff` crashed, with how long they were silent; returns
 * how many. endedAt is the last sign of life, so the duration column shows how long the run really ran.
 */
export function markCrashed(db: { $executeRaw: Prisma.TransactionClient['$executeRaw'] }, now: Date, cutoff: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE "Run" SET
      status = 'crashed',
      error = 'no heartbeat for ' || floor(extract(epoch FROM (${now}::timestamptz - "heartbeatAt")))::int || 's',
      "endedAt" = "heartbeatAt",
      "durationMs" = LEAST(GREATEST(floor(extract(epoch FROM ("heartbeatAt" - "startedAt")) * 1000), 0), 2147483647)::int
    WHERE status = ANY(${fromStatuses('crash')}) AND "heartbeatAt" < ${cutoff}::timestamptz`;
}

/** A Prisma `where` that takes only runs the event may move. */
export function allowedFor(event: RunEvent): { status: { in: RunStatus[] } } {
  return { status: { in: [...RUN_TRANSITIONS[event].from] } };
}
