// Calls to the tracking server from `sweep` and `agent`: the server's refusals become one-line usage errors, outages are retried.
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';
import { UsageError } from '../usage-error';

function statusOf(e: unknown): number | undefined {
  return e instanceof TRPCClientError ? (e.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
}

/** The server understood and refused (4xx): retrying cannot help, and it is the command line's problem to fix. */
export function refusal(e: unknown): UsageError | undefined {
  const status = statusOf(e);
  if (status === 401) return new UsageError('the server refused the token: set MNIST_LAB_TOKEN to the token it printed at start');
  if (status && status >= 400 && status < 500 && status !== 408 && status !== 429) return new UsageError((e as Error).message);
  return undefined;
}

/**
 * The server's fencing answer (409): the trial was handed to another agent while this one was out of touch, so
 * what this agent says of it no longer counts. The agent moves on; the other attempt's results stand.
 */
export function isHandedOn(e: unknown): boolean {
  return /this write is from attempt \d+ of the trial, which is now at attempt \d+/.test((e as Error | undefined)?.message ?? '');
}

export interface RetryOptions {
  server: string;
  /** Give up after this long without an answer. */
  patienceMs?: number;
  /** Told once when the server stops answering. */
  log?: (line: string) => void;
  /** Stops waiting early (Ctrl-C). */
  cancelled?: () => boolean;
}

/** Calls `fn` until the server answers; a refusal is thrown at once as a UsageError, an outage after `patienceMs`. */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const deadline = Date.now() + (opts.patienceMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const refused = refusal(e);
      if (refused) throw refused;
      if (Date.now() >= deadline || opts.cancelled?.()) {
        throw new Error(`cannot reach the tracking server at ${opts.server} (${(e as Error).message}); start it with \`npm start\` or pass --server`);
      }
      if (attempt === 0) opts.log?.(`server unreachable (${(e as Error).message}); retrying`);
      await sleep(Math.min(5_000, 250 * 2 ** attempt));
    }
  }
}
