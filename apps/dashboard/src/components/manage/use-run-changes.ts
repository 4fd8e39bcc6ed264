'use client';
// The run-management mutations, each refreshing what shows the run: its page and every runs list (counts included).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';

export function useRunChanges() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.runs.get.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }),
    ]);
  // Returned, so the mutation settles (and an editor closes) once the page shows the change, not a stale copy first.
  const onSuccess = () => refresh();
  return {
    rename: useMutation(trpc.runs.rename.mutationOptions({ onSuccess })),
    setTags: useMutation(trpc.runs.setTags.mutationOptions({ onSuccess })),
    setNotes: useMutation(trpc.runs.setNotes.mutationOptions({ onSuccess })),
    archive: useMutation(trpc.runs.archive.mutationOptions({ onSuccess })),
    restore: useMutation(trpc.runs.restore.mutationOptions({ onSuccess })),
    // A deleted run's page must not be asked for again: its cached answers go, the lists are refreshed.
    remove: useMutation(
      trpc.runs.delete.mutationOptions({
        onSuccess: (_data, input) => {
          for (const id of input.runIds) queryClient.removeQueries({ queryKey: trpc.runs.get.queryKey({ id }) });
          void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
        },
      }),
    ),
  };
}

/** A refusal's one line for the page (the API's messages are one line already). */
export function errorText(error: unknown): string | undefined {
  if (!error) return undefined;
  return error instanceof Error ? error.message : String(error);
}
