// The tracking server's client: tRPC over HTTP with the write token; 4xx answers are permanent, the rest retryable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import type { TrackingEvent, Transport } from './events';
import { workerFetch } from './worker-fetch';
import { RejectedError } from './events';

export function serverClient(server: string, token: string | undefined, timeoutMs = 15_000) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL('/api/trpc', server).toString(),
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
        // On a worker thread (see worker-fetch.ts); a hung server must not hold events forever: time out and let the tracker retry.
        fetch: workerFetch(timeoutMs) as unknown as typeof fetch,
      }),
    ],
  });
}

export type ServerClient = ReturnType<typeof serverClient>;

/** The write token: MNIST_LAB_TOKEN, else the one the server wrote into the mnist-lab home on first start. */
export function resolveToken(envToken: string | undefined, home: string): string | undefined {
  if (envToken) return envToken;
  try {
    return readFileSync(path.join(home, 'token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function classify(e: unknown): Error {
  if (e instanceof TRPCClientError) {
    const status = (e.data as { httpStatus?: number } | undefined)?.httpStatus;
    if (status === 401) return new RejectedError('401 unauthorized: set MNIST_LAB_TOKEN to the token the server printed at start');
    if (status && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return new RejectedError(`${status}: ${e.message}`);
    }
    return new Error(status ? `${status}: ${e.message}` : e.message);
  }
  return e instanceof Error ? e : new Error(String(e));
}

export function trpcTransport(client: ServerClient): Transport {
  return {
    async send(e: TrackingEvent) {
      try {
        switch (e.kind) {
          case 'create':
            await client.runs.create.mutate(e.payload);
            return;
          case 'epoch':
            await client.runs.logEpoch.mutate(e.payload);
            return;
          case 'finish':
            await client.runs.finish.mutate(e.payload);
            return;
          case 'end':
            await client.runs.end.mutate(e.payload);
            return;
        }
      } catch (err) {
        throw classify(err);
      }
    },
    async heartbeat(runId: string) {
      try {
        await client.runs.heartbeat.mutate({ runId });
      } catch (err) {
        throw classify(err);
      }
    },
  };
}
