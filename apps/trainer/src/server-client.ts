// The CLI's typed client for the server's reads and sweep calls: tRPC over @mnist-lab/client's worker-thread fetch,
// so a sweep agent's calls (next trial, prune) stay off the training thread as its run's do.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { resolveToken, workerFetch } from '@mnist-lab/client';
import type { Env } from '@mnist-lab/contracts';
import { UsageError } from './usage-error';

export function serverClient(server: string, token: string | undefined, timeoutMs = 15_000) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL('/api/trpc', server).toString(),
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
        // workerFetch answers what httpLink reads of a Response (ok, status, headers, json); it is not a whole fetch.
        fetch: workerFetch(timeoutMs) as unknown as typeof fetch,
      }),
    ],
  });
}

export type ServerClient = ReturnType<typeof serverClient>;

/** The write token as the CLI finds it: MNIST_LAB_TOKEN, else the token file in the mnist-lab home. */
export const cliToken = (env: Env): string | undefined => resolveToken(env.token, env.home);

/** A 4xx is the command line's to fix (exit 2); anything else means the server could not be reached (exit 1). */
export async function askServer<T>(server: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const status = e instanceof TRPCClientError ? (e.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
    if (status && status >= 400 && status < 500) throw new UsageError((e as Error).message);
    throw new Error(`cannot reach the tracking server at ${server} (${(e as Error).message}); start it with \`npm start\` or pass --server`);
  }
}
