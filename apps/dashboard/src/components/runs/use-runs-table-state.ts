// The runs table's state read from and written to the URL (replace, not push: filtering is not navigation).
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseRunsTableState, serializeRunsTableState, type RunsTableState } from '../../lib/runs-table-state';

export function useRunsTableState(): [RunsTableState, (next: RunsTableState) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => parseRunsTableState(new URLSearchParams(params.toString())), [params]);
  const setState = useCallback(
    (next: RunsTableState) => {
      const query = serializeRunsTableState(next).toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return [state, setState];
}
