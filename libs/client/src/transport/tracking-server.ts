// The tracking server's write calls in tRPC's HTTP wire format, on the worker thread: 4xx answers are permanent, the rest retryable.
//
// tRPC's format is small (POST /api/trpc/<path>, the JSON input as the body, `{"result":{"data":...}}` or
// `{"error":{"message","data":{"httpStatus"}}}`), so speaking it here keeps the package free of @trpc/client and of
// the API's types; apps/trainer/src/tracking-contract.spec.ts checks these names and inputs against `AppRouter`.
import type { CreateRun, EndRun, EpochLog, FinishRun, LogPoints, ValidationLog } from '@mnist-lab/contracts';
import type { TrackingEvent, Transport } from '../events';
import { RejectedError, UnauthorizedError } from '../events';
import { workerFetch } from './worker-fetch';

/** Every procedure this client calls, with its input. */
export interface TrackingCalls {
  'runs.create': CreateRun;
  'runs.log': LogPoints;
  'runs.logEpoch': EpochLog;
  'runs.logValidation': ValidationLog;
  'runs.heartbeat': { runId: string; attempt?: number };
  'runs.finish': FinishRun;
  'runs.end': EndRun;
  'sweeps.shouldPrune': { runId: string; attempt?: number };
}

const procedureOf = { create: 'runs.create', log: 'runs.log', epoch: 'runs.logEpoch', validation: 'runs.logValidation', finish: 'runs.finish', end: 'runs.end' } as const;

interface TrpcAnswer {
  result?: { data?: unknown };
  error?: { message?: string; data?: { httpStatus?: number } };
}

function refusal(status: number, message: string): Error {
  if (status === 401) return new UnauthorizedError('401 unauthorized: set MNIST_LAB_TOKEN to the token the server printed at start');
  // 408 and 429 say "later", not "never".
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return new RejectedError(`${status}: ${message}`);
  return new Error(`${status}: ${message}`);
}

export class TrackingServer {
  private readonly fetch: ReturnType<typeof workerFetch>;
  private readonly base: string;

  constructor(
    readonly server: string,
    private readonly token: string | undefined,
    timeoutMs = 15_000,
  ) {
    // A hung server must not hold events forever: time out and let the tracker retry.
    this.fetch = workerFetch(timeoutMs);
    this.base = new URL('/api/trpc/', server).toString();
  }

  async call<P extends keyof TrackingCalls>(procedure: P, input: TrackingCalls[P]): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await this.fetch(this.base + procedure, { method: 'POST', headers, body: JSON.stringify(input) });
    const text = await res.text();
    let answer: TrpcAnswer | undefined;
    try {
      answer = JSON.parse(text) as TrpcAnswer;
    } catch {
      // A proxy's HTML error page, or a server that is not mnist-lab.
    }
    if (res.ok && answer && 'result' in answer) return answer.result?.data;
    const status = answer?.error?.data?.httpStatus ?? res.status;
    const message = answer?.error?.message ?? (res.statusText || `not a tRPC answer from ${this.server}`);
    throw refusal(status, message);
  }
}

export function trackingTransport(server: TrackingServer): Transport {
  return {
    async send(e: TrackingEvent) {
      // One call per kind; the cast is the switch's correlation of kind and payload, which TypeScript cannot follow.
      await server.call(procedureOf[e.kind], e.payload as TrackingCalls[(typeof procedureOf)[typeof e.kind]]);
    },
    async heartbeat(runId: string, attempt?: number) {
      await server.call('runs.heartbeat', attempt === undefined ? { runId } : { runId, attempt });
    },
  };
}
