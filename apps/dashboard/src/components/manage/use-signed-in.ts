'use client';
// Whether this page may manage runs: renaming, archiving and deleting show only to a signed-in session.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';

export function useSignedIn(): boolean {
  const trpc = useTRPC();
  // Signing in or out reloads nothing by itself: a minute's staleness is fine, and a failed ask shows no controls.
  const who = useQuery({ ...trpc.session.whoami.queryOptions(), staleTime: 60_000, retry: false });
  return who.data?.signedIn === true;
}
