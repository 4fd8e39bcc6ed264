// A typed tRPC client for the browser tests: reads what the pages should show, and logs a live run epoch by epoch.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@mnist-lab/api';

export function apiClient(server: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server}/api/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The id of the run the CLI logged under `name` (names are unique within a test database). */
export async function runIdByName(api: ApiClient, name: string): Promise<string> {
  const page = await api.runs.list.query({ search: name, pageSize: 10 });
  const run = page.runs.find((r) => r.name === name);
  if (!run) throw new Error(`no run named ${name} on the server`);
  return run.id;
}
