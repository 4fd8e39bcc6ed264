// The events a training run sends to the server, each validated with the same zod schema the API uses.
import type { CreateRun, EndRun, EpochLog, FinishRun } from '@mnist-lab/metrics';
import { CreateRunSchema, EndRunSchema, EpochLogSchema, FinishRunSchema } from '@mnist-lab/metrics';

export type TrackingEvent =
  | { kind: 'create'; payload: CreateRun }
  | { kind: 'epoch'; payload: EpochLog }
  | { kind: 'finish'; payload: FinishRun }
  | { kind: 'end'; payload: EndRun };

export interface SpooledEvent {
  seq: number;
  event: TrackingEvent;
}

const schemas = { create: CreateRunSchema, epoch: EpochLogSchema, finish: FinishRunSchema, end: EndRunSchema };

/** Validates (and normalises) an event before it is spooled, so a bad value fails here, not on the server later. */
export function validateEvent(e: TrackingEvent): TrackingEvent {
  const parsed = schemas[e.kind].safeParse(e.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ${e.kind} event: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { kind: e.kind, payload: parsed.data } as TrackingEvent;
}

/** Permanent: the server understood the request and refused it (4xx); resending cannot help. */
export class RejectedError extends Error {
  override name = 'RejectedError';
}

export interface Transport {
  send(e: TrackingEvent): Promise<void>;
  heartbeat(runId: string): Promise<void>;
}
