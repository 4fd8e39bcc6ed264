'use client';
// The gallery's filter and sort in the URL (`true`, `pred`, `sort`, and `sel`: the misclassified digits of a box drawn
// on the embedding map), so "all 4s taken for 9s" is a shareable link.
// Through nuqs: it holds a write until Next's router has applied it, so a click shows at once and two quick ones
// both count (what components/common/use-url-state.ts does by hand for the pages whose query has open-ended keys).
import { createParser, parseAsArrayOf, parseAsInteger, parseAsStringLiteral, useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import type { MisclassifiedSort } from '../../trpc/types';

export interface GalleryFilter {
  trueLabel?: number;
  predictedLabel?: number;
  sort: MisclassifiedSort;
  /** Test indices selected on the embedding map (its misclassified ones: the only ones the gallery holds). */
  selection?: number[];
}

const SORTS = ['confidence-desc', 'confidence-asc', 'index'] as const satisfies readonly MisclassifiedSort[];

/** A class label 0-9; anything else in the URL reads as no filter. */
const parseAsDigit = createParser({
  parse: (value) => (/^[0-9]$/.test(value) ? Number(value) : null),
  serialize: String,
});

const galleryParams = {
  trueLabel: parseAsDigit,
  predictedLabel: parseAsDigit,
  sort: parseAsStringLiteral(SORTS).withDefault('confidence-desc'),
  selection: parseAsArrayOf(parseAsInteger),
};

export function useGalleryFilter(): [GalleryFilter, (next: GalleryFilter) => void] {
  const [query, setQuery] = useQueryStates(galleryParams, { urlKeys: { trueLabel: 'true', predictedLabel: 'pred', selection: 'sel' } });
  // One object while the URL holds the same filter, so the views it is handed to can skip a render.
  const filter: GalleryFilter = useMemo(
    () => ({
      trueLabel: query.trueLabel ?? undefined,
      predictedLabel: query.predictedLabel ?? undefined,
      sort: query.sort,
      selection: query.selection ?? undefined,
    }),
    [query.trueLabel, query.predictedLabel, query.sort, query.selection],
  );
  // A label left out of `next` is cleared (null), not kept as nuqs keeps keys it is not given.
  const setFilter = useCallback(
    (next: GalleryFilter) =>
      void setQuery({ trueLabel: next.trueLabel ?? null, predictedLabel: next.predictedLabel ?? null, sort: next.sort, selection: next.selection ?? null }),
    [setQuery],
  );
  return [filter, setFilter];
}
