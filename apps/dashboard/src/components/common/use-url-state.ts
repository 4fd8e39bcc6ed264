'use client';
// A page's view state kept in the URL query, so any view is a link; updates replace the history entry.
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';

export type Update<T> = T | ((previous: T) => T);

/**
 * `parse` and `serialize` must be stable (module-level functions). Writes go through history.replaceState,
 * which Next.js folds into useSearchParams without a server round trip
 * (https://nextjs.org/docs/app/getting-started/linking-and-navigating#native-history-api).
 * Functional updates see the latest written state even before the re-render, so two quick clicks both count.
 */
export function useUrlState<T>(
  parse: (params: URLSearchParams) => T,
  serialize: (state: T) => URLSearchParams,
): [T, (update: Update<T>) => void] {
  const params = useSearchParams();
  const state = useMemo(() => parse(new URLSearchParams(params.toString())), [params, parse]);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);
  const setState = useCallback(
    (update: Update<T>) => {
      const next = typeof update === 'function' ? (update as (previous: T) => T)(latest.current) : update;
      latest.current = next;
      // Commas stay readable in shared links (`runs=a,b`).
      const query = serialize(next).toString().replace(/%2C/gi, ',');
      window.history.replaceState(window.history.state, '', query ? `${window.location.pathname}?${query}` : window.location.pathname);
    },
    [serialize],
  );
  return [state, setState];
}
