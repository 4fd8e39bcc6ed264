// The gallery's filter and sort in the URL (`true`, `pred`, `sort`), so "all 4s taken for 9s" is a shareable link.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { MisclassifiedSort } from '../../trpc/types';

export interface GalleryFilter {
  trueLabel?: number;
  predictedLabel?: number;
  sort: MisclassifiedSort;
}

const SORTS: readonly MisclassifiedSort[] = ['confidence-desc', 'confidence-asc', 'index'];

function digit(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && value !== '' && Number.isInteger(n) && n >= 0 && n <= 9 ? n : undefined;
}

export function parseGalleryFilter(params: URLSearchParams): GalleryFilter {
  const sort = params.get('sort') as MisclassifiedSort | null;
  return {
    trueLabel: digit(params.get('true')),
    predictedLabel: digit(params.get('pred')),
    sort: sort && SORTS.includes(sort) ? sort : 'confidence-desc',
  };
}

export function useGalleryFilter(): [GalleryFilter, (next: GalleryFilter) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter = useMemo(() => parseGalleryFilter(new URLSearchParams(params.toString())), [params]);
  const setFilter = useCallback(
    (next: GalleryFilter) => {
      const p = new URLSearchParams();
      if (next.trueLabel !== undefined) p.set('true', String(next.trueLabel));
      if (next.predictedLabel !== undefined) p.set('pred', String(next.predictedLabel));
      if (next.sort !== 'confidence-desc') p.set('sort', next.sort);
      const query = p.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return [filter, setFilter];
}
