'use client';
// A page's view state kept in the URL query, so any view is a link; updates replace the history entry.
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export type Update<T> = T | ((previous: T) => T);

const queryOf = <T>(serialize: (state: T) => URLSearchParams, state: T) => serialize(state).toString().replace(/%2C/gi, ',');

/**
 * `parse` and `serialize` must be stable (module-level functions). Writes go through history.replaceState,
 * which Next.js folds into useSearchParams without a server round trip
 * (https://nextjs.org/docs/app/getting-started/linking-and-navigating#native-history-api). Next applies that
 * in a transition, so the written state is also held locally until the URL catches up: the view answers a
 * click at once, and functional updates build on the latest write, so two quick clicks both count.
 */
export function useUrlState<T>(
  parse: (params: URLSearchParams) => T,
  serialize: (state: T) => URLSearchParams,
): [T, (update: Update<T>) => void] {
  const params = useSearchParams();
  const fromUrl = useMemo(() => parse(new URLSearchParams(params.toString())), [params, parse]);
  const [pending, setPending] = useState<T | null>(null);
  const state = pending ?? fromUrl;
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);
  // The URL caught up with the last write, or moved elsewhere (back button, link): it is the truth again.
  useEffect(() => {
    setPending((p) => (p === null || queryOf(serialize, p) === queryOf(serialize, fromUrl) ? null : p));
  }, [fromUrl, serialize]);

  const setState = useCallback(
    (update: Update<T>) => {
      const next = typeof update === 'function' ? (update as (previous: T) => T)(latest.current) : update;
      latest.current = next;
      setPending(next);
      const query = queryOf(serialize, next);
      // `null` state: Next.js ignores replaceState calls whose state carries its own router tree.
      window.history.replaceState(null, '', query ? `${window.location.pathname}?${query}` : window.location.pathname);
    },
    [serialize],
  );
  return [state, setState];
}
