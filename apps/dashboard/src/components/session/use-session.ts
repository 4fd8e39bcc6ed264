'use client';
// Who is signed in on this page, and signing in and out through /api/session (the cookie is HttpOnly: script never holds it).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';

export interface SessionState {
  signedIn: boolean;
  name: string | null;
  private: boolean;
}

/** Signs in; resolves to the error's one line, or null when signed in. */
export async function signIn(token: string): Promise<string | null> {
  const res = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (res.ok) return null;
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return body.message ?? `sign-in failed (${res.status})`;
}

export function useSession(): { session: SessionState | undefined; refresh: () => Promise<void>; signOut: () => Promise<void> } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const whoami = useQuery(trpc.session.whoami.queryOptions(undefined, { staleTime: 30_000 }));
  // Everything a page shows may change with who is signed in (management controls, a private server's data).
  const refresh = () => queryClient.invalidateQueries();
  return {
    session: whoami.data,
    refresh,
    async signOut() {
      await fetch('/api/session', { method: 'DELETE' });
      await refresh();
    },
  };
}
