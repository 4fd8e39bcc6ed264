// The gallery's filter and sort in the URL (`true`, `pred`, `sort`), so "all 4s taken for 9s" is a shareable link.
import type { MisclassifiedSort } from '../../trpc/types';
import { useUrlState, type Update } from '../common/use-url-state';

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

export function serializeGalleryFilter(filter: GalleryFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.trueLabel !== undefined) p.set('true', String(filter.trueLabel));
  if (filter.predictedLabel !== undefined) p.set('pred', String(filter.predictedLabel));
  if (filter.sort !== 'confidence-desc') p.set('sort', filter.sort);
  return p;
}

export function useGalleryFilter(): [GalleryFilter, (update: Update<GalleryFilter>) => void] {
  return useUrlState(parseGalleryFilter, serializeGalleryFilter);
}
