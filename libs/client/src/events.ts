// The events a run sends to the server, each validated with the same zod schema the API uses, and what a transport is.
import type { CreateRun, EndRun, EpochLog, FinishRun, LogPoints, ValidationLog } from '@mnist-lab/contracts';
import { CreateRunSchema, EndRunSchema, EpochLogSchema, FinishRunSchema, LogPointsSchema, MAX_POINTS_PER_REQUEST, ValidationLogSchema } from '@mnist-lab/contracts';

export type TrackingEvent =
  | { kind: 'create'; payload: CreateRun }
  | { kind: 'log'; payload: LogPoints }
  /** Written by trainers before metric points existed; only `sync` still sends it (runs.logEpoch). */
  | { kind: 'epoch'; payload: EpochLog }
  /** One epoch's predictions on the validation set (runs.logValidation). */
  | { kind: 'validation'; payload: ValidationLog }
  | { kind: 'finish'; payload: FinishRun }
  | { kind: 'end'; payload: EndRun };

export interface SpooledEvent {
  seq: number;
  event: TrackingEvent;
}

const schemas = { create: CreateRunSchema, log: LogPointsSchema, epoch: EpochLogSchema, validation: ValidationLogSchema, finish: FinishRunSchema, end: EndRunSchema };

/** Validates (and normalises) an event before it is spooled, so a bad value fails here, at the call, not on the server later. */
export function validateEvent(e: TrackingEvent, where = `invalid ${e.kind} event`): TrackingEvent {
  const parsed = schemas[e.kind].safeParse(e.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map(String).join('.');
    throw new Error(`${where}: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  return { kind: e.kind, payload: parsed.data } as TrackingEvent;
}

/**
 * The request that sends `events[from]`: consecutive point batches of one run go as one `runs.log` call of up to
 * 10,000 points, so a backlog (a server that was down, an offline spool) uploads in few requests. `last` is the index
 * of the last event the request carries.
 */
export function nextRequest(events: readonly SpooledEvent[], from: number): { event: TrackingEvent; last: number } {
  const head = events[from].event;
  if (head.kind !== 'log') return { event: head, last: from };
  const points = [...head.payload.points];
  let last = from;
  for (let i = from + 1; i < events.length; i++) {
    const e = events[i].event;
    if (e.kind !== 'log' || e.payload.runId !== head.payload.runId || points.length + e.payload.points.length > MAX_POINTS_PER_REQUEST) break;
    points.push(...e.payload.points);
    last = i;
  }
  return { event: last === from ? head : { kind: 'log', payload: { runId: head.payload.runId, points } }, last };
}

/** Permanent: the server understood the request and refused it (4xx); resending cannot help. */
export class RejectedError extends Error {
  override name = 'RejectedError';
}

/** The server refused the token: nothing more is sent, and the spool keeps every event for a `sync` with the right one. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

export interface Transport {
  send(e: TrackingEvent): Promise<void>;
  heartbeat(runId: string, attempt?: number): Promise<void>;
}
