// The CLI's typed client for the server's reads and sweep calls: tRPC over @mnist-lab/client's worker-thread fetch,
// so a sweep agent's calls (next trial, prune) stay off the training thread as its run's do.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';
import { resolveToken, workerFetch } from '@mnist-lab/client';
import type { Env } from '@mnist-lab/contracts';

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
