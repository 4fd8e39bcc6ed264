// The compare page's state read from and written to the URL.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseCompareState, serializeCompareState, type CompareState } from '../../lib/compare-state';

export function useCompareState(): [CompareState, (patch: Partial<CompareState>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => parseCompareState(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (patch: Partial<CompareState>) => {
      // Commas stay readable in shared links.
      const query = serializeCompareState({ ...state, ...patch }).toString().replace(/%2C/g, ',');
      router.replace(`${pathname}?${query}`, { scroll: false });
    },
    [router, pathname, state],
  );
  return [state, update];
}
